"""Esc on the map asks before leaving the game for the title: a stray key should not
drop a game in play (it is kept, but only as at the start of the turn, and a game not
yet played a turn not at all: the card says which)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui import gui, ink, theme
from game.ui.scene import POP, Scene, Transition, home
from game.ui.text import wrap

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

QUESTION = "Leave this game for the title?"
LEAVE, STAY = "Leave", "Stay"
_LEAVE_KEYS = (pygame.K_y, pygame.K_l)
_STAY_KEYS = (pygame.K_ESCAPE, pygame.K_n)
_MOVE_KEYS = (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB)


class LeaveScene(Scene):
    """A small card over the map: Leave (back to the title) or Stay."""

    name = "leave"
    opaque = False  # the game being left stays in view behind the question

    def __init__(self, the_map: MapScene) -> None:
        super().__init__()
        self.map = the_map
        self.selected = 1  # Stay: Enter alone never throws a game away
        self.buttons: list[UIButton] = []
        self.card = pygame.Rect(0, 0, 0, 0)
        self.note = the_map.game.kept_as()  # what Continue will find

    def lines(self, width: int) -> list[tuple[pygame.font.Font, str]]:
        head, body = theme.font(20, "bold"), theme.font(15, "italic")
        return [(head, line) for line in wrap(head, QUESTION, width)] + [
            (body, line) for line in wrap(body, self.note, width)
        ]

    def build(self, size: tuple[int, int]) -> None:
        width = min(size[0] - 40, max(420, theme.font(20, "bold").size(QUESTION)[0] + 80))
        lines = self.lines(width - 48)
        button_height = theme.step(40, 18)
        height = sum(f.get_linesize() + 2 for f, _ in lines) + button_height + 70
        self.card = pygame.Rect(0, 0, width, height)
        self.card.center = (size[0] // 2, size[1] // 2)
        half = (width - 48 - 16) // 2
        top = self.card.bottom - 24 - button_height
        self.buttons = []
        for i, (label, tip) in enumerate(
            ((LEAVE, "Back to the title (Y)"), (STAY, "Back to the game (Esc)"))
        ):
            rect = pygame.Rect(self.card.left + 24 + i * (half + 16), top, half, button_height)
            button = UIButton(rect, label, self.manager, tool_tip_text=tip)
            self.add(button)
            self.buttons.append(button)
        self._mark()

    def _mark(self) -> None:
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self.dirty = True

    def leave_game(self) -> Transition:
        # Down to the title, past whatever the game was begun from (New game's choice of
        # scenario and mods, a save's list): the question promised the title.
        if self.app.stack[0] is not self.map:
            return home()
        self.app.pop()  # a map with nothing beneath: off with this card, then the map
        return POP

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self.leave_game() if event.ui_element is self.buttons[0] else POP
        if event.type != pygame.KEYDOWN:
            return None
        if event.key in _LEAVE_KEYS:
            return self.leave_game()
        if event.key in _STAY_KEYS:
            return POP
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.leave_game() if self.selected == 0 else POP
        if event.key in _MOVE_KEYS:
            self.selected = 1 - self.selected
            self._mark()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(theme.veil(surface.get_size(), 110), (0, 0))
        card = self.card
        pygame.draw.rect(surface, theme.INK, card.move(4, 4))
        pygame.draw.rect(surface, theme.PAPER_LIGHT, card)
        pygame.draw.rect(surface, theme.INK_FADED, card, 2)
        inner = card.inflate(-48, 0)
        y = card.top + 24
        head = theme.font(20, "bold")
        for font, line in self.lines(inner.width):
            width = font.size(line)[0]
            colour = theme.INK if font is head else theme.INK_FADED
            ink.text(surface, font, line, colour, (card.centerx - width // 2, y), inner)
            y += font.get_linesize() + 2

    def shown_texts(self) -> list[str]:
        return [QUESTION, self.note, *(b.text for b in self.buttons)]

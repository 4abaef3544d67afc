"""The title screen: the scenario's title, subtitle and introduction, and a menu.

Given a save store, the menu also offers Continue (the newest save; disabled
when there is none) and Load (the save/load page in load mode).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.ui import gui, theme
from game.ui.scene import QUIT, Scene, Transition, push
from game.ui.text import blit_lines, wrap

MENU = ("New game", "Quit")
MENU_WITH_SAVES = ("Continue", "New game", "Load", "Quit")
FRAME = 18  # the margin of the double rule around the page
_NEXT = {pygame.K_DOWN: 1, pygame.K_RIGHT: 1, pygame.K_TAB: 1, pygame.K_UP: -1, pygame.K_LEFT: -1}


def ornament(
    surface: pygame.Surface, centre: tuple[int, int], half: int, colour: theme.Colour
) -> None:
    """A printer's rule: two lines and a diamond between them."""
    x, y = centre
    pygame.draw.line(surface, colour, (x - half, y), (x - 12, y), 1)
    pygame.draw.line(surface, colour, (x + 12, y), (x + half, y), 1)
    pygame.draw.polygon(surface, colour, [(x, y - 5), (x + 6, y), (x, y + 5), (x - 6, y)])


def _kicker(k: float) -> pygame.font.Font:
    """The small spaced-out face of the top line and the key hints."""
    return theme.font(max(12, round(16 * k)), "regular")


class TitleScene(Scene):
    name = "title"

    def __init__(
        self,
        scenario: Scenario,
        new_game: Callable[[], Scene],
        store: SaveStore | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.store = store  # None: no Continue or Load (as in screenshots)
        self.can_continue = False
        meta = scenario.model.scenario
        self.title = meta.title
        self.subtitle = meta.subtitle
        self.introduction = meta.introduction.strip() or meta.description.strip()
        self.new_game = new_game
        self.buttons: list[UIButton] = []
        self.selected = 0 if store is None else -1  # -1: choose once the saves are known

    @property
    def menu(self) -> tuple[str, ...]:
        return MENU if self.store is None else MENU_WITH_SAVES

    def build(self, size: tuple[int, int]) -> None:
        from game.ui.scenes.saveload import newest

        menu = self.menu
        self.can_continue = self.store is not None and newest(self.store) is not None
        if self.selected < 0:
            self.selected = menu.index("Continue" if self.can_continue else "New game")
        w, h = size
        k = min(w / 1280, h / 720)
        bw, bh, gap = round(230 * k), max(44, round(52 * k)), round(28 * k)
        left = (w - (bw * len(menu) + gap * (len(menu) - 1))) // 2
        hint = _kicker(k).get_linesize()
        top = h - FRAME - 14 - hint - round(18 * k) - bh
        self.buttons = []
        for i, label in enumerate(menu):
            rect = pygame.Rect(left + i * (bw + gap), top, bw, bh)
            button = UIButton(rect, label, self.manager, object_id="#menu_button")
            gui.enable(button, self._enabled(label))
            self.add(button)
            self.buttons.append(button)
        self._select(self.selected)

    def uncover(self) -> None:
        super().uncover()
        if self.store is not None:  # a game played meanwhile may have saved: Continue again
            self.layout(self.app.size)

    def _enabled(self, label: str) -> bool:
        return label != "Continue" or self.can_continue

    def _select(self, index: int, step: int = 1) -> None:
        count = len(self.buttons)
        index %= count
        for _ in range(count):  # a disabled entry is stepped over
            if self._enabled(self.menu[index]):
                break
            index = (index + step) % count
        self.selected = index
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self.dirty = True

    def _activate(self, index: int) -> Transition | None:
        label = self.menu[index]
        if label == "New game":
            return push(self.new_game())
        if label in ("Continue", "Load") and self.store is not None:
            return self._saves(label)
        return QUIT

    def _saves(self, label: str) -> Transition | None:
        from game.ui.scenes.error import ErrorScene
        from game.ui.scenes.saveload import SaveLoadScene, continue_game, map_of

        assert self.store is not None
        if label == "Load":
            return push(SaveLoadScene(None, self.store, "load", scenario=self.scenario))
        if not self.can_continue:
            return None
        result = continue_game(self.store)
        if isinstance(result, str):
            return push(ErrorScene("The game cannot continue", [result]))
        return push(map_of(result))

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._activate(self.buttons.index(event.ui_element))
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return self._activate(self.selected)
            if event.key == pygame.K_ESCAPE:
                return QUIT
            if event.key in _NEXT:
                self._select(self.selected + _NEXT[event.key], _NEXT[event.key])
            elif event.key == pygame.K_n:
                return self._activate(self.menu.index("New game"))
            elif event.key == pygame.K_c and self.store is not None:
                return self._activate(self.menu.index("Continue"))
            elif event.key == pygame.K_l and self.store is not None:
                return self._activate(self.menu.index("Load"))
            elif event.key == pygame.K_q:
                return QUIT
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill(theme.PAPER)
        frame = pygame.Rect(0, 0, w, h).inflate(-FRAME * 2, -FRAME * 2)
        pygame.draw.rect(surface, theme.INK_FADED, frame, 2)
        pygame.draw.rect(surface, theme.INK_PALE, frame.inflate(-10, -10), 1)
        k = min(w / 1280, h / 720)
        kicker = _kicker(k)
        big = theme.font(max(28, round(84 * k)), "bold")
        sub = theme.font(max(14, round(27 * k)), "italic")
        body = theme.font(max(13, round(19 * k)), "regular")
        y = frame.top + round(40 * k)
        line = kicker.render("P E T R O G R A D     ·     1 9 1 7", True, theme.INK_FADED)
        surface.blit(line, ((w - line.get_width()) // 2, y))
        y += line.get_height() + round(8 * k)
        title = big.render(self.title, True, theme.INK)
        surface.blit(title, ((w - title.get_width()) // 2, y))
        y += title.get_height()
        if self.subtitle:
            image = sub.render(self.subtitle, True, theme.ACCENT)
            surface.blit(image, ((w - image.get_width()) // 2, y))
            y += image.get_height()
        y += round(18 * k)
        ornament(surface, (w // 2, y), round(220 * k), theme.INK_FADED)
        y += round(26 * k)
        column = min(round(820 * k), w - 160)
        lines = wrap(body, self.introduction, column)
        blit_lines(surface, body, lines, theme.INK, ((w - column) // 2, y), spacing=1.18)
        hint = kicker.render(
            "Enter to begin  ·  arrows to choose  ·  Esc to quit", True, theme.INK_PALE
        )
        surface.blit(hint, ((w - hint.get_width()) // 2, frame.bottom - hint.get_height() - 14))

    def shown_texts(self) -> list[str]:
        return [self.title, self.subtitle, self.introduction, *(b.text for b in self.buttons)]

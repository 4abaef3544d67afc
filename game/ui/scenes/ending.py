"""The end of a game: the ending's title and epilogue, what really happened, whether the
player won, and "your October": the dates of the turns with the events that fired.

`EndingScene(session)` needs only a finished session. Its buttons open the journal,
go back to the new-game page, or quit.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import both_styles
from game.engine.state import NO_ONE
from game.session import Session
from game.ui import gui, theme
from game.ui.scene import QUIT, Scene, Transition, push
from game.ui.scenes.journal import Block, Column, JournalScene, hint, page
from game.ui.scenes.title import FRAME, ornament

BUTTONS = ("Journal", "New game", "Quit")
_NEXT = {pygame.K_RIGHT: 1, pygame.K_TAB: 1, pygame.K_LEFT: -1}


class EndingScene(Scene):
    name = "ending"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        rules = session.rules
        state = session.state
        index = state.ending if state.ending is not None and state.ending >= 0 else None
        self.ending = rules.model.endings[index] if index is not None else None
        player = session.player
        self.faction = (
            rules.model.factions[rules.faction_index[player]].name if player is not None else ""
        )
        self.won = self.ending is not None and player is not None and player in self.ending.winners
        self.turns = min(state.turn, rules.last_turn + 1)
        self.buttons: list[UIButton] = []
        self.selected = 1
        self.story = Column(self.story_blocks())
        self.timeline = Column(self.timeline_blocks())
        self.left = pygame.Rect(0, 0, 0, 0)
        self.right = pygame.Rect(0, 0, 0, 0)

    # -- what it says ------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.ending.title if self.ending is not None else "The game is not over"

    @property
    def verdict(self) -> str:
        if not self.faction:
            return "The game is over."
        if self.won:
            return f"Victory for the {self.faction}"
        return f"Defeat for the {self.faction}"

    @property
    def turns_line(self) -> str:
        plural = "s" if self.turns != 1 else ""
        return f"Ended after {self.turns} turn{plural}"

    def story_blocks(self) -> list[Block]:
        if self.ending is None:
            return [Block("faded", "The calendar has not run out and no ending holds yet.")]
        blocks = [Block("body", self.ending.epilogue.strip())]
        if self.ending.history.strip():
            blocks.append(Block("heading", "What really happened"))
            blocks.append(Block("faded", self.ending.history.strip()))
        return blocks

    def timeline_rows(self) -> list[tuple[str, list[str]]]:
        """Each turn's date and the events that fired in it, from the journal."""
        rules = self.session.rules
        titles = {e.title for e in rules.model.events}
        fired: dict[int, list[str]] = {}
        for entry in self.session.state.journal:
            if entry.faction == NO_ONE and entry.text in titles:
                fired.setdefault(entry.turn, []).append(entry.text)
        rows = []
        for turn in range(self.turns):
            spec = rules.model.calendar.turns[min(turn, rules.last_turn)]
            when = both_styles(spec.date, rules.new_style_offset).replace(" 1917", "")
            when = when.replace(" New Style", " N.S.")
            rows.append((when, fired.get(turn, [])))
        return rows

    def timeline_blocks(self) -> list[Block]:
        blocks = []
        for when, events in self.timeline_rows():
            blocks.append(Block("small_date", when))
            blocks.append(Block("small", "; ".join(events) if events else "(no event)", 14))
        return blocks

    # -- widgets and keys --------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = min(w / 1280, h / 720)
        self.story = Column(self.story.blocks, k)
        self.timeline = Column(self.timeline.blocks, k)
        bw, bh, gap = round(190 * k), max(38, round(44 * k)), round(22 * k)
        left = (w - (bw * len(BUTTONS) + gap * (len(BUTTONS) - 1))) // 2
        top = h - FRAME - max(44, round(44 * k)) - bh
        self.buttons = []
        for i, label in enumerate(BUTTONS):
            rect = pygame.Rect(left + i * (bw + gap), top, bw, bh)
            big = "#menu_button" if k >= 0.85 else None
            button = UIButton(rect, label, self.manager, object_id=big)
            self.add(button)
            self.buttons.append(button)
        self._select(self.selected)
        inner = pygame.Rect(0, 0, w, h).inflate(-2 * FRAME - round(90 * k), 0)
        body_top = FRAME + round(200 * k)
        body_h = top - round(18 * k) - body_top
        right_w = round(inner.width * 0.34)
        self.left = pygame.Rect(inner.left, body_top, inner.width - right_w - round(60 * k), body_h)
        self.right = pygame.Rect(
            inner.right - right_w, body_top + round(30 * k), right_w, body_h - round(30 * k)
        )
        self.story.set(self.left.width, self.left.height)
        self.timeline.set(self.right.width, self.right.height)

    def _select(self, index: int) -> None:
        self.selected = index % len(self.buttons)
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self.dirty = True

    def _activate(self, index: int) -> Transition | None:
        label = BUTTONS[index]
        if label == "Journal":
            return push(JournalScene(self.session))
        if label == "New game":
            return self.new_game()
        return QUIT

    def new_game(self) -> Transition:
        """Back to the bottom of the stack (the title) and on to the new-game page."""
        from game.ui.scenes.newgame import NewGameScene

        app = self.app
        while len(app.stack) > 1:
            app.pop()
        return push(NewGameScene(self.session.rules.scenario))

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._activate(self.buttons.index(event.ui_element))
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self._activate(self.selected)
            if event.key == pygame.K_j:
                return self._activate(BUTTONS.index("Journal"))
            if event.key in (pygame.K_ESCAPE, pygame.K_q):
                return QUIT
            if event.key in _NEXT:
                self._select(self.selected + _NEXT[event.key])
                return None
        if event.type == pygame.MOUSEWHEEL and self.right.collidepoint(pygame.mouse.get_pos()):
            self.dirty |= self.timeline.handle(event)
        elif self.story.handle(event) or self.timeline.handle(event):
            self.dirty = True  # what the story cannot scroll scrolls the timeline
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        w, h = surface.get_size()
        k = min(w / 1280, h / 720)
        small = theme.font(max(12, round(15 * k)), "regular")
        big = theme.font(max(24, round(52 * k)), "bold")
        verdict = theme.font(max(16, round(26 * k)), "italic")
        y = frame.top + round(22 * k)
        line = small.render("   ".join("THE END OF THE GAME"), True, theme.INK_FADED)
        surface.blit(line, ((w - line.get_width()) // 2, y))
        y += line.get_height()
        image = big.render(self.title, True, theme.INK)
        surface.blit(image, ((w - image.get_width()) // 2, y))
        y += image.get_height()
        colour = theme.ACCENT if self.won else theme.INK_FADED
        text = f"{self.verdict}  ·  {self.turns_line}"
        image = verdict.render(text, True, colour)
        surface.blit(image, ((w - image.get_width()) // 2, y))
        y += image.get_height() + round(14 * k)
        ornament(surface, (w // 2, y), round(260 * k), theme.INK_FADED)
        self.story.draw(surface, self.left)
        heading = theme.font(max(14, round(20 * k)), "bold")
        image = heading.render("Your October", True, theme.INK)
        surface.blit(image, (self.right.left, self.right.top - round(32 * k)))
        rule_x = self.right.left - round(28 * k)
        pygame.draw.line(
            surface, theme.INK_PALE, (rule_x, self.left.top), (rule_x, self.left.bottom), 1
        )
        self.timeline.draw(surface, self.right)
        hint(surface, frame, "Enter to choose  ·  J journal  ·  wheel to read  ·  Esc to quit")

    def shown_texts(self) -> list[str]:
        texts = [self.title, self.verdict, self.turns_line, "Your October"]
        return texts + self.story.texts() + self.timeline.texts() + [b.text for b in self.buttons]

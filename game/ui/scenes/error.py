"""What went wrong, shown in the window instead of a traceback: a broken scenario or save.

`ErrorScene(title, lines)` lists the messages (for a scenario, each `FILE:LINE:COL:
message`) in a scrolling column, with a Back button (Quit when there is nothing
below: `run()` opens the page alone when the scenario does not load). Given
`reload`, a Reload button beside it reads the files again, so that a modder can fix
a file and try again without restarting: `reload` answers with what comes instead
(the title, the game, or this page again with the problems still found).

Keys: Up/Down, PgUp/PgDn, Home/End scroll the messages (Space too, while the
focus is on them); Tab and Shift+Tab move the focus between the messages, Reload
and Back; R reloads; Enter, Esc or Q go back (or quit), as does Space on Back
(Enter and Space on Reload reload).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui.scene import POP, QUIT, Scene, Transition
from game.ui.scenes.journal import (
    ACTIVATE,
    Block,
    Column,
    Focus,
    corner_button,
    focus_mark,
    hint,
    masthead,
    masthead_bottom,
    page,
    tab_step,
)
from game.ui.scenes.title import FRAME

_CLOSE = (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_q)


RELOAD = "Reload"


class ErrorScene(Scene):
    name = "error"

    def __init__(
        self,
        title: str,
        lines: Sequence[str],
        *,
        note: str = "",
        reload: Callable[[], Transition | None] | None = None,
    ) -> None:
        """`note`: a line above the problems, saying what became of what was being done."""
        super().__init__()
        self.title = title
        self.note = note
        self.lines = [line for line in lines if line.strip()] or ["No further detail."]
        self.column = Column(self._blocks())
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.reload = reload
        self.focus = Focus(["text", "reload", "back"] if reload is not None else ["text", "back"])
        self.back_button: UIButton | None = None
        self.reload_button: UIButton | None = None

    def _blocks(self) -> list[Block]:
        count = len(self.lines)
        lead = "One problem was found:" if count == 1 else f"{count} problems were found:"
        note = [Block("text", self.note)] if self.note else []
        return [*note, Block("faded", lead)] + [
            Block("text", f"·  {line}", 8) for line in self.lines
        ]

    @property
    def alone(self) -> bool:
        """Nothing to go back to: closing quits."""
        return self._app is None or len(self.app.stack) <= 1

    @property
    def back_label(self) -> str:
        return "Quit" if self.alone else "Back"

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = min(w / 1280, h / 720)
        self.column = Column(self.column.blocks, k)
        width = min(round(1000 * k), w - 2 * FRAME - 80)
        top = max(FRAME + round(120 * k), masthead_bottom(size))
        self.rect = pygame.Rect(
            (w - width) // 2, top, width, h - top - FRAME - max(46, round(48 * k))
        )
        self.column.set(self.rect.width, self.rect.height)
        self.back_button = corner_button(self.manager, size, self.back_label)
        self.add(self.back_button)
        self.reload_button = None
        if self.reload is not None:
            self.reload_button = corner_button(self.manager, size, RELOAD)
            beside = self.back_button.rect
            self.reload_button.set_relative_position((beside.left - 12 - beside.width, beside.top))
            self.reload_button.set_tooltip("Read the files again (R)")
            self.add(self.reload_button)
        self._show_focus()

    def _show_focus(self) -> None:
        buttons = {"back": self.back_button, "reload": self.reload_button}
        self.focus.show({part: b for part, b in buttons.items() if b is not None})
        self.dirty = True

    def try_again(self) -> Transition | None:
        """Reload: read the files again (see the module's docstring)."""
        return self.reload() if self.reload is not None else None

    def close(self) -> Transition:
        return QUIT if self.alone else POP

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back_button:
                return self.close()
            if event.ui_element is self.reload_button:
                return self.try_again()
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_r and self.reload is not None:
                return self.try_again()
            if event.key in ACTIVATE and self.focus.part == "reload":
                return self.try_again()
            if event.key in _CLOSE or (event.key in ACTIVATE and self.focus.part == "back"):
                return self.close()
            if tab_step(event):
                self.focus.move(tab_step(event))
                self._show_focus()
                return None
        if self.column.handle(event):
            self.dirty = True
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        masthead(surface, frame, "Something is wrong", self.title)
        self.column.draw(surface, self.rect)
        if self.focus.part == "text":
            focus_mark(surface, self.rect)
        close = "Esc or Enter to quit" if self.alone else "Esc or Enter to go back"
        again = "  ·  R to read the files again" if self.reload is not None else ""
        hint(surface, frame, f"Arrows, PgUp/PgDn, Home/End to read{again}  ·  {close}")

    def shown_texts(self) -> list[str]:
        texts = [self.title, *self.column.texts()]
        buttons = [b.text for b in (self.reload_button, self.back_button) if b is not None]
        return texts + buttons

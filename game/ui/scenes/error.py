"""What went wrong, shown in the window instead of a traceback: a broken scenario or save.

`ErrorScene(title, lines)` lists the messages (for a scenario, each `FILE:LINE:COL:
message`) in a scrolling column. Esc or Enter goes back to the scene below, or
quits when there is nothing below (`run()` opens it alone when the scenario
does not load).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui.scene import POP, QUIT, Scene, Transition
from game.ui.scenes.journal import Block, Column, hint, masthead, page
from game.ui.scenes.title import FRAME

_CLOSE = (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_q)


class ErrorScene(Scene):
    name = "error"

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title = title
        self.lines = [line for line in lines if line.strip()] or ["No further detail."]
        self.column = Column(self._blocks())
        self.rect = pygame.Rect(0, 0, 0, 0)

    def _blocks(self) -> list[Block]:
        count = len(self.lines)
        lead = "One problem was found:" if count == 1 else f"{count} problems were found:"
        return [Block("faded", lead)] + [Block("text", f"·  {line}", 8) for line in self.lines]

    @property
    def alone(self) -> bool:
        """Nothing to go back to: closing quits."""
        return self._app is None or len(self.app.stack) <= 1

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = min(w / 1280, h / 720)
        self.column = Column(self.column.blocks, k)
        width = min(round(1000 * k), w - 2 * FRAME - 80)
        top = FRAME + round(120 * k)
        self.rect = pygame.Rect(
            (w - width) // 2, top, width, h - top - FRAME - max(46, round(48 * k))
        )
        self.column.set(self.rect.width, self.rect.height)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and event.key in _CLOSE:
            return QUIT if self.alone else POP
        if self.column.handle(event):
            self.dirty = True
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        masthead(surface, frame, "Something is wrong", self.title)
        self.column.draw(surface, self.rect)
        close = "Esc or Enter to quit" if self.alone else "Esc or Enter to go back"
        hint(surface, frame, f"Wheel, arrows, PgUp/PgDn to read  ·  {close}")

    def shown_texts(self) -> list[str]:
        return [self.title, *self.column.texts()]

"""Drawing a line of text through `text`, which can record what it drew (the map uses it).

A test (or a curious developer) wraps a frame in `recording()` and gets each text with
the rectangle it was drawn in, the box it was given and the surface's bounds, so a text
cut short, wider than its box or off the window is found by measuring, not by eye.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pygame

from game.ui.theme import Colour


@dataclass(frozen=True)
class Inked:
    """One text as drawn: its words, where it went, its box, and the surface's bounds."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect
    bounds: pygame.Rect

    def problem(self) -> str | None:
        """Why this text is not shown whole, or None."""
        if "…" in self.text or "..." in self.text:
            return f"cut short: {self.text!r}"
        if self.rect.left < self.box.left or self.rect.right > self.box.right:
            return f"wider than its box ({self.rect} in {self.box}): {self.text!r}"
        if not self.bounds.contains(self.rect):
            return f"outside the surface ({self.rect} in {self.bounds}): {self.text!r}"
        return None


_record: list[Inked] | None = None


@contextmanager
def recording() -> Iterator[list[Inked]]:
    """Record every text drawn through `text` until the block ends."""
    global _record
    before, _record = _record, []
    try:
        yield _record
    finally:
        _record = before


def text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    words: str,
    colour: Colour,
    topleft: tuple[float, float],
    box: pygame.Rect,
) -> pygame.Rect:
    """Draw one line of `words` at `topleft`, given `box` as its room; returns where it went."""
    image = rendered(font, words, colour)
    rect = pygame.Rect((round(topleft[0]), round(topleft[1])), image.get_size())
    surface.blit(image, rect)
    if _record is not None:
        _record.append(Inked(words, rect, pygame.Rect(box), surface.get_rect()))
    return rect


# A screen redraws the same words frame after frame, and rendering them is most of a
# frame's cost: the images are kept (a font lives as long as the theme's cache keeps it).
@functools.lru_cache(maxsize=4096)
def rendered(font: pygame.font.Font, words: str, colour: Colour) -> pygame.Surface:
    return font.render(words, True, colour)


def image(
    surface: pygame.Surface,
    picture: pygame.Surface,
    words: str,
    topleft: tuple[float, float],
    box: pygame.Rect,
) -> pygame.Rect:
    """Blit a text already rendered (a label with a halo, a cached line) and record it."""
    rect = pygame.Rect((round(topleft[0]), round(topleft[1])), picture.get_size())
    surface.blit(picture, rect)
    note(surface, words, rect, box)
    return rect


def note(surface: pygame.Surface, words: str, rect: pygame.Rect, box: pygame.Rect) -> None:
    """Record a text drawn some other way (e.g. with a halo around it)."""
    if _record is not None:
        _record.append(Inked(words, pygame.Rect(rect), pygame.Rect(box), surface.get_rect()))

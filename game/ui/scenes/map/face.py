"""The map screen's type: the theme's fonts at the player's text size, grown with a large
window so that text beside a large map is not left small (the panels grow too).

The factor follows the window the map was last laid out for (`follow`), as the text
size follows the setting: both are asked for at layout and draw time, never kept.
"""

from __future__ import annotations

import pygame

from game.ui import theme

BASE = (1280, 720)  # the window the type is designed for
MOST = 1.35  # beyond this, a larger window gives the map the room, not the letters

_factor = 1.0


def window_factor(size: tuple[int, int]) -> float:
    """How much larger than designed the type is in a window of this size (never smaller)."""
    return max(1.0, min(MOST, size[0] / BASE[0], size[1] / BASE[1]))


def follow(size: tuple[int, int]) -> None:
    global _factor
    _factor = window_factor(size)


def factor() -> float:
    return _factor


def _grown(n: int) -> int:
    return round(n * _factor)


def font(size: int, style: str = "regular") -> pygame.font.Font:
    return theme.font(_grown(size), style)


def line_height(size: int, style: str = "regular") -> int:
    return theme.line_height(_grown(size), style)


def step(pixels: int, size: int, style: str = "regular") -> int:
    """A length designed around a line of `font(size, style)`; see `theme.step`."""
    return theme.step(_grown(pixels), _grown(size), style)


def px(pixels: int) -> int:
    """A designed length (a margin, a gap) at the window's factor."""
    return _grown(pixels)

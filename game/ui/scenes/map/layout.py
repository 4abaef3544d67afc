"""Where the map screen's panels go, as functions of the window size and the text size.

The bars and rows hold text, so their heights follow the player's text size; the setting
changes while the game runs, so they are asked for at layout and draw time, never kept.
The side panels grow with the window's width, within bounds: a wide window gives the
lists room as well as the map, a small one keeps the map large enough to click.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.mapview import OVERLAY_NAMES, OVERLAYS
from game.ui.scenes.map import face

# The designed widths at 1280 px; a window of another width scales them (see below).
SIDE = 370
LEFT = 270
SIDE_BOUNDS = (300, 540)
LEFT_BOUNDS = (216, 400)
OVERLAY_GAP = 8  # between the overlay buttons in the bottom bar
PAGE_GAP = 6  # between the page buttons


def side_width(window_width: int) -> int:
    """The right-hand panel (tracks, actions, End turn) for a window this wide."""
    low, high = SIDE_BOUNDS
    return max(low, min(high, round(window_width * SIDE / 1280)))


def left_width(window_width: int) -> int:
    """The left-hand panel (this turn's orders, the news, the page buttons)."""
    low, high = LEFT_BOUNDS
    return max(low, min(high, round(window_width * LEFT / 1280)))


def top_bar() -> int:
    """The top bar's height: the heading and the resources line under it."""
    return face.step(66, 21, "bold") + face.step(0, 16)


def bottom_bar() -> int:
    """The bottom bar: the overlay buttons and, beside them, up to two lines of small text."""
    return max(face.step(46, 15, "italic"), 2 * face.line_height(13, "italic") + 10)


def row_height() -> int:
    """One line of an action's row (and a listed target's) in the side panel."""
    return face.step(20, 15, "bold")


def track_row() -> int:
    return face.step(20, 14)


def panel_heading() -> int:
    """The room a side panel's heading ("The state of things", "Your actions") takes."""
    return face.step(34, 17, "bold")


def line_step(size: int, style: str = "regular") -> int:
    """The distance between two lines of running text in a panel."""
    return face.line_height(size, style) + 1


def overlay_label(index: int) -> str:
    return f"{index + 1}  {OVERLAY_NAMES[OVERLAYS[index]]}"


def overlay_button_widths() -> list[int]:
    """The overlay buttons' widths: 120 px, or wider where the label needs it."""
    font = theme.font(15)  # the buttons' own face, which the window does not grow
    return [max(120, font.size(overlay_label(i))[0] + 24) for i in range(len(OVERLAYS))]


def overlay_buttons_right() -> int:
    """Where the last overlay button ends: the bottom bar's text starts after it."""
    widths = overlay_button_widths()
    return 12 + sum(widths) + OVERLAY_GAP * (len(widths) - 1)


def page_button_height() -> int:
    return theme.step(28, 15)


def page_columns(labels: list[str], width: int) -> int:
    """Three page buttons a row if their labels fit, else two (large text, a narrow panel)."""
    font = theme.font(15)
    widest = max(font.size(label)[0] for label in labels) + 16
    for columns in (3, 2):
        if (width - 24 - (columns - 1) * PAGE_GAP) // columns >= widest:
            return columns
    return 1


@dataclass(frozen=True)
class Frame:
    """The panels of the map screen in a window of one size."""

    size: tuple[int, int]
    top: pygame.Rect  # the date, the player's means
    bottom: pygame.Rect  # the overlay buttons and a line about the map, under map and left
    left: pygame.Rect  # this turn's orders, the news, the page buttons
    side: pygame.Rect  # the tracks, the actions (or targets), End turn
    map: pygame.Rect


def frame(size: tuple[int, int]) -> Frame:
    face.follow(size)  # the type grows with the window; the bars' heights follow it
    w, h = size
    top, bottom = top_bar(), bottom_bar()
    side, left = side_width(w), left_width(w)
    return Frame(
        size,
        pygame.Rect(0, 0, w, top),
        pygame.Rect(0, h - bottom, w - side, bottom),
        pygame.Rect(0, top, left, h - top - bottom),
        pygame.Rect(w - side, top, side, h - top),
        pygame.Rect(left, top, w - side - left, h - top - bottom),
    )


def pages_rect(left: pygame.Rect, labels: list[str]) -> pygame.Rect:
    """The page buttons at the foot of the left panel (the news stops above them)."""
    columns = page_columns(labels, left.width)
    rows = -(-len(labels) // columns)
    height = rows * page_button_height() + (rows - 1) * PAGE_GAP + 16
    return pygame.Rect(left.left, left.bottom - height, left.width, height)


def page_button_rects(pages: pygame.Rect, labels: list[str]) -> list[pygame.Rect]:
    columns = page_columns(labels, pages.width)
    width = (pages.width - 24 - (columns - 1) * PAGE_GAP) // columns
    height = page_button_height()
    out = []
    for i in range(len(labels)):
        row, column = divmod(i, columns)
        out.append(
            pygame.Rect(
                pages.left + 12 + column * (width + PAGE_GAP),
                pages.top + 8 + row * (height + PAGE_GAP),
                width,
                height,
            )
        )
    return out


def end_turn_rect(side: pygame.Rect) -> pygame.Rect:
    height = theme.step(50, 20, "bold")
    return pygame.Rect(side.left + 16, side.bottom - 16 - height, side.width - 32, height)


def overlay_button_rects(bottom: pygame.Rect) -> list[pygame.Rect]:
    out, x = [], bottom.left + 12
    for width in overlay_button_widths():
        out.append(pygame.Rect(x, bottom.top + 8, width, bottom.height - 14))
        x += width + OVERLAY_GAP
    return out

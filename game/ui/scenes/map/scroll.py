"""A list that scrolls a whole item at a time, with a scroll bar the mouse can use.

The map's lists (actions, targets, orders, news) are drawn by hand beside the map, so
pygame_gui's scrolling containers, which own their children's surfaces, do not fit them;
this keeps only the arithmetic: which items show in a view, where, and the bar's thumb.
Whole items scroll, never part of one, so every line drawn is whole.
"""

from __future__ import annotations

import pygame

from game.ui import theme

BAR = 8  # the scroll bar's width, inside the view's right edge
MIN_THUMB = 18
NOWHERE = pygame.Rect(0, 0, 0, 0)


class ScrollList:
    """Items of given heights in a view; `first` is the top item shown."""

    def __init__(self) -> None:
        self.view = pygame.Rect(0, 0, 0, 0)
        self.heights: list[int] = []
        self.first = 0
        self._grab: int | None = None  # where on the thumb the mouse holds it, while dragged
        self._followed: int | None = None  # the item the keyboard last chose

    # -- what shows ------------------------------------------------------------------------

    def set(self, view: pygame.Rect, heights: list[int]) -> None:
        """Lay the items out in `view`; the scroll position is kept where it still can be."""
        self.view = pygame.Rect(view)
        self.heights = list(heights)
        self.first = max(0, min(self.first, self.last_first()))

    def last_first(self) -> int:
        """The largest `first` that still fills the view: the end of the list shows."""
        room, at = self.view.height, len(self.heights)
        while at > 0 and room >= self.heights[at - 1]:
            room -= self.heights[at - 1]
            at -= 1
        return min(at, max(0, len(self.heights) - 1))

    @property
    def overflows(self) -> bool:
        return self.last_first() > 0

    @property
    def width(self) -> int:
        """The room an item has: the view less the bar when there is one."""
        return self.view.width - (BAR + 4 if self.overflows else 0)

    def rects(self) -> list[pygame.Rect]:
        """Each item's rectangle on screen; an empty one for items scrolled out of view."""
        out, y, width = [], self.view.top, self.width
        for i, height in enumerate(self.heights):
            fits = y + height <= self.view.bottom or (i == self.first and height > 0)
            if i < self.first or not fits:
                out.append(NOWHERE)
                continue
            out.append(pygame.Rect(self.view.left, y, width, height))
            y += height
        return out

    def shown(self) -> range:
        rects = self.rects()
        shown = [i for i, r in enumerate(rects) if r.width]
        return range(shown[0], shown[-1] + 1) if shown else range(0)

    def show(self, index: int) -> None:
        """Scroll just enough for the item to be in view (keyboard focus follows it)."""
        if not 0 <= index < len(self.heights):
            return
        if index < self.first:
            self.first = index
        while self.first < index and not self.rects()[index].width:
            self.first += 1

    def follow(self, index: int | None) -> None:
        """Show the keyboard's choice when it moves to another item, and only then: the
        wheel may take the list elsewhere while the choice stays where it is."""
        if index != self._followed and index is not None:
            self.show(index)
        self._followed = index

    def scroll(self, items: int) -> bool:
        """Move by `items` (down if positive); True if anything moved."""
        was = self.first
        self.first = max(0, min(self.first + items, self.last_first()))
        return self.first != was

    # -- the bar ---------------------------------------------------------------------------

    def bar(self) -> pygame.Rect:
        if not self.overflows:
            return NOWHERE
        return pygame.Rect(self.view.right - BAR, self.view.top, BAR, self.view.height)

    def thumb(self) -> pygame.Rect:
        bar = self.bar()
        if not bar.width:
            return NOWHERE
        count = len(self.heights)
        showing = max(1, len(self.shown()))
        height = max(MIN_THUMB, bar.height * showing // count)
        travel = bar.height - height
        top = bar.top + round(travel * self.first / max(1, self.last_first()))
        return pygame.Rect(bar.left, top, BAR, height)

    def draw_bar(self, surface: pygame.Surface) -> None:
        bar = self.bar()
        if not bar.width:
            return
        pygame.draw.rect(surface, theme.PAPER_DARK, bar, border_radius=4)
        ink = theme.INK_FADED if self._grab is not None else theme.INK_PALE
        pygame.draw.rect(surface, ink, self.thumb(), border_radius=4)

    # -- the mouse -------------------------------------------------------------------------

    def wheel(self, pos: tuple[int, int], notches: int) -> bool:
        """The wheel turned over `pos` (up is positive, as SDL counts); True if it scrolled."""
        if not self.view.collidepoint(pos):
            return False
        return self.scroll(-notches)

    def press(self, pos: tuple[int, int]) -> bool:
        """A click: on the thumb it takes hold, above or below it pages. True if it was the bar's."""
        bar = self.bar()
        if not bar.width or not bar.inflate(6, 0).collidepoint(pos):
            return False
        thumb = self.thumb()
        if thumb.top <= pos[1] < thumb.bottom:
            self._grab = pos[1] - thumb.top
        else:
            page = max(1, len(self.shown()) - 1)
            self.scroll(page if pos[1] >= thumb.bottom else -page)
        return True

    def drag(self, pos: tuple[int, int]) -> bool:
        """The mouse moved while holding the thumb; True if the list moved."""
        if self._grab is None:
            return False
        bar, thumb = self.bar(), self.thumb()
        travel = bar.height - thumb.height
        if travel <= 0:
            return False
        share = (pos[1] - self._grab - bar.top) / travel
        was = self.first
        self.first = max(0, min(round(share * self.last_first()), self.last_first()))
        return self.first != was

    @property
    def dragging(self) -> bool:
        return self._grab is not None

    def release(self) -> None:
        self._grab = None

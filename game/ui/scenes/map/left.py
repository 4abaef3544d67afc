"""The left panel: this turn's orders (each with a cross to take it back), the last thing
said to the player, and the news; the page buttons sit at its foot.

The orders and the news are scrolling lists of lines, wrapped to the panel's width,
so a long effect or a long week of news is read by scrolling, never cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.describe import capital
from game.ui import ink, theme
from game.ui.scenes.map import face
from game.ui.scenes.map.layout import line_step
from game.ui.scenes.map.scroll import BAR
from game.ui.text import wrap

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

CROSS = 20  # the take-back button beside an order's name
EMPTY = "No orders yet. Choose an action on the right."
POINT = "Point at an order to see what it will do."


@dataclass(frozen=True)
class Line:
    """One line of a list in the left panel."""

    font: pygame.font.Font
    text: str
    colour: theme.Colour
    indent: int = 0
    owner: int = -1  # the order it belongs to (the news and the empty note: -1)
    first: bool = False  # an order's name, or a news item's first line (it gets a dash)
    height: int = 0


def queued_words(label: str) -> str:
    """What the status says when an order is queued."""
    return f"Queued: {label}."


def _order_lines(
    scene: MapScene, width: int, previews: set[int] | None = None, note: bool = True
) -> list[Line]:
    """The orders' names, each with what it will do if it is in `previews` (None: all);
    with `note`, a note under them when some are left to their tooltips."""
    bold, italic = face.font(14, "bold"), face.font(13, "italic")
    queued = scene.queued_lines
    step = line_step(13, "italic")
    if not queued:
        return [Line(italic, s, theme.INK_PALE, height=step) for s in wrap(italic, EMPTY, width)]
    out: list[Line] = []
    label_step, more_step = face.step(22, 14, "bold"), line_step(14, "bold")
    warnings = scene.queued_warnings
    for n, (label, effects) in enumerate(queued):
        for i, part in enumerate(wrap(bold, label, width - CROSS - 6)):
            out.append(Line(bold, part, theme.INK, 0, n, i == 0, more_step if i else label_step))
        warning = warnings[n] if n < len(warnings) else None
        if warning:  # always, above what it will do: the order may come to nothing
            for part in wrap(italic, capital(warning), width - 8):
                out.append(Line(italic, part, theme.ACCENT, 8, n, False, step))
        if previews is None or n in previews:
            for part in wrap(italic, effects, width - 8):
                out.append(Line(italic, part, theme.INK_FADED, 8, n, False, step))
        out.append(Line(italic, "", theme.INK_FADED, 0, n, False, 6))
    if note and previews is not None and len(previews) < len(queued):
        out += [Line(italic, s, theme.INK_PALE, height=step) for s in wrap(italic, POINT, width)]
    return out


def fit_orders(scene: MapScene, width: int, room: int) -> list[Line]:
    """The orders as they fit in `room`: every name (the orders must stay in view), then
    what each will do, the newest first, as far as there is room (the others' say what
    they will do in their tooltips)."""
    whole = _order_lines(scene, width)
    if sum(line.height for line in whole) <= room:
        return whole
    shown: set[int] = set()
    for n in reversed(range(len(scene.queued_lines))):
        lines = _order_lines(scene, width, shown | {n})
        if sum(line.height for line in lines) <= room:
            shown.add(n)
    lines = _order_lines(scene, width, shown)
    if sum(line.height for line in lines) > room:  # no room even for the note
        return _order_lines(scene, width, shown, note=False)
    return lines


def _news_lines(scene: MapScene, width: int) -> list[Line]:
    small, step = face.font(13), line_step(13)
    out: list[Line] = []
    for item in scene.news:
        for i, part in enumerate(wrap(small, item, width - 12)):
            out.append(Line(small, part, theme.INK, 12, first=i == 0, height=step))
        out.append(Line(small, "", theme.INK, height=3))
    return out


def heading_lines(scene: MapScene, width: int) -> list[str]:
    limit = scene.rules.actions_per_turn[scene.me]
    return wrap(face.font(17, "bold"), f"This turn  ({len(scene.book.queued)} of {limit})", width)


def lay_left(scene: MapScene, left: pygame.Rect, pages: pygame.Rect) -> None:
    """Share the panel between the orders (with the status under them) and the news."""
    x, width = left.left + 14, left.width - 28
    room = width - BAR - 4
    head = face.line_height(17, "bold")
    top = left.top + 10 + len(heading_lines(scene, width)) * head + 8
    italic = face.font(13, "italic")
    news_head = face.step(32, 17, "bold") + 10
    bottom = pages.top - 4
    names = sum(line.height for line in _order_lines(scene, room, set(), note=False))
    scene.status_lines = wrap(italic, scene.status, width) if scene.status else []
    status = len(scene.status_lines) * line_step(13, "italic") + (8 if scene.status_lines else 0)
    if (
        scene.queued_lines
        and scene.status == queued_words(scene.queued_lines[-1][0])
        and names > bottom - top - news_head - status - line_step(13)
    ):
        # The status only says again what the newest order's name says: its room goes
        # to the names, so that every order shows.
        scene.status_lines, status = [], 0
    # The orders take half of what the headings leave, or what the news leaves if that is
    # more, or more still if their names need it (the news keeps a line: it scrolls); the
    # status shows whole under them.
    free = bottom - top - news_head - status
    scene.news_items = _news_lines(scene, room)
    news = sum(line.height for line in scene.news_items)
    half = max(row_room(), free // 2, free - news)
    most = max(half, min(names, free - line_step(13)))
    scene.order_items = fit_orders(scene, room, most)
    needed = sum(line.height for line in scene.order_items)
    orders = pygame.Rect(x, top, width, min(needed, most))
    scene.orders_scroll.set(orders, [line.height for line in scene.order_items])
    # A new order comes into view by its name, however far the list was scrolled.
    newest = len(scene.queued_lines) - 1
    firsts = [i for i, line in enumerate(scene.order_items) if line.first and line.owner == newest]
    scene.orders_scroll.follow(firsts[0] if firsts else None)
    # The news follows the orders, closing up when there are few (it is what a new turn
    # brings to read), and keeps its place while the orders fill their half.
    scene.queue_block = pygame.Rect(left.left + 4, left.top + 4, left.width - 8, 0)
    scene.queue_block.height = max(orders.bottom, top + row_room()) + status - scene.queue_block.top
    scene.status_top = orders.bottom + 6
    news_top = scene.queue_block.bottom + 6
    scene.news_rule = news_top
    view = pygame.Rect(x, news_top + news_head - 4, width, bottom - news_top - news_head + 4)
    scene.news_scroll.set(view, [line.height for line in scene.news_items])
    _lay_order_rects(scene, left)


def row_room() -> int:
    """The least height the orders' list keeps: an order's name and a line of its effects."""
    return face.step(22, 14, "bold") + line_step(13, "italic")


def _lay_order_rects(scene: MapScene, left: pygame.Rect) -> None:
    count = len(scene.queued_lines)
    spans: list[pygame.Rect | None] = [None] * count
    scene.remove_rects = [pygame.Rect(0, 0, 0, 0) for _ in range(count)]
    for line, rect in zip(scene.order_items, scene.orders_scroll.rects(), strict=True):
        if line.owner < 0 or not rect.width:
            continue
        span = spans[line.owner]
        spans[line.owner] = rect.copy() if span is None else span.union(rect)
        if span is None:
            # On the order's first line in view: its name's line may be scrolled away.
            right = scene.orders_scroll.view.left + scene.orders_scroll.width
            scene.remove_rects[line.owner] = pygame.Rect(right - CROSS, rect.top + 1, CROSS, CROSS)
    scene.queued_rects = [
        pygame.Rect(left.left, s.top, left.width - 34, s.height)
        if s is not None
        else pygame.Rect(0, 0, 0, 0)
        for s in spans
    ]


def draw_left(scene: MapScene, surface: pygame.Surface, left: pygame.Rect) -> None:
    pygame.draw.rect(surface, theme.PAPER_LIGHT, left)
    pygame.draw.line(surface, theme.INK_FADED, left.topright, left.bottomright, 1)
    heading = face.font(17, "bold")
    x, width = left.left + 14, left.width - 28
    inner = pygame.Rect(x, left.top, width, left.height)
    y = left.top + 10
    for line in heading_lines(scene, width):
        ink.text(surface, heading, line, theme.INK, (x, y), inner)
        y += heading.get_linesize()
    _draw_lines(surface, scene.order_items, scene.orders_scroll.rects())
    scene.orders_scroll.draw_bar(surface)
    small = face.font(13)
    for rect in scene.remove_rects:
        if not rect.width:
            continue
        hot = rect.collidepoint(scene.mouse)
        pygame.draw.rect(surface, theme.ACCENT if hot else theme.PAPER_DARK, rect, border_radius=10)
        size = small.size("×")
        at = (rect.centerx - size[0] // 2, rect.centery - size[1] // 2)
        ink.text(
            surface, small, "×", theme.PAPER_LIGHT if hot else theme.INK, at, rect.inflate(4, 6)
        )
    y = scene.status_top
    italic = face.font(13, "italic")
    for line in scene.status_lines:
        ink.text(surface, italic, line, theme.ACCENT, (x, y), inner)
        y += line_step(13, "italic")
    y = scene.news_rule
    pygame.draw.line(surface, theme.INK_PALE, (x, y), (left.right - 14, y), 1)
    ink.text(surface, heading, "News", theme.INK, (x, y + 6), inner)
    _draw_lines(surface, scene.news_items, scene.news_scroll.rects())
    scene.news_scroll.draw_bar(surface)


def _draw_lines(surface: pygame.Surface, lines: list[Line], rects: list[pygame.Rect]) -> None:
    for line, rect in zip(lines, rects, strict=True):
        if not rect.width or not line.text:
            continue
        if line.first and line.indent:  # a news item's dash
            ink.text(surface, line.font, "–", theme.INK_FADED, (rect.left, rect.top), rect)
        top = rect.top + (2 if line.owner >= 0 and line.first else 0)
        ink.text(surface, line.font, line.text, line.colour, (rect.left + line.indent, top), rect)

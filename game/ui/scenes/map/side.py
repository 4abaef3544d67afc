"""The side panel: the tracks, the player's actions (or, in target mode, the targets), the
keys' line and End turn.

`lay_side` works out where everything goes (wrapped to the panel's width, in scrolling
lists) and leaves it on the scene for the mouse; `draw_side` draws from the same places.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.describe import cost_text
from game.play.orders import ActionRow
from game.ui import ink, theme
from game.ui.scenes.map import face
from game.ui.scenes.map.layout import line_step, panel_heading, row_height, track_row
from game.ui.scenes.map.scroll import BAR
from game.ui.text import wrap

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

ROOM_FOR_BAR = BAR + 4

LEGEND = "red: just changed"  # beside "The state of things"


@dataclass(frozen=True)
class RowSet:
    """An action row set in its column: its name's lines, and whether the cost has a line of
    its own under them (a long name in a narrow panel)."""

    name: list[str]
    cost_below: bool

    @property
    def lines(self) -> int:
        return len(self.name) + self.cost_below


def _row_fonts(row: ActionRow) -> tuple[pygame.font.Font, pygame.font.Font]:
    name = face.font(15, "bold") if row.reason is None else face.font(15, "regular")
    return name, face.font(13, "italic")


def _cost(row: ActionRow) -> str:
    return row.cost if row.reason is None else "closed"


def set_row(row: ActionRow, width: int) -> RowSet:
    font, cost_font = _row_fonts(row)
    return _set_row(font, cost_font, row.name, _cost(row), width)


# Laid out every frame, the same rows and tracks at the same widths: the measuring is kept.
@functools.lru_cache(maxsize=512)
def _set_row(
    font: pygame.font.Font, cost_font: pygame.font.Font, name: str, cost: str, width: int
) -> RowSet:
    room = width - 24  # the dot on the left, a margin on the right
    beside = room - cost_font.size(cost)[0] - 8
    lines = wrap(font, name, beside)
    if len(lines) <= 2 and all(font.size(line)[0] <= beside for line in lines):
        return RowSet(lines, False)
    return RowSet(wrap(font, name, room), True)


TRACK_SIZES = (14, 13, 12)


def track_columns(scene: MapScene, side: pygame.Rect) -> tuple[int, bool, pygame.font.Font]:
    """Where a track's bar starts (from the panel's left), whether the bar goes under the
    name because the names are too wide to share a line with it, and the names' font: a
    size or two smaller before the bars go under the names (large text, a narrow panel)."""
    names = tuple(name for name, _, _, _ in scene.track_lines)
    return _track_columns(names, side.width, tuple(face.font(s) for s in TRACK_SIZES))


@functools.lru_cache(maxsize=64)
def _track_columns(
    names: tuple[str, ...], width: int, fonts: tuple[pygame.font.Font, ...]
) -> tuple[int, bool, pygame.font.Font]:
    for font in fonts:
        widest = max((font.size(name)[0] for name in names), default=0)
        number = font.size("100")[0] + 12
        if 16 + widest + 12 + 40 + number <= width - 16:
            return 16 + widest + 12, False, font
    return 16, True, fonts[0]


def track_height(stacked: bool) -> int:
    return track_row() + (10 if stacked else 0)


def tracks_height(scene: MapScene, side: pygame.Rect) -> int:
    _, stacked, _ = track_columns(scene, side)
    return panel_heading() + len(scene.track_lines) * track_height(stacked)


def footer_lines(scene: MapScene, side: pygame.Rect) -> list[str]:
    """The keys' line over End turn, on two lines at most: in a narrow panel, its short
    form (F1 gives every key, and the page buttons name theirs)."""
    font = face.font(13, "italic")
    lines = wrap(font, scene.footer, side.width - 32)
    return lines if len(lines) <= 2 else wrap(font, scene.short_footer, side.width - 32)


def tracks_shown(scene: MapScene, side: pygame.Rect, end_turn: pygame.Rect) -> bool:
    """The tracks give way to the targets in a short panel: choosing a target needs the
    room for its effects more than the tracks, which are back once it is chosen."""
    if scene.targeting is None:
        return True
    return _list_area(scene, side, end_turn, True).height >= 14 * line_step(13, "italic")


def _list_area(
    scene: MapScene, side: pygame.Rect, end_turn: pygame.Rect, tracks: bool
) -> pygame.Rect:
    feet = len(footer_lines(scene, side)) - 1
    top = side.top + (tracks_height(scene, side) if tracks else 0) + panel_heading()
    bottom = end_turn.top - face.step(30, 13, "italic") - feet * line_step(13, "italic")
    return pygame.Rect(side.left + 10, top, side.width - 20, bottom - top)


def lay_side(scene: MapScene, side: pygame.Rect, end_turn: pygame.Rect) -> None:
    """Lay out the tracks and the list (actions or targets) in the side panel."""
    _, stacked, _ = track_columns(scene, side)
    heading, track = panel_heading(), track_height(stacked)
    scene.tracks_shown = tracks_shown(scene, side, end_turn)
    scene.track_rects = [
        pygame.Rect(side.left + 10, side.top + heading + i * track, side.width - 20, track)
        for i in range(len(scene.track_lines) if scene.tracks_shown else 0)
    ]
    area = _list_area(scene, side, end_turn, scene.tracks_shown)
    scene.list_rect = area
    row = row_height()
    width = area.width - ROOM_FOR_BAR
    scene.row_sets = [set_row(r, width) for r in scene.rows]
    scene.action_scroll.set(area, [s.lines * row for s in scene.row_sets])
    scene.action_scroll.follow(scene.focus if scene.targeting is None else None)
    scene.row_rects = scene.action_scroll.rects()
    _lay_targets(scene, area)


def _lay_targets(scene: MapScene, area: pygame.Rect) -> None:
    scene.group_rects, scene.target_rects, scene.target_sets = [], [], []
    scene.target_text, scene.effect_lines = [], []
    scene.effects_rect = pygame.Rect(area.left, area.bottom, area.width, 0)
    t = scene.targeting
    if t is None:
        return
    bold, small, italic = face.font(15, "bold"), face.font(14), face.font(13, "italic")
    scene.title_lines = wrap(bold, scene.target_title, area.width - 12)
    y = area.top + 2 + len(scene.title_lines) * bold.get_linesize() + 4
    if t.by_group:
        x = area.left + 6
        for g in scene.target_groups():
            width = small.size(scene.rules.model.groups[g].name)[0] + 18
            if x + width > area.right and x > area.left + 6:
                x, y = area.left + 6, y + face.step(28, 14)
            scene.group_rects.append((g, pygame.Rect(x, y, width, face.step(24, 14))))
            x += width + 6
        y += face.step(34, 14)
    room = area.width - 12 - ROOM_FOR_BAR
    if t.on_map:
        scene.target_text = _on_map_lines(scene, room)
        heights = [line_step(13, "italic") if text else 8 for _, text, _ in scene.target_text]
        scene.target_scroll.set(pygame.Rect(area.left, y, area.width, area.bottom - y), heights)
        return
    state, step = scene.session.state, line_step(13, "italic")
    targets = scene.open_list_targets()
    if targets:
        c = targets[t.focus % len(targets)]
        effects = f"Will: {scene.book.effects(state, t.action, c)}"
        scene.effect_lines = wrap(italic, effects, room)
    tall = min(len(scene.effect_lines) * step, max(step, (area.bottom - y) // 2))
    scene.effects_rect = pygame.Rect(area.left, area.bottom - tall, area.width, tall)
    scene.effects_scroll.set(scene.effects_rect, [step] * len(scene.effect_lines))
    scene.target_sets = [
        wrap(small, scene.book.target_label(state, t.action, c), room) for c in targets
    ]
    view = pygame.Rect(area.left, y, area.width, scene.effects_rect.top - 6 - y)
    scene.target_scroll.set(view, [max(1, len(s)) * row_height() for s in scene.target_sets])
    scene.target_scroll.follow(t.focus % len(targets) if targets else None)
    scene.target_rects = scene.target_scroll.rects()


def _on_map_lines(scene: MapScene, room: int) -> list[tuple[pygame.font.Font, str, theme.Colour]]:
    """What the panel says while a district is to be picked on the map."""
    t = scene.targeting
    assert t is not None
    state = scene.session.state
    small, italic = face.font(14), face.font(13, "italic")
    out = [
        (italic, line, theme.INK_FADED)
        for line in wrap(
            italic, "Click a district ringed in red on the map, or ↑↓ and Enter.", room
        )
    ]
    opened = scene.open_regions()
    focused = scene.hover if scene.hover in opened else scene.focused_region()
    if focused is not None:
        candidate = scene.region_candidates()[focused]
        out.append((italic, "", theme.INK_FADED))
        label = scene.book.target_label(state, t.action, candidate)
        out += [(small, line, theme.INK) for line in wrap(small, label, room)]
        effects = f"Will: {scene.book.effects(state, t.action, candidate)}"
        out += [(italic, line, theme.INK_FADED) for line in wrap(italic, effects, room)]
    if not opened:
        words = "No district is open for this action."
        out += [(italic, line, theme.INK_FADED) for line in wrap(italic, words, room)]
    return out


# -- drawing ----------------------------------------------------------------------------------


def draw_side(scene: MapScene, surface: pygame.Surface, side: pygame.Rect) -> None:
    pygame.draw.rect(surface, theme.PAPER_LIGHT, side)
    pygame.draw.line(surface, theme.INK_FADED, side.topleft, side.bottomleft, 1)
    heading = face.font(17, "bold")
    x = side.left + 16
    inner = pygame.Rect(x, side.top, side.width - 32, side.height)
    y = side.top + 4
    if scene.tracks_shown:
        ink.text(surface, heading, "The state of things", theme.INK, (x, side.top + 10), inner)
        _draw_legend(scene, surface, side, heading.size("The state of things")[0])
        _draw_tracks(scene, surface, side)
        y = side.top + tracks_height(scene, side) + 4
        pygame.draw.line(surface, theme.INK_PALE, (x, y), (side.right - 16, y), 1)
    if scene.targeting is None:
        ink.text(surface, heading, "Your actions", theme.INK, (x, y + 6), inner)
        _draw_rows(scene, surface)
        scene.action_scroll.draw_bar(surface)
    else:
        ink.text(surface, heading, "Choose a target", theme.ACCENT, (x, y + 6), inner)
        _draw_target_panel(scene, surface, scene.list_rect)
    foot = face.font(13, "italic")
    lines = footer_lines(scene, side)
    y = scene.end_turn_rect(surface.get_size()).top - 8 - len(lines) * line_step(13, "italic")
    for line in lines:
        ink.text(surface, foot, line, theme.INK_FADED, (x, y), inner)
        y += line_step(13, "italic")


def _draw_legend(scene: MapScene, surface: pygame.Surface, side: pygame.Rect, used: int) -> None:
    """Beside the heading, in the red of the numbers it explains, when one is red and there
    is room (the tooltip of a red number says it too)."""
    if not any(scene.tracks_moved):
        return
    font = face.font(12, "italic")
    width = font.size(LEGEND)[0]
    right = side.right - 16
    if side.left + 16 + used + 12 + width > right:
        return
    top = side.top + 10 + face.line_height(17, "bold") - font.get_linesize() - 1
    at = (right - width, top)
    ink.text(surface, font, LEGEND, theme.ACCENT, at, pygame.Rect(at, (width, font.get_linesize())))


def _draw_tracks(scene: MapScene, surface: pygame.Surface, side: pygame.Rect) -> None:
    bar_from, stacked, small = track_columns(scene, side)
    x = side.left + 16
    for i, (name, value, low, high) in enumerate(scene.track_lines):
        rect = scene.track_rects[i]
        if i == scene.hover_track:
            pygame.draw.rect(surface, theme.PAPER_DARK, rect, border_radius=3)
        moved = scene.tracks_moved[i]
        number = str(value)
        number_width = small.size(number)[0]
        ink.text(surface, small, name, theme.INK, (x, rect.top + 1), rect)
        ink.text(
            surface,
            small,
            number,
            theme.ACCENT if moved else theme.INK,
            (side.right - 16 - number_width, rect.top + 1),
            rect,
        )
        bar_top = rect.top + (small.get_linesize() + 2 if stacked else 6)
        bar_right = side.right - 16 - small.size("100")[0] - 12
        bar = pygame.Rect(side.left + bar_from, bar_top, bar_right - side.left - bar_from, 8)
        frac = (value - low) / max(1, high - low)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.rect(
            surface, theme.INK_FADED, (bar.left, bar.top, round(bar.width * frac), bar.height)
        )
        pygame.draw.rect(surface, theme.INK_PALE, bar, 1)


def _draw_rows(scene: MapScene, surface: pygame.Surface) -> None:
    step = row_height()
    rows = zip(scene.rows, scene.row_sets, scene.row_rects, strict=True)
    for i, (row, set_, rect) in enumerate(rows):
        if not rect.width:
            continue
        if i == scene.focus or i == scene.hover_row:
            pygame.draw.rect(surface, theme.PAPER_DARK, rect, border_radius=3)
        if i == scene.focus:
            pygame.draw.rect(surface, theme.INK_FADED, rect, 1, border_radius=3)
        is_open = row.reason is None
        font, cost_font = _row_fonts(row)
        dot = (rect.left + 9, rect.top + step // 2)
        if is_open:
            tip = [(dot[0] - 3, dot[1] - 4), (dot[0] + 3, dot[1]), (dot[0] - 3, dot[1] + 4)]
            pygame.draw.polygon(surface, theme.ACCENT, tip)
        else:
            pygame.draw.circle(surface, theme.INK_PALE, dot, 2)
        ink_of = theme.INK if is_open else theme.INK_PALE
        for n, line in enumerate(set_.name):
            ink.text(surface, font, line, ink_of, (rect.left + 18, rect.top + 1 + n * step), rect)
        cost = _cost(row)
        y = rect.top + 3 + (len(set_.name) * step if set_.cost_below else 0)
        x = rect.right - 6 - cost_font.size(cost)[0]
        ink.text(
            surface, cost_font, cost, theme.INK_FADED if is_open else theme.ACCENT, (x, y), rect
        )


def _draw_target_panel(scene: MapScene, surface: pygame.Surface, area: pygame.Rect) -> None:
    t = scene.targeting
    assert t is not None
    bold, small, italic = face.font(15, "bold"), face.font(14), face.font(13, "italic")
    inner = area.inflate(-8, 0)
    for n, line in enumerate(scene.title_lines):
        y = area.top + 2 + n * bold.get_linesize()
        ink.text(surface, bold, line, theme.INK, (area.left + 6, y), inner)
    for g, rect in scene.group_rects:
        chosen = g == t.group
        pygame.draw.rect(
            surface, theme.ACCENT if chosen else theme.PAPER_DARK, rect, border_radius=12
        )
        pygame.draw.rect(surface, theme.INK_FADED, rect, 1, border_radius=12)
        name = scene.rules.model.groups[g].name
        size = small.size(name)
        at = (rect.centerx - size[0] // 2, rect.centery - size[1] // 2)
        ink.text(surface, small, name, theme.PAPER_LIGHT if chosen else theme.INK, at, rect)
    scroll = scene.target_scroll
    if t.on_map:
        for (font, text, colour), rect in zip(scene.target_text, scroll.rects(), strict=True):
            if rect.width and text:
                ink.text(surface, font, text, colour, (rect.left + 6, rect.top), rect)
        scroll.draw_bar(surface)
        return
    for i, (lines, rect) in enumerate(zip(scene.target_sets, scene.target_rects, strict=True)):
        if not rect.width:
            continue
        if i == t.focus or i == scene.hover_row:
            pygame.draw.rect(surface, theme.PAPER_DARK, rect, border_radius=3)
        if i == t.focus:
            pygame.draw.rect(surface, theme.ACCENT, rect, 1, border_radius=3)
        for n, line in enumerate(lines):
            at = (rect.left + 6, rect.top + 2 + n * row_height())
            ink.text(surface, small, line, theme.INK, at, rect)
    scroll.draw_bar(surface)
    effects = scene.effects_scroll
    for line, rect in zip(scene.effect_lines, effects.rects(), strict=True):
        if rect.width:
            ink.text(surface, italic, line, theme.INK_FADED, (rect.left + 6, rect.top), rect)
    effects.draw_bar(surface)


def target_title(scene: MapScene) -> str:
    t = scene.targeting
    return "" if t is None else f"{t.action.spec.name}  ({cost_text(scene.rules, t.action)})"

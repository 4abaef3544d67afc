"""The top bar (the date, the player's side and means) and the bottom bar's line beside the
overlay buttons (what the map shows, the district under the mouse, or what to pick).

A line too long for its bar is set a size smaller, then on two lines, and only then said
more briefly (a shorter form given by the caller): never cut off in mid-word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import ink, theme
from game.ui.scenes.map import face
from game.ui.scenes.map.layout import overlay_buttons_right
from game.ui.text import wrap

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

HEADING_SIZES = (21, 19, 17, 15)
LINE_SIZES = (16, 14, 13)


def _largest(sizes: tuple[int, ...], style: str, text: str, room: int) -> pygame.font.Font:
    """The largest of the sizes at which the text fits the room (else the smallest)."""
    for size in sizes:
        font = face.font(size, style)
        if font.size(text)[0] <= room:
            return font
    return face.font(sizes[-1], style)


def draw_top_bar(scene: MapScene, surface: pygame.Surface, bar: pygame.Rect) -> None:
    w = bar.width
    pygame.draw.rect(surface, theme.PAPER_DARK, bar)
    pygame.draw.line(surface, theme.INK, (0, bar.bottom - 4), (w, bar.bottom - 4), 2)
    pygame.draw.line(surface, theme.INK_FADED, (0, bar.bottom - 1), (w, bar.bottom - 1), 1)
    who_font = face.font(18, "italic")
    who_width = who_font.size(scene.faction_name)[0]
    right = w - 18
    ink.text(surface, who_font, scene.faction_name, theme.INK, (right - who_width, 9), bar)
    centre = (right - who_width - 14, 9 + who_font.get_height() // 2)
    pygame.draw.circle(surface, scene.view.colours[scene.me], centre, 7)
    pygame.draw.circle(surface, theme.INK, centre, 8, 1)
    room = pygame.Rect(18, 0, centre[0] - 12 - 18 - 18, bar.height)
    forms = heading_forms(scene)
    # The first form that fits at some size (the turn's name goes before the date does).
    heading = next(
        (f for f in forms if face.font(HEADING_SIZES[-1], "bold").size(f)[0] <= room.width),
        forms[-1],
    )
    head = _largest(HEADING_SIZES, "bold", heading, room.width)
    designed = face.font(HEADING_SIZES[0], "bold")
    # A smaller heading sits lower, on the line the designed one would have sat on.
    base = 8 + designed.get_ascent() - head.get_ascent()
    ink.text(surface, head, heading, theme.INK, (18, base), room)
    line_room = pygame.Rect(18, 0, w - 36, bar.height)
    line = _largest(LINE_SIZES, "regular", scene.resources_line, line_room.width)
    y = 10 + face.line_height(21, "bold")
    for i, rect in enumerate(scene.resource_rects):
        if i == scene.hover_resource:
            pygame.draw.rect(surface, theme.PAPER, rect.inflate(8, 2), border_radius=3)
    ink.text(surface, line, scene.resources_line, theme.INK_FADED, (18, y), line_room)


def heading_forms(scene: MapScene) -> list[str]:
    """The top bar's heading, then without the turn's name (a narrow window, large text)."""
    rules, state = scene.rules, scene.session.state
    label = rules.model.calendar.turns[min(state.turn, rules.last_turn)].label
    full = scene.heading
    if label and full.endswith(f": {label}"):
        return [full, full[: -len(label) - 2]]
    return [full]


def resource_rects(scene: MapScene, bar: pygame.Rect) -> list[pygame.Rect]:
    """Where each resource's name and amount sit on the top bar's line, for the mouse."""
    line = _largest(LINE_SIZES, "regular", scene.resources_line, bar.width - 36)
    y = 10 + face.line_height(21, "bold")
    text, out, start = scene.resources_line, [], 0
    for part in scene.resource_parts:
        at = text.index(part, start)
        left = 18 + line.size(text[:at])[0]
        out.append(pygame.Rect(left, y, line.size(part)[0], line.get_linesize()))
        start = at + len(part)
    return out


def bottom_text(scene: MapScene) -> tuple[list[str], theme.Colour]:
    """What the bottom bar says, longest form first, and in what ink."""
    if scene.targeting is not None:
        return [scene.target_prompt, scene.short_prompt], theme.ACCENT
    if scene.hover is not None:
        return [scene.hover_text, scene.short_hover_text], theme.INK
    describe = scene.view.describe(scene.overlay)
    return [f"{describe}   ·   F faction, G group", describe], theme.INK_FADED


def set_bottom(texts: list[str], room: int, height: int) -> tuple[pygame.font.Font, list[str]]:
    """The first way of setting one of the texts that fits: one line, a size smaller, two lines."""
    sizes = ((15, 1), (13, 1), (13, 2), (12, 2), (11, 3))
    for text in texts:
        for size, most in sizes:
            font = face.font(size, "italic")
            lines = wrap(font, text, room)
            fits = all(font.size(line)[0] <= room for line in lines)
            if fits and len(lines) <= most and len(lines) * font.get_linesize() <= height:
                return font, lines
    font = face.font(11, "italic")
    return font, wrap(font, texts[-1], room)


def draw_bottom_bar(scene: MapScene, surface: pygame.Surface, bar: pygame.Rect) -> None:
    pygame.draw.rect(surface, theme.PAPER_DARK, bar)
    pygame.draw.line(surface, theme.INK_FADED, bar.topleft, bar.topright, 1)
    left = bar.left + overlay_buttons_right() + 16
    box = pygame.Rect(left, bar.top + 2, bar.right - 12 - left, bar.height - 4)
    texts, colour = bottom_text(scene)
    font, lines = set_bottom(texts, box.width, box.height)
    step = font.get_linesize()
    y = bar.centery - step * len(lines) // 2
    for line in lines:
        ink.text(surface, font, line, colour, (left, y), box)
        y += step

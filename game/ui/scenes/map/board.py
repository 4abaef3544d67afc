"""The map picture on the screen: where its districts, sites and units are for the mouse,
and target mode drawn over it (the districts that cannot be aimed at washed out, the
open ones ringed in red, thicker for the one hovered or chosen by keyboard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import theme
from game.ui.breakdown import site_at as nearest_site
from game.ui.mapview import MapView

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene


def region_outline(view: MapView, region: int, area: pygame.Rect) -> list[tuple[float, float]]:
    """A district's outline on screen; an inset's is its frame."""
    points = [view.to_screen(p) for p in view.shapes[region]]
    points = [(x + area.left, y + area.top) for x, y in points]
    if view.inset[region]:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return [(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys))]
    return points


def draw_targets_on_map(scene: MapScene, surface: pygame.Surface, area: pygame.Rect) -> None:
    """Wash out the districts that cannot be aimed at; ring the open ones in red."""
    view = scene.view
    open_ = set(scene.open_regions())
    veil = pygame.Surface(area.size, pygame.SRCALPHA)
    for r in range(len(view.shapes)):
        if r not in open_:
            points = [(x - area.left, y - area.top) for x, y in region_outline(view, r, area)]
            pygame.draw.polygon(veil, (*theme.PAPER, 170), points)
    surface.blit(veil, area.topleft)
    focused = scene.focused_region()
    for r in sorted(open_):
        width = 4 if r == scene.hover or r == focused else 2
        pygame.draw.polygon(surface, theme.ACCENT, region_outline(view, r, area), width)


def region_rect(view: MapView, region: int, area: pygame.Rect) -> pygame.Rect:
    """A district's bounding box on the screen, within the map."""
    view.fit(area.size)
    points = region_outline(view, region, area)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return box.clip(area)


def site_markers(view: MapView, area: pygame.Rect) -> list[tuple[int, tuple[float, float]]]:
    """Where each site's marker sits on the screen (as the map view draws them)."""
    return [
        (index, (area.left + x, area.top + y))
        for index, at, _ in view.sites
        for x, y in [view.to_screen(at)]
    ]


def site_at(scene: MapScene, pos: tuple[int, int]) -> int | None:
    """The site whose marker is under the mouse; markers are small, so a little slack."""
    view = scene.view
    reach = max(8.0, (9 if scene.overlay.kind == "control" else 6) * view.scale + 4)
    return nearest_site(site_markers(view, scene.map_rect(scene.app.size)), pos, reach)


def unit_at(scene: MapScene, pos: tuple[int, int]) -> tuple[int, int] | None:
    """(region, unit) of the unit token under the mouse, or None (the map view knows
    where it drew each)."""
    area = scene.map_rect(scene.app.size)
    unit = scene.view.unit_at((pos[0] - area.left, pos[1] - area.top))
    if unit is None:
        return None
    return int(scene.session.state.unit_region[unit]), unit

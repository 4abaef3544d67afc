"""Target mode drawn on the map itself: the districts that cannot be aimed at washed out,
the open ones ringed in red (thicker for the one hovered or chosen by keyboard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import theme
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

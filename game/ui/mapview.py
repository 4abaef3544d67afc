"""The map of Petrograd, drawn from the scenario's geometry.

Regions are polygons on a 1000 x 1000 canvas (insets drawn as framed boxes),
sites are points, labels sit where the scenario puts them. The Neva and the
Gulf are the water between the districts: the convex hull of the city is
laid down as water, and the districts on top of it leave the river showing.

The picture is composed into a cached surface and composed again only when
its size, the overlay or the state changes; polygons are drawn at twice the
size and scaled down, so the outlines come out smooth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pygame

from game.engine.rules import Rules
from game.engine.state import BASIS, NO_ONE, State
from game.ui import theme
from game.ui.text import fit, wrap
from game.ui.theme import Colour

OverlayKind = Literal["support", "mobilisation", "control"]
OVERLAYS: tuple[OverlayKind, ...] = ("support", "mobilisation", "control")
OVERLAY_NAMES = {"support": "Support", "mobilisation": "Mobilisation", "control": "Control"}

CANVAS = 1000
SUPERSAMPLE = 2
Point = tuple[float, float]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Overlay:
    """What the map shows: one faction's support (among one group or all), readiness, or control."""

    kind: OverlayKind = "support"
    faction: int = 0
    group: int | None = None  # None: all groups, weighted by population


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """Andrew's monotone chain; the hull's corners counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return list(pts)

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def inflate(polygon: Sequence[Point], by: float) -> list[Point]:
    """Push every corner away from the centroid by `by` canvas units."""
    cx = sum(p[0] for p in polygon) / len(polygon)
    cy = sum(p[1] for p in polygon) / len(polygon)
    out = []
    for x, y in polygon:
        dx, dy = x - cx, y - cy
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        out.append((x + dx / length * by, y + dy / length * by))
    return out


def point_in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    x, y = point
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _span_at(polygon: Sequence[Point], y: float) -> tuple[float, float] | None:
    """Where a horizontal line at y crosses a convex polygon."""
    xs = []
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 <= y < y2) or (y2 <= y < y1):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return (min(xs), max(xs)) if len(xs) >= 2 else None


def _halo(
    surface: pygame.Surface,
    image: pygame.Surface,
    at: tuple[float, float],
    ground: Colour,
) -> None:
    """Blit text with a thin rim of the ground colour, so it reads across lines and markers."""
    rim = image.copy()
    rim.fill((*ground, 0), special_flags=pygame.BLEND_RGBA_MAX)
    rim.fill((*ground, 255), special_flags=pygame.BLEND_RGBA_MIN)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
        surface.blit(rim, (at[0] + dx, at[1] + dy))
    surface.blit(image, at)


def _luminance(c: Colour) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


class MapView:
    """Draws the scenario's map for a state and an overlay, into a cached surface."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        m = rules.model
        self.names = [r.name for r in m.regions]
        self.shapes: list[list[Point]] = [
            [(float(x), float(y)) for x, y in r.map.shape] for r in m.regions
        ]
        self.inset = [r.map.inset for r in m.regions]
        self.labels: list[Point] = []
        for r, shape in zip(m.regions, self.shapes, strict=True):
            if r.map.label is not None:
                self.labels.append((float(r.map.label[0]), float(r.map.label[1])))
            else:
                self.labels.append(
                    (sum(p[0] for p in shape) / len(shape), sum(p[1] for p in shape) / len(shape))
                )
        self.sites: list[tuple[int, Point, bool]] = [
            (i, (float(s.position[0]), float(s.position[1])), "bridge" in s.tags)
            for i, s in enumerate(m.sites)
            if s.position is not None
        ]
        self.colours: list[Colour] = [theme.hex_colour(f.color) for f in m.factions]
        mainland = [
            p
            for shape, inset in zip(self.shapes, self.inset, strict=True)
            if not inset
            for p in shape
        ]
        self.water = inflate(convex_hull(mainland), 12.0) if len(mainland) >= 3 else []
        everything = [p for shape in self.shapes for p in shape] + [p for _, p, _ in self.sites]
        xs, ys = [p[0] for p in everything] or [0.0], [p[1] for p in everything] or [0.0]
        pad = 12.0
        self.bounds = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
        self.renders = 0  # how many times the picture was composed (the cache's tests count)
        self._cache_key: tuple[tuple[int, int], Overlay] | None = None
        self._cache_state: State | None = None
        self._cache: pygame.Surface | None = None
        self._ground_size: tuple[int, int] | None = None
        self._ground: pygame.Surface | None = None
        self.scale, self.origin = 1.0, (0.0, 0.0)

    # -- geometry ---------------------------------------------------------------

    def fit(self, size: tuple[int, int]) -> None:
        """Scale the canvas to fill `size`, keeping its proportions, centred."""
        x0, y0, x1, y1 = self.bounds
        self.scale = min(size[0] / (x1 - x0), size[1] / (y1 - y0))
        self.origin = (
            (size[0] - (x1 - x0) * self.scale) / 2 - x0 * self.scale,
            (size[1] - (y1 - y0) * self.scale) / 2 - y0 * self.scale,
        )

    def to_screen(self, p: Point, factor: float = 1.0) -> tuple[float, float]:
        return (
            (self.origin[0] + p[0] * self.scale) * factor,
            (self.origin[1] + p[1] * self.scale) * factor,
        )

    def region_at(self, pos: tuple[int, int]) -> int | None:
        """The region under a point of the rendered picture, or None (insets first)."""
        if self.scale <= 0:
            return None
        p = ((pos[0] - self.origin[0]) / self.scale, (pos[1] - self.origin[1]) / self.scale)
        order = sorted(range(len(self.shapes)), key=lambda r: not self.inset[r])
        return next((r for r in order if point_in_polygon(p, self.shapes[r])), None)

    # -- what the overlay says ----------------------------------------------------

    def values(self, state: State, overlay: Overlay) -> FloatArray:
        """Each region's value under the overlay, from 0 to 1 (control: all zero)."""
        pop = self.rules.population.astype(np.float64)  # (groups, regions)
        if overlay.kind == "support":
            shares = state.support[overlay.faction].astype(np.float64) / BASIS
        elif overlay.kind == "mobilisation":
            shares = state.mobilisation.astype(np.float64) / 100.0
        else:
            return np.zeros(len(self.shapes))
        if overlay.group is not None:
            chosen: FloatArray = np.asarray(shares[overlay.group], dtype=np.float64)
            return chosen
        weight = pop.sum(axis=0)
        total = (shares * pop).sum(axis=0)
        mean: FloatArray = np.divide(total, weight, out=np.zeros_like(total), where=weight > 0)
        return mean

    def fill(self, value: float, overlay: Overlay) -> Colour:
        if overlay.kind == "support":
            return theme.mix(
                theme.PAPER_LIGHT,
                self.colours[overlay.faction],
                0.08 + 0.92 * min(1.0, value / 0.75),
            )
        if overlay.kind == "mobilisation":
            return theme.mix(
                theme.PAPER_LIGHT, theme.MOBILISED, 0.05 + 0.95 * min(1.0, value / 0.8)
            )
        return theme.PAPER_LIGHT

    def caption(self, value: float, overlay: Overlay) -> str:
        if overlay.kind == "support":
            return f"{round(value * 100)}%"
        if overlay.kind == "mobilisation":
            return f"{round(value * 100)} ready"
        return ""

    def describe(self, overlay: Overlay) -> str:
        """A line saying what the map shows, e.g. 'Support for Bolsheviks among all groups'."""
        m = self.rules.model
        among = "all groups" if overlay.group is None else m.groups[overlay.group].name.lower()
        if overlay.kind == "support":
            return f"Support for the {m.factions[overlay.faction].name} among {among}"
        if overlay.kind == "mobilisation":
            return f"Readiness to act among {among}"
        return "Who holds the places that matter"

    def controller_name(self, controller: int) -> str:
        if controller == NO_ONE:
            return "No one"
        f = self.rules.model.factions[controller]
        return f.short_name or f.name

    # -- drawing ------------------------------------------------------------------

    def render(self, size: tuple[int, int], state: State, overlay: Overlay) -> pygame.Surface:
        """The map for this state and overlay at this size; composed only when one changed."""
        key = (size, overlay)
        if self._cache is not None and self._cache_key == key and self._cache_state is state:
            return self._cache
        self.fit(size)
        self._cache = self._compose(size, state, overlay)
        self._cache_key, self._cache_state = key, state
        self.renders += 1
        return self._cache

    def _ground_layer(self, size: tuple[int, int]) -> pygame.Surface:
        """Paper, the water and its engraved hatching, at the supersampled size (cached)."""
        if self._ground is not None and self._ground_size == size:
            return self._ground
        k = SUPERSAMPLE
        big = pygame.Surface((size[0] * k, size[1] * k))
        big.fill(theme.DESK)
        x0, y0 = self.to_screen(self.bounds[:2], k)
        x1, y1 = self.to_screen(self.bounds[2:], k)
        sheet = pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0))
        pygame.draw.rect(big, theme.PAPER_DARK, sheet.move(3 * k, 3 * k))
        pygame.draw.rect(big, theme.PAPER, sheet)
        pygame.draw.rect(big, theme.INK_FADED, sheet, 2 * k)
        pygame.draw.rect(big, theme.INK_PALE, sheet.inflate(-8 * k, -8 * k), k)
        if self.water:
            hull = [self.to_screen(p, k) for p in self.water]
            pygame.draw.polygon(big, theme.WATER, hull)
            top = int(min(p[1] for p in hull))
            bottom = int(max(p[1] for p in hull))
            gap = max(6, round(7 * k * self.scale))
            for y in range(top + gap // 2, bottom, gap):
                span = _span_at(hull, y + 0.5)
                if span is not None:
                    pygame.draw.line(
                        big,
                        theme.WATER_DEEP,
                        (span[0] + 3 * k, y),
                        (span[1] - 3 * k, y),
                        k // 2 or 1,
                    )
            pygame.draw.polygon(big, theme.INK_PALE, hull, k)
        self._ground, self._ground_size = big, size
        return big

    def _compose(self, size: tuple[int, int], state: State, overlay: Overlay) -> pygame.Surface:
        k = SUPERSAMPLE
        big = self._ground_layer(size).copy()
        values = self.values(state, overlay)
        fills = [self.fill(float(v), overlay) for v in values]
        line = max(1, round(1.2 * k))
        for r, shape in enumerate(self.shapes):
            points = [self.to_screen(p, k) for p in shape]
            if self.inset[r]:
                box = pygame.Rect(points[0], (0, 0)).unionall(
                    [pygame.Rect(p, (0, 0)) for p in points]
                )
                shadow = box.move(3 * k, 3 * k)
                pygame.draw.rect(big, theme.PAPER_DARK, shadow)
                pygame.draw.rect(big, fills[r], box)
                pygame.draw.rect(big, theme.INK, box, line)
                pygame.draw.rect(big, theme.INK_FADED, box.inflate(-6 * k, -6 * k), max(1, k // 2))
            else:
                pygame.draw.polygon(big, fills[r], points)
                pygame.draw.polygon(big, theme.INK, points, line)
        surface = pygame.transform.smoothscale(big, size)
        if overlay.kind == "control":  # the sites are the point: they go on top
            names = self._draw_labels(surface, values, fills, overlay)
            self._draw_sites(surface, state, overlay, names)
        else:
            self._draw_sites(surface, state, overlay)
            self._draw_labels(surface, values, fills, overlay)
        self._draw_cartouche(surface, overlay)
        return surface

    def _draw_labels(
        self, surface: pygame.Surface, values: FloatArray, fills: list[Colour], overlay: Overlay
    ) -> list[pygame.Rect]:
        """Name the regions; return where the names went, for the site names to avoid."""
        placed: list[pygame.Rect] = []
        name_font = theme.font(max(12, round(20 * self.scale)), "bold")
        value_font = theme.font(max(11, round(17 * self.scale)), "italic")
        for r, (name, at) in enumerate(zip(self.names, self.labels, strict=True)):
            ink = theme.PAPER_LIGHT if _luminance(fills[r]) < 120 else theme.INK
            caption = self.caption(float(values[r]), overlay)
            shape = [self.to_screen(p) for p in self.shapes[r]]
            left, right = min(p[0] for p in shape), max(p[0] for p in shape)
            if self.inset[r]:
                # An inset's name runs along the top of its frame, clear of its sites.
                top = min(p[1] for p in shape) + 6
                text = fit(name_font, name, int(right - left - 16))
                image = name_font.render(text, True, ink)
                sub = value_font.render(caption, True, ink) if caption else None
                width = image.get_width() + (sub.get_width() + 6 if sub else 0)
                x = (left + right - width) / 2
                placed.append(surface.blit(image, (x, top)))
                if sub is not None:
                    placed.append(surface.blit(sub, (x + image.get_width() + 6, top + 1)))
                continue
            room = int(right - left - 12)
            lines = [name] if name_font.size(name)[0] <= room else wrap(name_font, name, room)[:2]
            images = [name_font.render(fit(name_font, line, room), True, ink) for line in lines]
            if caption:
                images.append(value_font.render(caption, True, ink))
            x, y = self.to_screen(at)
            step = name_font.get_linesize() - 2
            top = y - step * len(images) / 2
            for image in images:
                at = (x - image.get_width() / 2, top)
                _halo(surface, image, at, fills[r])
                placed.append(pygame.Rect(round(at[0]), round(at[1]), *image.get_size()))
                top += step
        return placed

    def _draw_sites(
        self,
        surface: pygame.Surface,
        state: State,
        overlay: Overlay,
        avoid: Sequence[pygame.Rect] = (),
    ) -> None:
        big = overlay.kind == "control"
        radius = max(3, round((9 if big else 6) * self.scale))
        markers: list[tuple[int, int, int, bool]] = []
        for index, at, bridge in self.sites:
            controller = int(state.site_controller[index])
            colour = theme.NOBODY if controller == NO_ONE else self.colours[controller]
            x, y = (round(c) for c in self.to_screen(at))
            markers.append((index, x, y, bridge))
            if bridge:
                r = radius
                diamond = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
                pygame.draw.polygon(surface, colour, diamond)
                pygame.draw.polygon(surface, theme.INK, diamond, 1)
            else:
                pygame.draw.circle(surface, theme.PAPER_LIGHT, (x, y), radius + 2)
                pygame.draw.circle(surface, colour, (x, y), radius)
                pygame.draw.aacircle(surface, theme.INK, (x, y), radius + 2, 1)
        if big:
            self._name_sites(surface, markers, radius, avoid)

    def _name_sites(
        self,
        surface: pygame.Surface,
        markers: list[tuple[int, int, int, bool]],
        radius: int,
        avoid: Sequence[pygame.Rect],
    ) -> None:
        """Name the sites (not the bridges) where a name finds room; crowded ones go unnamed."""
        font = theme.font(max(11, round(14 * self.scale)), "italic")
        edge = radius + 3
        taken = [pygame.Rect(x - edge, y - edge, edge * 2, edge * 2) for _, x, y, _ in markers]
        taken += avoid
        bounds = surface.get_rect()
        for index, x, y, bridge in markers:
            if bridge:
                continue
            image = font.render(self.rules.model.sites[index].name, True, theme.INK)
            w, h = image.get_width() + 4, image.get_height()
            places = [
                pygame.Rect(x + edge + 1, y - h // 2, w, h),
                pygame.Rect(x - edge - 1 - w, y - h // 2, w, h),
                pygame.Rect(x - w // 2, y - edge - h, w, h),
                pygame.Rect(x - w // 2, y + edge, w, h),
            ]
            spot = next(
                (p for p in places if bounds.contains(p) and p.collidelist(taken) < 0), None
            )
            if spot is None:
                continue
            taken.append(spot)
            plate = pygame.Surface((w, h), pygame.SRCALPHA)
            plate.fill((*theme.PAPER_LIGHT, 200))
            plate.blit(image, (2, 0))
            surface.blit(plate, spot.topleft)

    def _draw_cartouche(self, surface: pygame.Surface, overlay: Overlay) -> None:
        """A title and a legend in the empty top of the sheet."""
        title_font = theme.font(max(16, round(38 * self.scale)), "bold")
        sub_font = theme.font(max(13, round(18 * self.scale)), "italic")
        x, y = self.to_screen((640.0, 40.0))
        title = title_font.render("PETROGRAD", True, theme.INK)
        surface.blit(title, (x - title.get_width() / 2, y))
        y += title.get_height()
        sub = sub_font.render("and its surroundings, autumn 1917", True, theme.INK_FADED)
        surface.blit(sub, (x - sub.get_width() / 2, y))
        self._draw_legend(surface, overlay)

    def _draw_legend(self, surface: pygame.Surface, overlay: Overlay) -> None:
        font = theme.font(max(12, round(17 * self.scale)), "regular")
        left, top = self.to_screen((835.0, 20.0))
        right, _ = self.to_screen((985.0, 20.0))
        width = int(right - left)
        pad = 6
        rows: list[tuple[Colour, str]] = []
        if overlay.kind == "control":
            rows = [(c, self.controller_name(i)) for i, c in enumerate(self.colours)]
            rows.append((theme.NOBODY, "No one"))
            height = pad * 2 + len(rows) * font.get_linesize()
        else:
            height = pad * 2 + font.get_linesize() * 2 + 12
        card = pygame.Rect(int(left), int(top), width, height)
        pygame.draw.rect(surface, theme.PAPER_LIGHT, card)
        pygame.draw.rect(surface, theme.INK_FADED, card, 1)
        y = card.top + pad
        if rows:
            for colour, name in rows:
                mid = y + font.get_linesize() // 2
                pygame.draw.circle(surface, colour, (card.left + pad + 5, mid), 5)
                pygame.draw.circle(surface, theme.INK, (card.left + pad + 5, mid), 6, 1)
                text = fit(font, name, width - pad * 2 - 16)
                surface.blit(font.render(text, True, theme.INK), (card.left + pad + 16, y))
                y += font.get_linesize()
            return
        bar = pygame.Rect(card.left + pad, y, width - pad * 2, 12)
        for i in range(bar.width):
            value = i / max(1, bar.width - 1)
            pygame.draw.line(
                surface,
                self.fill(value, overlay),
                (bar.left + i, bar.top),
                (bar.left + i, bar.bottom - 1),
            )
        pygame.draw.rect(surface, theme.INK_FADED, bar, 1)
        y = bar.bottom + 2
        lo, hi = font.render("0", True, theme.INK), font.render("100%", True, theme.INK)
        surface.blit(lo, (bar.left, y))
        surface.blit(hi, (bar.right - hi.get_width(), y))
        y += font.get_linesize()
        who = (
            self.rules.model.factions[overlay.faction].short_name
            or self.rules.model.factions[overlay.faction].name
            if overlay.kind == "support"
            else "Mobilisation"
        )
        surface.blit(font.render(fit(font, who, bar.width), True, theme.INK), (bar.left, y))

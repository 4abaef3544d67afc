"""The map of the scenario's city, drawn from its geometry.

Regions are polygons on a 1000 x 1000 canvas (insets drawn as framed boxes),
sites are points, labels sit where the scenario puts them. The river and the
sea are the water between the districts: the convex hull of the city is
laid down as water, and the districts on top of it leave the river showing.
A scenario may lay a picture of its own beneath the districts instead
(`map_background`), stretched over the whole canvas.

The picture is composed into a cached surface and composed again only when
its size, the overlay, the state, the palette or the text size changes; polygons
are drawn at twice the size and scaled down, so the outlines come out smooth.

Palettes: "colours" tells the factions apart by the Okabe-Ito hues alone (safe for
the common colour blindnesses); "patterns" adds to each faction's colour a line
pattern of its own and its initial, on the site markers and in the legend, so no
reading of the map needs the hue at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pygame

from game.engine.legal import raised_sites
from game.engine.rules import Rules
from game.engine.state import BASIS, NO_ONE, State
from game.ui import ink, pictures, theme
from game.ui.text import wrap
from game.ui.theme import Colour

OverlayKind = Literal["support", "mobilisation", "control"]
OVERLAYS: tuple[OverlayKind, ...] = ("support", "mobilisation", "control")
OVERLAY_NAMES = {"support": "Support", "mobilisation": "Mobilisation", "control": "Control"}

CANVAS = 1000
SUPERSAMPLE = 2
# One pattern per faction, by the faction's place in the scenario (repeating past six);
# chosen so neighbours in the list differ in direction as well as in kind.
PATTERNS: tuple[str, ...] = ("diagonal", "dots", "horizontal", "cross", "vertical", "backslash")
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


def _fitting_lines(
    faces: list[pygame.font.Font], names: list[str], room: int
) -> list[tuple[pygame.font.Font, str]]:
    """A district's name set in `room`: on one line or two, in the first face and form
    (the name, then its short form) that fits; else the short form in the last face."""
    for face in faces:
        for name in dict.fromkeys(names):
            lines = [name] if face.size(name)[0] <= room else wrap(face, name, room)
            if len(lines) <= 2 and all(face.size(line)[0] <= room for line in lines):
                return [(face, line) for line in lines]
    return [(faces[-1], line) for line in wrap(faces[-1], names[-1], room)]


def _luminance(c: Colour) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def initials(names: Sequence[str]) -> list[str]:
    """A short mark for each name: its first letter, or more letters where two would clash."""
    marks = [name[:1].upper() for name in names]
    for length in range(2, 4):
        clashing = {m for m in marks if marks.count(m) > 1}
        if not clashing:
            break
        marks = [
            name[:length].capitalize() if mark in clashing else mark
            for name, mark in zip(names, marks, strict=True)
        ]
    return marks


def draw_pattern(
    surface: pygame.Surface,
    pattern: str,
    colour: tuple[int, int, int, int],
    gap: int,
) -> None:
    """Cover the whole surface with one of PATTERNS, lines `gap` pixels apart."""
    w, h = surface.get_size()
    gap = max(2, gap)
    if pattern == "horizontal":
        for y in range(gap // 2, h, gap):
            pygame.draw.line(surface, colour, (0, y), (w, y))
    elif pattern == "vertical":
        for x in range(gap // 2, w, gap):
            pygame.draw.line(surface, colour, (x, 0), (x, h))
    elif pattern == "dots":
        for row, y in enumerate(range(gap // 2, h, gap)):
            for x in range(gap // 2 + (gap // 2 if row % 2 else 0), w, gap):
                pygame.draw.rect(surface, colour, (x, y, 2, 2))
    else:
        slants = {"diagonal": (1,), "backslash": (-1,), "cross": (1, -1)}[pattern]
        step = gap + 1 if pattern == "cross" else gap  # a cross-hatch is denser: open it up
        for slant in slants:
            for d in range(-h, w + h, step):
                if slant > 0:
                    pygame.draw.line(surface, colour, (d, h), (d + h, 0))
                else:
                    pygame.draw.line(surface, colour, (d, 0), (d + h, h))


class MapView:
    """Draws the scenario's map for a state and an overlay, into a cached surface."""

    def __init__(self, rules: Rules, palette: str = "colours") -> None:
        self.rules = rules
        m = rules.model
        self.names = [r.name for r in m.regions]
        self.short_names = [r.short_name or r.name for r in m.regions]
        self.shapes: list[list[Point]] = [
            [(float(x), float(y)) for x, y in r.map.shape] for r in m.regions
        ]
        self.inset = [r.map.inset for r in m.regions]
        # Insets drawn over the city come first when the mouse asks what is under it.
        self._hit_order = sorted(range(len(self.shapes)), key=lambda r: not self.inset[r])
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
        self.background = pictures.path_of(rules.scenario, m.scenario.map_background)
        self.initials = initials([f.short_name or f.name for f in m.factions])
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
        self._cache_key: tuple[tuple[int, int], Overlay, str, float] | None = None
        self._cache_state: State | None = None
        self._cache: pygame.Surface | None = None
        self._ground_size: tuple[int, int] | None = None
        self._ground: pygame.Surface | None = None
        # Patterned markers, drawn once per look and reused by every composition.
        self._markers: dict[tuple[int, int, bool, float], pygame.Surface] = {}
        self.marker_draws = 0  # how many patterned markers were drawn (the cache's tests count)
        self._pips: dict[tuple[int, int, bool], pygame.Surface] = {}
        self._label_bottom: dict[int, float] = {}  # where each district's label ends, on screen
        # Where each region's row of units was drawn, for the hover (filled in by render).
        self.unit_rows: list[tuple[int, pygame.Rect]] = []
        self.unit_spots: list[tuple[int, pygame.Rect]] = []  # (unit, its token) likewise
        self.raised: list[bool] = [False] * len(m.sites)
        self.scale, self.origin = 1.0, (0.0, 0.0)
        self._palette: str = "colours"
        self.palette = palette

    @property
    def palette(self) -> str:
        """ "colours" or "patterns" (see the module's docstring); setting it redraws the map."""
        return self._palette

    @palette.setter
    def palette(self, value: str) -> None:
        if value not in ("colours", "patterns"):
            raise ValueError(f"unknown palette '{value}' (known: colours, patterns)")
        self._palette = value  # in the picture's cache key: a new one is composed anew

    @property
    def patterned(self) -> bool:
        return self._palette == "patterns"

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
        return next((r for r in self._hit_order if point_in_polygon(p, self.shapes[r])), None)

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
            return f"{round(value * 100)}% ready"
        return ""

    def describe(self, overlay: Overlay) -> str:
        """A line saying what the map shows, e.g. 'Support for Bolsheviks among all groups'."""
        m = self.rules.model
        among = "all groups" if overlay.group is None else m.groups[overlay.group].name.lower()
        if overlay.kind == "support":
            return f"Support for the {m.factions[overlay.faction].name} among {among}"
        if overlay.kind == "mobilisation":
            return f"Readiness to act among {among} (per cent ready to act, for any side)"
        return "Who holds the places that matter"

    def controller_name(self, controller: int) -> str:
        if controller == NO_ONE:
            return "No one"
        f = self.rules.model.factions[controller]
        return f.short_name or f.name

    # -- drawing ------------------------------------------------------------------

    def render(self, size: tuple[int, int], state: State, overlay: Overlay) -> pygame.Surface:
        """The map for this state and overlay at this size; composed only when one changed."""
        # Fonts follow the text size setting, so the labels are part of the picture's key.
        key = (size, overlay, self._palette, theme.text_scale())
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
        laid = self._lay_background(big, sheet)
        pygame.draw.rect(big, theme.INK_FADED, sheet, 2 * k)
        pygame.draw.rect(big, theme.INK_PALE, sheet.inflate(-8 * k, -8 * k), k)
        if self.water and not laid:
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

    def _lay_background(self, big: pygame.Surface, sheet: pygame.Rect) -> bool:
        """The scenario's picture on the sheet, stretched over the canvas (only the part the
        sheet shows is scaled); whether there was one that decoded."""
        image = pictures.decoded(self.background)
        if image is None:
            return False
        x0, y0 = max(self.bounds[0], 0.0), max(self.bounds[1], 0.0)
        x1, y1 = min(self.bounds[2], float(CANVAS)), min(self.bounds[3], float(CANVAS))
        if x1 <= x0 or y1 <= y0:
            return False  # the map lies off the canvas the picture covers
        w, h = image.get_size()
        part = pygame.Rect(int(x0 * w / CANVAS), int(y0 * h / CANVAS), 0, 0)
        part.width = max(1, min(w, round(x1 * w / CANVAS)) - part.left)
        part.height = max(1, min(h, round(y1 * h / CANVAS)) - part.top)
        left, top = self.to_screen((part.left * CANVAS / w, part.top * CANVAS / h), SUPERSAMPLE)
        right, bottom = self.to_screen(
            (part.right * CANVAS / w, part.bottom * CANVAS / h), SUPERSAMPLE
        )
        target = (max(1, round(right - left)), max(1, round(bottom - top)))
        old = big.get_clip()
        big.set_clip(sheet)
        big.blit(
            pygame.transform.smoothscale(image.subsurface(part), target), (round(left), round(top))
        )
        big.set_clip(old)
        return True

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
            self._draw_units(surface, state)
            self._draw_sites(surface, state, overlay, names + [row for _, row in self.unit_rows])
        else:
            self._draw_sites(surface, state, overlay)
            self._draw_labels(surface, values, fills, overlay)
            self._draw_units(surface, state)
        self._draw_cartouche(surface, overlay)
        return surface

    def _draw_labels(
        self, surface: pygame.Surface, values: FloatArray, fills: list[Colour], overlay: Overlay
    ) -> list[pygame.Rect]:
        """Name the regions; return where the names went, for the site names to avoid.

        A name too long for its district is wrapped, then given in its short form, then
        set smaller: never cut off.
        """
        placed: list[pygame.Rect] = []
        name_font = theme.font(max(12, round(20 * self.scale)), "bold")
        small = theme.font(max(10, round(16 * self.scale)), "bold")
        value_font = theme.font(max(11, round(17 * self.scale)), "italic")
        for r, at in enumerate(self.labels):
            ink_colour = theme.PAPER_LIGHT if _luminance(fills[r]) < 120 else theme.INK
            caption = self.caption(float(values[r]), overlay)
            shape = [self.to_screen(p) for p in self.shapes[r]]
            left, right = min(p[0] for p in shape), max(p[0] for p in shape)
            room = int(right - left - 12)
            names = [self.names[r], self.short_names[r]]
            if self.inset[r]:
                placed += self._label_inset(surface, r, shape, names, caption, ink_colour)
                continue
            lines = _fitting_lines([name_font, small], names, room)
            faces = [line[0] for line in lines]
            images = [face.render(text, True, ink_colour) for face, text in lines]
            if caption:
                images.append(value_font.render(caption, True, ink_colour))
                faces.append(value_font)
            x, y = self.to_screen(at)
            step = name_font.get_linesize() - 2
            top = y - step * len(images) / 2
            box = pygame.Rect(round(left), round(min(p[1] for p in shape)), round(right - left), 1)
            box.height = round(max(p[1] for p in shape)) - box.top
            texts = [text for _, text in lines] + ([caption] if caption else [])
            for image, text in zip(images, texts, strict=True):
                spot = (x - image.get_width() / 2, top)
                _halo(surface, image, spot, fills[r])
                rect = pygame.Rect(round(spot[0]), round(spot[1]), *image.get_size())
                ink.note(surface, text, rect, surface.get_rect())
                placed.append(rect)
                top += step
            self._label_bottom[r] = top + 2
        return placed

    def _label_inset(
        self,
        surface: pygame.Surface,
        r: int,
        shape: list[tuple[float, float]],
        names: list[str],
        caption: str,
        ink_colour: Colour,
    ) -> list[pygame.Rect]:
        """An inset's name runs along the top of its frame, clear of its sites, with the
        figure beside it or, if that clears the sites, beneath it."""
        left, right = min(p[0] for p in shape), max(p[0] for p in shape)
        top = min(p[1] for p in shape) + 6
        room = int(right - left - 12)
        bottom = max(p[1] for p in shape) - 4
        for _, at_site, _ in self.sites:
            sx, sy = self.to_screen(at_site)
            if left <= sx <= right and top <= sy <= bottom:
                bottom = min(bottom, sy - self._marker_radius(False) - 4)
        sizes = (20, 16, 13, 11)
        faces = [theme.font(max(8, round(size * self.scale)), "bold") for size in sizes]
        value_faces = [
            theme.font(max(8, round(s * self.scale)), "italic") for s in (17, 14, 12, 10)
        ]
        frame = pygame.Rect(round(left), round(top - 6), round(right - left), round(bottom - top))
        # Each way of setting it, best first: the whole name with the figure beside it or
        # beneath it, then the short name, then a size smaller; last, the name alone.
        for face, value_face in zip(faces, value_faces, strict=True):
            for name in dict.fromkeys(names):
                width = face.size(name)[0]
                beside = width + (value_face.size(caption)[0] + 6 if caption else 0)
                if beside <= room:
                    return self._inset_text(
                        surface, (face, name), (value_face, caption), frame, ink_colour, False
                    )
                below = top + face.get_linesize() - 2 + value_face.get_linesize()
                if width <= room and value_face.size(caption)[0] <= room and below <= bottom:
                    return self._inset_text(
                        surface, (face, name), (value_face, caption), frame, ink_colour, True
                    )
        for face in faces:
            for name in dict.fromkeys(names):
                if face.size(name)[0] <= room:
                    return self._inset_text(
                        surface, (face, name), (face, ""), frame, ink_colour, False
                    )
        return self._inset_text(
            surface, (faces[-1], names[-1]), (faces[-1], ""), frame, ink_colour, False
        )

    def _inset_text(
        self,
        surface: pygame.Surface,
        name: tuple[pygame.font.Font, str],
        value: tuple[pygame.font.Font, str],
        frame: pygame.Rect,
        ink_colour: Colour,
        below: bool,
    ) -> list[pygame.Rect]:
        (face, text), (value_face, caption) = name, value
        image = face.render(text, True, ink_colour)
        sub = value_face.render(caption, True, ink_colour) if caption else None
        top = frame.top + 6
        centre = frame.centerx
        out = []
        if below or sub is None:
            spots = [(image, text, centre - image.get_width() / 2, top)]
            if sub is not None:
                under = top + face.get_linesize() - 2
                spots.append((sub, caption, centre - sub.get_width() / 2, under))
        else:
            x = centre - (image.get_width() + sub.get_width() + 6) / 2
            spots = [(image, text, x, top), (sub, caption, x + image.get_width() + 6, top + 1)]
        for picture, words, x, y in spots:
            surface.blit(picture, (x, y))
            rect = pygame.Rect(round(x), round(y), *picture.get_size())
            ink.note(surface, words, rect, frame)
            out.append(rect)
        return out

    def _marker_radius(self, big: bool) -> int:
        if self.patterned:
            # Room inside for a pattern and a readable initial.
            return max(7 if big else 5, round((12 if big else 7) * self.scale))
        return max(3, round((9 if big else 6) * self.scale))

    def marker(self, controller: int, radius: int, bridge: bool = False) -> pygame.Surface:
        """A patterned site marker (a diamond for a bridge) on a transparent square of side
        2 * (radius + 3) + 1, its centre in the middle; drawn once and kept."""
        key = (controller, radius, bridge, theme.text_scale())
        cached = self._markers.get(key)
        if cached is not None:
            return cached
        self.marker_draws += 1
        edge = radius + 3
        side = edge * 2 + 1
        centre = (edge, edge)
        colour = theme.NOBODY if controller == NO_ONE else self.colours[controller]
        sprite = pygame.Surface((side, side), pygame.SRCALPHA)
        shape = pygame.Surface((side, side), pygame.SRCALPHA)
        diamond = [
            (edge, edge - radius),
            (edge + radius, edge),
            (edge, edge + radius),
            (edge - radius, edge),
        ]
        if bridge:
            pygame.draw.polygon(sprite, colour, diamond)
            pygame.draw.polygon(shape, (255, 255, 255, 255), diamond)
        else:
            pygame.draw.circle(sprite, theme.PAPER_LIGHT, centre, radius + 2)
            pygame.draw.circle(sprite, colour, centre, radius)
            pygame.draw.circle(shape, (255, 255, 255, 255), centre, radius)
        if controller != NO_ONE:
            ink = theme.PAPER_LIGHT if _luminance(colour) < 140 else theme.INK
            lines = pygame.Surface((side, side), pygame.SRCALPHA)
            pattern = PATTERNS[controller % len(PATTERNS)]
            draw_pattern(lines, pattern, (*ink, 170), max(3, radius // 2))
            lines.blit(shape, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
            sprite.blit(lines, (0, 0))
            # The initial's size follows the marker, not the text size setting.
            size = max(6, round(radius * 1.45 / theme.text_scale()))
            letter = theme.font(size, "bold").render(self.initials[controller], True, ink)
            at = (edge - letter.get_width() / 2, edge - letter.get_height() / 2)
            _halo(sprite, letter, at, colour)
        if bridge:
            pygame.draw.polygon(sprite, theme.INK, diamond, 1)
        else:
            pygame.draw.aacircle(sprite, theme.INK, centre, radius + 2, 1)
        if len(self._markers) > 256:  # many window sizes went by: keep only the current look
            self._markers.clear()
        self._markers[key] = sprite
        return sprite

    def _draw_sites(
        self,
        surface: pygame.Surface,
        state: State,
        overlay: Overlay,
        avoid: Sequence[pygame.Rect] = (),
    ) -> None:
        big = overlay.kind == "control"
        radius = self._marker_radius(big)
        markers: list[tuple[int, int, int, bool]] = []
        self.raised = raised_sites(self.rules, state)
        for index, at, bridge in self.sites:
            controller = int(state.site_controller[index])
            colour = theme.NOBODY if controller == NO_ONE else self.colours[controller]
            x, y = (round(c) for c in self.to_screen(at))
            markers.append((index, x, y, bridge))
            if bridge and self.raised[index]:
                self._draw_raised(surface, (x, y), radius, colour)
            elif self.patterned:
                sprite = self.marker(controller, radius, bridge)
                surface.blit(sprite, (x - radius - 3, y - radius - 3))
            elif bridge:
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

    def _draw_raised(
        self, surface: pygame.Surface, at: tuple[int, int], radius: int, colour: Colour
    ) -> None:
        """A raised bridge: its diamond split down the middle, the two leaves swung apart."""
        x, y = at
        r, gap = radius + 1, max(2, radius // 2)
        for side in (-1, 1):
            leaf = [(x + side * gap, y - r), (x + side * (gap + r), y), (x + side * gap, y + r)]
            pygame.draw.polygon(surface, colour, leaf)
            pygame.draw.polygon(surface, theme.INK, leaf, 1)
        pygame.draw.line(surface, theme.ACCENT, (x, y - r - 2), (x, y + r + 2), 1)

    def pip(self, owner: int, side: int, patterned: bool) -> pygame.Surface:
        """A unit's token: a small square flag in its owner's colour (hatched in the
        patterns palette); drawn once and kept."""
        key = (owner, side, patterned)
        cached = self._pips.get(key)
        if cached is not None:
            return cached
        colour = theme.NOBODY if owner == NO_ONE else self.colours[owner]
        token = pygame.Surface((side, side), pygame.SRCALPHA)
        token.fill(colour)
        if patterned and owner != NO_ONE:
            ink = theme.PAPER_LIGHT if _luminance(colour) < 140 else theme.INK
            draw_pattern(token, PATTERNS[owner % len(PATTERNS)], (*ink, 190), max(3, side // 3))
        pygame.draw.rect(token, theme.INK, token.get_rect(), 1)
        self._pips[key] = token
        return token

    def _draw_units(self, surface: pygame.Surface, state: State) -> None:
        """Tokens under each district's name, one per armed unit there, in its owner's
        colour, the strongest first; a crowded district gets as many rows as it needs."""
        side = max(8, round(13 * self.scale))
        gap = max(2, side // 3)
        self.unit_rows, self.unit_spots = [], []
        for r, shape in enumerate(self.shapes):
            here = [
                u
                for u in range(len(state.unit_region))
                if int(state.unit_region[u]) == r and int(state.unit_strength[u]) > 0
            ]
            if not here:
                continue
            here.sort(key=lambda u: -int(state.unit_strength[u]))
            points = [self.to_screen(p) for p in shape]
            span = max(p[0] for p in points) - min(p[0] for p in points)
            room = span - 12 if self.inset[r] else span * 0.6
            per_row = max(1, min(len(here), int((room + gap) // (side + gap))))
            rows = -(-len(here) // per_row)
            width = per_row * (side + gap) - gap
            height = rows * (side + gap) - gap
            if self.inset[r]:
                # In an inset's bottom right corner, clear of its name and of its sites.
                left = max(p[0] for p in points) - 6 - width
                top = max(p[1] for p in points) - 6 - height
            else:
                x, _ = self.to_screen(self.labels[r])
                left = x - width / 2
                top = self._label_bottom.get(r, self.to_screen(self.labels[r])[1]) + 1
            block = pygame.Rect(round(left), round(top), width, height)
            for n, u in enumerate(here):
                row, column = divmod(n, per_row)
                token = self.pip(int(state.unit_owner[u]), side, self.patterned)
                at = (block.left + column * (side + gap), block.top + row * (side + gap))
                self.unit_spots.append((u, surface.blit(token, at)))
            self.unit_rows.append((r, block))

    def unit_at(self, pos: tuple[int, int]) -> int | None:
        """The unit whose token is under a point of the picture (or in the gap beside
        it), or None."""
        half_gap = max(1, max((spot.width for _, spot in self.unit_spots), default=0) // 6)
        return next(
            (u for u, spot in self.unit_spots if spot.inflate(half_gap * 2, 4).collidepoint(pos)),
            None,
        )

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
        card = self._draw_legend(surface, overlay)
        x, y = self.to_screen((640.0, 40.0))
        span_left, _ = self.to_screen((430.0, 0.0))
        span_right = card.left - 8
        span = int(span_right - span_left)
        # A large text size would push the title into the legend: smaller, then slid left.
        designed = max(16, round(38 * self.scale))
        texts = self.rules.model.texts
        heading = texts.get("map_title", self.rules.model.scenario.title).strip().upper()
        title_font = theme.font(designed, "bold")
        while designed > 12 and title_font.size(heading)[0] > span:
            designed -= 2
            title_font = theme.font(designed, "bold")
        if title_font.size(heading)[0] > span:
            return  # no room beside the legend at all: the window's title says it
        # The subtitle is set a size smaller where it must, or left out: it only decorates,
        # and a second line of it would run into the districts below.
        subtitle = [texts.get("map_subtitle", "").strip()]
        for size in (max(13, round(18 * self.scale)), max(11, round(14 * self.scale))):
            sub_font = theme.font(size, "italic")
            if sub_font.size(subtitle[0])[0] <= span:
                break
        else:
            subtitle = []
        title = title_font.render(heading, True, theme.INK)
        widest = max([title.get_width()] + [sub_font.size(line)[0] for line in subtitle])
        x = max(span_left + widest / 2, min(x, span_right - widest / 2))
        box = pygame.Rect(round(span_left), 0, span, surface.get_height())
        ink.image(surface, title, heading, (x - title.get_width() / 2, y), box)
        y += title.get_height()
        for line in subtitle:
            sub = sub_font.render(line, True, theme.INK_FADED)
            ink.image(surface, sub, line, (x - sub.get_width() / 2, y), box)
            y += sub_font.get_linesize()

    def _draw_legend(self, surface: pygame.Surface, overlay: Overlay) -> pygame.Rect:
        """The key to the overlay in the top right corner of the sheet; returns its card."""
        font = theme.font(max(12, round(17 * self.scale)), "regular")
        left, top = self.to_screen((835.0, 20.0))
        right, _ = self.to_screen((985.0, 20.0))
        width = int(right - left)
        pad = 6
        rows: list[tuple[int, str]] = []  # (controller, name)
        # In the patterns palette each row shows the very marker the map uses.
        swatch = max(7, font.get_linesize() // 2) if self.patterned else 5
        row_h = max(font.get_linesize(), swatch * 2 + 6 if self.patterned else 0)
        if overlay.kind == "control":
            rows = [(i, self.controller_name(i)) for i in range(len(self.colours))]
            rows.append((NO_ONE, "No one"))
            height = pad * 2 + len(rows) * row_h
            # Widen the card leftwards (into the empty sea) rather than cut a name short.
            needed = pad * 2 + swatch * 2 + 6 + max(font.size(name)[0] for _, name in rows)
            grown = min(max(width, needed), width * 2)
            left, width = right - grown, grown
        else:
            height = pad * 2 + font.get_linesize() * 2 + 12
            # Widen the card leftwards for the side's name too, as far as the sea allows.
            needed = pad * 2 + font.size(self._legend_name(overlay))[0]
            grown = min(max(width, needed), width * 2)
            left, width = right - grown, grown
        card = pygame.Rect(int(left), int(top), width, height)
        pygame.draw.rect(surface, theme.PAPER_LIGHT, card)
        pygame.draw.rect(surface, theme.INK_FADED, card, 1)
        y = card.top + pad
        if rows:
            for controller, name in rows:
                mid = y + row_h // 2
                centre = (card.left + pad + swatch, mid)
                if self.patterned:
                    sprite = self.marker(controller, swatch)
                    surface.blit(sprite, (centre[0] - swatch - 3, mid - swatch - 3))
                else:
                    colour = theme.NOBODY if controller == NO_ONE else self.colours[controller]
                    pygame.draw.circle(surface, colour, centre, 5)
                    pygame.draw.circle(surface, theme.INK, centre, 6, 1)
                text_left = card.left + pad + swatch * 2 + 6
                image = font.render(name, True, theme.INK)
                box = pygame.Rect(text_left, card.top, card.right - text_left, card.height)
                ink.image(surface, image, name, (text_left, mid - image.get_height() // 2), box)
                y += row_h
            return card
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
        if lo.get_width() + hi.get_width() + 4 <= bar.width:  # a narrow card keeps the top end
            surface.blit(lo, (bar.left, y))
        surface.blit(hi, (bar.right - hi.get_width(), y))
        y += font.get_linesize()
        who = self._legend_name(overlay)
        ink.image(surface, font.render(who, True, theme.INK), who, (bar.left, y), card)
        return card

    def _legend_name(self, overlay: Overlay) -> str:
        if overlay.kind != "support":
            return "Ready to act"
        faction = self.rules.model.factions[overlay.faction]
        return faction.short_name or faction.name

"""Charts: how each faction's support and the tracks have moved, turn by turn.

`ChartsScene(session)` goes over the map; ←/→ or Tab change the group whose
support is drawn (All is weighted by population over groups and districts),
Esc or H closes it. The states after every turn come from the session's
checkpoints (the state before each turn) and the current state; a session
without them is replayed from its records.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pygame

from game.engine.state import BASIS, State
from game.session import ReplayMismatch, Session, replay
from game.ui import theme
from game.ui.scene import POP, Scene, Transition
from game.ui.scenes.journal import hint, masthead, page
from game.ui.text import fit

FloatArray = npt.NDArray[np.float64]

ALL = "All"
UNALIGNED = "Unaligned"
SCREENSHOT_TURNS = 12  # how far the charts' screenshot plays before it is drawn
_NEXT = {pygame.K_RIGHT: 1, pygame.K_TAB: 1, pygame.K_LEFT: -1}
_CLOSE = (pygame.K_ESCAPE, pygame.K_h)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HINT = "←/→ or Tab change the group  ·  click a group  ·  Esc to close"


def session_states(session: Session) -> list[State]:
    """The state as every turn began, and the state now (one more than the turns played)."""
    if len(session.checkpoints) == len(session.records):
        return [c.state for c in session.checkpoints] + [session.state]
    try:
        return replay(session.rules, session.seed, session.player, session.records)
    except ReplayMismatch:
        return [session.state]


def support_series(session: Session, states: list[State]) -> FloatArray:
    """Support in per cent as (groups + 1, factions + 1, turns): row 0 is All, weighted
    by population over groups and districts; the last faction row is the unaligned."""
    pop = session.rules.population.astype(np.float64)  # (groups, regions)
    support = np.stack([s.support for s in states]).astype(np.float64)  # (T, F+1, G, R)
    weighted = support * pop[None, None, :, :]
    by_group = weighted.sum(axis=3) / np.maximum(pop.sum(axis=1), 1.0)[None, None, :]  # (T,F+1,G)
    overall = weighted.sum(axis=(2, 3)) / max(float(pop.sum()), 1.0)  # (T, F+1)
    series = np.concatenate([overall[:, :, None], by_group], axis=2)  # (T, F+1, G+1)
    return np.transpose(series, (2, 1, 0)) * (100.0 / BASIS)


def short_date(session: Session, turn: int) -> str:
    day = session.rules.date_of(turn)
    return f"{day.day} {MONTHS[day.month - 1]}"


def nice_top(value: float) -> tuple[float, float]:
    """A round top for the value axis and its step: 10s up to 50%, 20s above, at most 100%."""
    step = 10.0 if value <= 50 else 20.0
    return min(100.0, max(step, float(np.ceil((value + 1e-9) / step)) * step)), step


class ChartsScene(Scene):
    name = "charts"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        rules = session.rules
        self.states = session_states(session)
        self.turns = np.array([s.turn for s in self.states], dtype=np.int64)
        self.series = support_series(session, self.states)
        self.tracks = np.stack([s.tracks for s in self.states]).astype(np.float64).T
        self.groups = [ALL] + [g.name for g in rules.model.groups]
        self.group = 0
        self.factions = [f.short_name or f.name for f in rules.model.factions]
        self.colours = [theme.hex_colour(f.color) for f in rules.model.factions]
        self.track_names = [t.name for t in rules.model.tracks]
        self.tab_rects: list[pygame.Rect] = []
        self._cache: tuple[tuple[int, int, int], pygame.Surface] | None = None

    # -- what it shows -------------------------------------------------------------------

    @property
    def group_name(self) -> str:
        return self.groups[self.group]

    def latest(self) -> list[tuple[str, float]]:
        """Each faction's (and the unaligned) share now, in the chosen group."""
        names = [*self.factions, UNALIGNED]
        return [(n, float(self.series[self.group, f, -1])) for f, n in enumerate(names)]

    def set_group(self, index: int) -> None:
        self.group = index % len(self.groups)
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            if event.key in _CLOSE:
                return POP
            if event.key in _NEXT:
                back = event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
                self.set_group(self.group + (-1 if back else _NEXT[event.key]))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.tab_rects):
                if rect.collidepoint(event.pos):
                    self.set_group(i)
        return None

    def shown_texts(self) -> list[str]:
        texts = ["Support and tracks", f"Support: {self.group_name}"]
        texts += [*self.groups, *self.factions, UNALIGNED, *self.track_names]
        return texts + [f"{n} {v:.0f}%" for n, v in self.latest()]

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        key = (w, h, self.group)
        if self._cache is None or self._cache[0] != key:
            sheet = pygame.Surface((w, h))
            self._draw_sheet(sheet)
            self._cache = (key, sheet)
        surface.blit(self._cache[1], (0, 0))

    def _draw_sheet(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        w, h = surface.get_size()
        k = min(w / 1280, h / 720)
        rules, me = self.session.rules, self.session.player
        who = rules.model.factions[rules.faction_index[me]].name if me is not None else ""
        kicker = f"Charts · {who}" if who else "Charts"
        top = masthead(surface, frame, kicker, "Support and tracks")
        bottom = frame.bottom - max(40, round(44 * k))
        inner = frame.inflate(-round(60 * k), 0)
        right_w = round(inner.width * 0.36)
        gap = round(40 * k)
        left = pygame.Rect(inner.left, top, inner.width - right_w - gap, bottom - top)
        right = pygame.Rect(inner.right - right_w, top, right_w, bottom - top)
        self._draw_support(surface, left, k)
        pygame.draw.line(
            surface, theme.INK_PALE, (right.left - gap // 2, top), (right.left - gap // 2, bottom)
        )
        self._draw_tracks(surface, right, k)
        hint(surface, frame, HINT)

    def _draw_tabs(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> int:
        """The group selector: All · Workers · ...; returns the y below it."""
        regular = theme.font(max(12, round(16 * k)), "regular")
        bold = theme.font(max(12, round(16 * k)), "bold")
        x, y = area.left, area.top
        self.tab_rects = []
        label = theme.font(max(12, round(15 * k)), "italic").render("Group:", True, theme.INK_FADED)
        surface.blit(label, (x, y + 1))
        x += label.get_width() + round(12 * k)
        for i, name in enumerate(self.groups):
            chosen = i == self.group
            image = (bold if chosen else regular).render(
                name, True, theme.ACCENT if chosen else theme.INK
            )
            rect = image.get_rect(topleft=(x, y)).inflate(10, 6)
            self.tab_rects.append(rect)
            if chosen:
                pygame.draw.line(
                    surface,
                    theme.ACCENT,
                    (rect.left + 5, rect.bottom),
                    (rect.right - 5, rect.bottom),
                    2,
                )
            surface.blit(image, (x, y))
            x += image.get_width() + round(18 * k)
        return y + regular.get_linesize() + round(14 * k)

    def _x_axis(
        self, surface: pygame.Surface, plot: pygame.Rect, font: pygame.font.Font
    ) -> FloatArray:
        """Dates under the plot at a readable spacing; returns each turn's x."""
        n = len(self.turns)
        span = max(1, n - 1)
        xs = plot.left + np.arange(n, dtype=np.float64) * (plot.width / span)
        if n == 1:
            xs = np.array([plot.centerx], dtype=np.float64)
        widest = max(font.size(short_date(self.session, int(t)))[0] for t in self.turns) + 12
        every = max(1, int(np.ceil(widest / max(1.0, plot.width / span))))
        for i in range(0, n, every):
            x = round(xs[i])
            pygame.draw.line(surface, theme.INK_FADED, (x, plot.bottom), (x, plot.bottom + 4))
            image = font.render(short_date(self.session, int(self.turns[i])), True, theme.INK_FADED)
            left = min(
                max(x - image.get_width() // 2, plot.left - 10), plot.right - image.get_width() + 10
            )
            surface.blit(image, (left, plot.bottom + 6))
        return xs

    def _draw_support(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> None:
        y = self._draw_tabs(surface, area, k)
        small = theme.font(max(11, round(13 * k)), "regular")
        legend_font = theme.font(max(12, round(15 * k)), "regular")
        colours = [*self.colours, theme.INK_PALE]
        rows = self._legend_rows(legend_font, area, colours, k)
        legend_h = legend_font.get_linesize() * len(rows) + round(10 * k)
        axis_w = small.size("100%")[0] + round(10 * k)
        plot = pygame.Rect(
            area.left + axis_w,
            y + small.get_linesize() // 2,
            area.width - axis_w - round(8 * k),
            area.bottom - y - small.get_linesize() * 2 - legend_h - round(12 * k),
        )
        values = self.series[self.group]  # (factions + 1, turns)
        top, step = nice_top(float(values.max()) if values.size else 0.0)
        for tick in np.arange(0.0, top + 0.5, step):
            ty = round(plot.bottom - tick / top * plot.height)
            colour = theme.INK_FADED if tick == 0 else theme.PAPER_DARK
            pygame.draw.line(surface, colour, (plot.left, ty), (plot.right, ty), 1)
            image = small.render(f"{tick:.0f}%", True, theme.INK_FADED)
            surface.blit(image, (plot.left - image.get_width() - 6, ty - image.get_height() // 2))
        pygame.draw.line(surface, theme.INK_FADED, plot.topleft, plot.bottomleft, 1)
        xs = self._x_axis(surface, plot, small)
        ys = plot.bottom - values / top * plot.height  # numpy: every line's y at once
        order = [len(colours) - 1, *range(len(self.colours))]  # the unaligned underneath
        for f in order:
            points = [(float(x), float(v)) for x, v in zip(xs, ys[f], strict=True)]
            width = 1 if f == len(colours) - 1 else max(2, round(3 * k))
            if len(points) > 1:
                pygame.draw.lines(surface, colours[f], False, points, width)
            for point in points[-1:] if len(points) > 12 else points:
                pygame.draw.circle(surface, colours[f], point, max(2, round(3 * k)))
        # The legend under the dates: a swatch, the name and the share now.
        line = legend_font.get_linesize()
        ly = plot.bottom + small.get_linesize() + round(14 * k)
        for row in rows:
            for lx, label, colour in row:
                mid = ly + line // 2
                pygame.draw.line(
                    surface, colour, (lx, mid), (lx + round(22 * k), mid), max(2, round(3 * k))
                )
                surface.blit(legend_font.render(label, True, theme.INK), (lx + round(28 * k), ly))
            ly += line

    def _legend_rows(
        self,
        font: pygame.font.Font,
        area: pygame.Rect,
        colours: list[theme.Colour],
        k: float,
    ) -> list[list[tuple[int, str, theme.Colour]]]:
        """The legend's entries (x, label, colour), wrapped to the chart's width."""
        rows: list[list[tuple[int, str, theme.Colour]]] = [[]]
        x = area.left
        for (name, value), colour in zip(self.latest(), colours, strict=True):
            label = f"{name} {value:.0f}%"
            width = round(28 * k) + font.size(label)[0]
            if rows[-1] and x + width > area.right:
                rows.append([])
                x = area.left
            rows[-1].append((x, label, colour))
            x += width + round(20 * k)
        return rows

    def _draw_tracks(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> None:
        """Small multiples: each track's line over the turns, within its own range."""
        heading = theme.font(max(13, round(17 * k)), "bold")
        name_font = theme.font(max(11, round(14 * k)), "regular")
        value_font = theme.font(max(11, round(14 * k)), "bold")
        image = heading.render("The tracks", True, theme.INK)
        surface.blit(image, (area.left, area.top))
        top = area.top + image.get_height() + round(8 * k)
        n = len(self.track_names)
        cols = 2 if n > 4 else 1
        rows = max(1, -(-n // cols))
        gap = round(18 * k)
        cell_w = (area.width - gap * (cols - 1)) // cols
        cell_h = (area.bottom - top) // rows
        ranges = np.array(self.session.rules.track_range, dtype=np.float64).reshape(-1, 2)
        for t, name in enumerate(self.track_names):
            cell = pygame.Rect(
                area.left + (t % cols) * (cell_w + gap), top + (t // cols) * cell_h, cell_w, cell_h
            )
            value = f"{self.tracks[t, -1]:.0f}" if self.tracks.size else ""
            value_image = value_font.render(value, True, theme.INK)
            surface.blit(value_image, (cell.right - value_image.get_width(), cell.top))
            label = fit(name_font, name, cell.width - value_image.get_width() - 8)
            surface.blit(name_font.render(label, True, theme.INK_FADED), (cell.left, cell.top))
            spark = pygame.Rect(
                cell.left,
                cell.top + name_font.get_linesize() + 2,
                cell.width,
                cell.height - name_font.get_linesize() - round(12 * k),
            )
            pygame.draw.rect(surface, theme.PAPER_LIGHT, spark)
            pygame.draw.line(surface, theme.INK_PALE, spark.bottomleft, spark.bottomright)
            mid = spark.centery
            pygame.draw.line(surface, theme.PAPER_DARK, (spark.left, mid), (spark.right, mid))
            low, high = ranges[t]
            series = self.tracks[t]
            span = max(1, len(series) - 1)
            xs = spark.left + np.arange(len(series)) * (spark.width / span)
            ys = spark.bottom - (series - low) / max(1.0, high - low) * spark.height
            points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
            if len(points) > 1:
                pygame.draw.lines(surface, theme.INK, False, points, max(1, round(2 * k)))
            pygame.draw.circle(surface, theme.ACCENT, points[-1], max(2, round(3 * k)))

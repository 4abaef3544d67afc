"""Charts: how each faction's support and the tracks have moved, turn by turn.

`ChartsScene(session)` goes over the map (or the ending). Two rows of choices
sit over the support chart: the group whose support is drawn (All is weighted
by population over groups and districts) and the faction whose line stands out
(All: none does); a Close button sits in the corner.

Keys: Tab/Shift+Tab (or Down/Up) move the focus round the group row, the
faction row and Close; Left/Right choose within the focused row (Enter or Space
step to the next choice; on Close they close); the number keys 1-9 choose a
group (1 is All); Esc or H close. The mouse: click a group, a faction or Close.

The states after every turn come from the session's checkpoints (the state
before each turn) and the current state; a session without them is replayed
from its records.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import MONTHS
from game.engine.state import BASIS, State
from game.session import ReplayMismatch, Session, replay
from game.ui import theme
from game.ui.scene import POP, Scene, Transition
from game.ui.scenes.journal import (
    ACTIVATE,
    Focus,
    corner_button,
    focus_mark,
    hint,
    masthead,
    page,
    tab_step,
)
from game.ui.text import wrap

FloatArray = npt.NDArray[np.float64]

ALL = "All"
UNALIGNED = "Unaligned"
SCREENSHOT_TURNS = 12  # how far the charts' screenshot plays before it is drawn
_NEXT = {pygame.K_RIGHT: 1, pygame.K_LEFT: -1}
_ROWS = {pygame.K_DOWN: 1, pygame.K_UP: -1}
_CLOSE = (pygame.K_ESCAPE, pygame.K_h)
_DIGITS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
HINT = "Tab or up/down to a row  ·  left/right to choose  ·  1-9 a group  ·  Esc to close"


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
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


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
        self.lines = [ALL, *self.factions, UNALIGNED]  # the choice of the line that stands out
        self.line = 0
        self.tab_rects: list[pygame.Rect] = []
        self.line_rects: list[pygame.Rect] = []  # for each of `lines`, where its name is drawn
        self.row_rects: dict[str, pygame.Rect] = {}  # the group and faction rows, for the focus
        self.focus = Focus(["groups", "factions", "close"])
        self.close_button: UIButton | None = None
        self._cache: tuple[tuple[int, ...], pygame.Surface] | None = None

    # -- what it shows -------------------------------------------------------------------

    @property
    def group_name(self) -> str:
        return self.groups[self.group]

    def latest(self) -> list[tuple[str, float]]:
        """Each faction's (and the unaligned) share now, in the chosen group."""
        names = [*self.factions, UNALIGNED]
        return [(n, float(self.series[self.group, f, -1])) for f, n in enumerate(names)]

    @property
    def line_name(self) -> str:
        return self.lines[self.line]

    @property
    def standing_out(self) -> int | None:
        """The faction row (of `series`) whose line stands out, or None for all alike."""
        return self.line - 1 if self.line else None

    def set_group(self, index: int) -> None:
        self.group = index % len(self.groups)
        self.dirty = True

    def set_line(self, index: int) -> None:
        self.line = index % len(self.lines)
        self.dirty = True

    def build(self, size: tuple[int, int]) -> None:
        self.close_button = corner_button(self.manager, size, "Close")
        self.add(self.close_button)
        self._show_focus()

    def _show_focus(self) -> None:
        if self.close_button is not None:
            self.focus.show({"close": self.close_button})
        self.dirty = True

    def _choose(self, step: int) -> None:
        """Move the choice of the focused row by `step`."""
        if self.focus.part == "groups":
            self.set_group(self.group + step)
        elif self.focus.part == "factions":
            self.set_line(self.line + step)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            return POP
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        return None

    def _key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in _CLOSE or (event.key in ACTIVATE and self.focus.part == "close"):
            return POP
        step = tab_step(event) or _ROWS.get(event.key, 0)
        if step:
            self.focus.move(step)
            self._show_focus()
        elif event.key in _NEXT:
            self._choose(_NEXT[event.key])
        elif event.key in ACTIVATE:
            self._choose(1)
        elif event.key in _DIGITS and _DIGITS[event.key] < len(self.groups):
            self.focus.to("groups")
            self._show_focus()
            self.set_group(_DIGITS[event.key])
        return None

    def _click(self, pos: tuple[int, int]) -> None:
        for i, rect in enumerate(self.tab_rects):
            if rect.collidepoint(pos):
                self.focus.to("groups")
                self.set_group(i)
        for i, rect in enumerate(self.line_rects):
            if rect.collidepoint(pos):
                self.focus.to("factions")
                self.set_line(i)
        self._show_focus()

    def shown_texts(self) -> list[str]:
        texts = ["Support and tracks", f"Support: {self.group_name}", f"Lines: {self.line_name}"]
        texts += [*self.groups, *self.factions, UNALIGNED, *self.track_names]
        return texts + [f"{n} {v:.0f}%" for n, v in self.latest()]

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        key = (w, h, self.group, self.line, self.focus.index)
        if self._cache is None or self._cache[0] != key:
            sheet = theme.sheet((w, h))
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
        """The group selector: Group: All · Workers · ...; returns the y below it."""
        self.tab_rects, bottom = self._draw_choices(
            surface, (area.left, area.top), "Group:", self.groups, self.group, k
        )
        self.row_rects["groups"] = pygame.Rect(area.left, area.top, area.width, bottom - area.top)
        return bottom + round(14 * k)

    def _draw_choices(
        self,
        surface: pygame.Surface,
        at: tuple[int, int],
        label: str,
        names: list[str],
        chosen: int,
        k: float,
    ) -> tuple[list[pygame.Rect], int]:
        """A row of names after an italic label, the chosen one red and underlined;
        returns where each name is and the y below the row."""
        regular = theme.font(max(12, round(16 * k)), "regular")
        bold = theme.font(max(12, round(16 * k)), "bold")
        x, y = at
        image = theme.font(max(12, round(15 * k)), "italic").render(label, True, theme.INK_FADED)
        surface.blit(image, (x, y + 1))
        x += image.get_width() + round(12 * k)
        rects = []
        for i, name in enumerate(names):
            on = i == chosen
            image = (bold if on else regular).render(name, True, theme.ACCENT if on else theme.INK)
            rect = image.get_rect(topleft=(x, y)).inflate(10, 6)
            rects.append(rect)
            if on:
                left, right = rect.left + 5, rect.right - 5
                pygame.draw.line(
                    surface, theme.ACCENT, (left, rect.bottom), (right, rect.bottom), 2
                )
            surface.blit(image, (x, y))
            x += image.get_width() + round(18 * k)
        return rects, y + regular.get_linesize()

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
        last_right = plot.left - 10**6
        for i in range(0, n, every):
            x = round(xs[i])
            image = font.render(short_date(self.session, int(self.turns[i])), True, theme.INK_FADED)
            # Not left of the plot: the axis's "0%" sits just there.
            left = min(
                max(x - image.get_width() // 2, plot.left), plot.right - image.get_width() + 10
            )
            if left < last_right + 6:
                continue  # the first date, pushed right, would run into this one
            pygame.draw.line(surface, theme.INK_FADED, (x, plot.bottom), (x, plot.bottom + 4))
            surface.blit(image, (left, plot.bottom + 6))
            last_right = left + image.get_width()
        return xs

    def _draw_support(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> None:
        y = self._draw_tabs(surface, area, k)
        small = theme.font(max(11, round(13 * k)), "regular")
        legend_font = theme.font(max(12, round(15 * k)), "regular")
        colours = [*self.colours, theme.INK_PALE]
        rows = self._legend_rows(legend_font, area, k)
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
        self._draw_lines(surface, xs, ys, colours, k)
        legend_top = plot.bottom + small.get_linesize() + round(14 * k)
        self._draw_legend(surface, rows, legend_font, (area.left, legend_top), k)
        self.row_rects["factions"] = pygame.Rect(
            area.left, legend_top, area.width, legend_font.get_linesize() * len(rows)
        )
        if self.focus.part in self.row_rects:
            focus_mark(surface, self.row_rects[self.focus.part].inflate(-24, 0))

    def _draw_lines(
        self,
        surface: pygame.Surface,
        xs: FloatArray,
        ys: FloatArray,
        colours: list[theme.Colour],
        k: float,
    ) -> None:
        """Each faction's line; the unaligned underneath, the one standing out on top."""
        unaligned = len(colours) - 1
        out = self.standing_out
        order = [unaligned, *range(len(self.colours))]
        if out is not None:
            order = [f for f in order if f != out] + [out]
        for f in order:
            points = [(float(x), float(v)) for x, v in zip(xs, ys[f], strict=True)]
            colour = colours[f]
            width = 1 if f == unaligned else max(2, round(3 * k))
            if out is not None and f != out:
                colour, width = theme.mix(colour, theme.PAPER, 0.6), 1
            elif f == out:
                width = max(3, round(5 * k))
            if len(points) > 1:
                pygame.draw.lines(surface, colour, False, points, width)
            for point in points[-1:] if len(points) > 12 else points:
                pygame.draw.circle(surface, colour, point, max(2, round(3 * k)))

    def _draw_legend(
        self,
        surface: pygame.Surface,
        rows: list[list[tuple[int, str, theme.Colour | None]]],
        font: pygame.font.Font,
        topleft: tuple[int, int],
        k: float,
    ) -> None:
        """Under the dates, the faction row: a swatch, the name and the share now of each
        line, after 'Lines:' and 'All'; the one standing out is bold and underlined."""
        left, top = topleft
        line = font.get_linesize()
        label = theme.font(max(12, round(15 * k)), "italic").render("Lines:", True, theme.INK_FADED)
        surface.blit(label, (left, top + 1))
        self.line_rects = []
        y = top
        index = 0
        for row in rows:
            for lx, text, colour in row:
                on = index == self.line
                x = lx
                if colour is not None:
                    mid = y + line // 2
                    end = lx + round(22 * k)
                    pygame.draw.line(surface, colour, (lx, mid), (end, mid), max(2, round(3 * k)))
                    x += round(28 * k)
                image = font.render(text, True, theme.ACCENT if on else theme.INK)
                surface.blit(image, (x, y))
                rect = pygame.Rect(lx, y, x - lx + image.get_width(), line).inflate(10, 4)
                if on:
                    left, right = x, x + image.get_width()
                    pygame.draw.line(surface, theme.ACCENT, (left, y + line), (right, y + line), 2)
                self.line_rects.append(rect)
                index += 1
            y += line

    def _legend_rows(
        self, font: pygame.font.Font, area: pygame.Rect, k: float
    ) -> list[list[tuple[int, str, theme.Colour | None]]]:
        """The faction row's entries (x, label, swatch colour or None), wrapped to the
        chart's width: All, then each faction and the unaligned with its share now."""
        italic = theme.font(max(12, round(15 * k)), "italic")
        start = area.left + italic.size("Lines:")[0] + round(12 * k)
        entries: list[tuple[str, theme.Colour | None]] = [(ALL, None)]
        colours = [*self.colours, theme.INK_PALE]
        entries += [
            (f"{name} {value:.0f}%", colour)
            for (name, value), colour in zip(self.latest(), colours, strict=True)
        ]
        rows: list[list[tuple[int, str, theme.Colour | None]]] = [[]]
        x = start
        for label, colour in entries:
            width = (round(28 * k) if colour is not None else 0) + font.size(label)[0]
            if rows[-1] and x + width > area.right:
                rows.append([])
                x = start
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
            # A long name in large text takes a second line from the sparkline.
            lines = wrap(name_font, name, cell.width - value_image.get_width() - 8) or [name]
            for n, line in enumerate(lines):
                image = name_font.render(line, True, theme.INK_FADED)
                surface.blit(image, (cell.left, cell.top + n * name_font.get_linesize()))
            named = len(lines) * name_font.get_linesize()
            spark = pygame.Rect(
                cell.left,
                cell.top + named + 2,
                cell.width,
                max(4, cell.height - named - round(12 * k)),
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

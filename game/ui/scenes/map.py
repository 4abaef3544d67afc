"""The map screen: the city, a top bar with the date and the player's means, the
tracks and the player's actions beside it, this turn's orders and the news, and End turn.

It reads the session's state and sends the player's decisions. Choosing an action
enters target mode: a district is picked on the map, a site or unit from a list;
what is open is asked of the engine with the running totals (see `orders.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import cost_text, owner_name, turn_date, turn_heading
from game.engine.rules import ActionRule, EventRule
from game.engine.state import State
from game.play import Game, PlayError
from game.play.orders import ActionRow
from game.saves.store import SaveStore, default_saves_dir
from game.session import Session
from game.ui import gui, theme
from game.ui.breakdown import (
    Breakdown,
    Cell,
    district_breakdown,
    district_causes,
    site_at,
    site_lines,
    track_reasons,
    unit_reasons,
    units_in,
)
from game.ui.mapview import OVERLAY_NAMES, OVERLAYS, MapView, Overlay
from game.ui.scene import POP, Scene, Transition, push, replace
from game.ui.scenes import saveload
from game.ui.scenes.event import EventScene
from game.ui.text import fit, wrap

if TYPE_CHECKING:
    from game.ui.app import App

__all__ = ["ActionRow", "MapScene", "Targeting", "Tip"]

SIDE = 370
LEFT = 270
OVERLAY_GAP = 8  # between the overlay buttons in the bottom bar


# The bars and rows hold text, so their heights follow the player's text size; the
# setting changes while the game runs, so they are asked for at layout and draw time.
def top_bar() -> int:
    """The top bar's height: the heading and the resources line under it."""
    return theme.step(66, 21, "bold") + theme.step(0, 16)


def bottom_bar() -> int:
    return theme.step(46, 15, "italic")


def row_height() -> int:
    """An action's row (and a listed target's) in the side panel."""
    return theme.step(20, 15, "bold")


def track_row() -> int:
    return theme.step(20, 14)


def panel_heading() -> int:
    """The room a side panel's heading ("The state of things", "Your actions") takes."""
    return theme.step(34, 17, "bold")


def effects_height() -> int:
    """The room at the foot of a target list for the chosen target's effects (three lines)."""
    return 2 * theme.step(17, 13, "italic") + theme.line_height(13, "italic") + 5


def overlay_button_widths() -> list[int]:
    """The overlay buttons' widths: 120 px, or wider where the label needs it."""
    font = theme.font(15)
    return [max(120, font.size(overlay_label(i))[0] + 24) for i in range(len(OVERLAYS))]


def overlay_label(index: int) -> str:
    return f"{index + 1}  {OVERLAY_NAMES[OVERLAYS[index]]}"


def overlay_buttons_right() -> int:
    """Where the last overlay button ends: the bottom bar's text starts after it."""
    widths = overlay_button_widths()
    return 12 + sum(widths) + OVERLAY_GAP * (len(widths) - 1)


_OVERLAY_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}
_NEXT_KEYS = (pygame.K_TAB, pygame.K_DOWN)
_PREV_KEYS = (pygame.K_UP,)
_ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
_REMOVE_KEYS = (pygame.K_DELETE, pygame.K_BACKSPACE)
# F1 comes first: the line is cut short in a narrow window, and F1 lists all the rest.
FOOTER = (
    "F1 all keys · Tab/↑↓ choose · Enter take · Del remove · J journal · C codex · "
    "H charts · S save · F5/F9 quick · Ctrl+Z undo turn · Esc back"
)
TARGET_FOOTER = "F1 all keys · ↑↓ target · ←→ group · Enter queue · Esc back"


@dataclass(frozen=True)
class Tip:
    """A tooltip: its lines (the first is the heading), then a table and the lines after it."""

    lines: list[str]
    table: Breakdown | None = None
    caption: str = ""  # above the table
    after: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        table = [self.caption, *self.table.lines()] if self.table is not None else []
        return [t for t in [*self.lines, *table, *self.after] if t]


# The pages the map opens, as buttons for the mouse: each does what its key does.
PAGE_BUTTONS: tuple[tuple[str, int, str], ...] = (
    ("Journal", pygame.K_j, "Everything that has happened so far (J)"),
    ("Codex", pygame.K_c, "The people, places, parties and units (C)"),
    ("Charts", pygame.K_h, "Support and the tracks over the turns (H)"),
    ("Save", pygame.K_s, "Save or load a game (S; F5 quicksave, F9 quickload)"),
    ("Keys", pygame.K_F1, "Every key of this screen (F1)"),
    ("Title", pygame.K_ESCAPE, "Back to the title page (Esc)"),
)
PAGE_COLUMNS = 3


def page_button_height() -> int:
    return theme.step(28, 15)


@dataclass
class Targeting:
    """An action waiting for its target: a district on the map, or a site or unit from a list."""

    action: ActionRule
    group: int | None = None  # for group_region targets
    focus: int = 0  # index into the open targets

    @property
    def on_map(self) -> bool:
        return self.action.spec.target in ("region", "group_region")


class MapScene(Scene):
    name = "map"

    def __init__(
        self, game: Game | Session, store: SaveStore | None = None, *, guide: bool = False
    ) -> None:
        """`game`: the game in play (a bare Session is wrapped in one); `store`: where its
        saves go (None: the window's folder). `guide`: a new game's first map, which shows
        the guided first turn over itself if the player's settings ask for it (loaded
        games never do)."""
        super().__init__()
        if isinstance(game, Session):
            if game.player is None:
                raise ValueError("the map screen needs a player's faction")
            game = Game(game, store)
        elif store is not None:
            game.store = store
        self.game = game
        self.guide_pending = guide
        session = game.session
        self.session = session
        self.rules = session.rules
        self.me = game.me
        self.view = MapView(self.rules)
        self.overlay = Overlay("support", self.me, None)
        self.status = ""
        self.end_turn: UIButton | None = None
        self.overlay_buttons: list[UIButton] = []
        # The words of the orders and the news, kept between frames (see their properties).
        self._queued_of: State | None = None
        self._queued_key: tuple[tuple[int, int], ...] = ()
        self._queued_lines: list[tuple[str, str]] = []
        self._news_of: State | None = None
        self._news: list[str] = []
        self.page_buttons: list[UIButton] = []
        self.book = game.book
        self.rows: list[ActionRow] = []
        self.hover: int | None = None  # the region under the mouse
        self.hover_track: int | None = None
        self.hover_queued: int | None = None  # an order in the "This turn" list
        self.hover_site: int | None = None  # a site's marker on the map
        self.hover_unit: tuple[int, int] | None = None  # (region, unit) of a unit's flag
        self.tip_rect: pygame.Rect | None = None  # where the tooltip was last drawn
        self.hover_row: int | None = None  # an action row, or a target row in target mode
        self.mouse = (0, 0)
        self.focus: int | None = None  # the action row chosen by keyboard
        self.targeting: Targeting | None = None
        self._overlay_before: Overlay | None = None
        # Where things were drawn, for the mouse: filled in by draw().
        self.row_rects: list[pygame.Rect] = []
        self.target_rects: list[pygame.Rect] = []
        self.group_rects: list[tuple[int, pygame.Rect]] = []
        self.remove_rects: list[pygame.Rect] = []
        self.queued_rects: list[pygame.Rect] = []  # the whole entry, for its tooltip
        self.track_rects: list[pygame.Rect] = []
        self.refresh()

    # -- what the screen says ----------------------------------------------------------

    @property
    def faction_name(self) -> str:
        return self.rules.model.factions[self.me].name

    @property
    def heading(self) -> str:
        return turn_heading(self.rules, self.session.state)

    @property
    def date(self) -> str:
        return turn_date(self.rules, self.session.state)

    @property
    def resources_line(self) -> str:
        state = self.session.state
        have = state.resources[self.me] - self.book.spent(state)
        parts = [f"{r.name} {int(have[i])}" for i, r in enumerate(self.rules.model.resources)]
        per_turn = self.rules.actions_per_turn[self.me]
        queued = len(self.book.queued)
        return "   ·   ".join(parts) + f"      ({queued} of {per_turn} actions queued)"

    @property
    def track_lines(self) -> list[tuple[str, int, int, int]]:
        """(name, value, min, max) of every track."""
        tracks = self.session.state.tracks
        return [
            (t.name, int(tracks[i]), t.min, t.max) for i, t in enumerate(self.rules.model.tracks)
        ]

    @property
    def queued_lines(self) -> list[tuple[str, str]]:
        """(the order, its effects in words) for every order queued this turn; worked out
        again only when the state or the orders change, not for every frame."""
        state = self.session.state
        orders = tuple((action.index, target) for action, target in self.book.queued)
        if self._queued_of is not state or self._queued_key != orders:
            lines = [(q.label, q.effects) for q in self.book.listing(state)]
            self._queued_of, self._queued_key, self._queued_lines = state, orders, lines
        return self._queued_lines

    @property
    def news(self) -> list[str]:
        state = self.session.state
        if self._news_of is not state:
            self._news_of, self._news = state, self.game.news()
        return self._news

    def refresh(self) -> None:
        """Read the state again: the action rows, the status, the widgets' texts."""
        state = self.session.state
        self.rows = self.book.rows(state)
        if self.session.over:
            ending = self.rules.model.endings[state.ending]
            self.status = f"The game is over: {ending.title}."
        if self.end_turn is not None:
            gui.enable(self.end_turn, not self.session.over)
        self.dirty = True

    def support_line(self, region: int) -> str:
        state, group = self.session.state, self.overlay.group
        parts = []
        for f, faction in enumerate(self.rules.model.factions):
            share = self.view.values(state, Overlay("support", f, group))[region]
            parts.append(f"{faction.short_name or faction.name} {round(float(share) * 100)}%")
        return f"{self.view.names[region]}: " + ",  ".join(parts)

    @property
    def hover_text(self) -> str:
        """The hovered region's support, faction by faction, among the overlay's group(s)."""
        if self.hover is None:
            return ""
        return self.support_line(self.hover)

    @property
    def before(self) -> State | None:
        """The state the last turn began from, to say what changed; None before the first turn."""
        return self.game.before

    @property
    def tooltip(self) -> list[str]:
        """The tooltip in words, a line each (its table a row a line)."""
        return self.tip.texts()

    @property
    def tip(self) -> Tip:
        """What the mouse is over, explained: a track's moves, a target, a site, a district, a row."""
        state = self.session.state
        if self.hover_track is not None:
            name, value, _, _ = self.track_lines[self.hover_track]
            reasons = track_reasons(self.rules, state, self.hover_track)
            head = f"{name}: {value}"
            return Tip([head, *reasons] if reasons else [head, "Unchanged last turn."])
        if self.targeting is not None and self.hover is not None and self.targeting.on_map:
            candidate, problem = self.region_target(self.hover)
            action = self.targeting.action
            if candidate is None:
                return Tip([self.view.names[self.hover], "Not a target of this action."])
            label = self.book.target_label(state, action, candidate)
            if problem is not None:
                return Tip([label, f"Closed: {problem}"])
            return Tip(
                [label, f"Will: {self.book.effects(state, action, candidate)}", "Click to queue."]
            )
        if self.targeting is not None and self.hover_row is not None:
            targets = self.open_list_targets()
            if self.hover_row < len(targets):
                action, c = self.targeting.action, targets[self.hover_row]
                label = self.book.target_label(state, action, c)
                return Tip(
                    [label, f"Will: {self.book.effects(state, action, c)}", "Click to queue."]
                )
        if self.hover_site is not None:
            return self.site_tip(self.hover_site)
        if self.hover_unit is not None:
            return self.unit_tip(*self.hover_unit)
        if self.hover is not None:
            return self.district_tip(self.hover)
        queued = self.hover_queued
        if queued is not None and queued < len(self.book.queued):
            label, effects = self.queued_lines[queued]
            return Tip([label, f"Will: {effects}", "The cross takes it back (Del: the last one)."])
        if self.targeting is None and self.hover_row is not None:
            row = self.rows[self.hover_row]
            detail = row.action.spec.description.strip() if row.action.spec.description else ""
            state_line = f"Closed: {row.reason}" if row.reason else _open_words(row)
            return Tip([f"{row.name} ({row.cost})", state_line] + ([detail] if detail else []))
        return Tip([])

    def district_tip(self, region: int) -> Tip:
        """A district's numbers: every side among every group, mobilisation, and why they moved."""
        state, rules, before = self.session.state, self.rules, self.before
        group = self.overlay.group
        among = "all groups" if group is None else rules.model.groups[group].name.lower()
        head = [self.support_line(region), f"(among {among})"]
        table = district_breakdown(rules, state, before, region)
        caption = "Per cent of each group; mobilised of 100" + (
            "" if before is None else "; last turn's change in brackets"
        )
        after = district_causes(rules, state, self.me, region)
        if before is None:
            after.append("The first turn: nothing has moved yet.")
        elif not after:
            after.append("Nothing recorded moved these numbers last turn.")
        units = [
            rules.model.units[u].name
            for u in range(len(rules.model.units))
            if int(state.unit_region[u]) == region
        ]
        if units:
            after.append(
                f"Armed units here: {', '.join(units)} (hover their flags for the numbers)"
            )
        return Tip(head, table, caption, after)

    def unit_tip(self, region: int, unit: int) -> Tip:
        """A unit's flag: the unit in a line, then every unit in its district with its numbers."""
        state, rules, before = self.session.state, self.rules, self.before
        spec = rules.model.units[unit]
        owner = owner_name(rules, int(state.unit_owner[unit]))
        head = (
            f"{spec.name} ({spec.kind.replace('_', ' ')}): {owner}, "
            f"{int(state.unit_strength[unit])} men, loyalty {int(state.unit_loyalty[unit])}"
        )
        where = rules.model.regions[region].name
        return Tip(
            [head],
            units_in(rules, state, before, region),
            f"Armed units in {where}",
            unit_reasons(rules, state, before, region),
        )

    def site_tip(self, site: int) -> Tip:
        """A site: who holds it, its defence, and the units in its district with their numbers."""
        state, rules, before = self.session.state, self.rules, self.before
        region = int(rules.site_region[site])
        lines = site_lines(rules, state, before, site)
        units = units_in(rules, state, before, region)
        where = rules.model.regions[region].name
        if not units.rows:
            return Tip([*lines, f"No armed units stand in {where}."])
        return Tip(
            lines, units, f"Armed units in {where}", unit_reasons(rules, state, before, region)
        )

    @property
    def target_prompt(self) -> str:
        t = self.targeting
        if t is None:
            return ""
        where = "a district on the map" if t.on_map else "a target from the list"
        return f"{t.action.spec.name}: choose {where}  ·  Esc to cancel"

    @property
    def footer(self) -> str:
        t = self.targeting
        if t is None:
            return FOOTER
        if t.action.spec.target == "group_region":
            return TARGET_FOOTER
        return TARGET_FOOTER.replace(" · ←→ group", "")

    def target_lines(self) -> list[str]:
        """What target mode shows in the side panel."""
        t = self.targeting
        if t is None:
            return []
        state = self.session.state
        lines = [f"{t.action.spec.name} ({cost_text(self.rules, t.action)})"]
        if t.on_map:
            lines.append("Click an open district on the map.")
        else:
            lines += [self.book.target_label(state, t.action, c) for c in self.open_list_targets()]
        return lines

    def shown_texts(self) -> list[str]:
        texts = [self.heading, self.faction_name, self.resources_line, self.status, self.hover_text]
        texts += [f"{name} {value}" for name, value, _, _ in self.track_lines]
        texts += [row.text for row in self.rows]
        texts += [f"{label}: {effects}" for label, effects in self.queued_lines]
        texts += [*self.news, *self.tooltip, *self.target_lines(), self.footer, self.target_prompt]
        texts += [self.view.describe(self.overlay)]
        texts += [w.text for w in self.widgets if isinstance(w, UIButton)]
        return [t for t in texts if t]

    # -- target mode ---------------------------------------------------------------------

    def region_candidates(self) -> dict[int, int]:
        """Region -> candidate of the action in target mode (for the group chosen)."""
        t = self.targeting
        if t is None or not t.on_map:
            return {}
        out = {}
        for c, target in enumerate(t.action.candidates):
            if t.action.spec.target == "region":
                out[target[0]] = c
            elif target[0] == t.group:
                out[target[1]] = c
        return out

    def region_target(self, region: int) -> tuple[int | None, str | None]:
        """The candidate aimed at by a district, and why it is closed (or None)."""
        t = self.targeting
        candidate = self.region_candidates().get(region)
        if t is None or candidate is None:
            return None, None
        return candidate, self.book.problem(self.session.state, t.action, candidate)

    def open_regions(self) -> list[int]:
        state, t = self.session.state, self.targeting
        if t is None:
            return []
        return [
            r
            for r, c in sorted(self.region_candidates().items())
            if self.book.problem(state, t.action, c) is None
        ]

    def open_list_targets(self) -> list[int]:
        t = self.targeting
        if t is None or t.on_map:
            return []
        return self.book.open_targets(self.session.state, t.action)

    def target_groups(self) -> list[int]:
        """The groups a group_region action may still be aimed at somewhere."""
        t = self.targeting
        if t is None or t.action.spec.target != "group_region":
            return []
        open_ = self.book.open_targets(self.session.state, t.action)
        return sorted({t.action.candidates[c][0] for c in open_})

    def choose_action(self, index: int) -> None:
        """Take an action row: queue it at once, or enter target mode, or say why not."""
        row = self.rows[index]
        if row.reason is not None:
            self.status = f"{row.name} is closed: {row.reason}"
            self.dirty = True
            return
        action = row.action
        if action.spec.target == "none":
            self.queue(action, 0)
            return
        self.targeting = Targeting(action)
        self.hover_row = None
        if action.spec.target == "group_region":
            groups = self.target_groups()
            wanted = self.overlay.group
            self.set_target_group(wanted if wanted in groups else groups[0])
        self.status = f"{action.spec.name}: choose a target."
        self.dirty = True

    def set_target_group(self, group: int) -> None:
        t = self.targeting
        if t is None:
            return
        t.group, t.focus = group, 0
        if self._overlay_before is None:
            self._overlay_before = self.overlay
        self.overlay = Overlay("support", self.me, group)
        self._mark_overlay()

    def leave_targeting(self) -> None:
        self.targeting = None
        if self._overlay_before is not None:
            self.overlay, self._overlay_before = self._overlay_before, None
            self._mark_overlay()
        self.dirty = True

    def queue(self, action: ActionRule, candidate: int) -> bool:
        problem = self.game.queue(action, candidate)
        if problem is not None:
            self.status = f"Cannot queue {self.book.label(action, candidate)}: {problem}"
        else:
            self.status = f"Queued: {self.book.label(action, candidate)}."
            self.leave_targeting()
            if len(self.book.queued) >= self.book.limit:
                self.focus = None  # Enter ends the turn again
        self.refresh()
        return problem is None

    def remove_order(self, index: int) -> None:
        if not 0 <= index < len(self.book.queued):
            return
        label = self.game.take_back(index)
        self.status = f"Taken back: {label}."
        self.refresh()

    def target_focus_step(self, step: int) -> None:
        t = self.targeting
        if t is None:
            return
        count = len(self.open_regions()) if t.on_map else len(self.open_list_targets())
        if count:
            t.focus = (t.focus + step) % count
        self.dirty = True

    def target_enter(self) -> None:
        t = self.targeting
        if t is None:
            return
        if t.on_map:
            regions = self.open_regions()
            if regions:
                candidate = self.region_candidates()[regions[t.focus % len(regions)]]
                self.queue(t.action, candidate)
        else:
            targets = self.open_list_targets()
            if targets:
                self.queue(t.action, targets[t.focus % len(targets)])

    def focused_region(self) -> int | None:
        t = self.targeting
        if t is None or not t.on_map:
            return None
        regions = self.open_regions()
        return regions[t.focus % len(regions)] if regions else None

    # -- the guided first turn ------------------------------------------------------------

    def enter(self, app: App) -> None:
        super().enter(app)
        _ = self.store  # a game given no folder saves in the window's
        if self.guide_pending:
            self.guide_pending = False  # once: coming back from the journal is no new game
            if app.settings.guide:
                from game.ui.scenes.guide import GuideScene

                app.push(GuideScene(self))

    # -- layout ------------------------------------------------------------------------

    def map_rect(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        top, bottom = top_bar(), bottom_bar()
        return pygame.Rect(LEFT, top, w - SIDE - LEFT, h - top - bottom)

    def left_rect(self, size: tuple[int, int]) -> pygame.Rect:
        top = top_bar()
        return pygame.Rect(0, top, LEFT, size[1] - top - bottom_bar())

    def pages_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The buttons to the journal, codex, charts, saves, keys and title, at the foot of
        the left panel (the news stops above them)."""
        left = self.left_rect(size)
        rows = -(-len(PAGE_BUTTONS) // PAGE_COLUMNS)
        height = rows * page_button_height() + (rows - 1) * 6 + 16
        return pygame.Rect(left.left, left.bottom - height, left.width, height)

    def side_rect(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        top = top_bar()
        return pygame.Rect(w - SIDE, top, SIDE, h - top)

    def tracks_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The tracks at the top of the side panel, with their heading."""
        side = self.side_rect(size)
        return pygame.Rect(side.left + 6, side.top + 4, side.width - 12, self.tracks_height() - 4)

    def queue_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The "This turn" list at the top of the left panel (the news comes below it)."""
        left = self.left_rect(size)
        return pygame.Rect(left.left + 4, left.top + 4, left.width - 8, min(236, left.height - 8))

    def region_rect(self, region: int, size: tuple[int, int]) -> pygame.Rect:
        """A district's bounding box on the screen, within the map."""
        area = self.map_rect(size)
        self.view.fit(area.size)
        points = self._region_outline(region, area)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        return box.clip(area)

    def tracks_height(self) -> int:
        return panel_heading() + len(self.track_lines) * track_row()

    def end_turn_rect(self, size: tuple[int, int]) -> pygame.Rect:
        side = self.side_rect(size)
        height = theme.step(50, 20, "bold")
        return pygame.Rect(side.left + 16, side.bottom - 16 - height, side.width - 32, height)

    def list_area(self, size: tuple[int, int]) -> pygame.Rect:
        """Where the action rows (or the targets) go in the side panel."""
        side = self.side_rect(size)
        top = side.top + self.tracks_height() + panel_heading()
        bottom = self.end_turn_rect(size).top - theme.step(26, 13, "italic")  # the footer line
        return pygame.Rect(side.left + 10, top, side.width - 20, bottom - top)

    def build(self, size: tuple[int, int]) -> None:
        self.view.palette = self.app.settings.palette  # every settings change rebuilds
        self.end_turn = UIButton(
            self.end_turn_rect(size),
            "End turn",
            self.manager,
            object_id="#end_turn",
            tool_tip_text="Resolve this turn (Enter)",
        )
        self.add(self.end_turn)
        gui.enable(self.end_turn, not self.session.over)
        bar = bottom_bar()
        bottom = size[1] - bar
        self.overlay_buttons = []
        x = 12
        for i, width in enumerate(overlay_button_widths()):
            rect = pygame.Rect(x, bottom + 8, width, bar - 14)
            button = UIButton(rect, overlay_label(i), self.manager, object_id="#overlay_button")
            self.add(button)
            self.overlay_buttons.append(button)
            x += width + OVERLAY_GAP
        self._mark_overlay()
        self.page_buttons = []
        pages = self.pages_rect(size)
        width = (pages.width - 24 - (PAGE_COLUMNS - 1) * 6) // PAGE_COLUMNS
        height = page_button_height()
        for i, (label, _, tip) in enumerate(PAGE_BUTTONS):
            row, column = divmod(i, PAGE_COLUMNS)
            rect = pygame.Rect(
                pages.left + 12 + column * (width + 6),
                pages.top + 8 + row * (height + 6),
                width,
                height,
            )
            button = UIButton(
                rect, label, self.manager, object_id="#page_button", tool_tip_text=tip
            )
            self.add(button)
            self.page_buttons.append(button)
        self.layout_hit_areas(size)

    def layout_hit_areas(self, size: tuple[int, int]) -> None:
        """Where the rows, chips and track bars are, for the mouse (the drawing uses them too)."""
        area = self.list_area(size)
        row = row_height()
        visible = max(1, area.height // row)
        first = 0 if self.focus is None else max(0, self.focus - visible + 1)
        self.row_rects = [
            pygame.Rect(area.left, area.top + (i - first) * row, area.width, row)
            if first <= i < first + visible
            else pygame.Rect(0, 0, 0, 0)
            for i in range(len(self.rows))
        ]
        side = self.side_rect(size)
        heading, track = panel_heading(), track_row()
        self.track_rects = [
            pygame.Rect(side.left + 10, side.top + heading + i * track, side.width - 20, track)
            for i in range(len(self.track_lines))
        ]
        self.group_rects, self.target_rects = [], []
        t = self.targeting
        if t is not None:
            y = area.top + theme.step(26, 15, "bold")
            if t.action.spec.target == "group_region":
                font = theme.font(14, "regular")
                x = area.left + 6
                for g in self.target_groups():
                    width = font.size(self.rules.model.groups[g].name)[0] + 18
                    if x + width > area.right:
                        x, y = area.left + 6, y + theme.step(28, 14)
                    self.group_rects.append((g, pygame.Rect(x, y, width, theme.step(24, 14))))
                    x += width + 6
                y += theme.step(34, 14)
            if not t.on_map:
                targets = self.open_list_targets()
                visible = max(1, (area.bottom - effects_height() - 14 - y) // row)
                first = max(0, t.focus - visible + 1) if targets else 0
                self.target_rects = [
                    pygame.Rect(area.left, y + (i - first) * row, area.width, row)
                    if first <= i < first + visible
                    else pygame.Rect(0, 0, 0, 0)
                    for i in range(len(targets))
                ]
        left = self.left_rect(size)
        self.remove_rects, self.queued_rects = [], []
        y = left.top + theme.step(36, 17, "bold")
        font = theme.font(13, "italic")
        label_step, effect_step = theme.step(22, 14, "bold"), theme.step(16, 13, "italic")
        for _, effects in self.queued_lines:
            height = label_step + len(_clipped(font, effects, left.width - 40)) * effect_step + 6
            self.remove_rects.append(pygame.Rect(left.right - 30, y + 1, 20, 20))
            self.queued_rects.append(pygame.Rect(left.left, y, left.width - 34, height))
            y += height

    def _mark_overlay(self) -> None:
        for kind, button in zip(OVERLAYS, self.overlay_buttons, strict=True):
            gui.select(button, kind == self.overlay.kind)
        self.dirty = True

    # -- events ------------------------------------------------------------------------

    @property
    def store(self) -> SaveStore:
        """Where this game's autosaves, quicksave and named saves go: its own folder if it
        was given one, else the window's (`play --saves-dir`), else the usual folder."""
        if self.game.store is None:
            self.game.store = self.app.saves or SaveStore(default_saves_dir())
        return self.game.store

    def open_page(self, code: int) -> Transition | None:
        """What a page button does: the same as its key, from wherever the player was."""
        if self.targeting is not None:
            self.leave_targeting()
        self.focus = None
        if code == pygame.K_F1:
            from game.ui.scenes.keys import KeysScene

            return push(KeysScene(self))
        return self.key(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=""))

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.end_turn:
                return self.end_turn_pressed()
            elif event.ui_element in self.overlay_buttons:
                self.set_overlay(OVERLAYS[self.overlay_buttons.index(event.ui_element)])
            elif event.ui_element in self.page_buttons:
                return self.open_page(PAGE_BUTTONS[self.page_buttons.index(event.ui_element)][1])
        elif event.type == pygame.MOUSEMOTION:
            self.hover_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.click_at(event.pos)
        elif event.type == pygame.KEYDOWN:
            if self.targeting is not None:
                return self.target_key(event.key)
            return self.key(event)
        return None

    def key(self, event: pygame.event.Event) -> Transition | None:
        shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        code = event.key
        if code in _ENTER_KEYS:
            if self.focus is not None:
                self.choose_action(self.focus)
                return None
            return self.end_turn_pressed()
        if code in _NEXT_KEYS or code in _PREV_KEYS:
            step = -1 if code in _PREV_KEYS or shift else 1
            if self.rows:
                start = -1 if self.focus is None and step > 0 else (self.focus or 0)
                self.focus = (start + step) % len(self.rows)
                self.layout_hit_areas(self.app.size)
                self.dirty = True
        elif code in _REMOVE_KEYS:
            self.remove_order(len(self.book.queued) - 1)
        elif code == pygame.K_ESCAPE:
            if self.focus is None:
                return POP
            self.focus = None
            self.dirty = True
        elif code in _OVERLAY_KEYS:
            self.set_overlay(OVERLAYS[_OVERLAY_KEYS[code]])
        elif code == pygame.K_F5:
            self.status = self.attempt(self.game.quicksave)
        elif code == pygame.K_F9:
            try:
                loaded = self.game.quickload()
            except PlayError as refused:
                self.status = str(refused)
                self.dirty = True
                return None
            scene = MapScene(loaded)
            scene.status = (
                f"Loaded the quicksave: {turn_heading(self.rules, loaded.state)}; "
                f"all {loaded.turns_played} turns replayed and verified."
            )
            return replace(scene)
        elif code == pygame.K_z and getattr(event, "mod", 0) & pygame.KMOD_CTRL:
            self.status = self.attempt(self.game.undo)
            # The queued orders and choices belonged to the turn undone: the game forgot them.
            self.leave_targeting()
            self.focus = None
            self.refresh()
        elif code == pygame.K_s:
            return push(saveload.SaveLoadScene(self.session, self.store, "save"))
        elif code == pygame.K_h:
            from game.ui.scenes.charts import ChartsScene

            return push(ChartsScene(self.session))
        elif code == pygame.K_j:
            from game.ui.scenes.journal import JournalScene

            return push(JournalScene(self.session))
        elif code == pygame.K_c:
            from game.ui.scenes.codex import CodexScene

            return push(CodexScene(self.rules.scenario))
        elif code == pygame.K_f:
            self.overlay = Overlay(
                "support",
                (self.overlay.faction + 1) % self.rules.n_factions,
                self.overlay.group,
            )
            self._mark_overlay()
        elif code == pygame.K_g:
            groups = len(self.rules.model.groups)
            group = self.overlay.group
            nxt = 0 if group is None else (None if group + 1 >= groups else group + 1)
            kind = self.overlay.kind if self.overlay.kind != "control" else "support"
            self.overlay = Overlay(kind, self.overlay.faction, nxt)
            self._mark_overlay()
        return None

    def target_key(self, code: int) -> Transition | None:
        t = self.targeting
        assert t is not None
        if code == pygame.K_ESCAPE:
            self.leave_targeting()
            self.status = ""
        elif code in _ENTER_KEYS:
            self.target_enter()
        elif code in _NEXT_KEYS:
            self.target_focus_step(1)
        elif code in _PREV_KEYS:
            self.target_focus_step(-1)
        elif code in (pygame.K_LEFT, pygame.K_RIGHT) and t.group is not None:
            groups = self.target_groups()
            if groups:
                at = groups.index(t.group) if t.group in groups else 0
                step = 1 if code == pygame.K_RIGHT else -1
                self.set_target_group(groups[(at + step) % len(groups)])
        if self._app is not None:
            self.layout_hit_areas(self.app.size)
        return None

    def hover_at(self, pos: tuple[int, int]) -> None:
        self.mouse = pos
        area = self.map_rect(self.app.size)
        region = site = unit = None
        if area.collidepoint(pos):
            region = self.view.region_at((pos[0] - area.left, pos[1] - area.top))
            site = self.site_at(pos)
            unit = self.unit_at(pos)
        track = next((i for i, r in enumerate(self.track_rects) if r.collidepoint(pos)), None)
        rects = self.target_rects if self.targeting is not None else self.row_rects
        row = next((i for i, r in enumerate(rects) if r.collidepoint(pos)), None)
        queued = next((i for i, r in enumerate(self.queued_rects) if r.collidepoint(pos)), None)
        now = (region, site, unit, track, row, queued)
        was = (
            self.hover,
            self.hover_site,
            self.hover_unit,
            self.hover_track,
            self.hover_row,
            self.hover_queued,
        )
        if now != was:
            (
                self.hover,
                self.hover_site,
                self.hover_unit,
                self.hover_track,
                self.hover_row,
                self.hover_queued,
            ) = now
            self.dirty = True
        elif any(v is not None for v in now):
            self.dirty = True  # a tooltip follows the mouse

    def site_markers(self, size: tuple[int, int]) -> list[tuple[int, tuple[float, float]]]:
        """Where each site's marker sits on the screen (as the map view draws them)."""
        area = self.map_rect(size)
        return [
            (index, (area.left + x, area.top + y))
            for index, at, _ in self.view.sites
            for x, y in [self.view.to_screen(at)]
        ]

    def site_at(self, pos: tuple[int, int]) -> int | None:
        """The site whose marker is under the mouse; markers are small, so a little slack."""
        reach = max(8.0, (9 if self.overlay.kind == "control" else 6) * self.view.scale + 4)
        return site_at(self.site_markers(self.app.size), pos, reach)

    def unit_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        """(region, unit) of the unit token under the mouse, or None (the map view knows
        where it drew each)."""
        area = self.map_rect(self.app.size)
        unit = self.view.unit_at((pos[0] - area.left, pos[1] - area.top))
        if unit is None:
            return None
        return int(self.session.state.unit_region[unit]), unit

    def click_at(self, pos: tuple[int, int]) -> None:
        for i, rect in enumerate(self.remove_rects):
            if rect.collidepoint(pos):
                self.remove_order(i)
                self.layout_hit_areas(self.app.size)
                return
        t = self.targeting
        if t is None:
            for i, rect in enumerate(self.row_rects):
                if rect.collidepoint(pos):
                    self.choose_action(i)
                    self.layout_hit_areas(self.app.size)
                    return
            return
        for g, rect in self.group_rects:
            if rect.collidepoint(pos):
                self.set_target_group(g)
                self.layout_hit_areas(self.app.size)
                return
        for i, rect in enumerate(self.target_rects):
            if rect.collidepoint(pos):
                self.queue(t.action, self.open_list_targets()[i])
                self.layout_hit_areas(self.app.size)
                return
        area = self.map_rect(self.app.size)
        if t.on_map and area.collidepoint(pos):
            region = self.view.region_at((pos[0] - area.left, pos[1] - area.top))
            if region is None:
                return
            candidate, problem = self.region_target(region)
            if candidate is None:
                self.status = f"{self.view.names[region]} is not a target of {t.action.spec.name}."
            elif problem is not None:
                self.status = f"{self.view.names[region]} is closed: {problem}"
            else:
                self.queue(t.action, candidate)
            self.layout_hit_areas(self.app.size)
            self.dirty = True

    def set_overlay(self, kind: str) -> None:
        for k in OVERLAYS:
            if k == kind:
                self.overlay = Overlay(k, self.overlay.faction, self.overlay.group)
        self._mark_overlay()

    def attempt(self, act: Callable[[], str]) -> str:
        """What a save, load or undo of the play layer says, done or refused."""
        self.dirty = True
        try:
            return act()
        except PlayError as refused:
            return str(refused)

    def next_event(self) -> EventScene | None:
        """The card for the first event still awaiting the player's choice, if any."""
        event = self.game.next_event()
        return None if event is None else self.card(event)

    def card(self, event: EventRule) -> EventScene:
        return EventScene(event, self.game.options(event), self.choose, self.date)

    def choose(self, event_id: str, choice_id: str) -> Transition:
        """Keep the player's choice for the turn's orders; show the next event, or the map."""
        self.status = self.attempt(lambda: self.game.choose(event_id, choice_id))
        following = self.next_event()
        return replace(following) if following is not None else POP

    def end_turn_pressed(self) -> Transition | None:
        """Decide the events first; then play the turn, and open the next turn's events."""
        if self.targeting is not None:
            self.leave_targeting()
        ended = self.game.end_turn()
        if ended.waiting is not None:
            return push(self.card(ended.waiting))
        self.status = ended.autosave or ended.message
        if ended.played:
            self.focus = None
        self.refresh()
        if self._app is not None:
            self.layout_hit_areas(self.app.size)
        if self.session.over:
            # Imported here: the ending scene leads back to a new game, which leads here.
            from game.ui.scenes.ending import EndingScene

            return replace(EndingScene(self.session))
        following = self.next_event()
        return push(following) if following is not None else None

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        self.layout_hit_areas(size)
        surface.fill(theme.PAPER)
        area = self.map_rect(size)
        surface.blit(self.view.render(area.size, self.session.state, self.overlay), area.topleft)
        if self.targeting is not None and self.targeting.on_map:
            self._draw_targets_on_map(surface, area)
        self._draw_left(surface, self.left_rect(size))
        self._draw_bottom_bar(surface, size)
        self._draw_side(surface, self.side_rect(size))
        self._draw_top_bar(surface, size)
        self._draw_tooltip(surface, size)

    def _region_outline(self, region: int, area: pygame.Rect) -> list[tuple[float, float]]:
        points = [self.view.to_screen(p) for p in self.view.shapes[region]]
        points = [(x + area.left, y + area.top) for x, y in points]
        if self.view.inset[region]:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            return [(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys))]
        return points

    def _draw_targets_on_map(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """Wash out the districts that cannot be aimed at; ring the open ones in red."""
        open_ = set(self.open_regions())
        veil = pygame.Surface(area.size, pygame.SRCALPHA)
        for r in range(len(self.view.shapes)):
            if r not in open_:
                points = [(x - area.left, y - area.top) for x, y in self._region_outline(r, area)]
                pygame.draw.polygon(veil, (*theme.PAPER, 170), points)
        surface.blit(veil, area.topleft)
        focused = self.focused_region()
        for r in sorted(open_):
            points = self._region_outline(r, area)
            width = 4 if r == self.hover or r == focused else 2
            pygame.draw.polygon(surface, theme.ACCENT, points, width)

    def _draw_top_bar(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        w = size[0]
        bar = pygame.Rect(0, 0, w, top_bar())
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK, (0, bar.bottom - 4), (w, bar.bottom - 4), 2)
        pygame.draw.line(surface, theme.INK_FADED, (0, bar.bottom - 1), (w, bar.bottom - 1), 1)
        head_font, line_font = theme.font(21, "bold"), theme.font(16, "regular")
        who_font = theme.font(18, "italic")
        who = who_font.render(self.faction_name, True, theme.INK)
        swatch = self.view.colours[self.me]
        right = w - 18
        surface.blit(who, (right - who.get_width(), 9))
        centre = (right - who.get_width() - 14, 9 + who.get_height() // 2)
        pygame.draw.circle(surface, swatch, centre, 7)
        pygame.draw.circle(surface, theme.INK, centre, 8, 1)
        room = w - who.get_width() - 70
        surface.blit(head_font.render(fit(head_font, self.heading, room), True, theme.INK), (18, 8))
        surface.blit(
            line_font.render(fit(line_font, self.resources_line, w - 36), True, theme.INK_FADED),
            (18, 10 + theme.line_height(21, "bold")),
        )

    def _draw_side(self, surface: pygame.Surface, side: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.PAPER_LIGHT, side)
        pygame.draw.line(surface, theme.INK_FADED, side.topleft, side.bottomleft, 1)
        heading = theme.font(17, "bold")
        small = theme.font(14, "regular")
        x, y = side.left + 16, side.top + 10
        surface.blit(heading.render("The state of things", True, theme.INK), (x, y))
        bar_left, bar_width = side.left + 200, side.width - 200 - 48
        for i, (name, value, low, high) in enumerate(self.track_lines):
            y = self.track_rects[i].top if i < len(self.track_rects) else y
            if i == self.hover_track:
                pygame.draw.rect(surface, theme.PAPER_DARK, self.track_rects[i], border_radius=3)
            moved = bool(track_reasons(self.rules, self.session.state, i))
            surface.blit(small.render(fit(small, name, 178), True, theme.INK), (x, y + 1))
            frac = (value - low) / max(1, high - low)
            bar = pygame.Rect(bar_left, y + 6, bar_width, 8)
            pygame.draw.rect(surface, theme.PAPER_DARK, bar)
            pygame.draw.rect(
                surface, theme.INK_FADED, (bar.left, bar.top, round(bar.width * frac), bar.height)
            )
            pygame.draw.rect(surface, theme.INK_PALE, bar, 1)
            ink = theme.ACCENT if moved else theme.INK
            number = small.render(str(value), True, ink)
            surface.blit(number, (side.right - 16 - number.get_width(), y + 1))
        y = side.top + self.tracks_height() + 4
        pygame.draw.line(surface, theme.INK_PALE, (x, y), (side.right - 16, y), 1)
        if self.targeting is None:
            surface.blit(heading.render("Your actions", True, theme.INK), (x, y + 6))
            self._draw_rows(surface)
        else:
            surface.blit(heading.render("Choose a target", True, theme.ACCENT), (x, y + 6))
            self._draw_target_panel(surface, self.list_area(surface.get_size()))
        foot = theme.font(13, "italic")
        end = self.end_turn_rect(surface.get_size())
        text = foot.render(fit(foot, self.footer, side.width - 32), True, theme.INK_FADED)
        surface.blit(text, (x, end.top - 8 - text.get_height()))

    def _draw_rows(self, surface: pygame.Surface) -> None:
        name_font, closed_font = theme.font(15, "bold"), theme.font(15, "regular")
        cost_font = theme.font(13, "italic")
        for i, (row, rect) in enumerate(zip(self.rows, self.row_rects, strict=True)):
            if not rect.width:
                continue
            if i == self.focus or i == self.hover_row:
                pygame.draw.rect(surface, theme.PAPER_DARK, rect, border_radius=3)
            if i == self.focus:
                pygame.draw.rect(surface, theme.INK_FADED, rect, 1, border_radius=3)
            is_open = row.reason is None
            cost = "closed" if not is_open else row.cost
            cost_image = cost_font.render(
                cost, True, theme.ACCENT if not is_open else theme.INK_FADED
            )
            room = rect.width - cost_image.get_width() - 28
            font = name_font if is_open else closed_font
            ink = theme.INK if is_open else theme.INK_PALE
            dot = (rect.left + 9, rect.centery)
            if is_open:
                tip = [(dot[0] - 3, dot[1] - 4), (dot[0] + 3, dot[1]), (dot[0] - 3, dot[1] + 4)]
                pygame.draw.polygon(surface, theme.ACCENT, tip)
            else:
                pygame.draw.circle(surface, theme.INK_PALE, dot, 2)
            surface.blit(
                font.render(fit(font, row.name, room), True, ink), (rect.left + 18, rect.top + 1)
            )
            surface.blit(cost_image, (rect.right - 6 - cost_image.get_width(), rect.top + 3))

    def _draw_target_panel(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        t = self.targeting
        assert t is not None
        state = self.session.state
        bold, small = theme.font(15, "bold"), theme.font(14, "regular")
        italic = theme.font(13, "italic")
        title = f"{t.action.spec.name}  ({cost_text(self.rules, t.action)})"
        surface.blit(
            bold.render(fit(bold, title, area.width - 12), True, theme.INK),
            (area.left + 6, area.top + 2),
        )
        for g, rect in self.group_rects:
            chosen = g == t.group
            pygame.draw.rect(
                surface, theme.ACCENT if chosen else theme.PAPER_DARK, rect, border_radius=12
            )
            pygame.draw.rect(surface, theme.INK_FADED, rect, 1, border_radius=12)
            name = self.rules.model.groups[g].name
            image = small.render(name, True, theme.PAPER_LIGHT if chosen else theme.INK)
            surface.blit(image, image.get_rect(center=rect.center))
        if t.on_map:
            top = (
                (self.group_rects[-1][1].bottom + 12)
                if self.group_rects
                else area.top + theme.step(30, 15, "bold")
            )
            lines = wrap(
                italic,
                "Click a district ringed in red on the map, or ↑↓ and Enter.",
                area.width - 12,
            )
            focused = self.hover if self.hover in self.open_regions() else self.focused_region()
            if focused is not None:
                candidate = self.region_candidates()[focused]
                lines += [
                    "",
                    *wrap(
                        small, self.book.target_label(state, t.action, candidate), area.width - 12
                    ),
                ]
                lines += wrap(
                    italic,
                    f"Will: {self.book.effects(state, t.action, candidate)}",
                    area.width - 12,
                )
            if not self.open_regions():
                lines += wrap(italic, "No district is open for this action.", area.width - 12)
            step = theme.step(18, 13, "italic")
            # Large text in a small window: the lines that fit, the last one marked "…"
            # if any are left out (the tooltip and the bottom bar say the rest).
            shown, y = [], top
            for line in lines:
                if y + italic.get_linesize() > area.bottom:
                    break
                shown.append((line, y))
                y += step if line else 8
            while shown and not shown[-1][0]:
                shown.pop()
            if shown and any(lines[len(shown) :]):
                line, y = shown[-1]
                shown[-1] = (fit(italic, f"{line} …", area.width - 12), y)
            for line, y in shown:
                if line:
                    surface.blit(italic.render(line, True, theme.INK_FADED), (area.left + 6, y))
            return
        targets = self.open_list_targets()
        for i, (c, rect) in enumerate(zip(targets, self.target_rects, strict=True)):
            if not rect.width:
                continue
            if i == t.focus or i == self.hover_row:
                pygame.draw.rect(surface, theme.PAPER_DARK, rect, border_radius=3)
            if i == t.focus:
                pygame.draw.rect(surface, theme.ACCENT, rect, 1, border_radius=3)
            label = self.book.target_label(state, t.action, c)
            surface.blit(
                small.render(fit(small, label, rect.width - 12), True, theme.INK),
                (rect.left + 6, rect.top + 2),
            )
        if targets:
            c = targets[t.focus % len(targets)]
            y = area.bottom - effects_height()
            for line in wrap(
                italic, f"Will: {self.book.effects(state, t.action, c)}", area.width - 12
            )[:3]:
                surface.blit(italic.render(line, True, theme.INK_FADED), (area.left + 6, y))
                y += theme.step(17, 13, "italic")

    def _draw_left(self, surface: pygame.Surface, left: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.PAPER_LIGHT, left)
        pygame.draw.line(surface, theme.INK_FADED, left.topright, left.bottomright, 1)
        heading = theme.font(17, "bold")
        bold, italic = theme.font(14, "bold"), theme.font(13, "italic")
        small = theme.font(13, "regular")
        x, width = left.left + 14, left.width - 28
        limit = self.rules.actions_per_turn[self.me]
        title = f"This turn  ({len(self.book.queued)} of {limit})"
        surface.blit(heading.render(title, True, theme.INK), (x, left.top + 10))
        y = left.top + theme.step(36, 17, "bold")
        queued = self.queued_lines
        if not queued:
            for line in wrap(italic, "No orders yet. Choose an action on the right.", width):
                surface.blit(italic.render(line, True, theme.INK_PALE), (x, y))
                y += theme.step(17, 13, "italic")
        for (label, effects), rect in zip(queued, self.remove_rects, strict=True):
            surface.blit(bold.render(fit(bold, label, width - 26), True, theme.INK), (x, y + 2))
            hot = rect.collidepoint(self.mouse)
            pygame.draw.rect(
                surface, theme.ACCENT if hot else theme.PAPER_DARK, rect, border_radius=10
            )
            cross = small.render("×", True, theme.PAPER_LIGHT if hot else theme.INK)
            surface.blit(cross, cross.get_rect(center=rect.center))
            y += theme.step(22, 14, "bold")
            for line in _clipped(italic, effects, width - 12):
                surface.blit(italic.render(line, True, theme.INK_FADED), (x + 8, y))
                y += theme.step(16, 13, "italic")
            y += 6
        if self.status:
            y += 4
            for line in wrap(italic, self.status, width)[:3]:
                surface.blit(italic.render(line, True, theme.ACCENT), (x, y))
                y += theme.step(17, 13, "italic")
        y = max(y + 10, left.top + 250)
        pygame.draw.line(surface, theme.INK_PALE, (x, y), (left.right - 14, y), 1)
        surface.blit(heading.render("News", True, theme.INK), (x, y + 6))
        y += theme.step(32, 17, "bold")
        news_step = theme.step(16, 13)
        news_bottom = self.pages_rect(self.app.size).top - 4
        news = self.news
        for i, item in enumerate(news):
            lines = wrap(small, item, width - 12)
            # Unless this is the last item, a line is kept for the "…" that says more follow.
            if y + news_step * (len(lines) + (i < len(news) - 1)) > news_bottom:
                surface.blit(italic.render("…", True, theme.INK_FADED), (x, y))
                break
            surface.blit(small.render("–", True, theme.INK_FADED), (x, y))
            for line in lines:
                surface.blit(small.render(line, True, theme.INK), (x + 12, y))
                y += news_step
            y += 3

    def _draw_bottom_bar(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        height = bottom_bar()
        bar = pygame.Rect(0, size[1] - height, size[0] - SIDE, height)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK_FADED, bar.topleft, bar.topright, 1)
        font = theme.font(15, "italic")
        left = bar.left + overlay_buttons_right() + 16
        if self.targeting is not None:
            text, ink = self.target_prompt, theme.ACCENT
        elif self.hover is not None:
            text, ink = self.hover_text, theme.INK
        else:
            text, ink = (
                f"{self.view.describe(self.overlay)}   ·   F faction, G group",
                theme.INK_FADED,
            )
        image = font.render(fit(font, text, bar.right - left - 12), True, ink)
        surface.blit(image, (left, bar.centery - image.get_height() // 2))

    def _draw_tooltip(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        tip = self.tip
        if not tip.lines:
            self.tip_rect = None
            return
        head, body = theme.font(15, "bold"), theme.font(14, "regular")
        caption_font = theme.font(13, "italic")
        table = _TableLayout(tip.table, self.view.colours) if tip.table is not None else None
        width = min(max(330, table.width + 20 if table else 0), size[0] - 16)
        room = width - 20

        def wrapped(font: pygame.font.Font, lines: list[str]) -> list[tuple[pygame.font.Font, str]]:
            return [(font, part) for line in lines for part in wrap(font, line, room)]

        above = wrapped(head, tip.lines[:1]) + wrapped(body, tip.lines[1:])
        if table is not None and tip.caption:
            above += wrapped(caption_font, [tip.caption])
        below = wrapped(body, tip.after)

        def tall(lines: list[tuple[pygame.font.Font, str]]) -> int:
            return sum(f.get_linesize() + 1 for f, _ in lines)

        table_height = table.height + 6 if table is not None else 0
        # Between the top bar and the bottom one, whose buttons would be drawn over it.
        top, bottom = top_bar(), bottom_bar()
        most = size[1] - top - bottom - 8
        # Too much to show (a small window): the last lines give way, and say so.
        while below and tall(above) + table_height + tall(below) + 14 > most:
            below = [*below[:-2], (body, "…")] if len(below) > 1 else []
        height = min(most, tall(above) + table_height + tall(below) + 14)
        mx, my = self.mouse
        x = mx + 18 if mx + 18 + width < size[0] else mx - 18 - width
        x = max(4, min(x, size[0] - width - 4))
        y = min(max(top + 4, my + 18), size[1] - bottom - height - 4)
        box = pygame.Rect(x, y, width, height)
        self.tip_rect = box
        pygame.draw.rect(surface, theme.INK_PALE, box.move(3, 3), border_radius=4)
        pygame.draw.rect(surface, theme.PAPER_LIGHT, box, border_radius=4)
        pygame.draw.rect(surface, theme.INK_FADED, box, 1, border_radius=4)
        clip = surface.get_clip()
        surface.set_clip(box)
        ty = box.top + 7
        for font, text in above:
            ink = theme.INK_FADED if font is caption_font else theme.INK
            surface.blit(font.render(fit(font, text, room), True, ink), (box.left + 10, ty))
            ty += font.get_linesize() + 1
        if table is not None:
            table.draw(surface, (box.left + 10, ty + 2))
            ty += table_height
        for font, text in below:
            surface.blit(font.render(fit(font, text, room), True, theme.INK), (box.left + 10, ty))
            ty += font.get_linesize() + 1
        surface.set_clip(clip)


class _TableLayout:
    """A breakdown set as a table: row labels on the left, a column per number, changes beside
    each number in red; the factions' columns are underlined in their colours."""

    def __init__(self, table: Breakdown, colours: list[theme.Colour]) -> None:
        self.table = table
        self.colours = colours
        self.label_font, self.head_font = theme.font(13, "regular"), theme.font(12, "italic")
        self.value_font, self.change_font = theme.font(13, "bold"), theme.font(11, "regular")
        # Units' names are long but their tables narrow: give the labels what the numbers leave.
        most = 190 if len(table.columns) <= 3 else 150
        self.label_width = min(
            most, max((self.label_font.size(label)[0] for label, _ in table.rows), default=0) + 10
        )
        self.widths = []
        for c, name in enumerate(table.columns):
            cells = [cells[c] for _, cells in table.rows]
            widest = max((self._cell_width(cell) for cell in cells), default=0)
            self.widths.append(max(self.head_font.size(name)[0], widest) + 10)
        self.row_height = self.label_font.get_linesize() + 2
        self.width = self.label_width + sum(self.widths)
        self.height = self.head_font.get_linesize() + 4 + len(table.rows) * self.row_height

    def _cell_width(self, cell: Cell) -> int:
        width = self.value_font.size(cell.text)[0]
        if cell.change:
            width += 3 + self.change_font.size(f"{cell.change:+d}")[0]
        return width

    def draw(self, surface: pygame.Surface, topleft: tuple[int, int]) -> None:
        x0, y = topleft
        x = x0 + self.label_width
        line_y = y + self.head_font.get_linesize() + 1
        for c, (name, width) in enumerate(zip(self.table.columns, self.widths, strict=True)):
            image = self.head_font.render(name, True, theme.INK_FADED)
            surface.blit(image, (x + width - 10 - image.get_width(), y))
            if c < len(self.colours) and len(self.table.columns) > len(self.colours):
                pygame.draw.line(
                    surface, self.colours[c], (x + 4, line_y), (x + width - 6, line_y), 2
                )
            x += width
        y = line_y + 3
        for r, (label, cells) in enumerate(self.table.rows):
            if r % 2:
                band = pygame.Rect(x0 - 4, y, self.width + 4, self.row_height)
                pygame.draw.rect(surface, theme.PAPER, band)
            text = fit(self.label_font, label, self.label_width - 8)
            surface.blit(self.label_font.render(text, True, theme.INK), (x0, y + 1))
            x = x0 + self.label_width
            for cell, width in zip(cells, self.widths, strict=True):
                right = x + width - 10
                if cell.change:
                    change = self.change_font.render(f"{cell.change:+d}", True, theme.ACCENT)
                    right -= change.get_width()
                    surface.blit(change, (right + 3, y + 3))
                image = self.value_font.render(cell.text, True, theme.INK)
                surface.blit(image, (right - image.get_width(), y + 1))
                x += width
            y += self.row_height


def _clipped(font: pygame.font.Font, text: str, width: int, most: int = 4) -> list[str]:
    """The text wrapped to `width`, at most `most` lines, the last cut with an ellipsis."""
    lines = wrap(font, text, width)
    if len(lines) <= most:
        return lines
    return [*lines[: most - 1], fit(font, lines[most - 1] + " …", width)]


def _open_words(row: ActionRow) -> str:
    if row.targets == 1:
        return "Open: Enter or click to queue it."
    return f"Open at {row.open_targets} of {row.targets} targets: choose one after taking it."

"""The map screen: the city, a top bar with the date and the player's means, the
tracks and the player's actions beside it, this turn's orders and the news, and End turn.

It reads the game's state and sends the player's intent to the play layer (`Game`).
Choosing an action enters target mode: a district is picked on the map, a site or unit
from a list. The work is shared out: `controller` (keys and mouse), `targets` (what is
open), `tips` (what a tooltip says), `layout`, `side`, `left` and `bars` (where things
go and drawing them), `tipbox` (drawing a tooltip), `confirm` (Esc's question).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

from game.describe import changes_to, turn_date, turn_heading
from game.engine.rules import EventRule
from game.engine.state import State
from game.play import Game
from game.play.orders import ActionRow
from game.saves.store import SaveStore, default_saves_dir
from game.session import Session
from game.ui import gui, pictures, theme
from game.ui.mapview import OVERLAYS, MapView, Overlay
from game.ui.scene import Scene, Transition
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import bars, board, layout, left, side, targets, tips, words
from game.ui.scenes.map.controller import MapControl
from game.ui.scenes.map.left import Line
from game.ui.scenes.map.scroll import ScrollList
from game.ui.scenes.map.targets import Targeting
from game.ui.scenes.map.tipbox import draw_tip
from game.ui.scenes.map.tips import Tip

if TYPE_CHECKING:
    from game.ui.app import App

# The pages the map opens, as buttons for the mouse: each does what its key does.
PAGE_BUTTONS: tuple[tuple[str, int, str], ...] = (
    ("Journal", pygame.K_j, "Everything that has happened so far (J)"),
    ("Codex", pygame.K_c, "The people, places, parties and units (C)"),
    ("Charts", pygame.K_h, "Support and the tracks over the turns (H)"),
    ("Save", pygame.K_s, "Save or load a game (S; F5 quicksave, F9 quickload)"),
    ("Endings", pygame.K_e, "How the game can end, and how near each ending is (E)"),
    ("Keys", pygame.K_F1, "Every key of this screen (F1)"),
    ("Title", pygame.K_ESCAPE, "Leave this game for the title page (Esc)"),
)
PAGE_LABELS = [label for label, _, _ in PAGE_BUTTONS]


class MapScene(Scene):
    name = "map"

    def __init__(
        self,
        game: Game | Session,
        store: SaveStore | None = None,
        *,
        guide: bool = False,
        decisions_first: bool = False,
    ) -> None:
        """`game`: the game in play (a bare Session is wrapped in one); `store`: where its
        saves go (None: the window's folder). `guide`: a new game's first map, which shows
        the guided first turn over itself if the player's settings ask for it (loaded
        games never do). `decisions_first`: a game opened in play (new, loaded, read
        again) puts a decision waiting this turn before the map, as a new turn does."""
        super().__init__()
        if isinstance(game, Session):
            if game.player is None:
                raise ValueError("the map screen needs a player's faction")
            game = Game(game, store)
        elif store is not None:
            game.store = store
        self.game, self.guide_pending = game, guide
        self.decisions_pending = decisions_first
        self.session, self.rules, self.me = game.session, game.session.rules, game.me
        self.book = game.book
        self.view = MapView(self.rules)
        self.overlay = Overlay("support", self.me, None)
        self.overlay_before: Overlay | None = None  # what target mode's overlay replaced
        self.control = MapControl(self)
        self.status = ""
        self.end_turn: UIButton | None = None
        self.overlay_buttons: list[UIButton] = []
        self.page_buttons: list[UIButton] = []
        self.page_codes = [code for _, code, _ in PAGE_BUTTONS]
        # The words of the orders and the news, kept between frames (see their properties).
        self._queued_of: State | None = None
        self._queued_key: tuple[tuple[object, object], ...] = ()
        self._queued_lines: list[tuple[str, str]] = []
        self._queued_warnings: list[str | None] = []
        self._news_of: State | None = None
        self._news: list[str] = []
        self._moved_of: State | None = None
        self._moved: list[bool] = []
        self.rows: list[ActionRow] = []
        self.hover: int | None = None  # the region under the mouse
        self.hover_track: int | None = None
        self.hover_resource: int | None = None  # a resource on the top bar
        self.hover_queued: int | None = None  # an order in the "This turn" list
        self.hover_site: int | None = None  # a site's marker on the map
        self.hover_unit: tuple[int, int] | None = None  # (region, unit) of a unit's flag
        self.hover_row: int | None = None  # an action row, or a target row in target mode
        self.tip_rect: pygame.Rect | None = None  # where the tooltip was last drawn
        self.mouse = (0, 0)
        self.focus: int | None = None  # the action row chosen by keyboard
        self.targeting: Targeting | None = None
        # The lists that scroll, and what is set in them: filled in by layout_hit_areas().
        self.action_scroll, self.target_scroll = ScrollList(), ScrollList()
        self.effects_scroll, self.orders_scroll = ScrollList(), ScrollList()
        self.news_scroll = ScrollList()
        self.row_sets: list[side.RowSet] = []
        self.title_lines: list[str] = []
        self.target_sets: list[list[str]] = []
        self.target_text: list[tuple[pygame.font.Font, str, theme.Colour]] = []
        self.effect_lines: list[str] = []
        self.order_items: list[Line] = []
        self.news_items: list[Line] = []
        self.status_lines: list[str] = []
        self.status_top = self.news_rule = 0
        self.tracks_shown = True  # they give way to the targets in a short window
        self.queue_block, self.list_rect = pygame.Rect(0, 0, 0, 0), pygame.Rect(0, 0, 0, 0)
        self.effects_rect = pygame.Rect(0, 0, 0, 0)
        # Where things were drawn, for the mouse: filled in by layout_hit_areas().
        self.row_rects: list[pygame.Rect] = []
        self.target_rects: list[pygame.Rect] = []
        self.group_rects: list[tuple[int, pygame.Rect]] = []
        self.remove_rects: list[pygame.Rect] = []
        self.queued_rects: list[pygame.Rect] = []  # the whole entry, for its tooltip
        self.track_rects: list[pygame.Rect] = []
        self.resource_rects: list[pygame.Rect] = []  # each resource on the top bar
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
        return words.resources_line(self)

    @property
    def resource_parts(self) -> list[str]:
        return words.resource_parts(self)

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
        # The choices too: a changed choice may close an order queued before it.
        orders = (
            *((action.index, target) for action, target in self.book.queued),
            *self.book.choices.items(),
        )
        if self._queued_of is not state or self._queued_key != orders:
            listing = self.book.listing(state)
            lines = [(q.label, q.effects) for q in listing]
            self._queued_warnings = [q.warning for q in listing]
            self._queued_of, self._queued_key, self._queued_lines = state, orders, lines
        return self._queued_lines

    @property
    def queued_warnings(self) -> list[str | None]:
        """For every queued order, why it will not (or may not) be carried out, or None."""
        self.queued_lines  # noqa: B018 - works them out when anything changed
        return self._queued_warnings

    @property
    def news(self) -> list[str]:
        state = self.session.state
        if self._news_of is not state:
            self._news_of, self._news = state, self.game.news()
        return self._news

    @property
    def tracks_moved(self) -> list[bool]:
        """For every track, whether it moved last turn (drawn red): read from the ledger
        once per state, not for every track on every frame."""
        state = self.session.state
        if self._moved_of is not state:
            tracks = self.rules.model.tracks
            moved = [bool(changes_to(state, f"track:{t.id}")) for t in tracks]
            self._moved_of, self._moved = state, moved
        return self._moved

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
        return words.support_line(self, region)

    @property
    def hover_text(self) -> str:
        """The hovered region's support, faction by faction, among the overlay's group(s)."""
        return "" if self.hover is None else words.support_line(self, self.hover)

    @property
    def short_hover_text(self) -> str:
        return "" if self.hover is None else words.short_support_line(self, self.hover)

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
        return tips.hovered_tip(self)

    def district_tip(self, region: int) -> Tip:
        return tips.district_tip(self, region)

    def unit_tip(self, region: int, unit: int) -> Tip:
        return tips.unit_tip(self, region, unit)

    def site_tip(self, site: int) -> Tip:
        return tips.site_tip(self, site)

    @property
    def target_prompt(self) -> str:
        return words.target_prompt(self)

    @property
    def short_prompt(self) -> str:
        return words.target_prompt(self, short=True)

    @property
    def target_title(self) -> str:
        return side.target_title(self)

    @property
    def footer(self) -> str:
        return words.footer(self)

    @property
    def short_footer(self) -> str:
        return words.footer(self, short=True)

    def target_lines(self) -> list[str]:
        return words.target_lines(self)

    def shown_texts(self) -> list[str]:
        return words.shown_texts(self)

    # -- target mode: what is open (see `targets`) ----------------------------------------

    def region_candidates(self) -> dict[int, int]:
        return targets.region_candidates(self.targeting)

    def region_target(self, region: int) -> tuple[int | None, str | None]:
        return targets.region_target(self.book, self.session.state, self.targeting, region)

    def open_regions(self) -> list[int]:
        return targets.open_regions(self.book, self.session.state, self.targeting)

    def open_list_targets(self) -> list[int]:
        return targets.open_list_targets(self.book, self.session.state, self.targeting)

    def target_groups(self) -> list[int]:
        return targets.target_groups(self.book, self.session.state, self.targeting)

    def focused_region(self) -> int | None:
        return targets.focused_region(self.book, self.session.state, self.targeting)

    # -- what the player does (see `controller`) --------------------------------------------

    def choose_action(self, index: int) -> None:
        self.control.choose_action(index)

    def leave_targeting(self) -> None:
        self.control.leave_targeting()

    def target_enter(self) -> None:
        self.control.target_enter()

    def set_overlay(self, kind: str) -> None:
        self.control.set_overlay(kind)

    def end_turn_pressed(self) -> Transition | None:
        return self.control.end_turn_pressed()

    def handle(self, event: pygame.event.Event) -> Transition | None:
        return self.control.handle(event)

    def next_event(self) -> EventScene | None:
        """The card for the first event still awaiting the player's choice, if any."""
        event = self.game.next_event()
        return None if event is None else self.card(event)

    def card(self, event: EventRule) -> EventScene:
        picture = pictures.path_of(self.rules.scenario, event.spec.picture)
        return EventScene(event, self.game.options(event), self.control.choose, self.date, picture)

    def scroll_lists(self) -> list[ScrollList]:
        """The lists shown now, that the wheel and the scroll bars move."""
        if self.targeting is None:
            shown = [self.action_scroll]
        else:
            shown = [self.target_scroll, self.effects_scroll]
        return [*shown, self.orders_scroll, self.news_scroll]

    @property
    def store(self) -> SaveStore:
        """Where this game's autosaves, quicksave and named saves go: its own folder if it
        was given one, else the window's (`play --saves-dir`), else the usual folder."""
        if self.game.store is None:
            self.game.store = self.app.saves or SaveStore(default_saves_dir())
        return self.game.store

    def enter(self, app: App) -> None:
        super().enter(app)
        _ = self.store  # a game given no folder saves in the window's
        if self.guide_pending:
            self.guide_pending = False  # once: coming back from the journal is no new game
            if app.settings.guide:
                from game.ui.scenes.guide import GuideScene

                self.decisions_pending = False  # the guide hands them over as it closes
                app.push(GuideScene(self))
        if self.decisions_pending:
            self.decisions_pending = False  # once, as the game opens
            card = self.next_event()
            if card is not None:
                app.push(card)

    # -- layout ------------------------------------------------------------------------

    def map_rect(self, size: tuple[int, int]) -> pygame.Rect:
        return layout.frame(size).map

    def left_rect(self, size: tuple[int, int]) -> pygame.Rect:
        return layout.frame(size).left

    def side_rect(self, size: tuple[int, int]) -> pygame.Rect:
        return layout.frame(size).side

    def pages_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The page buttons at the foot of the left panel (the news stops above them)."""
        return layout.pages_rect(self.left_rect(size), PAGE_LABELS)

    def end_turn_rect(self, size: tuple[int, int]) -> pygame.Rect:
        return layout.end_turn_rect(self.side_rect(size))

    def tracks_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The tracks at the top of the side panel, with their heading."""
        panel = self.side_rect(size)
        tall = side.tracks_height(self, panel)
        return pygame.Rect(panel.left + 6, panel.top + 4, panel.width - 12, tall - 4)

    def list_area(self, size: tuple[int, int]) -> pygame.Rect:
        """Where the action rows (or the targets) go in the side panel."""
        self.layout_hit_areas(size)
        return pygame.Rect(self.list_rect)

    def queue_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The "This turn" list at the top of the left panel (the news comes below it)."""
        self.layout_hit_areas(size)
        return pygame.Rect(self.queue_block)

    def region_rect(self, region: int, size: tuple[int, int]) -> pygame.Rect:
        """A district's bounding box on the screen, within the map."""
        return board.region_rect(self.view, region, self.map_rect(size))

    def build(self, size: tuple[int, int]) -> None:
        self.view.palette = self.app.settings.palette  # every settings change rebuilds
        panels = layout.frame(size)
        self.end_turn = UIButton(
            layout.end_turn_rect(panels.side),
            "End turn",
            self.manager,
            object_id="#end_turn",
            tool_tip_text="Resolve this turn (Enter)",
        )
        self.add(self.end_turn)
        gui.enable(self.end_turn, not self.session.over)
        self.overlay_buttons = []
        for i, rect in enumerate(layout.overlay_button_rects(panels.bottom)):
            label = layout.overlay_label(i)
            button = UIButton(rect, label, self.manager, object_id="#overlay_button")
            self.add(button)
            self.overlay_buttons.append(button)
        self.mark_overlay()
        self.page_buttons = []
        pages = layout.pages_rect(panels.left, PAGE_LABELS)
        rects = layout.page_button_rects(pages, PAGE_LABELS)
        for (label, _, tip), rect in zip(PAGE_BUTTONS, rects, strict=True):
            button = UIButton(
                rect, label, self.manager, object_id="#page_button", tool_tip_text=tip
            )
            self.add(button)
            self.page_buttons.append(button)
        self.layout_hit_areas(size)

    def layout_hit_areas(self, size: tuple[int, int]) -> None:
        """Where the rows, chips, lists and track bars are, for the mouse (and the drawing)."""
        panels = layout.frame(size)
        side.lay_side(self, panels.side, layout.end_turn_rect(panels.side))
        left.lay_left(self, panels.left, layout.pages_rect(panels.left, PAGE_LABELS))
        self.resource_rects = bars.resource_rects(self, panels.top)

    def mark_overlay(self) -> None:
        for kind, button in zip(OVERLAYS, self.overlay_buttons, strict=True):
            gui.select(button, kind == self.overlay.kind)
        self.dirty = True

    # -- the map under the mouse --------------------------------------------------------

    def site_markers(self, size: tuple[int, int]) -> list[tuple[int, tuple[float, float]]]:
        return board.site_markers(self.view, self.map_rect(size))

    def site_at(self, pos: tuple[int, int]) -> int | None:
        return board.site_at(self, pos)

    def unit_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        return board.unit_at(self, pos)

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        self.layout_hit_areas(size)
        panels = layout.frame(size)
        surface.fill(theme.PAPER)
        area = panels.map
        surface.blit(self.view.render(area.size, self.session.state, self.overlay), area.topleft)
        if self.targeting is not None and self.targeting.on_map:
            board.draw_targets_on_map(self, surface, area)
        left.draw_left(self, surface, panels.left)
        bars.draw_bottom_bar(self, surface, panels.bottom)
        side.draw_side(self, surface, panels.side)
        bars.draw_top_bar(self, surface, panels.top)
        # Above the buttons if it fits there: pygame_gui draws its widgets over everything.
        buttons = min(self.pages_rect(size).top, self.end_turn_rect(size).top)
        rooms = [pygame.Rect(0, 0, size[0], buttons), pygame.Rect(0, 0, size[0], panels.bottom.top)]
        self.tip_rect = draw_tip(surface, self.tip, self.view.colours, self.mouse, rooms)

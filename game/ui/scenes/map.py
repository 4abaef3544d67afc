"""The map screen: the city, a top bar with the date and the player's means, the
tracks and the player's actions beside it, and the End turn button.

It reads the session's state and sends the player's decisions; choosing
actions and targets comes in a later version, so a turn is ended with empty orders.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.describe import cost_text, turn_heading
from game.engine.decisions import IllegalDecision, Orders
from game.engine.legal import any_choice_open, choice_options, options, pending_for
from game.session import Session
from game.ui import gui, theme
from game.ui.mapview import OVERLAY_NAMES, OVERLAYS, MapView, Overlay
from game.ui.scene import POP, Scene, Transition, push, replace
from game.ui.scenes.event import EventScene
from game.ui.text import fit

TOP_BAR = 66
SIDE = 370
BOTTOM_BAR = 46
_OVERLAY_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}


@dataclass(frozen=True)
class ActionRow:
    """One of the player's actions as the side panel lists it."""

    name: str
    cost: str
    open_targets: int
    targets: int
    reason: str | None  # why it is closed, when no target is open

    @property
    def text(self) -> str:
        if self.reason is None:
            where = "" if self.targets == 1 else f": {self.open_targets} of {self.targets} targets"
            return f"{self.name} ({self.cost}), open{where}"
        return f"{self.name} ({self.cost}), closed: {self.reason}"


class MapScene(Scene):
    name = "map"

    def __init__(self, session: Session) -> None:
        super().__init__()
        if session.player is None:
            raise ValueError("the map screen needs a player's faction")
        self.session = session
        self.rules = session.rules
        self.me = self.rules.faction_index[session.player]
        self.view = MapView(self.rules)
        self.overlay = Overlay("support", self.me, None)
        self.status = ""
        self.end_turn: UIButton | None = None
        self.action_list: UITextBox | None = None
        self.overlay_buttons: list[UIButton] = []
        self.rows: list[ActionRow] = []
        self.choices: dict[str, str] = {}  # this turn's event choices: event id -> choice id
        self.hover: int | None = None  # the region under the mouse
        self.refresh()

    # -- what the screen says ----------------------------------------------------------

    @property
    def faction_name(self) -> str:
        return self.rules.model.factions[self.me].name

    @property
    def heading(self) -> str:
        return turn_heading(self.rules, self.session.state)

    @property
    def resources_line(self) -> str:
        have = self.session.state.resources[self.me]
        parts = [f"{r.name} {int(have[i])}" for i, r in enumerate(self.rules.model.resources)]
        per_turn = self.rules.actions_per_turn[self.me]
        return "   ·   ".join(parts) + f"      ({per_turn} actions a turn)"

    @property
    def track_lines(self) -> list[tuple[str, int, int, int]]:
        """(name, value, min, max) of every track."""
        tracks = self.session.state.tracks
        return [
            (t.name, int(tracks[i]), t.min, t.max) for i, t in enumerate(self.rules.model.tracks)
        ]

    def refresh(self) -> None:
        """Read the state again: the action rows, the status, the widgets' texts."""
        state = self.session.state
        rows: dict[int, list[str | None]] = {}
        for option in options(self.rules, state, self.me):
            rows.setdefault(option.action.index, []).append(option.problem)
        self.rows = []
        for action in self.rules.actions:
            problems = rows.get(action.index)
            if problems is None:
                continue
            open_count = sum(p is None for p in problems)
            reason = None if open_count else next((p for p in problems if p), "no target")
            self.rows.append(
                ActionRow(
                    action.spec.name,
                    cost_text(self.rules, action),
                    open_count,
                    len(problems),
                    reason,
                )
            )
        if self.session.over:
            ending = self.rules.model.endings[state.ending]
            self.status = f"The game is over: {ending.title}."
        if self.action_list is not None:
            self.action_list.set_text(self.actions_html())
        if self.end_turn is not None:
            gui.enable(self.end_turn, not self.session.over)
        self.dirty = True

    def actions_html(self) -> str:
        open_ink, shut_ink = theme.html(theme.INK), theme.html(theme.ACCENT)
        pale = theme.html(theme.INK_FADED)
        out = []
        for row in self.rows:
            head = f"<b>{html.escape(row.name)}</b>  <font color='{pale}'><i>{html.escape(row.cost)}</i></font>"
            if row.reason is None:
                where = (
                    "open"
                    if row.targets == 1
                    else f"open at {row.open_targets} of {row.targets} targets"
                )
                body = f"<font color='{open_ink}'>{where}</font>"
            else:
                body = f"<font color='{shut_ink}'><i>{html.escape(row.reason)}</i></font>"
            out.append(f"{head}<br>{body}")
        return "<br><br>".join(out) or "<i>No actions.</i>"

    @property
    def hover_text(self) -> str:
        """The hovered region's support, faction by faction, among the overlay's group(s)."""
        if self.hover is None:
            return ""
        state, group = self.session.state, self.overlay.group
        parts = []
        for f, faction in enumerate(self.rules.model.factions):
            share = self.view.values(state, Overlay("support", f, group))[self.hover]
            parts.append(f"{faction.short_name or faction.name} {round(float(share) * 100)}%")
        return f"{self.view.names[self.hover]}: " + ",  ".join(parts)

    def shown_texts(self) -> list[str]:
        texts = [self.heading, self.faction_name, self.resources_line, self.status, self.hover_text]
        texts += [f"{name} {value}" for name, value, _, _ in self.track_lines]
        texts += [row.text for row in self.rows]
        texts += [self.view.describe(self.overlay)]
        texts += [w.text for w in self.widgets if isinstance(w, UIButton)]
        return [t for t in texts if t]

    # -- layout ------------------------------------------------------------------------

    def map_rect(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        return pygame.Rect(0, TOP_BAR, w - SIDE, h - TOP_BAR - BOTTOM_BAR)

    def side_rect(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        return pygame.Rect(w - SIDE, TOP_BAR, SIDE, h - TOP_BAR)

    def tracks_height(self) -> int:
        return 34 + len(self.track_lines) * 21

    def build(self, size: tuple[int, int]) -> None:
        side = self.side_rect(size)
        list_top = side.top + self.tracks_height() + 34
        end_top = side.bottom - 16 - 50
        self.action_list = UITextBox(
            self.actions_html(),
            pygame.Rect(side.left + 10, list_top, side.width - 20, end_top - 30 - list_top),
            self.manager,
            object_id="@side_list",
        )
        self.add(self.action_list)
        self.end_turn = UIButton(
            pygame.Rect(side.left + 16, end_top, side.width - 32, 50),
            "End turn",
            self.manager,
            object_id="#end_turn",
            tool_tip_text="Resolve this turn (Enter)",
        )
        self.add(self.end_turn)
        gui.enable(self.end_turn, not self.session.over)
        area = self.map_rect(size)
        self.overlay_buttons = []
        for i, kind in enumerate(OVERLAYS):
            rect = pygame.Rect(area.left + 12 + i * 128, area.bottom + 8, 120, BOTTOM_BAR - 14)
            button = UIButton(
                rect, f"{i + 1}  {OVERLAY_NAMES[kind]}", self.manager, object_id="#overlay_button"
            )
            self.add(button)
            self.overlay_buttons.append(button)
        self._mark_overlay()

    def _mark_overlay(self) -> None:
        for kind, button in zip(OVERLAYS, self.overlay_buttons, strict=True):
            gui.select(button, kind == self.overlay.kind)
        self.dirty = True

    # -- events ------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.end_turn:
                return self.end_turn_pressed()
            elif event.ui_element in self.overlay_buttons:
                self.set_overlay(OVERLAYS[self.overlay_buttons.index(event.ui_element)])
        elif event.type == pygame.MOUSEMOTION:
            self.hover_at(event.pos)
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.end_turn_pressed()
            elif event.key == pygame.K_ESCAPE:
                return POP
            elif event.key in _OVERLAY_KEYS:
                self.set_overlay(OVERLAYS[_OVERLAY_KEYS[event.key]])
            elif event.key == pygame.K_f:
                self.overlay = Overlay(
                    "support",
                    (self.overlay.faction + 1) % self.rules.n_factions,
                    self.overlay.group,
                )
                self._mark_overlay()
            elif event.key == pygame.K_g:
                groups = len(self.rules.model.groups)
                group = self.overlay.group
                nxt = 0 if group is None else (None if group + 1 >= groups else group + 1)
                kind = self.overlay.kind if self.overlay.kind != "control" else "support"
                self.overlay = Overlay(kind, self.overlay.faction, nxt)
                self._mark_overlay()
        return None

    def hover_at(self, pos: tuple[int, int]) -> None:
        area = self.map_rect(self.app.size)
        region = None
        if area.collidepoint(pos):
            region = self.view.region_at((pos[0] - area.left, pos[1] - area.top))
        if region != self.hover:
            self.hover = region
            self.dirty = True

    def set_overlay(self, kind: str) -> None:
        for k in OVERLAYS:
            if k == kind:
                self.overlay = Overlay(k, self.overlay.faction, self.overlay.group)
        self._mark_overlay()

    def next_event(self) -> EventScene | None:
        """The card for the first event still awaiting the player's choice, if any."""
        state = self.session.state
        for event in pending_for(self.rules, state, self.me):
            if event.spec.id in self.choices or not any_choice_open(self.rules, state, event):
                continue
            return EventScene(event, choice_options(self.rules, state, event), self.choose)
        return None

    def choose(self, event_id: str, choice_id: str) -> Transition:
        """Keep the player's choice for the turn's orders; show the next event, or the map."""
        self.choices[event_id] = choice_id
        event = next(e for e in self.rules.events if e.spec.id == event_id)
        choice = next(c for c in event.choices if c.spec.id == choice_id)
        self.status = f"{event.spec.title}: {choice.spec.text}."
        self.dirty = True
        following = self.next_event()
        return replace(following) if following is not None else POP

    def end_turn_pressed(self) -> Transition | None:
        """Decide the events first; then play the turn, and open the next turn's events."""
        waiting = self.next_event()
        if waiting is not None:
            return push(waiting)
        self.play_turn()
        following = self.next_event()
        return push(following) if following is not None else None

    def play_turn(self) -> None:
        """End the turn with the player's orders: the event choices made (actions come later)."""
        if self.session.over:
            return
        try:
            self.session.play_turn(Orders(tuple(self.choices.items())))
        except IllegalDecision as refused:
            self.status = f"Not yet: {refused.reason}"
        else:
            self.choices = {}
            self.status = f"Turn {len(self.session.records)} is played."
        self.refresh()

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        surface.fill(theme.PAPER)
        area = self.map_rect(size)
        surface.blit(self.view.render(area.size, self.session.state, self.overlay), area.topleft)
        self._draw_bottom_bar(surface, area)
        self._draw_side(surface, self.side_rect(size))
        self._draw_top_bar(surface, size)

    def _draw_top_bar(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        w = size[0]
        bar = pygame.Rect(0, 0, w, TOP_BAR)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK, (0, bar.bottom - 4), (w, bar.bottom - 4), 2)
        pygame.draw.line(surface, theme.INK_FADED, (0, bar.bottom - 1), (w, bar.bottom - 1), 1)
        head_font, line_font = theme.font(21, "bold"), theme.font(16, "regular")
        who_font = theme.font(18, "italic")
        who = who_font.render(self.faction_name, True, theme.INK)
        swatch = self.view.colours[self.me]
        right = w - 18
        surface.blit(who, (right - who.get_width(), 9))
        pygame.draw.circle(
            surface, swatch, (right - who.get_width() - 14, 9 + who.get_height() // 2), 7
        )
        pygame.draw.circle(
            surface, theme.INK, (right - who.get_width() - 14, 9 + who.get_height() // 2), 8, 1
        )
        room = w - who.get_width() - 70
        surface.blit(head_font.render(fit(head_font, self.heading, room), True, theme.INK), (18, 8))
        surface.blit(
            line_font.render(fit(line_font, self.resources_line, w - 36), True, theme.INK_FADED),
            (18, 36),
        )

    def _draw_side(self, surface: pygame.Surface, side: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.PAPER_LIGHT, side)
        pygame.draw.line(surface, theme.INK_FADED, side.topleft, side.bottomleft, 1)
        heading = theme.font(17, "bold")
        small = theme.font(14, "regular")
        x, y = side.left + 16, side.top + 10
        surface.blit(heading.render("The state of things", True, theme.INK), (x, y))
        y += 26
        bar_left, bar_width = side.left + 200, side.width - 200 - 48
        for name, value, low, high in self.track_lines:
            surface.blit(small.render(fit(small, name, 178), True, theme.INK), (x, y))
            frac = (value - low) / max(1, high - low)
            bar = pygame.Rect(bar_left, y + 5, bar_width, 8)
            pygame.draw.rect(surface, theme.PAPER_DARK, bar)
            pygame.draw.rect(
                surface, theme.INK_FADED, (bar.left, bar.top, round(bar.width * frac), bar.height)
            )
            pygame.draw.rect(surface, theme.INK_PALE, bar, 1)
            number = small.render(str(value), True, theme.INK)
            surface.blit(number, (side.right - 16 - number.get_width(), y))
            y += 21
        y = side.top + self.tracks_height() + 6
        pygame.draw.line(surface, theme.INK_PALE, (x, y), (side.right - 16, y), 1)
        surface.blit(heading.render("Your actions", True, theme.INK), (x, y + 6))
        if self.status:
            status_font = theme.font(14, "italic")
            text = fit(status_font, self.status, side.width - 32)
            image = status_font.render(text, True, theme.ACCENT)
            surface.blit(image, (x, side.bottom - 16 - 50 - 8 - image.get_height()))

    def _draw_bottom_bar(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        bar = pygame.Rect(area.left, area.bottom, area.width, BOTTOM_BAR)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK_FADED, bar.topleft, bar.topright, 1)
        font = theme.font(15, "italic")
        left = bar.left + 12 + len(OVERLAYS) * 128 + 8
        if self.hover is not None:
            text, ink = self.hover_text, theme.INK
        else:
            text, ink = (
                f"{self.view.describe(self.overlay)}   ·   F faction, G group",
                theme.INK_FADED,
            )
        image = font.render(fit(font, text, bar.right - left - 12), True, ink)
        surface.blit(image, (left, bar.centery - image.get_height() // 2))

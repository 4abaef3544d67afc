"""The replay viewer: a saved game played back turn by turn on the map.

`open_replay(path)` reads a save and proves it by replaying it; a save that does
not replay is still shown, from the states its snapshots hold, under a badge
naming the turn where it diverged. The scene shows the city after the chosen
turn, every side's decisions of that turn (marked on the map in the side's
colour) and what happened, and lets the player take over from that turn.

The mouse: the buttons, the slider's handle dragged, or a click anywhere on its track
to jump straight to that turn.

Keys: Space plays or pauses, Left/Right step a turn, Home/End jump to the start
or the end, Tab/Shift+Tab or Up/Down move between the controls and Enter presses
the one chosen, PgUp/PgDn scroll the side panel, 1-3 change the map, F the side
whose support it shows, Esc goes back. Playing is driven by a pygame timer that
runs only while playing, so a paused replay costs nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UIHorizontalSlider

from game.describe import both_styles
from game.engine.decisions import ActionOrder, Orders
from game.engine.rules import ActionRule, Rules
from game.engine.state import NO_ONE, ActionRecord, State
from game.report import OUTCOME_WORDS
from game.saves.format import SaveError
from game.saves.replay import Divergence, Loaded, load, read_save, rebuild_rules, replay_save
from game.saves.store import SaveStore
from game.ui import gui, theme
from game.ui.mapview import OVERLAYS, MapView, Overlay
from game.ui.scene import POP, Scene, Transition, replace
from game.ui.scenes.journal import Block, Column, drag_bars
from game.ui.text import fit, wrap

# Posted by the playback timer; only a playing replay has the timer running.
TICK = pygame.event.custom_type()

_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
_OVERLAY_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}
_PANEL_KEYS = (pygame.K_PAGEUP, pygame.K_PAGEDOWN)
FOOTER = "Space play/pause · ←→ step · Home/End · Tab/↑↓ controls · Enter press · Esc back"
VERIFIED = "Verified: every turn replays to the state it recorded"
UNVERIFIED = "Not verified: the turns are read from the save's snapshots"
TAKE_OVER = "Take over from here"


# -- reading a save to watch -----------------------------------------------------------------


def open_replay(path: Path, store: SaveStore | None = None) -> Scene:
    """The viewer of the save at `path`, or a page saying why it cannot be shown at all."""
    from game.play.saving import one_line
    from game.ui.scenes.error import ErrorScene

    try:
        loaded, problem, turn = read_replay(Path(path))
    except Exception as bad:  # SaveError or OSError mostly; a hostile file must not crash us
        return ErrorScene("This replay cannot be shown", [one_line(bad)])
    return ReplayScene(loaded, problem, store, diverged_at=turn)


def read_replay(path: Path) -> tuple[Loaded, str | None, int | None]:
    """(the game, why it is not verified or None, the turn it diverged at or None).

    A save that does not replay is read from its snapshots instead; one without
    snapshots is shown up to the turn before the one that differs.
    """
    try:
        return load(path), None, None
    except Divergence as diverged:
        problem = divergence_text(diverged, str(path))
        # Shown as diverged, unverified: a changed file's seal no longer holds, by design.
        try:
            return load(path, verify=False, sealed=False), problem, diverged.turn
        except SaveError:
            doc, _, save = read_save(path)
            rules = rebuild_rules(doc, save, str(path))
            upto = diverged.turn - 1
            return replay_save(save, rules, str(path), upto, sealed=False), problem, diverged.turn


def divergence_text(diverged: Divergence, name: str) -> str:
    """'Diverged at turn 4: <what differs>', without the file name and turn said twice."""
    lines = str(diverged).strip().splitlines()
    text = lines[0] if lines else ""
    if text.startswith(f"{name}: "):
        text = text[len(name) + 2 :]
    text = re.sub(r"^turn \d+( \([^)]*\))?( does not replay)?: ", "", text)
    return (
        f"Diverged at turn {diverged.turn}: {text}" if text else f"Diverged at turn {diverged.turn}"
    )


# -- a turn in words -------------------------------------------------------------------------


def position_heading(loaded: Loaded, turn: int) -> str:
    """What the viewer shows after `turn` turns: the turn just played, and its date."""
    rules = loaded.rules
    if turn == 0:
        when = both_styles(rules.date_of(0), rules.new_style_offset)
        return f"Before the first turn: {when}"
    played = loaded.records[turn - 1].turn
    spec = rules.model.calendar.turns[min(played, rules.last_turn)]
    label = f"  ·  {spec.label}" if spec.label else ""
    when = both_styles(rules.date_of(played), rules.new_style_offset)
    return f"Turn {turn}: {when}{label}"


def action_named(rules: Rules, action_id: str) -> ActionRule | None:
    return next((a for a in rules.actions if a.spec.id == action_id), None)


def order_text(rules: Rules, order: ActionOrder, outcome: str | None = None) -> str:
    """'Agitate: Workers in Vyborg Side (failed)'; ids as they are when the scenario lacks them."""
    action = action_named(rules, order.action)
    if action is None:
        target = ", ".join(order.target)
        return f"{order.action}: {target}" if target else order.action
    indices = rules.target_indices(action, order.target)
    target = rules.target_name(action, indices) if indices is not None else ", ".join(order.target)
    text = f"{action.spec.name}: {target}" if target else action.spec.name
    if not outcome or outcome == "done":
        return text
    return f"{text} ({OUTCOME_WORDS.get(outcome, outcome)})"


def choice_text(rules: Rules, event_id: str, choice_id: str) -> str:
    event = next((e for e in rules.events if e.spec.id == event_id), None)
    if event is None:
        return f"Chose '{choice_id}' at '{event_id}'"
    choice = next((c for c in event.spec.choices if c.id == choice_id), None)
    said = choice.text.strip() if choice is not None else choice_id
    return f"At “{event.spec.title}”, chose: {said}"


def outcomes(rules: Rules, faction: int, orders: Orders, after: State | None) -> list[str | None]:
    """How each of a faction's orders went, as the state after the turn recorded it (if it did)."""
    done: list[ActionRecord] = [] if after is None else list(after.last_actions)
    out: list[str | None] = []
    for order in orders.actions:
        action = action_named(rules, order.action)
        target = rules.target_indices(action, order.target) if action is not None else None
        match = next(
            (
                r
                for r in done
                if action is not None
                and r.faction == faction
                and r.action == action.index
                and tuple(r.target) == target
            ),
            None,
        )
        if match is not None:
            done.remove(match)
        out.append(None if match is None else match.outcome)
    return out


def faction_name(rules: Rules, fid: str) -> str:
    index = rules.faction_index.get(fid)
    return rules.model.factions[index].name if index is not None else fid


def decision_blocks(loaded: Loaded, turn: int, after: State | None) -> list[Block]:
    """Each side's decisions of the turn that led to `turn` turns played."""
    rules, record = loaded.rules, loaded.records[turn - 1]
    blocks = [Block("label", "What each side decided")]
    player = loaded.save.player
    ordered = sorted(
        record.decisions, key=lambda f: rules.faction_index.get(f, len(rules.faction_ids))
    )
    for fid in ordered:
        orders = record.decisions[fid]
        seated = player == fid and (loaded.save.seat_from or 0) < turn
        who = faction_name(rules, fid) + (" (the player)" if seated else "")
        blocks.append(Block("small_date", who))
        index = rules.faction_index.get(fid, NO_ONE)
        # The actions are numbered as their tabs on the map are.
        lines = [f"·  {choice_text(rules, e, c)}" for e, c in orders.choices]
        lines += [
            f"{n}.  {order_text(rules, o, how)}"
            for n, (o, how) in enumerate(
                zip(orders.actions, outcomes(rules, index, orders, after), strict=True), 1
            )
        ]
        blocks += [Block("small", line, 8) for line in lines]
        if not lines:
            blocks.append(Block("label", "Did nothing this turn.", 8))
    return blocks


def turn_blocks(
    loaded: Loaded, turn: int, before: State | None, after: State | None
) -> list[Block]:
    """The side panel for `turn` turns played: the decisions, then what happened."""
    blocks: list[Block] = []
    if turn > 0:
        blocks += decision_blocks(loaded, turn, after)
    if after is None:
        return [*blocks, Block("mine", "This turn's state cannot be read from the save.")]
    known = 0 if before is None or turn == 0 else len(before.journal)
    news = [e.text for e in after.journal[known:]]
    title = "What happened" if turn > 0 else "How the game opens"
    blocks.append(Block("heading", title))
    blocks += [Block("small", f"·  {text}", 8) for text in news]
    if not news:
        blocks.append(Block("label", "Nothing of note.", 8))
    if after.over:
        ending = loaded.rules.model.endings[after.ending]
        blocks.append(Block("mine", f"The game ends here: {ending.title}."))
    return blocks


# -- the scene ---------------------------------------------------------------------------------


class ReplayScene(Scene):
    name = "replay"

    def __init__(
        self,
        loaded: Loaded,
        problem: str | None = None,
        store: SaveStore | None = None,
        *,
        diverged_at: int | None = None,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.rules = loaded.rules
        self.problem = problem
        self.store = store
        self.diverged_at = diverged_at
        self.turn = 0
        self.playing = False
        self.note = ""  # why the last take-over did not happen
        self.view = MapView(self.rules)
        first = self.rules.faction_index.get(loaded.save.player or "", 0)
        self.overlay = Overlay("support", first, None)
        playable = [f.id for f in self.rules.model.factions if f.playable]
        self.seats = playable or list(self.rules.faction_ids)
        self.seat = loaded.save.player or self.seats[0]
        self.scale = 1.0
        self.column = Column([], 1.0)
        self.panel_rect = pygame.Rect(0, 0, 0, 0)
        self.panel_limit = 0  # the lowest the panel's text may reach (above the key hints)
        self.top_h = self.bar_h = self.side_w = 0
        self.first_button: UIButton | None = None
        self.back_step: UIButton | None = None
        self.play_button: UIButton | None = None
        self.next_step: UIButton | None = None
        self.last_button: UIButton | None = None
        self.slider: UIHorizontalSlider | None = None
        self.seat_button: UIButton | None = None
        self.take_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.controls: list[UIElement] = []  # in Tab order
        self.focus = 2  # Play: what Enter presses first
        self._refresh_panel()

    # -- what is shown -----------------------------------------------------------------------

    @property
    def turns(self) -> int:
        return self.loaded.turns

    def state_at(self, turn: int) -> State | None:
        """The state after `turn` turns, or None when the save's snapshot of it is bad."""
        try:
            return self.loaded.seek(turn)
        except (SaveError, ValueError):
            return None

    @property
    def heading(self) -> str:
        return position_heading(self.loaded, self.turn)

    @property
    def position(self) -> str:
        return f"Turn {self.turn} of {self.turns}"

    @property
    def badge(self) -> str:
        if self.problem:
            return self.problem
        return VERIFIED if self.loaded.verified else UNVERIFIED

    @property
    def who_played(self) -> str:
        save = self.loaded.save
        if save.player is None:
            return "An all-AI game"
        name = faction_name(self.rules, save.player)
        if save.seat_from:
            return f"The {name}, from turn {save.seat_from + 1}"
        return f"Played as the {name}"

    def take_over_problem(self) -> str | None:
        """Why the player cannot take over at the turn shown; None when they can."""
        state = self.state_at(self.turn)
        if state is None:
            return "This turn cannot be read from the save, so no game can go on from it."
        if state.over:
            return "The game is over at this turn: take over at an earlier one."
        if self.diverged_at is not None and self.turn >= self.diverged_at:
            last = self.diverged_at - 1
            if last == 0:
                return "Not even the first turn replays: only the start can be taken over."
            return f"The save only replays up to turn {last}: take over at or before it."
        seat_from = self.loaded.save.seat_from
        if self.loaded.save.player is not None and seat_from and self.turn < seat_from:
            return f"The player took a seat after turn {seat_from}: take over from there on."
        return None

    @property
    def side_note(self) -> str:
        """The line over the take-over button: why it is not open, or why it did not work."""
        return self.note or self.take_over_problem() or ""

    def _refresh_panel(self) -> None:
        before = self.state_at(self.turn - 1) if self.turn > 0 else None
        blocks = turn_blocks(self.loaded, self.turn, before, self.state_at(self.turn))
        if self.problem and self.turn == self.diverged_at:
            told = f"{self.problem}. From here on the panel and the map show the save's own record."
            blocks.insert(0, Block("mine", told))
        self.column = Column(blocks, self.scale)
        self._fit_panel()

    def _fit_panel(self) -> None:
        """The panel's text takes the room the note under it leaves."""
        if self.panel_rect.width <= 0:
            return
        foot = self._foot_font()
        lines = wrap(foot, self.side_note, self.panel_rect.width)[:3]
        room = len(lines) * foot.get_linesize() + 8 if lines else 0
        self.panel_rect.height = max(40, self.panel_limit - room - self.panel_rect.top)
        self.column.set(self.panel_rect.width, self.panel_rect.height)

    def _foot_font(self) -> pygame.font.Font:
        return theme.font(max(11, round(13 * self.scale)), "italic")

    # -- moving through the game ---------------------------------------------------------------

    def seek(self, turn: int) -> None:
        """Show the game after `turn` turns (clamped); instant, whatever the turn."""
        turn = max(0, min(turn, self.turns))
        if self.slider is not None and int(self.slider.get_current_value()) != turn:
            self.slider.set_current_value(turn, False)
        if turn == self.turn:
            return
        self.turn = turn
        self.note = ""
        self._refresh_panel()
        self._refresh_widgets()
        self.dirty = True

    def step(self, by: int) -> None:
        self.pause()
        self.seek(self.turn + by)

    def _track(self) -> tuple[float, float] | None:
        """Where the slider's handle is centred at the first turn and at the last, in window
        x (None before it is built, or with no turns to go through)."""
        slider = self.slider
        if slider is None or slider.button_container is None or self.turns <= 0:
            return None
        # The handle's left edge runs over `scrollable_width` from just past the left arrow.
        start = slider.button_container.rect.left + slider.arrow_button_width
        start += slider.sliding_button_width / 2
        return start, start + slider.scrollable_width

    def turn_at(self, x: int) -> int | None:
        """The turn a click at window x on the slider's track stands for (clamped)."""
        track = self._track()
        if track is None:
            return None
        first, last = track
        share = (x - first) / max(1.0, last - first)
        return max(0, min(self.turns, round(share * self.turns)))

    def x_of(self, turn: int) -> int | None:
        """The window x of the handle's centre at `turn`."""
        track = self._track()
        if track is None:
            return None
        first, last = track
        return round(first + (last - first) * min(turn, self.turns) / self.turns)

    def click_track(self, pos: tuple[int, int]) -> bool:
        """A click on the slider beside its handle seeks there at once (pygame_gui's slider
        only moves when its handle is dragged); whether the click was on the track."""
        slider = self.slider
        if slider is None or not slider.is_enabled or not slider.rect.collidepoint(pos):
            return False
        handle = slider.sliding_button
        if handle is not None and handle.rect.collidepoint(pos):
            return False  # the handle: pygame_gui drags it
        turn = self.turn_at(pos[0])
        if turn is None:
            return False
        self.pause()
        self.seek(turn)
        self.focus = self.controls.index(slider) if slider in self.controls else self.focus
        self._mark_focus()
        return True

    def play(self) -> None:
        if self.turns == 0:
            return
        if self.turn >= self.turns:  # played to the end: Play starts again
            self.seek(0)
        self.playing = True
        seconds = self.app.settings.seconds_per_turn if self._app is not None else 1.0
        pygame.time.set_timer(TICK, max(50, round(seconds * 1000)))
        self._refresh_widgets()

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            pygame.time.set_timer(TICK, 0)
            self._refresh_widgets()

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def tick(self) -> None:
        """One beat of playback: the next turn, and a stop at the end."""
        if not self.playing:
            return  # a beat the timer posted just before it was stopped
        self.seek(self.turn + 1)
        if self.turn >= self.turns:
            self.pause()

    def next_seat(self) -> None:
        """In an all-AI game, the side the player would take over (cycles)."""
        at = self.seats.index(self.seat) if self.seat in self.seats else -1
        self.seat = self.seats[(at + 1) % len(self.seats)]
        self._refresh_widgets()
        self.dirty = True

    def take_over(self) -> Transition | None:
        """Play on from the turn shown, on the map, in place of this viewer."""
        from game.ui.scenes.saveload import SaveLoadScene, map_of

        problem = self.take_over_problem()
        if problem is not None:
            self.note = problem
            self._fit_panel()
            self.dirty = True
            return None
        player = self.seat if self.loaded.save.player is None else None
        try:
            session = self.loaded.take_over(self.turn, player=player)
        except (SaveError, ValueError) as bad:
            self.note = f"Cannot take over: {bad}"
            self._fit_panel()
            self.dirty = True
            return None
        self.pause()
        if self._app is not None and len(self.app.stack) >= 2:
            below = self.app.stack[-2]
            if isinstance(below, SaveLoadScene):  # Esc on the new game goes to the title
                below.leave()
                self.app.stack.remove(below)
        return replace(map_of(session, self.store))

    # -- widgets -------------------------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        self.view.palette = self.app.settings.palette  # every settings change rebuilds
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        self.top_h = 14 + theme.line_height(max(16, round(21 * k)), "bold")
        self.top_h += theme.line_height(max(13, round(16 * k)), "italic") + 12
        self.side_w = max(330, round(380 * k))
        self.bar_h = max(50, round(58 * k))
        bh = self.bar_h - 16
        y = h - self.bar_h + 8
        x, gap = 12, 6
        sw = max(34, round(40 * k))
        self.first_button = self._button(pygame.Rect(x, y, sw, bh), "«", "To the start (Home)")
        x += sw + gap
        self.back_step = self._button(pygame.Rect(x, y, sw, bh), "‹", "A turn back (Left)")
        x += sw + gap
        pw = max(76, round(88 * k))
        self.play_button = self._button(pygame.Rect(x, y, pw, bh), "Play", "Play or pause (Space)")
        x += pw + gap
        self.next_step = self._button(pygame.Rect(x, y, sw, bh), "›", "A turn on (Right)")
        x += sw + gap
        self.last_button = self._button(pygame.Rect(x, y, sw, bh), "»", "To the end (End)")
        x += sw + 14
        label_w = theme.font(max(13, round(16 * k)), "italic").size(
            f"Turn {self.turns} of {self.turns}"
        )[0]
        right = w - self.side_w - 30 - label_w
        slider = UIHorizontalSlider(
            pygame.Rect(x, y + bh // 2 - 12, max(80, right - x), 24),
            self.turn,
            (0, max(1, self.turns)),
            self.manager,
            click_increment=1,
        )
        slider.enable_arrow_buttons = False  # the ‹ › buttons step; the font lacks its arrows
        slider.rebuild()  # type: ignore[no-untyped-call]
        slider.set_current_value(self.turn, False)
        self.slider = slider
        self.add(slider)
        self._build_side(size)
        self.controls = [
            c
            for c in (
                self.first_button,
                self.back_step,
                self.play_button,
                self.next_step,
                self.last_button,
                self.slider,
                self.seat_button,
                self.take_button,
                self.back_button,
            )
            if c is not None
        ]
        self.focus = min(self.focus, len(self.controls) - 1)
        self._refresh_widgets()

    def _build_side(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale
        side = pygame.Rect(w - self.side_w, self.top_h, self.side_w, h - self.top_h)
        bh = max(40, round(46 * k))
        bottom = side.bottom - 14 - bh
        left, width = side.left + 16, side.width - 32
        bw = max(72, round(84 * k))
        self.back_button = self._button(pygame.Rect(left, bottom, bw, bh), "Back", "Esc")
        take = pygame.Rect(left + bw + 8, bottom, width - bw - 8, bh)
        if theme.button_font(k, "#end_turn").size(TAKE_OVER)[0] + 24 > take.width:
            # Large text in a narrow panel: Take over gets a row of its own, above Back.
            bottom -= bh + 8
            take = pygame.Rect(left, bottom, width, bh)
        self.take_button = self._button(
            take,
            TAKE_OVER,
            "Play on from this turn as a new game",
            "#end_turn",
        )
        self.seat_button = None
        if self.loaded.save.player is None:
            bottom -= bh + 8
            self.seat_button = self._button(
                pygame.Rect(left, bottom, width, bh), "", "Which side you would lead"
            )
        footer_h = 2 * self._foot_font().get_linesize() + 14
        top = side.top + 12
        self.panel_limit = bottom - footer_h
        self.panel_rect = pygame.Rect(left, top, width - 8, self.panel_limit - top)
        self.column = Column(self.column.blocks, k)
        self._fit_panel()

    def _button(
        self, rect: pygame.Rect, label: str, tip: str, object_id: str | None = None
    ) -> UIButton:
        face = theme.button_face(self.scale, object_id)
        button = UIButton(rect, label, self.manager, tool_tip_text=tip, object_id=face)
        self.add(button)
        return button

    def _refresh_widgets(self) -> None:
        """The widgets' words and states for the turn shown (nothing when not built)."""
        if self.play_button is not None:
            self.play_button.set_text("Pause" if self.playing else "Play")
            gui.enable(self.play_button, self.turns > 0)
        for button, on in (
            (self.first_button, self.turn > 0),
            (self.back_step, self.turn > 0),
            (self.next_step, self.turn < self.turns),
            (self.last_button, self.turn < self.turns),
        ):
            if button is not None:
                gui.enable(button, on)
        if self.slider is not None:
            gui.enable(self.slider, self.turns > 0)
        if self.seat_button is not None:
            self.seat_button.set_text(f"Lead: {faction_name(self.rules, self.seat)}  ›")
        if self.take_button is not None:
            gui.enable(self.take_button, self.take_over_problem() is None)
        self._mark_focus()

    def _mark_focus(self) -> None:
        for i, control in enumerate(self.controls):
            # Unselecting repaints a button as enabled: a disabled one is left alone.
            if isinstance(control, UIButton) and control.is_enabled:
                gui.select(control, i == self.focus)
        self.dirty = True

    def move_focus(self, by: int) -> None:
        if self.controls:
            self.focus = (self.focus + by) % len(self.controls)
            self._mark_focus()

    # -- life on the stack -------------------------------------------------------------------

    def cover(self) -> None:
        self.pause()  # a page on top (the keys, say) stops the film
        super().cover()

    def leave(self) -> None:
        self.pause()
        super().leave()

    # -- events ----------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == TICK:
            self.tick()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self.press(event.ui_element)
        elif (
            event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.slider
        ):
            self.pause()
            self.seek(round(event.value))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.click_track(event.pos)
        elif event.type == pygame.MOUSEWHEEL and self.column.handle(event):
            self.dirty = True
        elif event.type == pygame.KEYDOWN:
            return self.key(event)
        if drag_bars(event, self.column):
            self.dirty = True
        return None

    def press(self, element: object) -> Transition | None:
        if element is self.back_button:
            return POP
        if element is self.take_button:
            return self.take_over()
        if element is self.play_button:
            self.toggle()
        elif element is self.first_button:
            self.step(-self.turns)
        elif element is self.last_button:
            self.step(self.turns)
        elif element is self.back_step:
            self.step(-1)
        elif element is self.next_step:
            self.step(1)
        elif element is self.seat_button:
            self.next_seat()
        return None

    def key(self, event: pygame.event.Event) -> Transition | None:
        code = event.key
        shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        if code == pygame.K_ESCAPE:
            return POP
        if code == pygame.K_SPACE:
            self.toggle()
        elif code in (pygame.K_LEFT, pygame.K_RIGHT):
            self.step(1 if code == pygame.K_RIGHT else -1)
        elif code in (pygame.K_HOME, pygame.K_END):
            self.step(self.turns if code == pygame.K_END else -self.turns)
        elif code == pygame.K_TAB:
            self.move_focus(-1 if shift else 1)
        elif code in (pygame.K_UP, pygame.K_DOWN):
            self.move_focus(-1 if code == pygame.K_UP else 1)
        elif code in _ENTER:
            focused = self.controls[self.focus] if self.controls else None
            if focused is not None and focused is not self.slider and focused.is_enabled:
                return self.press(focused)
        elif code in _PANEL_KEYS:
            if self.column.handle(event):
                self.dirty = True
        elif code in _OVERLAY_KEYS:
            kind = OVERLAYS[_OVERLAY_KEYS[code]]
            self.overlay = Overlay(kind, self.overlay.faction, self.overlay.group)
            self.dirty = True
        elif code == pygame.K_f:
            faction = (self.overlay.faction + 1) % self.rules.n_factions
            self.overlay = Overlay("support", faction, self.overlay.group)
            self.dirty = True
        return None

    # -- drawing ---------------------------------------------------------------------------------

    def map_rect(self, size: tuple[int, int]) -> pygame.Rect:
        w, h = size
        return pygame.Rect(0, self.top_h, w - self.side_w, h - self.top_h - self.bar_h)

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        surface.fill(theme.DESK)
        area = self.map_rect(size)
        state = self.state_at(self.turn)
        if state is not None:
            surface.blit(self.view.render(area.size, state, self.overlay), area.topleft)
            self._draw_orders(surface, area)
        else:
            self._draw_missing(surface, area)
        self._draw_top(surface, size)
        self._draw_bar(surface, size)
        self._draw_side(surface, size)

    def spots(self) -> list[tuple[int, int, str, int]]:
        """(faction, the order's number, "region" or "site", which) for every order of the
        turn shown that was aimed at a place on the map."""
        if self.turn == 0:
            return []
        rules, before = self.rules, self.state_at(self.turn - 1)
        sites = {i for i, _, _ in self.view.sites}
        out = []
        for fid, orders in self.loaded.records[self.turn - 1].decisions.items():
            faction = rules.faction_index.get(fid)
            for number, order in enumerate(orders.actions, 1):
                action = action_named(rules, order.action)
                target = rules.target_indices(action, order.target) if action else None
                if faction is None or action is None or target is None:
                    continue
                kind = action.spec.target
                if kind == "region":
                    out.append((faction, number, "region", target[0]))
                elif kind == "group_region":
                    out.append((faction, number, "region", target[1]))
                elif kind == "site" and target[0] in sites:
                    out.append((faction, number, "site", target[0]))
                elif kind == "unit" and before is not None:
                    out.append((faction, number, "region", int(before.unit_region[target[0]])))
        return out

    def _anchor(self, kind: str, which: int, side: int) -> tuple[float, float]:
        """Where the first tab on a place goes (on the map picture): under a district's
        name, figure and row of units, in an inset's lower left corner, or beside a site."""
        view = self.view
        if kind == "site":
            point = next(p for i, p, _ in view.sites if i == which)
            x, y = view.to_screen(point)
            return x + side * 0.6, y - side * 1.2
        shape = [view.to_screen(p) for p in view.shapes[which]]
        left, right = min(p[0] for p in shape), max(p[0] for p in shape)
        if view.inset[which]:
            return left + 8, max(p[1] for p in shape) - side - 6
        # The district's label: its name (on up to two lines) and its figure, centred on the point.
        name_font = theme.font(max(12, round(20 * view.scale)), "bold")
        name = view.names[which]
        lines = 1 if name_font.size(name)[0] <= right - left - 12 else 2
        x, y = view.to_screen(view.labels[which])
        below = y + (name_font.get_linesize() - 2) * (lines + 1) / 2 + 3
        units = [row for r, row in view.unit_rows if r == which]
        if units:  # the map's tokens for the units there come first
            below = max(below, units[0].bottom + 4)
        return x - side / 2, below

    def _draw_orders(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """A numbered tab in the side's colour wherever an order of this turn was aimed
        (the numbers are the side panel's)."""
        self.view.fit(area.size)
        side = max(14, round(17 * self.scale))
        font = theme.font(max(10, round(12 * self.scale)), "bold")
        placed: dict[tuple[str, int], int] = {}
        for faction, number, kind, which in self.spots():
            n = placed.get((kind, which), 0)
            placed[(kind, which)] = n + 1
            x, y = self._anchor(kind, which, side)
            # Several orders on one place sit in a row, not on top of each other.
            rect = pygame.Rect(
                round(area.left + x + n * (side + 3)), round(area.top + y), side, side
            )
            colour = self.view.colours[faction]
            pygame.draw.rect(surface, theme.PAPER_LIGHT, rect.inflate(4, 4), border_radius=4)
            pygame.draw.rect(surface, colour, rect, border_radius=3)
            pygame.draw.rect(surface, theme.INK, rect, 1, border_radius=3)
            ink = theme.PAPER_LIGHT if sum(colour) < 400 else theme.INK
            label = font.render(str(number), True, ink)
            surface.blit(label, label.get_rect(center=rect.center))

    def _draw_missing(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.PAPER_DARK, area)
        font = theme.font(max(14, round(18 * self.scale)), "italic")
        lines = wrap(
            font, "The save's record of this turn does not match its hash.", area.width - 80
        )
        y = area.centery - len(lines) * font.get_linesize() // 2
        for line in lines:
            image = font.render(line, True, theme.ACCENT)
            surface.blit(image, (area.centerx - image.get_width() // 2, y))
            y += font.get_linesize()

    def _draw_top(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        w, k = size[0], self.scale
        bar = pygame.Rect(0, 0, w, self.top_h)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK, (0, bar.bottom - 4), (w, bar.bottom - 4), 2)
        pygame.draw.line(surface, theme.INK_FADED, (0, bar.bottom - 1), (w, bar.bottom - 1), 1)
        head = theme.font(max(16, round(21 * k)), "bold")
        line = theme.font(max(13, round(16 * k)), "italic")
        kicker = theme.font(max(12, round(14 * k)), "regular")
        right = w - 18
        label = kicker.render("   ".join("REPLAY"), True, theme.INK_FADED)
        surface.blit(label, (right - label.get_width(), 10))
        who = line.render(fit(line, self.who_played, round(w * 0.3)), True, theme.INK)
        surface.blit(who, (right - who.get_width(), 10 + head.get_linesize()))
        room = right - max(label.get_width(), who.get_width()) - 40
        surface.blit(head.render(fit(head, self.heading, room), True, theme.INK), (18, 8))
        y = 10 + head.get_linesize()
        seal = line.get_linesize() // 2 - 1
        centre = (18 + seal, y + line.get_linesize() // 2)
        self._draw_seal(surface, centre, seal)
        ink = theme.ACCENT if self.problem or not self.loaded.verified else theme.INK
        text = fit(line, self.badge, room - 2 * seal - 8)
        surface.blit(line.render(text, True, ink), (18 + 2 * seal + 8, y))

    def _draw_seal(self, surface: pygame.Surface, centre: tuple[int, int], r: int) -> None:
        """A stamped circle: a tick when the game replays, a cross when it does not."""
        x, y = centre
        good = self.problem is None and self.loaded.verified
        ink = theme.INK if good else theme.ACCENT
        pygame.draw.circle(surface, ink, centre, r, 2)
        a = r // 2
        if good:
            pygame.draw.lines(surface, ink, False, [(x - a, y), (x - 1, y + a), (x + a, y - a)], 2)
        else:
            pygame.draw.line(surface, ink, (x - a, y - a), (x + a, y + a), 2)
            pygame.draw.line(surface, ink, (x - a, y + a), (x + a, y - a), 2)

    def _draw_bar(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        w, h = size
        bar = pygame.Rect(0, h - self.bar_h, w - self.side_w, self.bar_h)
        pygame.draw.rect(surface, theme.PAPER_DARK, bar)
        pygame.draw.line(surface, theme.INK_FADED, bar.topleft, bar.topright, 1)
        font = theme.font(max(13, round(16 * self.scale)), "italic")
        image = font.render(self.position, True, theme.INK)
        surface.blit(
            image, (bar.right - 14 - image.get_width(), bar.centery - image.get_height() // 2)
        )
        if self.slider is None:
            return
        rect = self.slider.rect
        x = self.x_of(self.diverged_at) if self.diverged_at is not None else None
        if x is not None:  # where the game stops replaying, on the slider's track
            pygame.draw.line(surface, theme.ACCENT, (x, rect.top - 5), (x, rect.bottom + 4), 3)
        if self.controls and self.controls[self.focus] is self.slider:
            pygame.draw.rect(surface, theme.ACCENT, rect.inflate(8, 8), 2, border_radius=3)

    def _draw_side(self, surface: pygame.Surface, size: tuple[int, int]) -> None:
        w, h = size
        side = pygame.Rect(w - self.side_w, self.top_h, self.side_w, h - self.top_h)
        pygame.draw.rect(surface, theme.PAPER_LIGHT, side)
        pygame.draw.line(surface, theme.INK_FADED, side.topleft, side.bottomleft, 1)
        self.column.draw(surface, self.panel_rect)
        self._draw_swatches(surface)
        foot = self._foot_font()
        width = self.panel_rect.width
        buttons_top = min(
            (c.rect.top for c in (self.seat_button, self.take_button) if c is not None),
            default=side.bottom,
        )
        y = self.panel_rect.bottom + 8
        for line in wrap(foot, self.side_note, width)[:3]:
            surface.blit(foot.render(line, True, theme.ACCENT), (side.left + 16, y))
            y += foot.get_linesize()
        y = buttons_top - 8 - 2 * foot.get_linesize()
        for line in wrap(foot, FOOTER, side.width - 32)[:2]:
            surface.blit(foot.render(line, True, theme.INK_FADED), (side.left + 16, y))
            y += foot.get_linesize()

    def _draw_swatches(self, surface: pygame.Surface) -> None:
        """A dot in each side's colour before its name, the key to the discs on the map."""
        rect, column = self.panel_rect, self.column
        names = sorted(
            ((faction_name(self.rules, f), i) for i, f in enumerate(self.rules.faction_ids)),
            key=lambda pair: -len(pair[0]),
        )
        radius = max(4, round(5 * self.scale))
        heading = column.font("small_date")
        for y, line, font, _, _ in column.rows:
            faction = next((i for name, i in names if line.startswith(name)), None)
            top = rect.top + y - column.offset
            if faction is None or font is not heading:
                continue
            if top < rect.top or top > rect.bottom - font.get_linesize():
                continue
            centre = (rect.left - radius - 3, top + font.get_linesize() // 2)
            pygame.draw.circle(surface, self.view.colours[faction], centre, radius)
            pygame.draw.circle(surface, theme.INK, centre, radius, 1)

    def shown_texts(self) -> list[str]:
        texts = [self.heading, self.position, self.badge, self.who_played, *self.column.texts()]
        if self.side_note:
            texts.append(self.side_note)
        return texts + [b.text for b in self.widgets if isinstance(b, UIButton)]

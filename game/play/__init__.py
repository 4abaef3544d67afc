"""A game in play: the layer both front ends stand on.

`Game` wraps a `Session` (the rules, the dice, the record) and a `SaveStore`
(where its saves go) with every rule of *playing* a game, as opposed to the
rules of the game's world, which live in `game.engine`:

- the player's event choices and queued orders for the turn, and what is
  still open given them (`game.play.orders.OrderBook`);
- ending a turn: events first, then the orders, then the autosave;
- undo, quicksave and quickload, named saves, and the ironman rules that
  forbid them;
- loading, with one kind of error (`PlayError`) whatever went wrong.

The window and the terminal only show a Game and send it the player's intent,
so neither writes these rules again. Nothing here draws, prints or reads a
key; the only I/O is the store's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.describe import capital, effects_text, headed
from game.engine.decisions import IllegalDecision, Orders
from game.engine.legal import any_choice_open, choice_options, pending_for
from game.engine.rules import ActionRule, ChoiceRule, EventRule, Rules
from game.engine.score import ScoreLine, explain
from game.engine.state import State
from game.forecast import Road, Threat, roads, threats
from game.play.orders import OrderBook, news_lines
from game.play.saving import (
    AskOverwrite,
    PlayError,
    newest,
    one_line,
    os_text,
    playable_session,
    read_session,
)
from game.report import TurnReport, report_of_turn, turn_report
from game.saves.format import SaveError
from game.saves.store import QUICKSAVE, SUFFIX, OtherGame, SaveStore
from game.session import Session

__all__ = [
    "AskOverwrite",
    "ChoicePreview",
    "Game",
    "PlayError",
    "TurnEnd",
    "continue_game",
    "ironman_refusal",
    "load_game",
    "one_line",
    "read_session",
]

IRONMAN_REFUSAL = "Ironman: the game keeps its one save; no saving, loading or undo."
NO_STORE = "Saving is off in this game."
RESERVED_PREFIXES = ("autosave-", "ironman-")


def ironman_refusal(session: Session | None) -> str | None:
    """Why an ironman game may not be saved by hand, loaded over or taken back; else None."""
    return IRONMAN_REFUSAL if session is not None and session.ironman else None


@dataclass(frozen=True)
class ChoicePreview:
    """One choice of an event as the player weighs it: what it will do, or why it is closed."""

    choice: ChoiceRule
    problem: str | None  # None when the choice may be taken
    effects: str  # what it will do, in words, with the odds of any contest


@dataclass(frozen=True)
class TurnEnd:
    """What ending a turn came to.

    `waiting` is an event still awaiting the player's choice, and `dangers` the
    endings against the player that could come this turn (in both cases nothing was
    played); otherwise the turn was played when `played`, `report` says what it
    did, `message` says how it went (or why it was refused) and `autosave` says if
    the autosave failed.
    """

    played: bool
    message: str = ""
    waiting: EventRule | None = None
    autosave: str | None = None
    # Endings the player would lose that another side could bring about this turn: the
    # turn was not played; ask, then end it with `end_turn(confirmed=True)`.
    dangers: tuple[Threat, ...] = ()
    report: TurnReport | None = None  # what the turn did, when it was played


class Game:
    """One player's game in play; see the module's docstring."""

    def __init__(self, session: Session, store: SaveStore | None = None) -> None:
        if session.player is None:
            raise ValueError("a game in play needs the player's faction")
        self.session = session
        self.rules: Rules = session.rules
        self.me = self.rules.faction_index[session.player]
        self.store = store  # None: this game is not saved (tests, `--no-save`)
        self.book = OrderBook(self.rules, self.me)
        self._reports: dict[int, TurnReport] = {}  # by turn played (0: the first)
        self._threats: tuple[State, list[Threat]] | None = None
        # The state whose dangers the player has seen, and the orders they had then: a
        # change of orders after the warning is a new plan, to be warned of again.
        self._warned: tuple[State, Orders] | None = None

    # -- what the game is now ------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def choices(self) -> dict[str, str]:
        """This turn's event choices (event id -> choice id), kept by the order book, which
        checks the orders against the board they leave."""
        return self.book.choices

    @choices.setter
    def choices(self, value: dict[str, str]) -> None:
        self.book.choices = value

    @property
    def over(self) -> bool:
        return self.session.over

    @property
    def before(self) -> State | None:
        """The state the last turn began from, to say what changed; None before the first turn."""
        checkpoints = self.session.checkpoints
        return checkpoints[-1].state if checkpoints else None

    @property
    def turns_played(self) -> int:
        return len(self.session.records)

    def news(self) -> list[str]:
        """What the journal says since the last turn began, then what the others did."""
        return news_lines(self.rules, self.state, self.me)

    # -- the turn's event choices ----------------------------------------------------------

    def events(self) -> list[EventRule]:
        """The events awaiting the player's choice this turn that have a choice open to them."""
        state = self.state
        return [
            e
            for e in pending_for(self.rules, state, self.me)
            if any_choice_open(self.rules, state, e)
        ]

    def next_event(self) -> EventRule | None:
        """The first event still awaiting the player's choice this turn, if any."""
        return next((e for e in self.events() if e.spec.id not in self.choices), None)

    def options(self, event: EventRule) -> list[ChoicePreview]:
        """The event's choices, each with what it will do, or the reason it is closed."""
        params = {"faction": self.me}
        return [
            ChoicePreview(
                option.choice,
                option.problem,
                effects_text(self.rules, option.choice.effects, params, board=self.state),
            )
            for option in choice_options(self.rules, self.state, event)
        ]

    def choose(self, event_id: str, choice_id: str) -> str:
        """Keep the player's choice for the turn; returns what to tell the player.

        Raises PlayError if no such event awaits the player or the choice is closed.
        """
        event = next((e for e in self.events() if e.spec.id == event_id), None)
        if event is None:
            raise PlayError(f"No event '{event_id}' awaits your choice this turn.")
        option = next((o for o in self.options(event) if o.choice.spec.id == choice_id), None)
        if option is None:
            raise PlayError(f"'{event.spec.title}' has no such choice.")
        if option.problem is not None:
            raise PlayError(f"That choice is closed: {option.problem}")
        self.choices[event_id] = choice_id
        said = headed(event.spec.title, option.choice.spec.text)
        # A changed choice may close orders queued before it: say so at once.
        stopped = [q.label for q in self.book.listing(self.state) if q.sure]
        if stopped:
            said += f". It stops orders you queued: {'; '.join(stopped)}"
        return said

    # -- the turn's orders ------------------------------------------------------------------

    def queue(self, action: ActionRule, candidate: int, *, ahead: bool = True) -> str | None:
        """Queue an order, or say why not (and queue nothing); see `OrderBook.add`."""
        return self.book.add(self.state, action, candidate, ahead=ahead)

    def queue_said(self, action: ActionRule, candidate: int) -> tuple[bool, str]:
        """Queue an order; whether it was queued, and what to tell the player: why not,
        or what may still stand in its way (an earlier order that may make it useless)."""
        label = self.book.label(action, candidate)
        problem = self.queue(action, candidate)
        if problem is not None:
            return False, f"Cannot queue {label}: {problem}"
        warning = self.book.listing(self.state)[-1].warning
        return True, f"Queued: {label}." + (f" {capital(warning)}." if warning else "")

    def take_back(self, index: int = -1) -> str | None:
        """Remove a queued order (the last by default); returns its label, None if none."""
        queued = self.book.queued
        if not queued:
            return None
        at = index % len(queued) if index < 0 else index
        if not 0 <= at < len(queued):
            return None
        action, candidate = queued[at]
        self.book.remove(at)
        return self.book.label(action, candidate)

    def orders(self) -> Orders:
        return Orders(tuple(self.choices.items()), self.book.orders())

    def end_turn(self, *, confirmed: bool = False) -> TurnEnd:
        """Play the turn with the player's choices and orders, then autosave.

        Every event awaiting a choice must be answered first, and the player must have
        been shown any ending against them that another side could bring about this
        turn: until then nothing is played, and `waiting` or `dangers` says why.
        `confirmed` says the player has seen the dangers and ends the turn anyway.
        """
        if self.over:
            return TurnEnd(False, "The game is over.")
        waiting = self.next_event()
        if waiting is not None:
            return TurnEnd(False, f"First decide: {waiting.spec.title}.", waiting=waiting)
        dangers = tuple(self.dangers())
        seen = self._warned
        if (
            dangers
            and not confirmed
            and (seen is None or seen[0] is not self.state or seen[1] != self.orders())
        ):
            self._warned = (self.state, self.orders())
            return TurnEnd(False, "The game could end against you this turn.", dangers=dangers)
        before = self.state
        try:
            self.session.play_turn(self.orders())
        except IllegalDecision as refused:
            return TurnEnd(False, f"Not yet: {refused.reason}")
        self.choices = {}
        self.book.clear()
        report = turn_report(self.rules, before, self.state, self.me)
        self._reports[self.turns_played - 1] = report
        return TurnEnd(
            True,
            f"Turn {self.turns_played} is played.",
            autosave=self.autosave(),
            report=report,
        )

    # -- what the player is told: the turn's report, the roads to the endings -------------

    def report(self, index: int) -> TurnReport:
        """The report of turn `index` (0 for the first played), kept or made again."""
        found = self._reports.get(index)
        if found is None:
            found = self._reports[index] = report_of_turn(self.session, index, self.me)
        return found

    def threats(self) -> list[Threat]:
        """Every ending that a single move of any side (or no move) could bring this turn."""
        if self._threats is None or self._threats[0] is not self.state:
            self._threats = (self.state, threats(self.rules, self.state, self.me))
        return self._threats[1]

    def dangers(self) -> list[Threat]:
        """The threats that would end the game with the player's side not among the winners."""
        return [t for t in self.threats() if not t.yours]

    def roads(self) -> list[Road]:
        """Every ending: who wins it, its conditions in words and where each stands now."""
        return roads(self.rules, self.state, self.me)

    def score(self) -> list[ScoreLine]:
        """The player's score, a line per part, each saying how its points came."""
        return explain(self.rules, self.state, self.me)

    # -- saving, loading, undo --------------------------------------------------------------

    @property
    def ironman_name(self) -> str:
        """The one save an ironman game keeps, rewritten after every turn."""
        return f"ironman-{self.session.game_id[:8]}"

    def refusal(self) -> str | None:
        """Why this game may not be saved, loaded over or taken back; None when it may."""
        refused = ironman_refusal(self.session)
        if refused is not None:
            return refused
        if self.store is None:
            return NO_STORE
        return None

    def _store(self) -> SaveStore:
        refused = self.refusal()
        if refused is not None or self.store is None:
            raise PlayError(refused or NO_STORE)
        return self.store

    def kept_as(self) -> str:
        """What is kept of the game if the player leaves it now, in a line."""
        if self.store is None:
            return "This game is not being saved."
        if self.turns_played == 0:
            return "No turn has been played yet, so nothing of this game is saved."
        if self.session.ironman:
            return "Its one save was written at the end of the last turn."
        return "It was autosaved at the start of this turn."

    def autosave(self) -> str | None:
        """The save after every turn (an ironman game rewrites its one save instead).

        Returns None when saved (or the game is not saved at all), else a line to show:
        the game goes on either way.
        """
        if self.store is None:
            return None
        try:
            if self.session.ironman:
                self.store.save(self.session, self.ironman_name, overwrite=True)
            else:
                self.store.autosave(self.session)
        except (SaveError, OSError) as failed:
            return f"Autosave failed: {os_text(failed)}"
        return None

    def save(self, name: str, *, overwrite: bool = False) -> str:
        """Write a named save as at the start of this turn; returns what to tell the player.

        Raises AskOverwrite when the name holds another game's save (call again with
        `overwrite=True` once the player agrees), PlayError when it cannot be written.
        """
        store = self._store()
        name = name.strip()
        if not name:
            raise PlayError("Type a name for the save first.")
        if name.startswith(RESERVED_PREFIXES):
            raise PlayError("That name is kept for the game's own saves; choose another.")
        if name.lower().endswith(SUFFIX) or any(c in name for c in "/\\"):
            # A save is named, never placed: the store keeps every save in its folder.
            raise PlayError("Type a name for the save, not a file or folder (no '/' or '.yaml').")
        try:
            path = store.save(self.session, name, overwrite=overwrite)
        except OtherGame as other:
            raise AskOverwrite(f"'{name}' holds another game's save. Overwrite it?") from other
        except (SaveError, OSError) as failed:
            raise PlayError(f"Not saved: {os_text(failed)}") from failed
        return f"Saved as '{name}' in {path.parent} (as at the start of this turn)."

    def quicksave(self) -> str:
        """Write the quicksave slot (F5); returns what to tell the player."""
        store = self._store()
        try:
            store.quicksave(self.session)
        except (SaveError, OSError) as failed:
            raise PlayError(f"Not saved: {os_text(failed)}") from failed
        return f"Quicksaved (turn {self.turns_played + 1})."

    def load(self, name: str) -> Game:
        """Another game from a named save of this game's store, verified; raises PlayError."""
        store = self._store()
        try:
            path = store.path(name)
        except SaveError as bad:
            raise PlayError(f"Not loaded: {one_line(bad)}") from bad
        if not path.exists():
            raise PlayError(f"Not loaded: there is no save called '{name}'.")
        return Game(playable_session(path), store)

    def quickload(self) -> Game:
        """The quicksave, verified (F9); raises PlayError."""
        store = self._store()
        if not store.path(QUICKSAVE).exists():
            raise PlayError("Not loaded: there is no quicksave yet (F5 makes one).")
        return Game(playable_session(store.path(QUICKSAVE)), store)

    def undo(self) -> str:
        """Take back the whole of the last turn, dice and all; raises PlayError when it cannot."""
        refused = ironman_refusal(self.session)
        if refused is not None:
            raise PlayError(refused)
        if not self.session.undo():
            raise PlayError("No turn to take back yet.")
        self._reports.pop(self.turns_played, None)
        # The choices and orders belonged to the turn now being played again.
        self.choices = {}
        self.book.clear()
        return "Your last turn is taken back; the dice will fall the same way again."


def load_game(path: Path | str, store: SaveStore | None = None) -> Game:
    """A game from a save file, verified and ready to play on; raises PlayError."""
    return Game(playable_session(path), store)


def continue_game(store: SaveStore) -> Game:
    """The newest save of any game, verified and ready to play on; raises PlayError."""
    listed = newest(store)
    if listed is None:
        raise PlayError("Not loaded: there are no saves yet.")
    return load_game(listed.path, store)

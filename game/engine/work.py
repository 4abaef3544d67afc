"""The mutable scratch copy of a state that one step works on, then freezes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.engine.context import EvalCtx
from game.engine.state import (
    ActionRecord,
    Change,
    JournalEntry,
    State,
    extend_journal_text,
    frozen,
    known_journal_text,
)

if TYPE_CHECKING:
    from game.engine.rules import Rules

_ARRAYS = (
    "support",
    "mobilisation",
    "tracks",
    "flags",
    "resources",
    "site_controller",
    "site_defence",
    "unit_owner",
    "unit_region",
    "unit_strength",
    "unit_loyalty",
    "fired",
)


class Work:
    """A state being changed by one step. Only the engine sees it."""

    def __init__(self, rules: Rules, state: State, rng: np.random.Generator | int) -> None:
        """`rng` is the generator contests roll from, or the seed of private dice for a
        look-ahead, made only when a contest first rolls: most look-aheads roll none,
        and making a generator costs more than the rest of a short look-ahead."""
        self.rules = rules
        self._rng = None if isinstance(rng, int) else rng
        self._seed = rng if isinstance(rng, int) else 0
        self.turn = state.turn
        self.player = state.player
        self.ending = state.ending
        for name in _ARRAYS:
            # ndarray.copy, not np.array(copy=True): the same copy, for less of a call.
            setattr(self, name, getattr(state, name).copy(order="K"))
        self.support: np.ndarray
        self.mobilisation: np.ndarray
        self.tracks: np.ndarray
        self.flags: np.ndarray
        self.resources: np.ndarray
        self.site_controller: np.ndarray
        self.site_defence: np.ndarray
        self.unit_owner: np.ndarray
        self.unit_region: np.ndarray
        self.unit_strength: np.ndarray
        self.unit_loyalty: np.ndarray
        self.fired: np.ndarray
        self.pending: list[tuple[int, int]] = list(state.pending)
        self.journal: list[JournalEntry] = list(state.journal)
        # The text of the journal so far, if the state was hashed: the new one extends it.
        self._journal_text = known_journal_text(state)
        self._journal_kept = len(state.journal)
        self.ledger: list[Change] = []
        self.actions: list[ActionRecord] = []
        self.drift: np.ndarray | None = None
        self.cause = ""
        self.depth = 0  # how deep in a chain of triggered events we are

    @property
    def rng(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = np.random.Generator(np.random.PCG64(self._seed))
        return self._rng

    def ctx(self, params: dict[str, int] | None = None) -> EvalCtx:
        return EvalCtx(self.rules, self, params)

    def log(self, quantity: str, delta: int) -> None:
        if delta:
            self.ledger.append(Change(quantity, int(delta), self.cause))

    def write(self, text: str, faction: int = -1) -> None:
        self.journal.append(JournalEntry(self.turn, text, faction))

    def freeze(self) -> State:
        arrays = {name: frozen(getattr(self, name)) for name in _ARRAYS}
        state = State(
            turn=self.turn,
            player=self.player,
            ending=self.ending,
            pending=tuple(self.pending),
            journal=tuple(self.journal),
            ledger=tuple(self.ledger),
            drift=None if self.drift is None else frozen(self.drift),
            last_actions=tuple(self.actions),
            **arrays,
        )
        if self._journal_text is not None:
            extend_journal_text(state, self._journal_text, self._journal_kept)
        return state

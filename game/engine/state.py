"""The game state: plain integers and integer arrays, never changed in place.

Everything is indexed in scenario order (faction 0 is the scenario's first
faction, and so on), so iteration never depends on hash or set order. The
support array has one extra faction row at the end: the unaligned share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

BASIS = 10_000  # support is held in basis points: 10,000 is the whole of a group
NO_ONE = -1  # "no faction" for site controllers and unit owners; no ending yet


class Change(NamedTuple):
    """One recorded reason a quantity moved: which quantity, by how much, and why.

    A named tuple, not a frozen dataclass: a step records hundreds, and making one
    costs half as much.
    """

    quantity: str  # e.g. "track:legitimacy", "support:bolsheviks:workers:vyborg"
    delta: int
    cause: str  # e.g. "action:agitate by bolsheviks", "event:kornilov_defeated"


@dataclass(frozen=True)
class JournalEntry:
    turn: int
    text: str
    faction: int = NO_ONE  # who it concerns, or NO_ONE for everyone


@dataclass(frozen=True)
class ActionRecord:
    """What a faction did during a turn and how it went, for news and the journal.

    `outcome` is "done", "succeeded" or "failed" (a contest), or "blocked": the
    order was legal when given but not when its turn came, because something
    earlier in the turn (a choice, another order) changed the board. Then
    `blocked_by` says which check failed ("condition", "target", "cost") and
    `failed` the requirement clauses that no longer held, as expression text.
    `ledger_from`/`ledger_to` bound the slice of the turn's ledger its effects
    wrote, so a report can say exactly what this order moved.
    """

    faction: int
    action: int
    target: tuple[int, ...]
    outcome: str
    ledger_from: int = 0
    ledger_to: int = 0
    blocked_by: str = ""
    failed: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class State:
    turn: int
    support: IntArray  # (factions + 1, groups, regions), basis points
    mobilisation: IntArray  # (groups, regions), 0-100
    tracks: IntArray  # (tracks,)
    flags: BoolArray  # (flags,)
    resources: IntArray  # (factions, resources)
    site_controller: IntArray  # (sites,), NO_ONE when nobody holds it
    site_defence: IntArray  # (sites,)
    unit_owner: IntArray  # (units,), NO_ONE when ownerless
    unit_region: IntArray  # (units,)
    unit_strength: IntArray  # (units,)
    unit_loyalty: IntArray  # (units,), 0-100
    fired: BoolArray  # (events,), whether each event has fired
    pending: tuple[tuple[int, int], ...]  # (event, deciding faction) awaiting a choice
    player: int  # the human's faction, NO_ONE in all-AI games
    ending: int = NO_ONE
    journal: tuple[JournalEntry, ...] = ()
    # Explanations of the last step; not part of the game's identity (see digest).
    ledger: tuple[Change, ...] = field(default=(), compare=False)
    drift: IntArray | None = field(default=None, compare=False)  # support moved by drift
    last_actions: tuple[ActionRecord, ...] = field(default=(), compare=False)

    @property
    def over(self) -> bool:
        return self.ending != NO_ONE

    def digest(self) -> str:
        """A hash of everything that decides how the game goes on.

        Arrays are hashed as little-endian 64-bit integers so the hash is the
        same on every machine; the explanations (ledger, drift) are left out.
        """
        # A state never changes, so its hash is kept once made: a turn's state is
        # hashed by the step's caller and again by whoever records or checks it.
        found: str | None = self.__dict__.get("_digest")
        if found is None:
            # One update of the parts joined is the hash of the same bytes, for fewer calls.
            chunks: list[bytes] = []
            for name, data in hashed_parts(self):
                chunks.append(_NAME_BYTES[name])
                chunks.append(data)
            found = hashlib.sha256(b"".join(chunks)).hexdigest()
            object.__setattr__(self, "_digest", found)
        return found


# Explanations of the last step, not part of the game's identity: never hashed or saved.
UNHASHED = ("ledger", "drift", "last_actions")


_HASHED = tuple(f.name for f in fields(State) if f.name not in UNHASHED)
_NAME_BYTES = {name: name.encode() for name in _HASHED}
_SHAPE_BYTES: dict[tuple[int, ...], bytes] = {}  # repr(shape).encode(), by shape


def hashed_parts(state: State) -> Iterator[tuple[str, bytes]]:
    """Each hashed field's name and the bytes `State.digest` hashes for it, in order."""
    for name in _HASHED:
        value = getattr(state, name)
        if isinstance(value, np.ndarray):
            shape = _SHAPE_BYTES.get(value.shape)
            if shape is None:
                shape = _SHAPE_BYTES[value.shape] = repr(value.shape).encode()
            data = np.ascontiguousarray(value, dtype="<i8").tobytes() + shape
        elif name == "journal":
            data = journal_text(state).encode()
        else:
            data = repr(value).encode()
        yield name, data


# The dataclass's own __repr__ goes through a guard against recursion that costs
# more than the text; _entry_repr writes the same text, for as long as the fields are these.
_ENTRY_FIELDS = ("turn", "text", "faction")
_PLAIN_ENTRIES = tuple(f.name for f in fields(JournalEntry) if f.repr) == _ENTRY_FIELDS


def _entry_repr(e: JournalEntry) -> str:
    return f"JournalEntry(turn={e.turn!r}, text={e.text!r}, faction={e.faction!r})"


def _journal_repr(journal: tuple[JournalEntry, ...]) -> str:
    """repr(journal), the same text, faster: the journal grows all game and is hashed every turn."""
    if not _PLAIN_ENTRIES or len(journal) == 1:
        return repr(journal)
    return "(" + ", ".join(map(_entry_repr, journal)) + ")"


def journal_text(state: State) -> str:
    """repr(state.journal), kept on the state once written (see `extend_journal_text`)."""
    found: str | None = state.__dict__.get("_journal_text")
    if found is None:
        found = _journal_repr(state.journal)
        object.__setattr__(state, "_journal_text", found)
    return found


def known_journal_text(state: State) -> str | None:
    """repr(state.journal) if it has been written already, else None."""
    found: str | None = state.__dict__.get("_journal_text")
    return found


def extend_journal_text(state: State, before: str, kept: int) -> None:
    """Give `state` the text of its journal from `before`, the text of its first `kept` entries.

    A step only appends to the journal, so the text of the state it began from
    grows by the new entries alone instead of being written out again every turn.
    """
    journal = state.journal
    if len(journal) == kept:
        text = before
    elif kept >= 2 and _PLAIN_ENTRIES:  # "(a, b)" grows to "(a, b, c)"; "(a,)" does not
        text = before[:-1] + ", " + ", ".join(map(_entry_repr, journal[kept:])) + ")"
    else:
        return
    object.__setattr__(state, "_journal_text", text)


A = TypeVar("A", bound=np.ndarray)


def frozen(array: A) -> A:
    """Mark an array read-only so that a state cannot be changed by accident."""
    array.flags.writeable = False
    return array

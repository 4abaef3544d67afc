"""Full per-turn snapshots of the state, kept in the save, and naming what differs between states.

A snapshot is the state after a turn in a compact form: every hashed array
field of State, in field order, as little-endian int64, concatenated,
zlib-compressed and base64'd; the few scalars (turn, player, ending, pending)
as plain numbers; the journal as the entries the turn added (and how many of
the previous turn's it kept); and the dice generator's state after the turn.
Array shapes are not stored: they are the starting state's, which the rules
rebuild (a blob of the wrong length is refused).

A snapshot is never trusted on its own: a decoded state must hash to the
turn's recorded `state_hash`, and a verifying load also checks every snapshot
against the replayed state (see `game.saves.replay`).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import weakref
import zlib
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from game.engine.rules import Rules
from game.engine.state import NO_ONE, UNHASHED, JournalEntry, State, frozen
from game.scenario.expr import Kind

_ARRAYS = tuple(
    f.name
    for f in fields(State)
    if f.name not in UNHASHED and f.type in ("IntArray", "BoolArray")
)
# Encoding the arrays is most of a snapshot's cost and autosaves rewrite every
# turn's: each state's blob is made once.
_BLOBS: weakref.WeakKeyDictionary[State, str] = weakref.WeakKeyDictionary()


class SnapshotError(ValueError):
    """A stored snapshot that cannot be decoded (the caller says which turn)."""


def arrays_blob(state: State) -> str:
    blob = _BLOBS.get(state)
    if blob is None:
        raw = b"".join(
            np.ascontiguousarray(getattr(state, name), dtype="<i8").tobytes() for name in _ARRAYS
        )
        blob = _BLOBS[state] = base64.b64encode(zlib.compress(raw, 6)).decode("ascii")
    return blob


def encode(state: State, before: State, dice: list[int]) -> dict[str, Any]:
    """The snapshot of `state`, the state after a turn played from `before`."""
    old, new = before.journal, state.journal
    keep = len(old) if new[: len(old)] == old else 0  # the engine's journal only grows
    return {
        "turn": state.turn,
        "player": state.player,
        "ending": state.ending,
        "pending": [[e, f] for e, f in state.pending],
        "arrays": arrays_blob(state),
        "journal_keep": keep,
        "journal": [{"turn": j.turn, "faction": j.faction, "text": j.text} for j in new[keep:]],
        "dice": dice,
    }


def decode_arrays(blob: str, template: State) -> dict[str, np.ndarray]:
    try:
        raw = zlib.decompress(base64.b64decode(blob, validate=True))
    except (binascii.Error, zlib.error, ValueError) as bad:
        raise SnapshotError(f"the snapshot's arrays do not decode ({bad})") from None
    sizes = [getattr(template, name).size for name in _ARRAYS]
    if len(raw) != 8 * sum(sizes):
        raise SnapshotError(
            f"the snapshot's arrays hold {len(raw) // 8} numbers, not the {sum(sizes)} "
            "this scenario's state has"
        )
    values = np.frombuffer(raw, dtype="<i8")
    out: dict[str, np.ndarray] = {}
    at = 0
    for name, size in zip(_ARRAYS, sizes, strict=True):
        like = getattr(template, name)
        out[name] = frozen(values[at : at + size].astype(like.dtype).reshape(like.shape))
        at += size
    return out


def journal_after(snapshot: Any, before: tuple[JournalEntry, ...]) -> tuple[JournalEntry, ...]:
    """The journal a snapshot holds, given the journal of the state it was played from."""
    if snapshot.journal_keep > len(before):
        raise SnapshotError(
            f"the snapshot keeps {snapshot.journal_keep} journal entries of {len(before)}"
        )
    return before[: snapshot.journal_keep] + tuple(
        JournalEntry(j.turn, j.text, j.faction) for j in snapshot.journal
    )


def decode(snapshot: Any, template: State, journal: tuple[JournalEntry, ...]) -> State:
    """The state a snapshot holds, its journal already made (see `journal_after`)."""
    return dataclasses.replace(
        template,
        **decode_arrays(snapshot.arrays, template),
        turn=snapshot.turn,
        player=snapshot.player,
        ending=snapshot.ending,
        pending=tuple((e, f) for e, f in snapshot.pending),
        journal=journal,
        ledger=(),
        drift=None,
        last_actions=(),
    )


# -- what differs ------------------------------------------------------------------


def _label(ids: list[str], i: int, none: str = "no one") -> str:
    if i == NO_ONE:
        return none
    return ids[i] if 0 <= i < len(ids) else f"#{i}"


def differences(rules: Rules, replayed: State, recorded: State) -> list[dict[str, Any]]:
    """Every quantity that differs, in state order: quantity, replayed, recorded, delta (numbers)."""
    ids = rules.ids
    factions, groups, regions = ids[Kind.FACTION], ids[Kind.GROUP], ids[Kind.REGION]
    sites, units = ids[Kind.SITE], ids[Kind.UNIT]
    out: list[dict[str, Any]] = []

    def add(quantity: str, mine: Any, theirs: Any, unit: str = "") -> None:
        item: dict[str, Any] = {"quantity": quantity, "replayed": mine, "recorded": theirs}
        if isinstance(mine, int) and isinstance(theirs, int) and not isinstance(mine, bool):
            item["delta"] = mine - theirs
            if unit:
                item["unit"] = unit
        out.append(item)

    for name in ("turn", "player", "ending"):
        a, b = getattr(replayed, name), getattr(recorded, name)
        if a != b:
            if name == "player":
                add("player", _label(factions, a), _label(factions, b))
            elif name == "ending":
                add(
                    "ending",
                    _label(ids[Kind.ENDING], a, "none"),
                    _label(ids[Kind.ENDING], b, "none"),
                )
            else:
                add(name, a, b)
    for name in _ARRAYS:
        mine, theirs = getattr(replayed, name), getattr(recorded, name)
        if mine.shape != theirs.shape:
            add(f"{name} (shape)", list(mine.shape), list(theirs.shape))
            continue
        for index in zip(*np.nonzero(mine != theirs), strict=True):
            at = tuple(int(i) for i in index)
            a, b = mine[at].item(), theirs[at].item()
            if name == "support":
                f, g, r = at
                who = factions[f] if f < len(factions) else "no faction"
                add(f"support of {who} among {groups[g]} in {regions[r]}", a, b, "bp")
            elif name == "mobilisation":
                add(f"mobilisation of {groups[at[0]]} in {regions[at[1]]}", a, b)
            elif name == "tracks":
                add(f"track {ids[Kind.TRACK][at[0]]}", a, b)
            elif name == "flags":
                add(f"flag {ids[Kind.FLAG][at[0]]}", bool(a), bool(b))
            elif name == "resources":
                add(f"{ids[Kind.RESOURCE][at[1]]} of {factions[at[0]]}", a, b)
            elif name == "site_controller":
                add(f"controller of {sites[at[0]]}", _label(factions, a), _label(factions, b))
            elif name == "site_defence":
                add(f"defence of {sites[at[0]]}", a, b)
            elif name == "unit_owner":
                add(f"owner of {units[at[0]]}", _label(factions, a), _label(factions, b))
            elif name == "unit_region":
                add(f"region of {units[at[0]]}", _label(regions, a), _label(regions, b))
            elif name.startswith("unit_"):
                add(f"{name.removeprefix('unit_')} of {units[at[0]]}", a, b)
            elif name == "fired":
                add(f"event {ids[Kind.EVENT][at[0]]} fired", bool(a), bool(b))
            else:  # a field added to State later: named by position
                add(f"{name}[{', '.join(map(str, at))}]", a, b)
    if replayed.pending != recorded.pending:
        events = ids[Kind.EVENT]

        def pend(p: Sequence[tuple[int, int]]) -> list[str]:
            return [f"{_label(events, e, '?')} by {_label(factions, f)}" for e, f in p]

        add("pending choices", pend(replayed.pending), pend(recorded.pending))
    if replayed.journal != recorded.journal:
        a_j, b_j = replayed.journal, recorded.journal
        first = next(
            (i for i, (x, y) in enumerate(zip(a_j, b_j, strict=False)) if x != y),
            min(len(a_j), len(b_j)),
        )
        add(
            f"journal from entry {first + 1}",
            a_j[first].text if first < len(a_j) else f"{len(a_j)} entries",
            b_j[first].text if first < len(b_j) else f"{len(b_j)} entries",
        )
    return out


def describe(item: dict[str, Any]) -> str:
    """One difference in words: `track hunger 31 vs 35 (-4)`."""

    def show(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list):
            return "[" + ", ".join(map(str, v)) + "]"
        return str(v)

    text = f"{item['quantity']} {show(item['replayed'])} vs {show(item['recorded'])}"
    if "delta" in item:
        unit = f" {item['unit']}" if "unit" in item else ""
        text += f" ({item['delta']:+d}{unit})"
    return text

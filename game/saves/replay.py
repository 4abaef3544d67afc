"""Loading a save is a verified replay.

read -> migrate -> check the shape -> rebuild the rules from the save's own
scenario (re-validated and re-hashed: the hash must match) -> replay every
turn's decisions and compare each turn's state hash, and the state and dice
with the turn's stored snapshot. The first turn that differs is reported
with what differs: every quantity, replayed vs recorded and by how much (one
line, and the whole list on the `Divergence` error); nothing is trusted
before that.

Every state of the replay is kept, so seeking to a turn is a list index, and
a player can take over at any turn as a new game.

`load(path, verify=False)` is the quick path, for a UI that seeks through a
game instantly: nothing is replayed, and a turn's state is built from its
snapshot only when asked for, checked against the turn's recorded hash (a
snapshot that does not match is refused). It proves the file consistent, not
that its decisions lead to its states; a save without snapshots (format 2
or older) is replayed even then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.engine.turns import new_game, step
from game.saves.format import (
    MAX_SAVE_BYTES,
    SaveError,
    SaveFile,
    TurnEntry,
    check_seal,
    fingerprint,
    format_of,
    guarded,
    read_bytes,
    read_file,
    rng_state,
    rng_words,
    validate,
)
from game.saves.migrations import upgrade
from game.saves.snapshot import SnapshotError, decode, describe, differences, journal_after
from game.scenario.loader import Scenario, ScenarioError, load_documents
from game.scenario.yamlio import Document
from game.session import Branch, Checkpoint, Session, TurnRecord, generators

SEALED_SINCE = 4  # the format that added the seal
SHOWN = 8  # differences named in a divergence's one line; the error carries the rest
DETAIL = 200  # differences carried on the error


class Divergence(SaveError):
    """A turn whose replay differs from the save; `detail` lists what differs, by how much."""

    def __init__(self, message: str, turn: int, detail: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.turn = turn  # from 1
        self.detail = detail  # {quantity, replayed, recorded[, delta[, unit]]}, capped at DETAIL


@dataclass(frozen=True)
class Loaded:
    """A save that replayed turn by turn to the hashes it records (or, when not `verified`,
    whose states come from its snapshots, each checked against its turn's hash)."""

    name: str
    save: SaveFile
    rules: Rules
    records: tuple[TurnRecord, ...]
    states: Sequence[State]  # states[n]: after n turns (states[0] is the start)
    dice: tuple[Mapping[str, Any], ...]  # the dice generator's state at states[n]
    ai: tuple[Mapping[str, Any], ...]  # the AI generator's state at states[n]
    verified: bool = True

    @property
    def turns(self) -> int:
        return len(self.records)

    def seek(self, turn: int) -> State:
        """The state after `turn` turns: instant (the replay made it, or its snapshot holds it)."""
        if not 0 <= turn <= self.turns:
            raise ValueError(f"turn {turn} is outside 0..{self.turns}")
        return self.states[turn]

    def checkpoints(self, upto: int) -> list[Checkpoint]:
        return [Checkpoint(self.states[n], self.dice[n], self.ai[n]) for n in range(upto)]

    def resume(self) -> Session:
        """The saved game, ready to play on exactly as if it had never been saved."""
        with guarded(self.name):
            return self._session(self.turns, self.save.player, self.branch(), self.save.game_id)

    def take_over(self, turn: int, player: str | None = None, file: str | None = None) -> Session:
        """A new game that keeps the first `turn` turns of this one and plays on from there.

        The dice and the AI's stream are restored as they stood, so playing on
        as the original did reproduces it. The seat is the save's player's; in
        an all-AI save a player may take any faction's seat from `turn` on.
        """
        if not 0 <= turn <= self.turns:
            raise ValueError(f"turn {turn} is outside 0..{self.turns}")
        if self.states[turn].over:
            raise ValueError("the game is over at that turn; take over earlier")
        seat = self.save.player
        if player is not None and player != seat:
            if seat is not None:
                raise ValueError(f"this game's seat is '{seat}'; take over as '{seat}'")
            if player not in self.rules.faction_index:
                raise ValueError(f"no faction '{player}'")
        branch = Branch(file or self.name, turn)
        with guarded(self.name):
            session = self._session(turn, seat, branch, None)
        if player is not None and seat is None:
            # Seat the player from this turn on; the turns before stay all-AI.
            session.player = player
            session.seat_from = turn
            index = self.rules.faction_index[player]
            session.state = dataclasses.replace(session.state, player=index)
        return session

    def branch(self) -> Branch | None:
        b = self.save.branched_from
        return None if b is None else Branch(b.file, b.turn)

    def _session(
        self, turn: int, player: str | None, branch: Branch | None, game_id: str | None
    ) -> Session:
        save = self.save
        session = Session(
            self.rules,
            save.seed,
            player=player,
            profiles=save.profiles,
            game_id=game_id,
            branched_from=branch,
            ironman=save.ironman and game_id is not None,
        )
        session.seat_from = save.seat_from
        session.initial_hash = self.states[0].digest()
        session.restore(
            self.records[:turn],
            self.checkpoints(turn),
            self.states[turn],
            self.dice[turn],
            self.ai[turn],
        )
        return session


def read_save(path: Path) -> tuple[Document, dict[str, Any], SaveFile]:
    """Read and check a save's shape (never writing to it); raises SaveError."""
    name = str(path)
    data, size = read_file(path, MAX_SAVE_BYTES + 1)  # one byte more tells "too big"
    if size > MAX_SAVE_BYTES:
        raise SaveError(
            f"{name}: file is {size} bytes, over the {MAX_SAVE_BYTES // 2**20} MiB limit for a save"
        )
    return parse_save(data, name)


def parse_save(data: bytes, name: str) -> tuple[Document, dict[str, Any], SaveFile]:
    with guarded(name, "cannot be read"):
        return _parse_save(data, name)


def _parse_save(data: bytes, name: str) -> tuple[Document, dict[str, Any], SaveFile]:
    doc = read_bytes(data, name)
    raw = upgrade(dict(doc.data), name)
    save = validate(doc, raw)
    if save.seal is None and format_of(dict(doc.data), name) >= SEALED_SINCE:
        raise SaveError(f"{name}: the save has no seal (format {SEALED_SINCE} on has one)")
    return doc, raw, save


def rebuild_rules(doc: Document, save: SaveFile, name: str) -> Rules:
    """The rules of a save's own scenario (see `_rebuild_rules`); raises SaveError only."""
    with guarded(name):
        return _rebuild_rules(doc, save, name)


def _rebuild_rules(doc: Document, save: SaveFile, name: str) -> Rules:
    """The save's own scenario, its hash proved, then checked as a scenario folder would be.

    The hash is taken over the scenario as the file holds it (the same canonical
    JSON as `content_hash`, which it equals when the save is written), before
    validation: so a later game version whose schema adds fields with defaults
    still proves an old save intact, where re-hashing the re-validated model
    would count the new defaults as tampering.
    """
    got = _raw_hash(save.scenario)
    if got != save.content_hash:
        raise SaveError(
            f"{name}: the scenario inside the save hashes to {got[:12]}, not the recorded "
            f"{save.content_hash[:12]}; the file was changed"
        )
    prefix = ("scenario",)
    sub = Document(
        name,
        save.scenario,
        {p[1:]: m for p, m in doc.marks.items() if p[:1] == prefix},
        {p[1:]: m for p, m in doc.key_marks.items() if p[:1] == prefix},
    )
    try:
        scenario = load_documents([sub], source=name, require_wording=False)
    except ScenarioError as bad:
        more = f" (and {len(bad.errors) - 1} more)" if len(bad.errors) > 1 else ""
        raise SaveError(f"{bad.errors[0]}{more}") from None
    if scenario.id != save.scenario_id:
        raise SaveError(
            f"{name}: scenario id '{scenario.id}' is not the recorded '{save.scenario_id}'"
        )
    return Rules(Scenario(scenario.model, save.content_hash, name))


def _raw_hash(data: Mapping[str, Any]) -> str:
    try:
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):  # e.g. an unquoted date typed into the file
        return "not hashable: " + "0" * 50
    return hashlib.sha256(canonical.encode()).hexdigest()


def load(path: Path | str, *, verify: bool = True, sealed: bool = True) -> Loaded:
    """Read a save and prove it by replaying it; raises SaveError with one line.

    With verify=False nothing is replayed: the states come from the save's
    snapshots, each checked against its turn's hash when first used (see the
    module's docstring). A save without snapshots is replayed anyway.
    """
    path = Path(path)
    doc, _, save = read_save(path)
    rules = rebuild_rules(doc, save, str(path))
    return open_save(save, rules, str(path), verify=verify, sealed=sealed)


def open_save(
    save: SaveFile, rules: Rules, name: str, *, verify: bool = True, sealed: bool = True
) -> Loaded:
    """A save already read, on its scenario's rules, as `load` gives it (for a caller that
    keeps rules between saves of one scenario)."""
    if not verify and all(t.snapshot is not None for t in save.turns):
        return from_snapshots(save, rules, name, sealed=sealed)
    return replay_save(save, rules, name, sealed=sealed)


def _check_header(save: SaveFile, rules: Rules, name: str) -> None:
    for who in [save.player, *save.profiles]:
        if who is not None and who not in rules.faction_index:
            raise SaveError(f"{name}: no faction '{who}' in the save's scenario")
    for fid, profile in save.profiles.items():
        if profile not in rules.profiles:
            raise SaveError(f"{name}: no AI profile '{profile}' for '{fid}'")
    if save.seat_from is not None and save.player is None:
        raise SaveError(f"{name}: seat_from is given without a player")


def _start(save: SaveFile, rules: Rules, name: str) -> tuple[State, np.random.Generator, Any]:
    """The starting state (its hash checked) and the two generators as the game began."""
    _check_header(save, rules, name)
    start_seat = save.player if save.seat_from in (None, 0) else None
    dice_rng, ai_rng = generators(save.seed)
    state = new_game(rules, _index(rules, start_seat), dice_rng)
    if state.digest() != save.initial_hash:
        raise SaveError(f"{name}: the starting state does not match the recorded hash")
    return state, dice_rng, ai_rng


def verify(save: SaveFile, rules: Rules, name: str, to_turn: int | None = None) -> Loaded:
    """Replay `save` on `rules`, comparing every turn's hash; raises SaveError at the first miss."""
    return replay_save(save, rules, name, to_turn)


def replay_save(
    save: SaveFile, rules: Rules, name: str, to_turn: int | None = None, *, sealed: bool = True
) -> Loaded:
    """Replay `save` on `rules`, comparing every turn's hash and snapshot; raises at the first miss.

    The first differing turn raises `Divergence`, naming what differs; anything else
    that goes wrong is a SaveError too (see `guarded`). `sealed=False` leaves the seal
    unchecked: only for showing a save already known to be changed (the replay viewer).
    """
    with guarded(name):
        return _replay_save(save, rules, name, to_turn, sealed)


def _replay_save(
    save: SaveFile, rules: Rules, name: str, to_turn: int | None, sealed: bool
) -> Loaded:
    state, dice_rng, ai_rng = _start(save, rules, name)
    records: list[TurnRecord] = []
    states, dice, ai = [state], [dice_rng.bit_generator.state], [_ai_state(save, 0, ai_rng, name)]
    track_ids = [t.id for t in rules.model.tracks]
    turns = save.turns if to_turn is None else save.turns[:to_turn]
    for n, entry in enumerate(turns):
        state = states[-1] = _seat(rules, save, n, state)
        if entry.turn != state.turn:
            raise SaveError(f"{name}: turn {n + 1} is numbered {entry.turn}, expected {state.turn}")
        decisions = {f: o.orders() for f, o in entry.decisions.items()}
        try:
            after = step(rules, state, decisions, dice_rng)
        except Exception as bad:  # whatever hostile decisions break, the save is bad
            raise SaveError(f"{name}: turn {n + 1}: cannot replay: {bad}") from None
        got = after.digest()
        if got != entry.state_hash:
            raise divergence(rules, name, n, entry, states[0], state, after, got, track_ids)
        if entry.snapshot is not None:
            _check_snapshot(rules, name, n, entry, states[0], state, after, dice_rng)
        records.append(TurnRecord(entry.turn, decisions, got))
        state = after
        states.append(state)
        dice.append(dice_rng.bit_generator.state)
        ai.append(_ai_state(save, n + 1, ai_rng, name))
    states[-1] = _seat(rules, save, len(turns), state)
    # After the replay, which names a differing quantity where the seal could only name
    # the turn; the seal then answers for what the replay cannot see (header, turn count).
    if sealed:
        check_seal(save, name)
    return Loaded(name, save, rules, tuple(records), tuple(states), tuple(dice), tuple(ai))


def _check_snapshot(
    rules: Rules,
    name: str,
    n: int,
    entry: TurnEntry,
    start: State,
    before: State,
    after: State,
    dice_rng: np.random.Generator,
) -> None:
    """The turn replayed to its hash: its stored snapshot must hold that very state, and dice."""
    assert entry.snapshot is not None
    where = f"{name}: turn {n + 1}"
    try:
        recorded = decode(entry.snapshot, start, journal_after(entry.snapshot, before.journal))
    except SnapshotError as bad:
        raise SaveError(f"{where}: {bad}") from None
    if recorded.digest() != entry.state_hash:
        items = differences(rules, after, recorded)[:DETAIL]
        raise Divergence(
            f"{where}: the stored snapshot is not the replayed state, which matches the "
            f"recorded hash; the file was changed: replayed vs snapshot: {_listed(items)}",
            n + 1,
            items,
        )
    if entry.snapshot.dice != rng_words(dice_rng.bit_generator.state):
        raise SaveError(f"{where}: the stored dice state is not the replay's; the file was changed")


def _listed(items: list[dict[str, Any]]) -> str:
    shown = "; ".join(describe(item) for item in items[:SHOWN])
    more = len(items) - SHOWN
    return shown + (f"; and {more}{'+' if len(items) >= DETAIL else ''} more" if more > 0 else "")


class SnapshotStates(Sequence[State]):
    """A save's states built from its snapshots when first asked for, each checked by its hash."""

    def __init__(self, save: SaveFile, rules: Rules, start: State, name: str) -> None:
        self._save, self._start, self._name, self._rules = save, start, name, rules
        self._cache: dict[int, State] = {}
        # The journals are made now (they chain from turn to turn); the arrays on demand.
        journals = [start.journal]
        for n, entry in enumerate(save.turns):
            assert entry.snapshot is not None
            try:
                journals.append(journal_after(entry.snapshot, journals[-1]))
            except SnapshotError as bad:
                raise SaveError(f"{name}: turn {n + 1}: {bad}") from None
        self._journals = journals
        self._cache[0] = start

    def __len__(self) -> int:
        return len(self._save.turns) + 1

    @overload
    def __getitem__(self, index: int) -> State: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[State]: ...

    def __getitem__(self, index: int | slice) -> State | Sequence[State]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = index + len(self) if index < 0 else index
        if not 0 <= n < len(self):
            raise IndexError(index)
        state = self._cache.get(n)
        if state is None:
            state = self._cache[n] = self._build(n)
        return state

    def __iter__(self) -> Iterator[State]:
        return (self[n] for n in range(len(self)))

    def _build(self, n: int) -> State:
        with guarded(self._name):
            return self._build_unguarded(n)

    def _build_unguarded(self, n: int) -> State:
        entry = self._save.turns[n - 1]
        assert entry.snapshot is not None
        try:
            state = decode(entry.snapshot, self._start, self._journals[n])
        except SnapshotError as bad:
            raise SaveError(f"{self._name}: turn {n}: {bad}") from None
        if state.digest() != entry.state_hash:
            raise SaveError(
                f"{self._name}: turn {n}: the stored snapshot does not match the turn's "
                "recorded hash; the file was changed"
            )
        return _seat(self._rules, self._save, n, state)


def from_snapshots(save: SaveFile, rules: Rules, name: str, *, sealed: bool = True) -> Loaded:
    """A save's game from its snapshots, replaying nothing (see the module's docstring)."""
    with guarded(name):
        return _from_snapshots(save, rules, name, sealed)


def _from_snapshots(save: SaveFile, rules: Rules, name: str, sealed: bool) -> Loaded:
    if sealed:
        check_seal(save, name)  # nothing is replayed here: the seal vouches for every turn
    missing = next((n for n, t in enumerate(save.turns) if t.snapshot is None), None)
    if missing is not None:
        raise SaveError(f"{name}: turn {missing + 1} has no snapshot; load it by replaying it")
    start, dice_rng, ai_rng = _start(save, rules, name)
    records, dice, ai = [], [dice_rng.bit_generator.state], [_ai_state(save, 0, ai_rng, name)]
    for n, entry in enumerate(save.turns):
        assert entry.snapshot is not None
        try:
            dice.append(rng_state(entry.snapshot.dice))
        except ValueError as bad:
            raise SaveError(f"{name}: turn {n + 1}: {bad}") from None
        ai.append(_ai_state(save, n + 1, ai_rng, name))
        decisions = {f: o.orders() for f, o in entry.decisions.items()}
        records.append(TurnRecord(entry.turn, decisions, entry.state_hash))
    states = SnapshotStates(save, rules, start, name)
    return Loaded(name, save, rules, tuple(records), states, tuple(dice), tuple(ai), False)


def _seat(rules: Rules, save: SaveFile, turn: int, state: State) -> State:
    """Seat the player at the turn a game taken over from an all-AI replay says."""
    if save.seat_from == turn and turn > 0:
        return dataclasses.replace(state, player=_index(rules, save.player))
    return state


def _index(rules: Rules, faction: str | None) -> int:
    return NO_ONE if faction is None else rules.faction_index[faction]


def _ai_state(save: SaveFile, turn: int, fresh: Any, name: str) -> Mapping[str, Any]:
    """The AI generator's state after `turn` turns, as saved (older saves lack it)."""
    words = save.turns[turn].ai_rng if turn < len(save.turns) else save.ai_rng
    try:
        return rng_state(words) if words is not None else fresh.bit_generator.state
    except ValueError as bad:
        raise SaveError(f"{name}: turn {turn + 1}: {bad}") from None


def divergence(
    rules: Rules,
    name: str,
    n: int,
    entry: TurnEntry,
    start: State,
    before: State,
    after: State,
    got: str,
    track_ids: Sequence[str],
) -> Divergence:
    """The first differing turn, and what differs: every quantity, replayed vs recorded.

    Compared with the turn's stored snapshot when it has one that matches the
    recorded hash; a format-2 save's fingerprint names the parts that differ
    and the tracks' amounts.
    """
    date = rules.date_of(entry.turn).isoformat()
    head = f"{name}: turn {n + 1} ({date}) does not replay"
    hashes = f"state hash {got[:12]} != recorded {entry.state_hash[:12]}"
    if entry.snapshot is not None:
        try:
            recorded = decode(entry.snapshot, start, journal_after(entry.snapshot, before.journal))
        except SnapshotError as bad:
            return Divergence(f"{head}: {hashes}; and its snapshot is unreadable: {bad}", n + 1, [])
        kept = recorded.digest()
        if kept == got:
            return Divergence(
                f"{head}: {hashes}; the replayed state is the stored snapshot, "
                "so the recorded hash was altered",
                n + 1,
                [],
            )
        items = differences(rules, after, recorded)[:DETAIL]
        if kept != entry.state_hash:
            return Divergence(
                f"{head}: {hashes}, nor is its snapshot the recorded state (the file was "
                f"changed); replayed vs snapshot: {_listed(items)}",
                n + 1,
                items,
            )
        return Divergence(f"{head}: replayed vs recorded: {_listed(items)}", n + 1, items)
    if entry.check is None:
        return Divergence(f"{head}: {hashes}", n + 1, [])
    mine = fingerprint(after, list(track_ids))
    parts = [p for p, h in mine["parts"].items() if entry.check.parts.get(p) != h]
    detail: list[dict[str, Any]] = [
        {"quantity": f"track {t}", "replayed": v, "recorded": was, "delta": v - was}
        for t, v in mine["tracks"].items()
        if (was := entry.check.tracks.get(t, v)) != v
    ]
    tracks = [
        f"{d['quantity'][6:]} {d['replayed']} vs {d['recorded']} ({d['delta']:+d})" for d in detail
    ]
    if not parts and not tracks:  # the state is as recorded, part by part
        return Divergence(
            f"{head}: {hashes}; every part matches its fingerprint, so the recorded hash was altered",
            n + 1,
            [],
        )
    text = f"{head}: {hashes}; differing: {', '.join(parts) or 'none of the part hashes'}"
    if tracks:
        text += f"; tracks replayed vs recorded: {', '.join(tracks)}"
    return Divergence(text, n + 1, detail)


def disk_note(save: SaveFile, folder: Path) -> str | None:
    """Say so when the scenario on disk is not the one the game was played on.

    The save replays on its own copy either way; this only tells the player.
    """
    from game.scenario.loader import load_scenario

    where = folder / save.scenario_id
    if not where.is_dir():
        return f"note: scenario '{save.scenario_id}' is not installed; using the save's own copy"
    try:
        on_disk = load_scenario(where)
    except ScenarioError:
        return f"note: the scenario in {where} does not load; using the save's own copy"
    if on_disk.content_hash != save.content_hash:
        return (
            f"note: the scenario in {where} has changed since this game was played (or "
            "the game was played with mods); using the save's own copy"
        )
    return None

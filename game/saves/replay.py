"""Loading a save is a verified replay.

read -> migrate -> check the shape -> rebuild the rules from the save's own
scenario (re-validated and re-hashed: the hash must match) -> replay every
turn's decisions and compare each turn's state hash. The first turn that
differs is reported with what differs; nothing is trusted before that.

Every state of the replay is kept (see the note on snapshots in
`game.saves.format`), so seeking to a turn is a list index, and a player can
take over at any turn as a new game.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.engine.turns import new_game, step
from game.saves.format import (
    SaveError,
    SaveFile,
    TurnEntry,
    fingerprint,
    read_bytes,
    rng_state,
    validate,
)
from game.saves.migrations import upgrade
from game.scenario.loader import Scenario, ScenarioError, load_documents
from game.scenario.yamlio import Document
from game.session import Branch, Checkpoint, Session, TurnRecord, generators


@dataclass(frozen=True)
class Loaded:
    """A save that replayed turn by turn to the hashes it records."""

    name: str
    save: SaveFile
    rules: Rules
    records: tuple[TurnRecord, ...]
    states: tuple[State, ...]  # states[n]: after n turns (states[0] is the start)
    dice: tuple[Mapping[str, Any], ...]  # the dice generator's state at states[n]
    ai: tuple[Mapping[str, Any], ...]  # the AI generator's state at states[n]

    @property
    def turns(self) -> int:
        return len(self.records)

    def seek(self, turn: int) -> State:
        """The state after `turn` turns: instant, the replay already made it."""
        if not 0 <= turn <= self.turns:
            raise ValueError(f"turn {turn} is outside 0..{self.turns}")
        return self.states[turn]

    def checkpoints(self, upto: int) -> list[Checkpoint]:
        return [Checkpoint(self.states[n], self.dice[n], self.ai[n]) for n in range(upto)]

    def resume(self) -> Session:
        """The saved game, ready to play on exactly as if it had never been saved."""
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
    try:
        with path.open("rb") as stream:
            data = stream.read(4 * 1024 * 1024)  # read_bytes refuses anything over its limit
    except OSError as exc:
        raise SaveError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    return parse_save(data, name)


def parse_save(data: bytes, name: str) -> tuple[Document, dict[str, Any], SaveFile]:
    doc = read_bytes(data, name)
    raw = upgrade(dict(doc.data), name)
    return doc, raw, validate(doc, raw)


def rebuild_rules(doc: Document, save: SaveFile, name: str) -> Rules:
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
        scenario = load_documents([sub], source=name)
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


def load(path: Path | str) -> Loaded:
    """Read a save and prove it by replaying it; raises SaveError with one line."""
    path = Path(path)
    doc, _, save = read_save(path)
    return verify(save, rebuild_rules(doc, save, str(path)), str(path))


def verify(save: SaveFile, rules: Rules, name: str, to_turn: int | None = None) -> Loaded:
    """Replay `save` on `rules`, comparing every turn's hash; raises SaveError at the first miss."""
    for who in [save.player, *save.profiles]:
        if who is not None and who not in rules.faction_index:
            raise SaveError(f"{name}: no faction '{who}' in the save's scenario")
    for fid, profile in save.profiles.items():
        if profile not in rules.profiles:
            raise SaveError(f"{name}: no AI profile '{profile}' for '{fid}'")
    if save.seat_from is not None and save.player is None:
        raise SaveError(f"{name}: seat_from is given without a player")
    start_seat = save.player if save.seat_from in (None, 0) else None
    dice_rng, ai_rng = generators(save.seed)
    state = new_game(rules, _index(rules, start_seat), dice_rng)
    if state.digest() != save.initial_hash:
        raise SaveError(f"{name}: the starting state does not match the recorded hash")
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
            raise SaveError(f"{name}: {divergence(rules, n, entry, after, got, track_ids)}")
        records.append(TurnRecord(entry.turn, decisions, got))
        state = after
        states.append(state)
        dice.append(dice_rng.bit_generator.state)
        ai.append(_ai_state(save, n + 1, ai_rng, name))
    states[-1] = _seat(rules, save, len(turns), state)
    return Loaded(name, save, rules, tuple(records), tuple(states), tuple(dice), tuple(ai))


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
    rules: Rules, n: int, entry: TurnEntry, after: State, got: str, track_ids: Sequence[str]
) -> str:
    """One line: the first differing turn, and which parts of the state differ, by how much."""
    date = rules.date_of(entry.turn).isoformat()
    head = f"turn {n + 1} ({date}) does not replay: state hash {got[:12]} != recorded {entry.state_hash[:12]}"
    if entry.check is None:
        return head
    mine = fingerprint(after, list(track_ids))
    parts = [p for p, h in mine["parts"].items() if entry.check.parts.get(p) != h]
    tracks = [
        f"{t} {v} vs {entry.check.tracks[t]} ({v - entry.check.tracks[t]:+d})"
        for t, v in mine["tracks"].items()
        if t in entry.check.tracks and entry.check.tracks[t] != v
    ]
    if not parts and not tracks:  # the state is as recorded, part by part
        return head + "; every part matches its fingerprint, so the recorded hash was altered"
    detail = f"; differing: {', '.join(parts) or 'none of the part hashes'}"
    if tracks:
        detail += f"; tracks replayed vs recorded: {', '.join(tracks)}"
    return head + detail


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
            f"note: the scenario in {where} has changed since this game was played; "
            "using the save's own copy"
        )
    return None

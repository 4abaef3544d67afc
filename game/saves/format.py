"""The save file: one human-readable YAML document per game, and its pydantic shape.

A save is the game's full record, not a memory dump: the resolved scenario,
the seed, every faction's decisions for every turn (the AI's too, so a replay
survives changes to the AI), the state hash after every turn and, since
format 3, a full snapshot of the state after every turn (see
`game.saves.snapshot`). Loading replays the decisions and checks each hash
and each snapshot (see `game.saves.replay`): the replay is the trust.

The snapshots are what make seeking instant without that replay: a quick
load (`load(path, verify=False)`, for a load screen or a UI scrubbing
through a game) builds any turn's state from its snapshot, checked against
the turn's recorded hash, and a divergence found by the replay names every
quantity that differs from the recorded state, and by how much. They cost a
few hundred bytes a turn (compressed). Each turn also keeps the AI's
generator state before the turn, and the snapshot the dice's after it, so a
game taken over at any turn, or resumed, draws both streams exactly where
the original game would have.

Saves of format 2 kept, instead of a snapshot, a fingerprint per turn (short
hashes of each state array, and the tracks' values); they still load, and
their divergences are still reported from it.

Key order is fixed (header, summary, turns, then the big scenario last) so
that a load screen can read the header and summary without the rest (see
`peek_header`). The wall-clock `saved_at` is the only time in the file and is never
part of any hash.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import platform
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game import __version__
from game.engine.context import EvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.state import NO_ONE, State, hashed_parts
from game.saves import snapshot
from game.scenario.loader import MAX_EMBEDDED_BYTES, MAX_EMBEDDED_NODES
from game.scenario.yamlio import Document, YamlLoadFailed, load_yaml_text
from game.session import Session

FORMAT_VERSION = 4
# A save holds its scenario (within the loader's MAX_EMBEDDED_* for any valid one) and
# its record: at most 100 turns (the calendar's limit), each a few kB for October (the
# example save of 17 turns is 0.32 MB in all), with room for boards far larger.
MAX_RECORD_BYTES = 8 * 1024 * 1024
MAX_RECORD_NODES = 600_000
MAX_SAVE_BYTES = MAX_EMBEDDED_BYTES + MAX_RECORD_BYTES
MAX_SAVE_NODES = MAX_EMBEDDED_NODES + MAX_RECORD_NODES
HEADER_END = b"\nturns:"  # the first key after the header and summary
# Where the header ends in any format (version 1 had the decisions, then the scenario).
HEADER_ENDS = (HEADER_END, b"\ndecisions:", b"\nscenario:")
HEADER_BYTES = 64 * 1024  # a header and summary are ~1 KB; a load screen reads no more
# Fields of State that are explanations, not identity (State.digest leaves them out).

Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="A sha256 hex digest.")]
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
Name = Annotated[str, Field(min_length=1, max_length=200)]


class SaveError(Exception):
    """A save that cannot be read or does not replay: one line saying where and why."""

    def __init__(self, message: str) -> None:
        # One line whatever a library's message holds: the CLI promises a one-line reason.
        super().__init__(" ".join(message.split()))


REASON_CHARS = 300  # of a library's message, in a save error's one line


@contextlib.contextmanager
def guarded(name: str, what: str = "its scenario cannot be played") -> Iterator[None]:
    """Turn whatever goes wrong in the body into a SaveError naming the file.

    A save carries its own scenario, and a hostile one can break the engine in
    ways no check foresaw (an IndexError, numpy's OverflowError): whatever
    rebuilding, replaying or showing such a save raises is the save's fault, and
    every front end reports a SaveError in one line instead of dying.
    """
    try:
        yield
    except SaveError:
        raise
    except Exception as bad:
        reason = " ".join(str(bad).split())[:REASON_CHARS] or "no message"
        raise SaveError(f"{name}: {what} ({type(bad).__name__}: {reason})") from bad


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ActionModel(Model):
    action: Name = Field(description="The action's id.")
    target: list[Name] = Field(default_factory=list, description="Target ids, in order.")


class OrdersModel(Model):
    choices: dict[Name, Name] = Field(default_factory=dict, description="Event id -> choice id.")
    actions: list[ActionModel] = Field(
        default_factory=list, description="In the order carried out."
    )

    def orders(self) -> Orders:
        return Orders(
            tuple(self.choices.items()),
            tuple(ActionOrder(a.action, tuple(a.target)) for a in self.actions),
        )


class Fingerprint(Model):
    parts: dict[str, str] = Field(description="A short hash of each part of the state.")
    tracks: dict[str, int] = Field(description="Each track's value after the turn.")


class JournalLine(Model):
    turn: int
    faction: int
    text: str


class Snapshot(Model):
    """The state after a turn, whole (see `game.saves.snapshot`); checked against state_hash."""

    turn: int
    player: int
    ending: int
    pending: list[Annotated[list[int], Field(min_length=2, max_length=2)]] = Field(
        description="(event, deciding faction) pairs awaiting a choice."
    )
    arrays: str = Field(
        pattern=r"^[A-Za-z0-9+/]*={0,2}$",
        description="Every state array in field order, little-endian int64, zlib, base64.",
    )
    journal_keep: int = Field(ge=0, description="Journal entries kept from the turn before.")
    journal: list[JournalLine] = Field(description="The journal entries the turn added.")
    dice: list[int] = Field(description="The dice generator's state after the turn (PCG64).")


class TurnEntry(Model):
    turn: int = Field(ge=0, description="The turn, from 0.")
    date: str = Field(description="The turn's date, Old Style (for readers; not checked).")
    decisions: dict[Name, OrdersModel] = Field(description="Every faction's orders.")
    state_hash: Hex64 = Field(description="State.digest() after the turn.")
    check: Fingerprint | None = Field(default=None, description="Format 2's, for divergences.")
    ai_rng: list[int] | None = Field(
        default=None, description="The AI generator's state before the turn (PCG64)."
    )
    snapshot: Snapshot | None = Field(default=None, description="The state after the turn.")
    link: Hex64 | None = Field(
        default=None, description="The seal's chain after this turn (format 4; see Seal)."
    )


class Branch(Model):
    file: str = Field(description="The save this game was taken over from.")
    turn: int = Field(ge=0, description="How many of its turns were kept.")


class Seal(Model):
    """What binds the whole record (format 4): see `seal_of`. Old formats have none."""

    fields: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]] = Field(
        description="A short hash of each sealed header field, to name the one edited."
    )
    header: Hex64 = Field(description="The hash of the sealed header fields, whole.")
    turns: int = Field(ge=0, description="How many turns the game was saved with.")
    chain: Hex64 = Field(description="The last turn's link, bound to the number of turns.")


class Summary(Model):
    """What a load screen shows; informative only, never trusted by the replay."""

    date: str = Field(description="The in-game date, Old Style.")
    turn: int = Field(ge=0, description="Turns played.")
    faction: str | None = Field(description="The player's faction name, or null (all AI).")
    support: dict[str, int] = Field(description="Each faction's overall support, percent.")
    ending: str | None = Field(default=None, description="The ending's title, once over.")
    saved_at: str = Field(description="Real time of saving, UTC, ISO 8601.")


class SaveFile(Model):
    format: int = Field(description="Save format version.")
    game_version: str
    numpy_version: str
    python_version: str
    game_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    scenario_id: str
    content_hash: Hex64
    seed: int = Field(ge=0, lt=2**63)
    player: str | None
    seat_from: int | None = Field(
        default=None, ge=0, description="Taken over from an all-AI game: the turn the player sat."
    )
    profiles: dict[Name, Name] = Field(default_factory=dict)
    ironman: bool = False
    branched_from: Branch | None = None
    initial_hash: Hex64
    ai_rng: list[int] | None = Field(default=None, description="AI generator state at the end.")
    seal: Seal | None = Field(default=None, description="Binds the record (format 4 on).")
    summary: Summary | None = None
    turns: list[TurnEntry]
    scenario: dict[str, Any] = Field(description="The resolved scenario the game was played on.")


# -- the seal -----------------------------------------------------------------------
#
# The replay proves that the decisions lead to the recorded states, but not the rest
# of the record: the ironman flag, the profiles, the AI generator's states, or how many
# turns there were (cutting the last turns off rolls a game back, and the shorter game
# replays as well). The seal binds all of it: a chain of sha256 hashes starting from
# the sealed header fields, through every turn whole (each turn keeps its link), ending
# in the number of turns. It is no signature (anyone with this code can make a new
# one): it makes an edit show, and says what was edited, as the replay does.

# Header fields that change play or say which game this is. Not sealed: the format,
# the versions of the programs that wrote it and the summary (informative only).
SEALED = (
    "game_id",
    "scenario_id",
    "content_hash",
    "seed",
    "player",
    "seat_from",
    "profiles",
    "ironman",
    "branched_from",
    "initial_hash",
    "ai_rng",
)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _digest(value: Any) -> str:
    return hashlib.sha256(_canonical(value)).hexdigest()


def _links(header: Mapping[str, Any], turns: Sequence[Mapping[str, Any]]) -> tuple[str, list[str]]:
    """The header's hash and each turn's link; a turn is hashed without its own link."""
    start = _digest({f: header.get(f) for f in SEALED})
    links, link = [], start
    for turn in turns:
        body = {k: v for k, v in turn.items() if k != "link"}
        link = hashlib.sha256(link.encode() + _canonical(body)).hexdigest()
        links.append(link)
    return start, links


def _chain_end(start: str, links: list[str]) -> str:
    return hashlib.sha256(f"{links[-1] if links else start}:{len(links)}".encode()).hexdigest()


def seal_of(header: Mapping[str, Any], turns: list[dict[str, Any]]) -> dict[str, Any]:
    """The seal of a save's plain data; sets each turn's `link` in place."""
    start, links = _links(header, turns)
    for turn, link in zip(turns, links, strict=True):
        turn["link"] = link
    return {
        "fields": {f: _digest(header.get(f))[:16] for f in SEALED},
        "header": start,
        "turns": len(turns),
        "chain": _chain_end(start, links),
    }


def check_seal(save: SaveFile, name: str) -> None:
    """Raise SaveError naming what was edited since the save was written, if anything.

    A save of format 3 or older has no seal (`save.seal` is None) and is not checked:
    its header and its number of turns are bound to nothing, as they always were.
    """
    seal = save.seal
    if seal is None:
        return
    if seal.turns != len(save.turns):
        how = "cut off" if len(save.turns) < seal.turns else "added"
        raise SaveError(
            f"{name}: the game was saved with {seal.turns} turns but the file holds "
            f"{len(save.turns)}: turns were {how}"
        )
    header = save.model_dump(mode="json", include=set(SEALED))
    for field in SEALED:
        if _digest(header.get(field))[:16] != seal.fields.get(field):
            raise SaveError(
                f"{name}: '{field}' was changed after the game was saved "
                "(the save's seal records another value)"
            )
    if set(seal.fields) != set(SEALED):
        raise SaveError(f"{name}: the seal's fields were changed; the file was edited")
    turns = [t.model_dump(mode="json", exclude_none=True) for t in save.turns]
    start, links = _links(header, turns)
    if start != seal.header:
        raise SaveError(f"{name}: the header does not match its seal; the file was edited")
    for n, (entry, link) in enumerate(zip(save.turns, links, strict=True)):
        if entry.link != link:
            raise SaveError(
                f"{name}: turn {n + 1} was changed after the game was saved "
                "(its record does not match the seal's chain)"
            )
    if _chain_end(start, links) != seal.chain:
        raise SaveError(f"{name}: the seal's chain was changed; the file was edited")


# -- writing -----------------------------------------------------------------------


def rng_words(state: Mapping[str, Any]) -> list[int]:
    """A PCG64 bit_generator.state as four integers (state, inc, has_uint32, uinteger)."""
    inner = state["state"]
    return [
        int(inner["state"]),
        int(inner["inc"]),
        int(state["has_uint32"]),
        int(state["uinteger"]),
    ]


def rng_state(words: list[int]) -> dict[str, Any]:
    """The inverse of rng_words; ValueError for numbers a PCG64 cannot hold."""
    limits = (2**128, 2**128, 2, 2**32)
    if len(words) != 4 or not all(0 <= w < top for w, top in zip(words, limits, strict=False)):
        raise ValueError("a generator state is four numbers within PCG64's ranges")
    return {
        "bit_generator": "PCG64",
        "state": {"state": words[0], "inc": words[1]},
        "has_uint32": words[2],
        "uinteger": words[3],
    }


def fingerprint(state: State, track_ids: list[str]) -> dict[str, Any]:
    """Short per-part hashes, hashed the way State.digest hashes the whole (format 2's check)."""
    parts = {name: hashlib.sha256(data).hexdigest()[:12] for name, data in hashed_parts(state)}
    tracks = {t: int(v) for t, v in zip(track_ids, state.tracks, strict=True)}
    return {"parts": parts, "tracks": tracks}


def summary_of(session: Session, saved_at: str) -> dict[str, Any]:
    rules, state = session.rules, session.state
    ctx = EvalCtx(rules, state)
    ending = rules.model.endings[state.ending].title if state.over else None
    player = session.player
    return {
        "date": rules.date_of(state.turn).isoformat(),
        "turn": len(session.records),
        "faction": None
        if player is None
        else rules.model.factions[rules.faction_index[player]].name,
        "support": {f: ctx.support_pct(i, None, None) for i, f in enumerate(rules.faction_ids)},
        "ending": ending,
        "saved_at": saved_at,
    }


def document(session: Session, saved_at: str) -> dict[str, Any]:
    """The save of a Session as plain data, in file order."""
    rules = session.rules
    after_each = [c.state for c in session.checkpoints[1:]]
    states = [*after_each, session.state] if session.records else []
    dice_after = [c.dice for c in session.checkpoints[1:]] + [session.rng.bit_generator.state]
    turns = []
    for n, (record, checkpoint, after, dice) in enumerate(
        zip(session.records, session.checkpoints, states, dice_after, strict=False)
    ):
        if n + 1 == session.seat_from and after.player != NO_ONE:
            # The player took a seat after this turn; the turn itself was played all-AI.
            after = dataclasses.replace(after, player=NO_ONE)
        turns.append(
            {
                "turn": record.turn,
                "date": rules.date_of(record.turn).isoformat(),
                "decisions": {f: o.to_json() for f, o in record.decisions.items()},
                "state_hash": record.state_hash,
                "ai_rng": rng_words(checkpoint.ai),
                "snapshot": snapshot.encode(after, checkpoint.state, rng_words(dice)),
            }
        )
    branch = session.branched_from
    data = {
        "format": FORMAT_VERSION,
        "game_version": __version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "game_id": session.game_id,
        "scenario_id": rules.model.scenario.id,
        "content_hash": rules.scenario.content_hash,
        "seed": session.seed,
        "player": session.player,
        "seat_from": session.seat_from,
        "profiles": dict(session.profiles),
        "ironman": session.ironman,
        "branched_from": None if branch is None else {"file": branch.file, "turn": branch.turn},
        "initial_hash": session.initial_hash,
        "ai_rng": rng_words(session.ai_at_turn_start),
        "seal": {},  # filled in below, once the turns it binds are made
        "summary": summary_of(session, saved_at),
        "turns": turns,
        "scenario": rules.model.model_dump(mode="json"),
    }
    data["seal"] = seal_of(data, turns)
    return data


def _yaml(data: Mapping[str, Any]) -> str:
    # safe_dump's representer; libyaml's emitter when present is several times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        dict(data),
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


# The scenario is most of a save's bytes and the same in every save of a game:
# its YAML is made once per content hash (autosaves run after every turn).
_SCENARIO_TEXT: dict[str, str] = {}


def _scenario_text(content: str, scenario: Mapping[str, Any]) -> str:
    text = _SCENARIO_TEXT.get(content)
    if text is None:
        if len(_SCENARIO_TEXT) >= 4:
            _SCENARIO_TEXT.clear()
        text = _SCENARIO_TEXT[content] = _yaml({"scenario": scenario})
    return text


def dump(data: Mapping[str, Any]) -> bytes:
    """A save's text. The scenario goes last, so writing it apart changes nothing."""
    head = {k: v for k, v in data.items() if k != "scenario"}
    text = _yaml(head)
    scenario = data.get("scenario")
    content = data.get("content_hash")
    if isinstance(scenario, Mapping) and isinstance(content, str) and list(data)[-1] == "scenario":
        text += _scenario_text(content, scenario)
    elif "scenario" in data:
        text = _yaml(data)
    return ("# Dual Power save file; see README.md, 'Saves'.\n" + text).encode("utf-8")


# -- reading -----------------------------------------------------------------------


def read_bytes(data: bytes, name: str) -> Document:
    """Parse a save's bytes safely (size, depth and alias limits), or raise SaveError."""
    if len(data) > MAX_SAVE_BYTES:
        raise SaveError(
            f"{name}: file is {len(data)} bytes, over the {MAX_SAVE_BYTES // 2**20} MiB limit for a save"
        )
    try:
        return load_yaml_text(data, name, max_bytes=MAX_SAVE_BYTES, max_nodes=MAX_SAVE_NODES)
    except YamlLoadFailed as failed:
        raise SaveError(str(failed.error)) from None


def validate(doc: Document, data: dict[str, Any]) -> SaveFile:
    """Check a (migrated) save's shape; the first problem is reported with its line."""
    try:
        return SaveFile.model_validate(data)
    except ValidationError as invalid:
        # A wrong value has a line to point at; a missing key only its parent's.
        errors = sorted(invalid.errors(), key=lambda e: e["type"] == "missing")
        first = errors[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "the file"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "missing"
        raise SaveError(f"{doc.mark_of(loc)}: {where}: {message}{more}") from None


def peek_header(data: bytes, name: str) -> dict[str, Any]:
    """The header and summary of a save without reading the rest (for a load screen).

    `data` may be only the file's first HEADER_BYTES (see `read_head`). Informative
    only: nothing read here is trusted for play.
    """
    ends = [at for key in HEADER_ENDS if (at := data.find(key)) >= 0]
    if ends:
        data = data[: min(ends) + 1]
    elif len(data) >= HEADER_BYTES:
        raise SaveError(
            f"{name}: no save header in its first {HEADER_BYTES // 1024} KiB; skipped"
        )
    doc = read_bytes(data, name)
    header: dict[str, Any] = doc.data
    return header


def read_file(path: Path, limit: int) -> tuple[bytes, int]:
    """Up to `limit` bytes of a regular file, and its size; SaveError for anything else.

    Whatever sits in a saves folder or is named on the command line: a FIFO
    (whose open would wait for a writer forever), a device such as /dev/zero
    (endless), a folder, or a link to one of those is refused by what it is,
    before a byte is read; a huge file costs `limit` bytes, not its size.
    """
    name = str(path)
    try:
        # Non-blocking, so that opening a FIFO returns at once; fstat then names it.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as exc:
        raise SaveError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{name}: not a regular file ({_kind(info.st_mode)}); not read")
        chunks, left = [], limit
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), info.st_size
    except OSError as exc:
        raise SaveError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_head(path: Path) -> dict[str, Any]:
    """A save's header and summary, reading at most HEADER_BYTES of a regular file."""
    data, _ = read_file(path, HEADER_BYTES)
    return peek_header(data, str(path))


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a FIFO",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISDIR: "a folder",
        stat.S_ISSOCK: "a socket",
    }
    return next((text for test, text in kinds.items() if test(mode)), "not a file")


def format_of(data: dict[str, Any], name: str) -> int:
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{name}: not a Dual Power save (no format version)")
    return version

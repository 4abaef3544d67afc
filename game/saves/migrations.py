"""Old save formats, upgraded one version at a time to the current one.

Each migration takes the plain data of version N and returns version N + 1,
so a file of any old version walks the chain in order. Migrations work on
plain data before validation: the old shape is never a model of its own.

Version 1 (the first, before saves had game ids, summaries or fingerprints)
kept the decisions and the hashes in two parallel lists:

    format: 1
    seed, player, profiles, scenario_id, content_hash, initial_hash, scenario
    decisions: [ {faction: orders, ...}, ... ]   # one mapping per turn
    hashes: [ sha256, ... ]                      # state hash after each turn

Version 2 kept a fingerprint per turn (`check`) and no snapshots; version 3
adds each turn's `snapshot`. A version-2 file is a valid version-3 file
without snapshots (they are optional: such a save loads by replay only).

Version 4 adds the seal (`seal` in the header, a `link` in each turn; see
`game.saves.format.check_seal`), which binds the header fields that change
play, every turn whole and the number of turns. An older save gets no seal on
migration (one made now would vouch for any edit made before): it loads and
replays as before, its header and turn count unchecked, and the game saves it
sealed from then on. A file of format 4 or later without a seal is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from game.saves.format import FORMAT_VERSION, SaveError, format_of

Data = dict[str, Any]


def _v1_to_v2(old: Data) -> Data:
    decisions = old.get("decisions")
    hashes = old.get("hashes")
    if not isinstance(decisions, list) or not isinstance(hashes, list):
        raise SaveError("format 1: 'decisions' and 'hashes' must be lists")
    if len(decisions) != len(hashes):
        raise SaveError(
            f"format 1: {len(decisions)} turns of decisions but {len(hashes)} state hashes"
        )
    new = {k: v for k, v in old.items() if k not in ("decisions", "hashes", "format")}
    # A stable id (not a fresh uuid): migrating the same file twice gives the same game.
    seed_text = f"{old.get('content_hash')}:{old.get('seed')}:{old.get('initial_hash')}"
    new = {
        "format": 2,
        "game_version": old.get("game_version", "unknown"),
        "numpy_version": old.get("numpy_version", "unknown"),
        "python_version": old.get("python_version", "unknown"),
        "game_id": hashlib.sha256(seed_text.encode()).hexdigest()[:32],
        **new,
        "turns": [
            # Version 1 knew no dates: the replay fills them in for display.
            {"turn": n, "date": "", "decisions": d, "state_hash": h}
            for n, (d, h) in enumerate(zip(decisions, hashes, strict=True))
        ],
    }
    new["scenario"] = new.pop("scenario", None)  # keep the big part last
    return new


def _v2_to_v3(old: Data) -> Data:
    return {**old, "format": 3}  # snapshots are optional; the keys keep their order


def _v3_to_v4(old: Data) -> Data:
    # No seal is made up for an old save: sealing it now would vouch for whatever was
    # edited before. It loads as it always did, its header and turn count unbound; a
    # seal or links in a file that says it is older are no format 3's and are dropped.
    new = {k: v for k, v in old.items() if k != "seal"}
    turns = old.get("turns")
    if isinstance(turns, list):
        new["turns"] = [
            {k: v for k, v in t.items() if k != "link"} if isinstance(t, dict) else t
            for t in turns
        ]
    new["format"] = 4
    return new


# from-version -> the migration that makes the next version
MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def upgrade(data: Data, name: str) -> Data:
    """Bring a save's data to FORMAT_VERSION, or refuse one this game cannot read."""
    version = format_of(data, name)
    if version > FORMAT_VERSION:
        made_by = data.get("game_version")
        by = f" by Dual Power {made_by}" if isinstance(made_by, str) else ""
        raise SaveError(
            f"{name}: save format {version} was made{by}, newer than this game "
            f"({FORMAT_VERSION}); update the game to load it"
        )
    if version < 1:
        raise SaveError(f"{name}: unknown save format {version}")
    while version < FORMAT_VERSION:
        try:
            data = MIGRATIONS[version](data)
        except SaveError as bad:
            raise SaveError(f"{name}: {bad}") from None
        version += 1
    return data

"""Each turn's full state is kept in the save: seeking and taking over need no replay."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from game.engine.rules import Rules
from game.engine.state import UNHASHED, State
from game.saves import replay
from game.saves.format import SaveError, document, dump
from game.saves.replay import load
from game.saves.snapshot import _ARRAYS as ARRAYS
from game.saves.snapshot import decode, differences, journal_after
from game.session import Session
from tests.saves.conftest import reseal, write_save


def states_of(session: Session) -> list[State]:
    return [c.state for c in session.checkpoints] + [session.state]


def same_state(a: State, b: State) -> bool:
    for f in dataclasses.fields(State):
        if f.name in ("ledger", "drift", "last_actions"):
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            if x.dtype != y.dtype or x.shape != y.shape or not np.array_equal(x, y):
                return False
        elif x != y:
            return False
    return True


def no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> None:
        raise AssertionError("replayed a turn")

    monkeypatch.setattr(replay, "step", refuse)


def test_every_snapshot_round_trips_to_the_state_and_its_hash(
    mini_game: Session, mini_save: Path
) -> None:
    _, _, save = replay.read_save(mini_save)
    states = states_of(mini_game)
    journal = states[0].journal
    for n, entry in enumerate(save.turns):
        assert entry.snapshot is not None
        journal = journal_after(entry.snapshot, journal)
        state = decode(entry.snapshot, states[0], journal)
        assert state.digest() == entry.state_hash == mini_game.records[n].state_hash
        assert same_state(state, states[n + 1])
        assert differences(mini_game.rules, state, states[n + 1]) == []


def test_a_quick_load_seeks_any_turn_without_replaying(
    mini_game: Session, mini_save: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_replay(monkeypatch)
    loaded = load(mini_save, verify=False)
    assert not loaded.verified and loaded.turns == len(mini_game.records)
    states = states_of(mini_game)
    for n in reversed(range(loaded.turns + 1)):  # any order: no turn needs the one before
        assert loaded.seek(n).digest() == states[n].digest()
        assert same_state(loaded.seek(n), states[n])
    assert loaded.seek(2) is loaded.seek(2)  # built once
    assert loaded.states[-1].digest() == mini_game.state.digest()
    with pytest.raises(ValueError):
        loaded.seek(loaded.turns + 1)


@pytest.mark.parametrize("turn", [0, 2, 4])
def test_taking_over_from_a_quick_load_plays_on_as_the_original(
    mini_game: Session, mini_save: Path, monkeypatch: pytest.MonkeyPatch, turn: int
) -> None:
    with monkeypatch.context() as patch:
        no_replay(patch)
        loaded = load(mini_save, verify=False)
        taken = loaded.take_over(turn)
    assert len(taken.records) == turn
    taken.run()  # the dice and the AI's stream were restored from the snapshots
    assert taken.state.digest() == mini_game.state.digest()
    resumed = load(mini_save, verify=False).resume()
    assert resumed.state.digest() == mini_game.state.digest()


def test_a_verifying_load_and_a_quick_load_agree(mini_save: Path) -> None:
    slow, quick = load(mini_save), load(mini_save, verify=False)
    assert slow.verified
    assert [s.digest() for s in slow.states] == [s.digest() for s in quick.states]
    assert slow.dice == quick.dice and slow.ai == quick.ai
    assert slow.records == quick.records


def test_a_seated_take_over_keeps_its_snapshots_true(mini_rules: Rules, tmp_path: Path) -> None:
    all_ai = Session(mini_rules, 4)
    all_ai.run()
    taken = load(write_save(all_ai, tmp_path / "ai.yaml")).take_over(2, player="blues")
    taken.run()
    path = write_save(taken, tmp_path / "branch.yaml")
    slow, quick = load(path), load(path, verify=False)
    assert [s.digest() for s in slow.states] == [s.digest() for s in quick.states]
    assert quick.seek(2).player == mini_rules.faction_index["blues"]
    assert quick.seek(1).player == -1


def edit_turn(path: Path, turn: int, **changes: Any) -> None:
    data = yaml.safe_load(path.read_text())
    data["turns"][turn]["snapshot"].update(changes)
    # Sealed again, as anyone with the code can: the snapshot's own checks still hold.
    path.write_bytes(dump(reseal(data)))


def test_a_tampered_snapshot_is_refused_by_both_loads(mini_save: Path) -> None:
    data = yaml.safe_load(mini_save.read_text())
    # Another turn's arrays: well formed, the right size, the wrong state.
    edit_turn(mini_save, 2, arrays=data["turns"][1]["snapshot"]["arrays"])
    with pytest.raises(SaveError, match=r"turn 3: the stored snapshot is not the replayed state"):
        load(mini_save)
    quick = load(mini_save, verify=False)  # the other turns are still usable
    assert quick.seek(2).digest() == data["turns"][1]["state_hash"]
    with pytest.raises(SaveError, match=r"turn 3: the stored snapshot does not match the turn's"):
        quick.seek(3)


def test_the_refusal_of_a_tampered_snapshot_names_what_it_changed(mini_save: Path) -> None:
    data = yaml.safe_load(mini_save.read_text())
    edit_turn(mini_save, 2, arrays=data["turns"][1]["snapshot"]["arrays"])
    with pytest.raises(replay.Divergence) as error:
        load(mini_save)
    assert error.value.turn == 3 and error.value.detail
    assert all("replayed" in d and "recorded" in d for d in error.value.detail)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arrays": "bm90IHpsaWI="}, "do not decode"),
        ({"arrays": "not base64!"}, "snapshot.arrays"),
        ({"journal_keep": 999}, "keeps 999 journal entries"),
        ({"dice": [1, 2, 3]}, "PCG64|dice"),
    ],
)
def test_a_broken_snapshot_gives_one_line(
    mini_save: Path, change: dict[str, Any], message: str
) -> None:
    edit_turn(mini_save, 1, **change)
    for verify in (True, False):
        with pytest.raises(SaveError, match=message) as error:
            loaded = load(mini_save, verify=verify)
            for n in range(loaded.turns + 1):
                loaded.seek(n)
        assert "\n" not in str(error.value)


def test_tampered_dice_are_refused_by_a_verifying_load(mini_save: Path) -> None:
    data = yaml.safe_load(mini_save.read_text())
    edit_turn(mini_save, 1, dice=data["turns"][2]["snapshot"]["dice"])
    with pytest.raises(SaveError, match=r"turn 2: the stored dice state is not the replay's"):
        load(mini_save)


def test_a_save_without_snapshots_still_loads_quickly_by_replaying(
    mini_game: Session, tmp_path: Path
) -> None:
    data = document(mini_game, "2026-01-01T00:00:00+00:00")
    data["format"] = 2
    data["turns"] = [{k: v for k, v in t.items() if k != "snapshot"} for t in data["turns"]]
    old = tmp_path / "v2.yaml"
    old.write_bytes(dump(data))
    loaded = load(old, verify=False)
    assert loaded.verified and loaded.states[-1].digest() == mini_game.state.digest()


def test_snapshots_keep_a_save_small(mini_game: Session, tmp_path: Path) -> None:
    data = document(mini_game, "2026-01-01T00:00:00+00:00")
    whole = len(dump(data))
    bare = len(dump(data | {"turns": [{**t, "snapshot": None} for t in data["turns"]]}))
    assert whole - bare < 2000 * len(data["turns"])


def test_the_snapshot_holds_every_hashed_array_of_the_state(mini_game: Session) -> None:
    state = mini_game.state
    arrays = [
        f.name
        for f in dataclasses.fields(State)
        if f.name not in UNHASHED and isinstance(getattr(state, f.name), np.ndarray)
    ]
    assert list(ARRAYS) == arrays

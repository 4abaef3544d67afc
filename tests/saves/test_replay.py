"""Replays are exact: random legal games survive saving, loading and verifying; take-over and undo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.rules import Rules
from game.saves.replay import load
from game.session import Session
from tests.play_helpers import random_orders
from tests.saves.conftest import write_save

ROOT = Path(__file__).resolve().parents[2]


def random_game(rules: Rules, seed: int, data: st.DataObject) -> Session:
    session = Session(rules, seed, player="reds")
    while not session.over:
        session.apply(
            {
                fid: random_orders(rules, session.state, i, data)
                for i, fid in enumerate(rules.faction_ids)
            }
        )
    return session


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), seed=st.integers(0, 2**63 - 1))
def test_random_legal_games_save_load_and_verify_to_the_same_hashes(
    mini_rules: Rules, tmp_path: Path, data: st.DataObject, seed: int
) -> None:
    session = random_game(mini_rules, seed, data)
    loaded = load(write_save(session, tmp_path / "random.yaml"))
    assert [r.state_hash for r in loaded.records] == [r.state_hash for r in session.records]
    assert loaded.states[-1].digest() == session.state.digest()


def test_a_save_verifies_in_another_process_with_another_hash_seed(
    mini_game: Session, mini_save: Path
) -> None:
    for hash_seed in ("0", "31337"):
        out = subprocess.run(
            [sys.executable, "-m", "game", "replay", str(mini_save), "--verify", "--json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            check=True,
        )
        result = json.loads(out.stdout)
        assert result["verified"] is True
        assert result["turns"] == len(mini_game.records)


def test_a_resumed_game_plays_on_exactly_as_if_never_saved(
    mini_rules: Rules, tmp_path: Path
) -> None:
    whole = Session(mini_rules, 9, player="reds")
    whole.run()
    half = Session(mini_rules, 9, player="reds")
    for _ in range(3):
        half.play_turn(half.ai_orders("reds"))
    resumed = load(write_save(half, tmp_path / "half.yaml")).resume()
    assert resumed.game_id == half.game_id
    resumed.run()
    assert resumed.state.digest() == whole.state.digest()


@pytest.mark.parametrize("turn", [0, 2, 4])
def test_taking_over_at_a_turn_keeps_the_dice_and_records_the_branch(
    mini_game: Session, mini_save: Path, turn: int
) -> None:
    loaded = load(mini_save)
    taken = loaded.take_over(turn)
    assert taken.branched_from is not None
    assert (taken.branched_from.file, taken.branched_from.turn) == (str(mini_save), turn)
    assert taken.game_id != mini_game.game_id
    assert len(taken.records) == turn
    taken.run()  # played on as the original was: the same game
    assert taken.state.digest() == mini_game.state.digest()


def test_a_taken_over_game_saves_and_verifies_with_its_branch(
    mini_rules: Rules, tmp_path: Path
) -> None:
    all_ai = Session(mini_rules, 4)
    all_ai.run()
    loaded = load(write_save(all_ai, tmp_path / "ai.yaml"))
    taken = loaded.take_over(2, player="blues")
    assert taken.player == "blues" and taken.state.player == mini_rules.faction_index["blues"]
    taken.run()
    again = load(write_save(taken, tmp_path / "branch.yaml"))
    assert again.save.branched_from is not None and again.save.branched_from.turn == 2
    assert again.save.seat_from == 2
    assert again.states[-1].digest() == taken.state.digest()
    with pytest.raises(ValueError, match="seat"):
        again.take_over(1, player="greys")


def test_undo_takes_back_the_last_turn_dice_and_all(mini_rules: Rules) -> None:
    session = Session(mini_rules, 12, player="reds")
    session.play_turn(session.ai_orders("reds"))
    first = session.state.digest()
    orders = session.ai_orders("reds")
    session.play_turn(orders)
    second = session.state.digest()
    assert session.undo()
    assert session.state.digest() == first and len(session.records) == 1
    session.play_turn(orders)
    assert session.state.digest() == second
    assert session.undo() and session.undo() and not session.undo()

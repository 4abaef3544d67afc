"""The same seed and decisions give the same game, here, in another process, and in a replay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.decisions import IllegalDecision, Orders
from game.engine.rules import Rules
from game.engine.state import BASIS, NO_ONE, State
from game.session import ReplayMismatch, Session, TurnRecord, replay
from tests.play_helpers import random_orders

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"


def test_two_sessions_with_one_seed_play_the_same_game(mini_rules: Rules) -> None:
    a = Session(mini_rules, 11, player=None)
    b = Session(mini_rules, 11, player=None)
    a.run()
    b.run()
    assert [r.state_hash for r in a.records] == [r.state_hash for r in b.records]
    assert a.state.digest() == b.state.digest()


def test_different_seeds_give_different_games(mini_rules: Rules) -> None:
    hashes = {Session(mini_rules, seed, player=None).run().digest() for seed in range(8)}
    assert len(hashes) > 1


def simulate_in_process(scenario: Path, seed: int, hash_seed: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "simulate",
            "--scenario",
            str(scenario),
            "--seed",
            str(seed),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


@pytest.mark.parametrize(
    "scenario", [MINI, ROOT / "scenarios" / "october1917"], ids=["mini", "october1917"]
)
def test_separate_processes_with_different_hash_seeds_agree(scenario: Path) -> None:
    first = simulate_in_process(scenario, 5, "1")
    second = simulate_in_process(scenario, 5, "4242")
    assert first["state_hash"] == second["state_hash"]
    assert first["ending"] == second["ending"]


def test_a_replay_reproduces_every_turn(mini_rules: Rules) -> None:
    session = Session(mini_rules, 21, player="reds")
    session.run()
    states = replay(mini_rules, 21, "reds", session.records)
    assert states[-1].digest() == session.state.digest()
    assert len(states) == len(session.records) + 1


def test_a_replay_names_the_first_turn_that_differs(mini_rules: Rules) -> None:
    session = Session(mini_rules, 21, player=None)
    session.run()
    records = list(session.records)
    bad = records[2]
    records[2] = TurnRecord(bad.turn, bad.decisions, "0" * 64)
    with pytest.raises(ReplayMismatch) as mismatch:
        replay(mini_rules, 21, None, records)
    assert mismatch.value.turn == bad.turn


def check_invariants(rules: Rules, state: State) -> None:
    assert (state.support.sum(axis=0) == BASIS).all()
    assert (state.support >= 0).all()
    for value, (low, high) in zip(state.tracks, rules.track_range, strict=True):
        assert low <= value <= high
    assert ((state.mobilisation >= 0) & (state.mobilisation <= 100)).all()
    assert ((state.unit_loyalty >= 0) & (state.unit_loyalty <= 100)).all()
    assert (state.unit_strength >= 0).all()
    assert (state.resources >= 0).all()
    assert (state.site_defence >= 0).all()
    assert ((state.site_controller >= NO_ONE) & (state.site_controller < rules.n_factions)).all()
    assert ((state.unit_owner >= NO_ONE) & (state.unit_owner < rules.n_factions)).all()
    for event, faction in state.pending:
        assert rules.events[event].faction == faction


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), data=st.data())
def test_random_legal_games_keep_the_state_whole_and_replay_exactly(
    mini_rules: Rules, seed: int, data: st.DataObject
) -> None:
    session = Session(mini_rules, seed, player=None)
    check_invariants(mini_rules, session.state)
    while not session.over:
        decisions = {
            fid: random_orders(mini_rules, session.state, f, data)
            for f, fid in enumerate(mini_rules.faction_ids)
        }
        session.apply(decisions)
        check_invariants(mini_rules, session.state)
    states = replay(mini_rules, seed, None, session.records)
    assert states[-1].digest() == session.state.digest()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), data=st.data())
def test_random_legal_games_of_the_bundled_scenario_keep_the_state_whole(
    october_rules: Rules, seed: int, data: st.DataObject
) -> None:
    session = Session(october_rules, seed, player=None)
    while not session.over:
        decisions = {
            fid: random_orders(october_rules, session.state, f, data)
            for f, fid in enumerate(october_rules.faction_ids)
        }
        session.apply(decisions)
        check_invariants(october_rules, session.state)


def test_a_replay_with_an_altered_decision_is_caught(mini_rules: Rules) -> None:
    session = Session(mini_rules, 8, player=None)
    session.run()
    records = list(session.records)
    first = records[0]
    tampered = dict(first.decisions)
    tampered["reds"] = Orders()
    records[0] = TurnRecord(first.turn, tampered, first.state_hash)
    with pytest.raises((ReplayMismatch, IllegalDecision)):
        replay(mini_rules, 8, None, records)

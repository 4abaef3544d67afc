"""The scripted players of the balance lab: legal orders for whole games, the same game
from the same seed, and each kind of player doing what its name says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine.decisions import Orders
from game.engine.rules import Rules
from game.lab.scripted import (
    SIDES,
    Plan,
    Result,
    Summary,
    is_fixed,
    open_choices,
    play,
    players,
    summarise,
)
from game.session import Session

ROOT = Path(__file__).resolve().parents[1]


def orders_of_a_game(rules: Rules, player: Plan, seed: int) -> list[Orders]:
    """Every turn's orders of the player; play_turn refuses any illegal order."""
    session = Session(rules, seed, player=player.faction)
    played = []
    while not session.over:
        orders = player.orders(session)
        session.play_turn(orders)
        played.append(orders)
    return played


@pytest.mark.parametrize("side", SIDES)
def test_every_player_gives_legal_orders_for_whole_games(october_rules: Rules, side: str) -> None:
    for name, player in players(october_rules, side).items():
        for seed in (0, 1):
            result = play(october_rules, player, seed)  # IllegalDecision on any illegal order
            assert result.ending, f"{side} {name} seed {seed}: the game did not end"
            assert result.player == name and result.side == side


@pytest.mark.parametrize("side", SIDES)
def test_the_same_seed_plays_the_same_game(october_rules: Rules, side: str) -> None:
    for name in ("careless", "historical", "best"):
        player = players(october_rules, side)[name]
        assert play(october_rules, player, 3) == play(october_rules, player, 3)


@pytest.mark.parametrize("side", SIDES)
def test_the_careless_player_orders_no_actions_and_takes_the_first_open_choice(
    october_rules: Rules, side: str
) -> None:
    player = players(october_rules, side)["careless"]
    me = october_rules.faction_index[side]
    session = Session(october_rules, 5, player=side)
    decided = 0
    while not session.over:
        orders = player.orders(session)
        assert orders.actions == ()
        first = {
            e: found[0] for e, found in open_choices(october_rules, session.state, me) if found
        }
        assert dict(orders.choices) == first
        decided += len(first)
        session.play_turn(orders)
    assert decided > 0


def test_a_spam_player_orders_only_its_action_up_to_the_limit(october_rules: Rules) -> None:
    player = players(october_rules, "moderates")["spam:agitate"]
    assert isinstance(player, Plan)
    played = orders_of_a_game(october_rules, player, 2)
    assert max(len(o.actions) for o in played) == 3  # agitate may be taken three times a turn
    for orders in played:
        assert {a.action for a in orders.actions} <= {"agitate"}
        assert len(set(orders.actions)) == len(orders.actions)  # never the same target twice


def test_every_action_of_a_side_has_its_spam_player(october_rules: Rules) -> None:
    for side in SIDES:
        me = october_rules.faction_index[side]
        names = set(players(october_rules, side))
        for action in october_rules.actions:
            if me in action.factions:
                assert f"spam:{action.spec.id}" in names


def test_a_fixed_plan_asks_the_ai_nothing(october_rules: Rules) -> None:
    """The AI's own stream is untouched by a fixed plan's orders: no AI in the plan."""
    for name, player in players(october_rules, "bolsheviks").items():
        if not is_fixed(name):
            continue
        session = Session(october_rules, 4, player="bolsheviks")
        while not session.over and session.state.turn < 8:
            before = session.ai_rng.bit_generator.state
            orders = player.orders(session)
            assert session.ai_rng.bit_generator.state == before, name
            session.play_turn(orders)


def test_the_bars_are_flagged_for_fixed_plans_and_the_careless_player() -> None:
    def row(player: str, wins: int) -> Summary:
        return summarise(
            [Result("government", player, s, s < wins, "x", 20, 0) for s in range(100)]
        )

    assert row("careless", 11).over_bar and not row("careless", 10).over_bar
    assert row("spam:agitate", 71).over_bar and not row("spam:agitate", 70).over_bar
    assert row("best", 71).over_bar and row("historical-fixed", 90).over_bar
    assert not row("ai", 95).over_bar and not row("historical", 95).over_bar


def test_the_bench_gives_the_same_figures_whatever_the_number_of_jobs(tmp_path: Path) -> None:
    def run(jobs: int) -> list[dict[str, Any]]:
        out = tmp_path / f"jobs{jobs}.json"
        args = ["--seeds", "3", "--side", "moderates", "--player", "careless"]
        args += ["--player", "spam:moderate_press", "--jobs", str(jobs), "--json", str(out)]
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "scripted.py"), *args],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["rows"]
        return rows

    one = run(1)
    assert one == run(2)
    assert [r["player"] for r in one] == ["careless", "spam:moderate_press"]


def test_a_line_makes_its_early_choice_until_the_turn_comes(october_rules: Rules) -> None:
    from dataclasses import replace

    from game.lab.scripted import EVE, GOVERNMENT_HISTORICAL, turn_of

    session = Session(october_rules, 0)
    eve = turn_of(october_rules, EVE)
    state = session.state
    assert state.turn < eve
    assert GOVERNMENT_HISTORICAL.wanted(october_rules, state, "strike_first") == ("hold_back",)
    on_the_eve = replace(state, turn=eve)
    assert GOVERNMENT_HISTORICAL.wanted(october_rules, on_the_eve, "strike_first") == ("strike",)
    # An event the line does not wait on is chosen the same way on every turn.
    assert GOVERNMENT_HISTORICAL.wanted(october_rules, state, "third_coalition") == ("kadets",)
    assert GOVERNMENT_HISTORICAL.wanted(october_rules, on_the_eve, "third_coalition") == ("kadets",)

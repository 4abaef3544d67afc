"""The road to every ending and the warning before one arrives, on the October scenario."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pytest

from game.engine.context import EvalCtx
from game.engine.effects import Contest, chance_text
from game.engine.legal import bind
from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.forecast import Clause, ending_clause, roads, threats, warnings
from game.scenario.expr import Kind
from game.session import Session
from tests.play_helpers import HISTORICAL, scripted_orders

NO_IDS = re.compile(r"\$|\b[a-z]+_[a-z_]+\b")


def ending_index(rules: Rules, ident: str) -> int:
    return next(i for i, e in enumerate(rules.model.endings) if e.id == ident)


def track(rules: Rules, ident: str) -> int:
    return rules.ids[Kind.TRACK].index(ident)


def flag(rules: Rules, ident: str) -> int:
    return rules.ids[Kind.FLAG].index(ident)


@pytest.fixture(scope="module")
def start(october_rules: Rules) -> State:
    return Session(october_rules, 1917, player="bolsheviks").state


@pytest.fixture(scope="module")
def late(october_rules: Rules) -> State:
    """A state of mid-October with the moderates' bloc strong enough to demand a socialist
    cabinet and the government weak enough for the generals, and everyone able to pay."""
    rules = october_rules
    session = Session(rules, 7, player="government")
    while rules.date_of(session.state.turn) < dt.date(1917, 10, 16):
        session.play_turn(session.ai_orders("government"))
    state = session.state
    tracks = np.array(state.tracks, copy=True)
    tracks[track(rules, "socialist_bloc")] = 70
    tracks[track(rules, "government_legitimacy")] = 10
    resources = np.full_like(state.resources, 50)
    return dataclasses.replace(state, tracks=tracks, resources=resources)


def with_flags(state: State, rules: Rules, **values: bool) -> State:
    flags = np.array(state.flags, copy=True)
    for ident, value in values.items():
        flags[flag(rules, ident)] = value
    return dataclasses.replace(state, flags=flags)


def test_every_ending_has_a_road_in_the_order_the_engine_checks_them(
    october_rules: Rules, start: State
) -> None:
    found = roads(october_rules, start, october_rules.faction_index["bolsheviks"])
    assert [r.title for r in found] == [e.title for e in october_rules.model.endings]
    fallback = [r for r in found if r.fallback]
    assert len(fallback) == 1 and fallback[0].condition is None
    assert f"turn {october_rules.last_turn + 1}" in fallback[0].when
    assert "26 October 1917" in fallback[0].when
    soviet = found[ending_index(october_rules, "soviet_power")]
    assert soviet.yours and soviet.winners == ("the Bolsheviks",)
    assert not found[ending_index(october_rules, "crushed_rising")].yours
    for road in found:
        assert road.lines()[0].startswith(road.title)
        for line in road.lines():
            assert not NO_IDS.search(line), line


def test_a_clause_shows_the_number_it_reads_now(october_rules: Rules, start: State) -> None:
    rules = october_rules
    clause = ending_clause(rules, start, ending_index(rules, "military_dictatorship"))
    assert clause.op == "or" and not clause.holds
    legitimacy = next(leaf for leaf in clause.leaves() if "legitimacy" in leaf.text)
    assert legitimacy.text == "Government legitimacy is less than 5"
    assert legitimacy.now == f"now {int(start.tracks[track(rules, 'government_legitimacy')])}"
    assert legitimacy.status == "not yet"
    assert len(clause.leaves()) == 3


def test_clauses_are_judged_as_the_engine_judges_the_whole(
    october_rules: Rules, start: State
) -> None:
    rules = october_rules
    # The soviet endings wait for the 26th, so the deposed government is put on the last turn.
    deposed = dataclasses.replace(
        with_flags(start, rules, government_deposed=True, congress_met=True),
        turn=rules.last_turn,
    )
    for state in (start, deposed):
        ctx = EvalCtx(rules, state)
        for ending in rules.endings:
            clause = ending_clause(rules, state, ending.index)
            assert clause.holds == bool(ending.condition(ctx))
    soviet = ending_clause(rules, deposed, ending_index(rules, "soviet_power"))
    assert soviet.holds and all(leaf.holds for leaf in soviet.leaves())
    coalition = ending_clause(
        rules,
        with_flags(deposed, rules, socialist_government=True),
        ending_index(rules, "socialist_coalition"),
    )
    negated = coalition.leaves()[1]
    assert negated.negated and negated.status == "no longer"
    assert negated.text == "the Provisional Government still stands"


def test_no_ending_threatens_on_the_first_turn(october_rules: Rules, start: State) -> None:
    for me in range(october_rules.n_factions):
        assert threats(october_rules, start, me) == []


def test_an_ending_one_contest_away_is_announced_with_its_chance(
    october_rules: Rules, late: State
) -> None:
    rules = october_rules
    me = rules.faction_index["bolsheviks"]
    found = threats(rules, late, me)
    coalition = next(t for t in found if t.ending == ending_index(rules, "socialist_coalition"))
    assert coalition.faction == rules.faction_index["moderates"]
    assert "Form a socialist government" in coalition.cause
    action = next(a for a in rules.actions if a.spec.id == "form_socialist_government")
    contest = next(e for e in action.effects if isinstance(e, Contest))
    odds = contest.odds(EvalCtx(rules, late, bind(rules, late, action, 0, coalition.faction)))
    assert coalition.chance == pytest.approx(odds)
    assert 0 < coalition.chance < 1
    assert coalition.stops == ("a cabinet of socialists without the Bolsheviks has taken office",)
    assert not coalition.yours
    line = coalition.line()
    assert chance_text(odds) in line, line
    assert "To stop it" in line, line
    # The levers, from the action's own condition, not the ending restated.
    bloc = int(late.tracks[rules.ids[Kind.TRACK].index("socialist_bloc")])
    assert f"Socialist bloc is less than 40 (now {bloc} against 40)" in coalition.levers or (
        f"Socialist bloc is less than 40 (now {bloc})" in coalition.levers
    ), coalition.levers
    assert any("rising has begun" in lever for lever in coalition.levers), coalition.levers
    assert not any("October" in lever for lever in coalition.levers)  # the date is no lever
    assert "must not come to hold" not in line and coalition.stops[0] not in coalition.levers
    assert not NO_IDS.search(line)


def test_the_player_is_told_which_of_their_orders_would_stop_a_threat(
    october_rules: Rules, late: State
) -> None:
    rules = october_rules
    right = rules.faction_index["right"]
    coalition = next(
        t
        for t in threats(rules, late, right)
        if t.ending == ending_index(rules, "socialist_coalition")
    )
    # The generals' coup is checked before the socialist cabinet: if it succeeds first,
    # the cabinet's ending no longer comes.
    assert "Call on the generals" in coalition.counters


def test_a_threat_the_player_could_bring_is_marked_as_theirs(
    october_rules: Rules, late: State
) -> None:
    rules = october_rules
    moderates = rules.faction_index["moderates"]
    coalition = next(
        t
        for t in threats(rules, late, moderates)
        if t.ending == ending_index(rules, "socialist_coalition")
    )
    assert coalition.yours and coalition.cause.startswith("you: ")
    assert coalition.counters == ()


def test_an_ending_whose_conditions_hold_already_is_announced_as_coming(
    october_rules: Rules, start: State
) -> None:
    rules = october_rules
    state = dataclasses.replace(
        with_flags(start, rules, government_deposed=True, congress_met=True),
        turn=rules.last_turn,
    )
    found = threats(rules, state, rules.faction_index["government"])
    coming = found[0]
    assert coming.ending == ending_index(rules, "soviet_power")
    assert coming.faction == NO_ONE
    assert "already hold" in coming.cause
    assert "undone" in coming.line()


def test_the_last_turn_announces_the_fallback(october_rules: Rules, start: State) -> None:
    rules = october_rules
    last = dataclasses.replace(start, turn=rules.last_turn, pending=())
    found = threats(rules, last, rules.faction_index["bolsheviks"])
    fallback = [t for t in found if t.ending == rules.fallback]
    assert fallback and "last turn" in fallback[0].cause
    assert all(not NO_IDS.search(line) for line in warnings(rules, last, 0))


def test_the_ending_of_the_historical_line_is_announced_before_the_turn_that_brings_it(
    october_rules: Rules,
) -> None:
    rules = october_rules
    session = Session(rules, 1917, player="bolsheviks")
    me = rules.faction_index["bolsheviks"]
    announced: list[int] = []
    while not session.over:
        announced = [t.ending for t in threats(rules, session.state, me)]
        session.play_turn(scripted_orders(session, HISTORICAL))
    assert session.state.ending in announced


def test_a_finished_game_has_no_threats(october_rules: Rules, start: State) -> None:
    over = dataclasses.replace(start, ending=0)
    assert threats(october_rules, over, 0) == []


def test_a_clause_tree_prints_one_line_per_clause() -> None:
    tree = Clause("a or b", False, op="or", parts=(Clause("a", False), Clause("b", False, "now 3")))
    assert tree.lines() == ["any one of these will do:", "  a: not yet", "  b: now 3, not yet"]


def test_an_order_that_ends_the_game_is_announced_with_each_choice_that_changes_its_ending(
    october_rules: Rules,
) -> None:
    """The Palace stormed on the night the Congress opens: which soviet ending comes
    depends on how the moderates vote there, and that vote is settled before the storm."""
    rules = october_rules
    me = rules.faction_index["government"]
    all_soviet = ending_index(rules, "all_soviet_government")
    for seed in range(10):
        session = Session(rules, seed, player="government")
        while not session.over:
            found = threats(rules, session.state, me)
            pairs = [t for t in found if t.ending == all_soviet and ", if " in t.cause]
            if pairs:
                line = pairs[0].line()
                assert "Storm the Winter Palace" in line and "all the soviet parties" in line
                assert "the Moderate socialists choose" in line
                assert not NO_IDS.search(line)
                alone = [
                    t
                    for t in found
                    if "Storm the Winter Palace" in t.cause and ", if " not in t.cause
                ]
                assert alone and all(t.ending != all_soviet for t in alone)
                return
            session.play_turn(session.ai_orders("government"))
    pytest.fail("no game of seeds 0-9 had a storm on the night the Congress voted")


def test_the_calendars_end_is_said_with_its_date_and_no_doubled_brackets(
    october_rules: Rules,
) -> None:
    from game.engine.turns import new_game
    from game.forecast import calendar_end

    rng = np.random.default_rng(1)
    state = new_game(october_rules, NO_ONE, rng)
    said = calendar_end(october_rules, state)
    assert "26 October 1917 (8 November New Style)" in said and "))" not in said
    last = dataclasses.replace(state, turn=october_rules.last_turn)
    assert "))" not in calendar_end(october_rules, last)

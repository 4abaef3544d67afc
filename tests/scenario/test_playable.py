"""Whatever validates must play: scenarios that pass the loader but could crash play
are refused at validation, and no number an expression yields can overflow the board."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.effects import MAX_AMOUNT
from game.engine.rules import Rules
from game.scenario.loader import load_scenario
from game.session import Session
from tests.scenario.test_loader import edit, errors_of, line_of, mod

__all__ = ["mod"]


def test_a_group_with_no_people_and_an_action_with_no_target_are_refused(mod: Path) -> None:
    world = mod / "world.yaml"
    world.write_text(
        re.sub(r"population: \{[^}]*\}", "population: {workers: 0, soldiers: 0}", world.read_text())
    )
    errors = errors_of(mod)
    workers = f"world.yaml:{line_of(mod, 'world.yaml', 'id: workers')}:"
    assert any(workers in e and "no region has any people of 'workers'" in e for e in errors)
    agitate = f"actions.yaml:{line_of(mod, 'actions.yaml', 'target: group_region')}:"
    assert any(
        agitate in e and "aimed at a group in a region, but the scenario has no people" in e
        for e in errors
    )


def test_an_action_aimed_at_units_in_a_scenario_without_units_is_refused(mod: Path) -> None:
    world = mod / "world.yaml"
    text = world.read_text()
    world.write_text(text[: text.index("units:")] + "units: []\n")
    errors = errors_of(mod)
    at = f"actions.yaml:{line_of(mod, 'actions.yaml', 'target: unit')}:"
    assert any(at in e and "aimed at a unit, but the scenario has no units" in e for e in errors)


def test_a_huge_number_written_in_a_scenario_is_refused_at_its_line(mod: Path) -> None:
    edit(
        mod,
        "world.yaml",
        "population: {workers: 100,",
        "population: {workers: 100000000000000000000,",
    )
    [error] = errors_of(mod)
    assert f"world.yaml:{line_of(mod, 'world.yaml', 'workers: 100000000000000000000')}:" in error
    assert "1000000000" in error


def test_an_expression_that_overflows_int64_plays_held_in_range(mod: Path) -> None:
    huge = '"1000000000 * 1000000000 * 100"'
    edit(
        mod,
        "actions.yaml",
        "amount: 3}",
        f"amount: 3}}\n      - resource: {{resource: influence, amount: {huge}}}",
    )
    rules = Rules(load_scenario(mod))
    session = Session(rules, 4)
    state = session.run()
    assert state.over
    assert int(state.resources.max()) >= MAX_AMOUNT  # the gain was made, held to the limit
    assert int(state.resources.max()) < 2**62


def test_expressions_over_the_scenarios_budget_are_refused_at_the_scenario(
    mod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.scenario.crossref as crossref

    monkeypatch.setattr(crossref, "MAX_EXPRESSION_TEXT", 40)
    errors = errors_of(mod)
    assert any(
        "the scenario's expressions hold" in e and "over the 40 a scenario may hold" in e
        for e in errors
    )
    monkeypatch.setattr(crossref, "MAX_EXPRESSION_TEXT", 10**6)
    assert Rules(load_scenario(mod)).model is not None


def test_a_calendar_over_a_hundred_turns_is_refused(mod: Path) -> None:
    extra = "".join(f"    - {{date: 1917-10-01, label: Again{n}}}\n" for n in range(101))
    edit(mod, "scenario.yaml", "  turns:\n", "  turns:\n" + extra)
    errors = errors_of(mod)
    assert any("at most 100 items" in e for e in errors)

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


def test_a_scenario_too_large_for_a_save_is_refused_and_a_valid_ones_save_loads(
    mod: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import game.scenario.loader as loader
    from game.saves.format import MAX_SAVE_BYTES, MAX_SAVE_NODES, dump
    from game.saves.format import document as save_document
    from game.saves.replay import load

    size, values = loader.embedded_size(load_scenario(mod).model.model_dump(mode="json"))
    # The save's limits hold the largest scenario the loader lets through, and a record.
    assert MAX_SAVE_BYTES > loader.MAX_EMBEDDED_BYTES and MAX_SAVE_NODES > loader.MAX_EMBEDDED_NODES
    session = Session(Rules(load_scenario(mod)), 3, player="reds")
    text = dump(save_document(session, "2026-12-07T00:00:00+00:00"))
    assert len(text) <= size  # the estimate bounds what a save really writes
    (tmp_path / "game.yaml").write_bytes(text)
    assert load(tmp_path / "game.yaml").turns == 0
    monkeypatch.setattr(loader, "MAX_EMBEDDED_BYTES", size - 1)
    [error] = errors_of(mod)
    assert "the scenario would take up to" in error and "inside a save" in error
    assert error.startswith(f"{mod / 'scenario.yaml'}:")
    assert values > 0


def test_a_board_too_large_to_keep_every_turn_is_refused(
    mod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.scenario.crossref as crossref

    monkeypatch.setattr(crossref, "MAX_BOARD", 5)
    errors = errors_of(mod)
    assert any("shares of support, over the 5 a scenario may have" in e for e in errors)


def test_a_name_of_nothing_visible_is_refused_at_its_line(mod: Path) -> None:
    edit(mod, "factions.yaml", "name: Reds", 'name: "\\u200b\\u200d "')
    [error] = errors_of(mod)
    assert f"factions.yaml:{line_of(mod, 'factions.yaml', 'u200b')}:" in error
    assert "has no visible character" in error


def test_bidirectional_controls_are_refused_written_or_escaped(mod: Path) -> None:
    edit(mod, "factions.yaml", "name: Reds", "name: Re\u202eds")
    [error] = errors_of(mod)
    assert f"factions.yaml:{line_of(mod, 'factions.yaml', 'Re')}:" in error
    assert "U+202E is not allowed (a bidirectional control" in error
    edit(mod, "factions.yaml", "name: Re\u202eds", 'name: "Re\\u2066ds"')
    [error] = errors_of(mod)
    assert "U+2066 is not allowed (a bidirectional control" in error


def test_a_name_with_a_zero_width_character_among_letters_draws(mod: Path, tmp_path: Path) -> None:
    from game.ui.screenshot import screenshot

    edit(mod, "factions.yaml", "name: Reds", 'name: "Re\\u200bds"')
    out = screenshot("new-game", tmp_path / "new.png", load_scenario(mod), faction="reds")
    assert out.stat().st_size > 0


def test_a_huge_support_shift_plays_though_the_ai_cannot_score_it_in_one_program(
    mod: Path,
) -> None:
    # Found by the scenario fuzz: the only action of two factions left their AI's program
    # of plain actions empty.
    huge = '"1000000000 * 1000000000 * 100"'
    edit(mod, "actions.yaml", "region: $region, amount: 3}", f"region: $region, amount: {huge}}}")
    state = Session(Rules(load_scenario(mod)), 7).run()
    assert state.over

"""`python -m game check`: a modder's scenario, what in it can never hold, and what never
happened in AI games, each named by file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_OK, main
from game.engine.rules import Rules
from game.lab.check import report, where_in
from game.lab.runner import Plan
from game.lab.summary import play
from game.lab.tally import Tally
from game.scenario.loader import load_traced
from game.scenario.never import find

MINI = Path(__file__).parent / "fixtures" / "mini"

# Two events a modder might add: one no game can fire, one no game of the mini scenario
# does (legitimacy starts at 50 and gains at most 4 a turn and 5 once in six turns).
EVENTS = """
  - id: lost_cause
    title: A lost cause
    text: Unrest beyond all measure.
    when: "flag(committee_formed) and unrest > 150"
  - id: high_tide
    title: High tide
    text: The government at its height.
    when: "flag(committee_formed) and legitimacy > 95"
"""


@pytest.fixture
def mod(tmp_path: Path) -> Path:
    folder = tmp_path / "my_mod"
    shutil.copytree(MINI, folder)
    story = folder / "story.yaml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("endings:\n", EVENTS.lstrip("\n") + "endings:\n", 1))
    return folder


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def check(*args: str) -> int:
    return main(["check", *args, "--runs", "8", "--seed", "3", "--jobs", "1"])


def test_an_event_that_can_never_fire_is_named_with_its_file_and_line(
    mod: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(str(mod)) == EXIT_OK  # warnings do not fail
    out = capsys.readouterr().out
    story = mod / "story.yaml"
    where = f"{story}:{line_of(story, 'unrest > 150')}"
    # Warned of without playing, at the part that cannot hold ...
    warning = next(line for line in out.splitlines() if "lost_cause" in line)
    assert warning.strip().startswith(where)
    assert "'unrest > 150' cannot" in warning and "unrest runs from 0 to 100" in warning
    assert "so the event never fires" in warning
    # ... and among the events that never fired, with its condition as written.
    never = out[out.index("Events that never fired") :]
    assert f"{where}: lost_cause ('A lost cause')" in never
    assert "when: flag(committee_formed) and unrest > 150" in never
    # What held back the event that could fire: the part that never held in any game.
    assert "never held while it waited: 'legitimacy > 95'" in never
    assert out.rstrip().splitlines()[-1].startswith("2 conditions that can never hold; in 8 games")


def test_json_says_the_same(mod: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(str(mod), "--json") == EXIT_OK
    found = json.loads(capsys.readouterr().out)
    story = mod / "story.yaml"
    lost = [w for w in found["warnings"] if w["where"] == "event 'lost_cause', when"]
    assert [(w["file"], w["line"], w["part"]) for w in lost] == [
        (str(story), line_of(story, "unrest > 150"), "unrest > 150")
    ]
    events = {e["id"]: e for e in found["never"]["events"]}
    assert events["lost_cause"]["line"] == line_of(story, "unrest > 150")
    assert "legitimacy > 95" in " ".join(events["high_tide"]["notes"])
    assert found["games"]["runs"] == 8
    assert sum(c["runs"] for c in found["games"]["configurations"]) == 8
    assert set(found["never"]) == {"events", "choices", "actions", "endings", "contests"}
    assert found["summary"].startswith("2 conditions")


def test_strict_fails_on_a_warning_and_runs_zero_plays_nothing(
    mod: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(mod), "--runs", "0", "--strict"]) == EXIT_FOUND
    out = capsys.readouterr().out
    assert "No games played" in out and "Events that never fired" not in out


def test_checking_a_mod_puts_its_own_findings_first_and_marks_the_bases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    mod = tmp_path / "hopes"
    mod.mkdir()
    (mod / "mod.yaml").write_text(
        "mod: {id: hopes, name: Vain Hopes, extends: mini}\n", encoding="utf-8"
    )
    (mod / "story.yaml").write_text("events:" + EVENTS, encoding="utf-8")
    assert check(str(mod), "--json") == EXIT_OK
    found = json.loads(capsys.readouterr().out)
    assert found["mods"] == ["Vain Hopes"]
    events = found["never"]["events"]
    mine = [e["id"] for e in events if not e["base"]]
    assert mine == ["lost_cause", "high_tide"]
    assert events[: len(mine)] == [e for e in events if not e["base"]]  # the mod's first
    for kind, items in found["never"].items():
        for item in items:
            assert item["base"] == (Path(item["file"]).parent != mod), (kind, item)
    assert any(item["base"] for items in found["never"].values() for item in items)
    warnings = found["warnings"]
    assert [(Path(w["file"]).parent == mod) for w in warnings] == [not w["base"] for w in warnings]
    assert "lost_cause" in warnings[0]["where"] and not warnings[0]["base"]
    assert check(str(mod)) == EXIT_OK
    out = capsys.readouterr().out
    assert "Checking " in out and "mod 'Vain Hopes' over 'Mini' is valid." in out
    assert "  not in the mod's files but in those it is laid over:" in out


def test_a_broken_scenario_is_told_as_validate_tells_it(
    mod: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = mod / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("unrest > 150", "unrest >> 150"))
    assert check(str(mod)) == EXIT_BAD_INPUT
    out = capsys.readouterr().out
    assert f"{story}:{line_of(story, 'unrest >> 150')}:" in out
    assert out.rstrip().endswith("1 problem found")
    assert check(str(mod), "--json") == EXIT_BAD_INPUT
    found = json.loads(capsys.readouterr().out)
    assert found["valid"] is False and len(found["errors"]) == 1


def test_a_condition_in_an_effect_written_in_long_form_is_found_at_its_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "long"
    shutil.copytree(MINI, folder)
    actions = folder / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    short = '      - if:\n          condition: "loyalty($unit) < 30"\n          then:'
    long = '      - kind: if\n        condition: "loyalty($unit) < -5"\n        then:'
    assert short in text
    actions.write_text(text.replace(short, long))
    scenario, origins = load_traced(folder)
    (found,) = [f for f in find(scenario.model) if "if effect" in f.place.what]
    mark = where_in(origins, str(folder))(found.place.path, found.column)
    assert (mark.file, mark.line) == (str(actions), line_of(actions, "loyalty($unit) < -5"))


def test_the_tally_counts_each_contest_as_the_orders_went(mini_rules: Rules) -> None:
    """The mini scenario's one contest is seize's: each order carried out rolls it once."""
    games = [play(mini_rules, seed) for seed in range(12)]
    tally = Tally(mini_rules, Plan(0, 12), games)
    assert list(tally.contests) == ["actions.seize.effects[1]"]
    won, lost = tally.contests["actions.seize.effects[1]"]
    outcomes = tally.outcomes
    assert won == sum(n for (_, a, o), n in outcomes.items() if (a, o) == ("seize", "succeeded"))
    assert lost == sum(n for (_, a, o), n in outcomes.items() if (a, o) == ("seize", "failed"))
    assert won + lost > 0


def test_what_never_happened_agrees_with_the_games(mini_rules: Rules) -> None:
    """Each item of the report is a zero of the tally, with the note its case calls for."""
    games = [play(mini_rules, seed, watch=True) for seed in range(2)]
    tally = Tally(mini_rules, Plan(0, 2), games)
    scenario, origins = load_traced(MINI)
    found = report(mini_rules, str(MINI), find(scenario.model), tally, where_in(origins, "x"))
    never = found["never"]
    coverage = tally.coverage
    for kind in ("events", "choices", "actions", "endings"):
        assert [item["id"] for item in never[kind]] == [
            ident for ident, n in coverage[kind].items() if n == 0
        ]
    for item in never["choices"]:
        event = item["id"].split(".")[0]
        if coverage["events"][event] == 0:
            assert item["notes"][0] == "its event never fired"
    for item in never["contests"]:
        won, lost = tally.contests[item["key"]]
        assert item["never"] == (
            "rolled" if won + lost == 0 else "succeeded" if not won else "failed"
        )
        assert (won and lost) == 0
    assert never["choices"]  # `locked` at least: its flag is never set

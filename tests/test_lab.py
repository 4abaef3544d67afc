"""The balance lab: `simulate` with many games, --jobs, --difficulty, --report, the progress bar."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from game.cli import main, seat_profiles
from game.engine.rules import Rules
from game.lab.runner import Plan, run_plans
from game.lab.summary import GameSummary, play
from game.paths import default_scenario
from game.scenario.loader import load_scenario
from game.session import difficulty_profiles, stand_in_profiles

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def simulate(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "simulate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )


def fingerprint(game: GameSummary) -> tuple[object, ...]:
    return (
        game.seed,
        game.ending,
        game.turns,
        sorted(game.events.items()),
        sorted(game.flags.items()),
        game.choices,
        sorted(game.ordered.items()),
        sorted(game.outcomes.items()),
        game.opening_resources.tobytes(),
        game.opening_tracks.tobytes(),
        game.final_resources.tobytes(),
        game.spent.tobytes(),
    )


@pytest.fixture(scope="module")
def mini_rules() -> Rules:
    return Rules(load_scenario(MINI))


def test_the_games_are_the_same_played_in_one_process_or_in_two_workers(
    mini_rules: Rules,
) -> None:
    plans = [Plan(11, 4), Plan(40, 2, "reds", {"blues": "bold"})]
    alone = run_plans(mini_rules, MINI, plans, jobs=1)
    shared = run_plans(mini_rules, MINI, plans, jobs=2)
    assert [[g.seed for g in p] for p in shared] == [[11, 12, 13, 14], [40, 41]]
    assert [[fingerprint(g) for g in p] for p in alone] == [
        [fingerprint(g) for g in p] for p in shared
    ]


def test_simulate_json_is_the_same_for_any_number_of_jobs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = []
    for jobs in ("1", "2"):
        assert (
            main(
                [
                    "simulate",
                    "--scenario",
                    str(MINI),
                    "--seed",
                    "3",
                    "--runs",
                    "6",
                    "--jobs",
                    jobs,
                    "--json",
                ]
            )
            == 0
        )
        shown.append(json.loads(capsys.readouterr().out))
    assert shown[0] == shown[1]
    assert shown[0]["runs"] == 6 and sum(shown[0]["endings"].values()) == 6


def test_a_summary_is_the_game_the_session_plays(mini_rules: Rules) -> None:
    from game.session import Session

    session = Session(mini_rules, 5, player="reds")
    final = session.run()
    game = play(mini_rules, 5, "reds")
    assert game.turns == len(session.records)
    assert game.ending == mini_rules.model.endings[final.ending].id
    assert np.array_equal(game.final_tracks, final.tracks)
    given = sum(len(r.decisions[f].actions) for r in session.records for f in r.decisions)
    assert sum(game.ordered.values()) == sum(game.outcomes.values()) == given


def test_json_coverage_lists_every_id_of_the_scenario_in_order_with_zeros(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "simulate",
                "--scenario",
                str(MINI),
                "--seed",
                "1",
                "--runs",
                "3",
                "--jobs",
                "1",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    m = load_scenario(MINI).model
    coverage = result["coverage"]
    assert list(coverage["events"]) == [e.id for e in m.events]
    assert list(coverage["choices"]) == [f"{e.id}.{c.id}" for e in m.events for c in e.choices]
    assert list(coverage["actions"]) == [a.id for a in m.actions]
    assert list(coverage["endings"]) == [e.id for e in m.endings]
    # The first event fires as the game begins: it counts like any other.
    assert coverage["events"][m.events[0].id] == 3
    assert 0 in coverage["choices"].values() and 0 in coverage["endings"].values()
    assert all(0 <= n <= 3 for kind in coverage.values() for n in kind.values())
    assert sum(coverage["endings"].values()) == 3
    assert set(result["turns"]) == {"mean", "min", "max"}
    assert result["turns"]["min"] <= result["turns"]["mean"] <= result["turns"]["max"]
    assert result["seat"] is None
    assert {"runs", "endings", "wins", "first_seed", "mean_turns"} <= set(result)
    assert list(result["orders"]) == [a.id for a in m.actions]
    assert list(result["stocks"]) == [f.id for f in m.factions]


def test_stocks_balance_for_one_game(mini_rules: Rules) -> None:
    """For a single game the medians are that game: the stock at the end is the stock
    at the start, plus what came in, less what the orders carried out cost."""
    from game.lab.tally import Tally

    stocks = Tally(mini_rules, Plan(2, 1), [play(mini_rules, 2, None)]).stocks()
    assert list(stocks) == mini_rules.faction_ids
    spent_any = False
    for faction, resources in stocks.items():
        for resource, row in resources.items():
            assert row["end"] == row["start"] + row["gained"] - row["spent"], (faction, resource)
            assert row["end"] >= 0 and row["spent"] >= 0
            spent_any = spent_any or row["spent"] > 0
    assert spent_any


def test_the_seat_win_rate_is_a_fraction_of_the_games(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "simulate",
                "--scenario",
                str(MINI),
                "--seed",
                "1",
                "--runs",
                "4",
                "--jobs",
                "1",
                "--faction",
                "blues",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["faction"] == "blues"
    assert result["seat"] == result["wins"]["blues"] / 4


def test_an_unknown_difficulty_is_a_usage_error_with_the_known_ones() -> None:
    done = simulate("--faction", "bolsheviks", "--difficulty", "impossible")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "dual-power: no difficulty 'impossible'; choose one of easy, normal, hard"
    ]


def test_a_difficulty_without_a_seat_or_in_a_scenario_without_any_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--difficulty", "hard"]) == 2
    assert "give --faction ID" in capsys.readouterr().err
    assert (
        main(["simulate", "--scenario", str(MINI), "--faction", "reds", "--difficulty", "hard"])
        == 2
    )
    assert "the scenario has none" in capsys.readouterr().err
    assert main(["play", "--text", "--difficulty", "brutal"]) == 2
    assert "no difficulty 'brutal'" in capsys.readouterr().err


def test_the_rivals_play_the_difficulty_the_seat_its_stand_in_and_a_named_profile_wins() -> None:
    rules = Rules(load_scenario(default_scenario()))
    seat = rules.model.factions[rules.faction_index["government"]]
    assert seat.seat_profile is not None and seat.seat_profile != seat.ai_profile
    easy = seat_profiles(rules, "government", "easy", [])
    assert easy == {**difficulty_profiles(rules, "easy", "government"), "government": seat.seat_profile}
    level = next(d for d in rules.model.difficulties if d.id == "easy")
    assert level.rivals is not None and level.profiles
    against = level.seats.get("government", {})
    for faction in ("bolsheviks", "moderates", "right"):
        assert easy[faction] == against.get(faction, level.profiles.get(faction, level.rivals))
    over = seat_profiles(rules, "government", "easy", ["moderates=timid", "government=bold"])
    assert over["moderates"] == "timid" and over["bolsheviks"] == easy["bolsheviks"]
    assert over["government"] == "bold"
    assert seat_profiles(rules, "government", None, []) == {"government": seat.seat_profile}
    assert seat_profiles(rules, None, None, []) == {}


def test_simulate_at_a_difficulty_reports_the_profiles_it_played(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "simulate",
                "--seed",
                "2",
                "--runs",
                "2",
                "--jobs",
                "1",
                "--faction",
                "bolsheviks",
                "--difficulty",
                "easy",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    rules = Rules(load_scenario(default_scenario()))
    assert result["difficulty"] == "easy"
    assert result["profiles"] == stand_in_profiles(rules, "easy", "bolsheviks")


def test_play_at_a_difficulty_gives_the_rivals_its_profiles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import game.textplay
    import game.ui.app

    seen: list[dict[str, str]] = []
    monkeypatch.setattr(
        game.textplay.TextGame, "run", lambda self: seen.append(self.session.profiles) or 0
    )
    saves = ["--saves-dir", str(tmp_path)]
    assert (
        main(
            [
                "play",
                "--text",
                "--faction",
                "moderates",
                "--seed",
                "1",
                "--difficulty",
                "hard",
                *saves,
            ]
        )
        == 0
    )
    rules = Rules(load_scenario(default_scenario()))
    assert seen == [difficulty_profiles(rules, "hard", "moderates")]

    asked: list[dict[str, object]] = []
    monkeypatch.setattr(game.ui.app, "run", lambda *a, **k: asked.append(k) or 0)
    assert main(["play", "--difficulty", "easy", *saves]) == 0
    assert asked[0]["difficulty"] == "easy"


def test_the_window_starts_a_seated_game_at_the_difficulty() -> None:
    from game.ui.scenes import new_session, title_scene

    scenario = load_scenario(default_scenario())
    rules = Rules(scenario)
    session = new_session(scenario, 3, "government", difficulty="hard")
    assert session.profiles == difficulty_profiles(rules, "hard", "government")
    title = title_scene(scenario, 3, None, difficulty="hard")
    page = title.new_game()  # type: ignore[attr-defined]
    assert page.difficulty.id == "hard"


def test_the_report_has_every_section(tmp_path: Path) -> None:
    out = tmp_path / "balance.md"
    assert (
        main(
            [
                "simulate",
                "--scenario",
                str(MINI),
                "--seed",
                "1",
                "--runs",
                "3",
                "--jobs",
                "1",
                "--report",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text()
    for heading in (
        "# Balance report",
        "## Outcomes",
        "## Win rates by faction",
        "## Game length",
        "## When the flags were first set",
        "## Resources",
        "### Stocks over time",
        "### Over the whole game",
        "## Tracks",
        "### Pinned at a bound",
        "## Blocked orders",
        "## Never happened",
        "## Coverage",
    ):
        assert f"\n{heading}" in "\n" + text, heading
    assert "`committee.wait`" in text.split("## Never happened")[1].split("##")[0]
    page = tmp_path / "balance.html"
    assert (
        main(
            [
                "simulate",
                "--scenario",
                str(MINI),
                "--seed",
                "1",
                "--runs",
                "3",
                "--jobs",
                "1",
                "--report",
                str(page),
            ]
        )
        == 0
    )
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "Never happened" in html


def test_a_report_of_another_kind_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["simulate", "--scenario", str(MINI), "--runs", "2", "--report", "balance.pdf"]) == 2
    )
    assert ".md" in capsys.readouterr().err


def test_the_matrix_plays_every_seat_at_every_difficulty_and_every_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.lab.runner import matrix

    rules = Rules(load_scenario(default_scenario()))
    plans = matrix(rules, 1, 2)
    m = rules.model
    seated = [(p.seat, p.difficulty) for p in plans if p.seat is not None]
    playable = [f.id for f in m.factions if f.playable]
    assert seated == [(f, d.id) for f in playable for d in m.difficulties]
    assert len(plans) == 1 + len(seated) + len(m.ai_profiles)
    out = tmp_path / "matrix.md"
    assert (
        main(
            [
                "simulate",
                "--scenario",
                str(MINI),
                "--matrix",
                "--runs",
                "2",
                "--seed",
                "1",
                "--jobs",
                "1",
                "--json",
                "--report",
                str(out),
            ]
        )
        == 0
    )
    shown = json.loads(capsys.readouterr().out)["configurations"]
    assert shown[0]["label"].startswith("All AI") and all(c["runs"] == 2 for c in shown)
    assert "## Configurations" in out.read_text()


def test_no_progress_bar_when_the_output_is_piped() -> None:
    done = simulate("--scenario", str(MINI), "--seed", "1", "--runs", "4", "--jobs", "1")
    assert done.returncode == 0
    assert done.stderr == ""
    assert "\x1b" not in done.stdout and "4 games" in done.stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal() -> None:
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the terminal
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "game",
                "simulate",
                "--scenario",
                str(MINI),
                "--runs",
                "4",
                "--jobs",
                "1",
            ],
        )
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the child has gone: the terminal is closed
            break
        if not data:
            break
        seen += data
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    text = seen.decode(errors="replace")
    assert "4/4" in text and "4 games" in text


def wait_for_workers(pid: int) -> None:
    """Until the command has started its worker processes (or a while, without /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not children.exists():
            time.sleep(3)
            return
        if children.read_text().split():
            time.sleep(0.5)  # past starting them, into playing
            return
        time.sleep(0.1)


def test_ctrl_c_stops_the_workers_and_exits_130_without_a_traceback() -> None:
    # More games than any machine plays before the signal comes: the run must be cut short.
    command = [sys.executable, "-m", "game", "simulate", "--runs", "100000", "--jobs", "2"]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as running:
        wait_for_workers(running.pid)
        # What Ctrl-C at a terminal does: SIGINT to the whole foreground group.
        os.killpg(running.pid, signal.SIGINT)
        out, err = running.communicate(timeout=30)
    assert running.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
    assert out == ""

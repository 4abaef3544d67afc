"""The command line: subcommands, their output and their exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
MINI = str(ROOT / "tests" / "fixtures" / "mini")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # A command that unexpectedly opens the window would wait for a player: fail, not hang.
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["validate"],
        ["check"],
        ["mods"],
        ["new-mod"],
        ["play"],
        ["simulate"],
        ["schema"],
        ["replay"],
        ["screenshot"],
    ],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_one_simulated_game_prints_its_ending_turns_and_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--scenario", MINI, "--seed", "4", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"ending", "turns", "state_hash"} <= set(result)
    assert result["turns"] == 6 and len(result["state_hash"]) == 64
    assert main(["simulate", "--scenario", MINI, "--seed", "4"]) == 0
    text = capsys.readouterr().out
    assert f"after {result['turns']} turns" in text and result["state_hash"] in text


def test_many_simulated_games_count_their_endings(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "simulate",
                "--scenario",
                MINI,
                "--seed",
                "1",
                "--runs",
                "12",
                "--json",
                "--profile",
                "bold",
                "--profile",
                "reds=cautious",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["runs"] == 12
    assert sum(result["endings"].values()) == 12
    assert set(result["endings"]) <= {"red_victory", "blue_collapse", "stalemate"}


def test_the_ai_can_take_the_players_seat(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--scenario", MINI, "--seed", "2", "--faction", "reds", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turns"] >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "--scenario", MINI, "--profile", "reckless"], "no AI profile 'reckless'"),
        (["simulate", "--scenario", MINI, "--faction", "purples"], "no faction 'purples'"),
        (["simulate", "--scenario", MINI, "--runs", "0"], "expected at least 1"),
        (["simulate", "--scenario", MINI, "--faction", "reds", "--all-ai"], "not allowed with"),
        (["play", "--take-over", "3"], "--take-over needs --load FILE"),
    ],
)
def test_usage_errors_exit_two_with_a_message(args: list[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["check", "validate", "simulate --runs x"])
def test_a_commands_argument_errors_name_the_command_not_the_whole_usage(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(command.split())
    assert exited.value.code == 2
    err = capsys.readouterr().err
    name = command.split()[0]
    assert f"dual-power {name}: error: " in err
    assert err.startswith(f"usage: dual-power {name} [-h]")
    assert "[COMMAND [OPTIONS]]" not in err


def test_a_broken_scenario_exits_one_with_its_problems(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("scenario: [\n")
    done = run("simulate", "--scenario", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path / 'scenario.yaml'}:" in done.stderr
    assert "1 problem found" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_schema_is_json_schema_with_every_section(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    schema = json.loads(out.read_text())
    assert schema["type"] == "object"
    assert {"factions", "events", "endings", "regions"} <= set(schema["properties"])


def test_the_editor_schema_accepts_every_file_of_the_bundled_scenario_and_catches_mistakes(
    tmp_path: Path,
) -> None:
    import jsonschema
    import yaml

    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    validator = jsonschema.Draft202012Validator(json.loads(out.read_text()))
    folder = ROOT / "scenarios" / "october1917"
    for path in sorted(folder.glob("*.yaml")):
        # JSON has no dates: compare on the form an editor sees, with dates as text.
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{path.name}: {errors[:3]}"
    broken = {"events": [{"id": "x", "title": "X", "text": "t", "effects": [{"set_flg": "y"}]}]}
    assert list(validator.iter_errors(broken))


# -- replay ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("saves") / "game.yaml"
    assert (
        main(
            [
                "simulate",
                "--scenario",
                MINI,
                "--seed",
                "4",
                "--faction",
                "reds",
                "--save",
                str(path),
            ]
        )
        == 0
    )
    return path


def test_simulate_saves_the_game_and_replay_verifies_it(
    saved_game: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["replay", str(saved_game), "--verify"]) == 0
    assert "verified, 6 turns match" in capsys.readouterr().out
    assert main(["replay", str(saved_game), "--verify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verified"] is True


def test_replay_tells_the_game_turn_by_turn(
    saved_game: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["replay", str(saved_game)]) == 0
    text = capsys.readouterr().out
    assert "Turn 1, " in text and "Turn 6, " in text and "THE END:" in text
    assert "Verified: all 6 turns match" in text
    assert main(["replay", str(saved_game), "--to-turn", "2", "--json"]) == 0
    turns = json.loads(capsys.readouterr().out)["turns"]
    assert [t["turn"] for t in turns] == [1, 2]
    assert set(turns[0]["decisions"]) == {"reds", "blues", "greys"}


def test_replay_of_a_divergent_or_bad_file_exits_one_with_one_line(
    saved_game: Path, tmp_path: Path
) -> None:
    text = saved_game.read_text()
    at = text.index("state_hash: ", text.index("- turn: 3")) + len("state_hash: ")
    tampered = tmp_path / "tampered.yaml"
    tampered.write_text(text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :])
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for path, reason in [
        (tampered, "turn 4 ("),
        (garbage, "not valid UTF-8"),
        (tmp_path / "missing.yaml", "cannot read the file"),
    ]:
        done = run("replay", str(path), "--verify")
        assert done.returncode == 1
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], done.stderr
        assert "Traceback" not in done.stderr


def test_saving_many_simulated_games_is_a_usage_error(tmp_path: Path) -> None:
    done = run("simulate", "--scenario", MINI, "--runs", "2", "--save", str(tmp_path / "x.yaml"))
    assert done.returncode == 2 and "--runs 1" in done.stderr


def test_replay_text_and_json_are_alternatives(tmp_path: Path) -> None:
    save = tmp_path / "game.yaml"
    assert main(["simulate", "--scenario", MINI, "--seed", "3", "--save", str(save)]) == 0
    text = run("replay", str(save), "--text")
    assert text.returncode == 0 and "Verified: all" in text.stdout
    both = run("replay", str(save), "--text", "--json")
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_play_without_a_display_says_how_to_play_in_the_terminal() -> None:
    env = {**os.environ, "SDL_VIDEODRIVER": "no-such-driver"}
    done = subprocess.run(
        [sys.executable, "-m", "game", "play", "--scenario", MINI, "--faction", "reds"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot open the game window" in done.stderr and "play --text" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_command_opens_the_window_as_play_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import game.ui.app

    asked: list[dict[str, object]] = []

    def opened(*args: object, **kwargs: object) -> int:
        asked.append(kwargs)
        return 0

    monkeypatch.setattr(game.ui.app, "run", opened)
    monkeypatch.setenv("DUAL_POWER_SAVES", str(tmp_path))
    assert main([]) == 0
    assert len(asked) == 1 and asked[0]["session"] is None and asked[0]["ironman"] is False
    assert asked[0]["saves"].folder == tmp_path  # type: ignore[attr-defined]


def test_no_command_in_a_fresh_process_goes_to_the_window_and_help_lists_the_commands() -> None:
    # No display to open: reaching the window is told by the message that it cannot open.
    env = {**os.environ, "SDL_VIDEODRIVER": "no-such-driver"}
    done = subprocess.run(
        [sys.executable, "-m", "game"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and "cannot open the game window" in done.stderr
    assert "Traceback" not in done.stderr
    helped = run("--help")
    assert helped.returncode == 0
    for command in ("play", "validate", "simulate", "replay", "schema", "screenshot"):
        assert f"    {command}" in helped.stdout
    assert "With no command, dual-power opens the game window" in " ".join(helped.stdout.split())


def test_play_ironman_opens_the_window_with_ironman_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import game.ui.app

    asked: list[dict[str, object]] = []

    def opened(*args: object, **kwargs: object) -> int:
        asked.append(kwargs)
        return 0

    monkeypatch.setattr(game.ui.app, "run", opened)
    saves = ["--saves-dir", str(tmp_path)]
    assert main(["play", "--scenario", MINI, "--ironman", *saves]) == 0
    assert main(["play", "--scenario", MINI, *saves]) == 0
    assert [a["ironman"] for a in asked] == [True, False]


def test_play_gives_the_window_the_folder_to_read_again_and_a_loaded_game_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import game.ui.app
    from game.saves.store import SaveStore
    from game.scenario.loader import load_scenario
    from game.session import Session

    asked: list[dict[str, object]] = []

    def opened(*args: object, **kwargs: object) -> int:
        asked.append(kwargs)
        return 0

    monkeypatch.setattr(game.ui.app, "run", opened)
    saves = ["--saves-dir", str(tmp_path)]
    assert main(["play", "--scenario", MINI, *saves]) == 0
    read = asked[0]["reload_scenario"]
    assert callable(read) and read().id == "mini"
    session = Session(load_scenario(MINI), 2, player="reds")
    path = SaveStore(tmp_path).save(session, "x")
    assert main(["play", "--load", str(path), *saves]) == 0
    assert asked[1]["reload_scenario"] is None


def test_screenshot_help_names_every_scene_and_the_save_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from game.ui.scenes import SHOTS

    with pytest.raises(SystemExit) as exited:
        main(["screenshot", "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert "--save FILE" in text
    for name in SHOTS:
        assert name in text


def test_screenshot_of_a_simulated_save_in_a_fresh_process(tmp_path: Path) -> None:
    """The command as a player types it: no traceback, a PNG, and a line naming both."""
    save = tmp_path / "game.yaml"
    assert run("simulate", "--seed", "2", "--save", str(save)).returncode == 0
    out = tmp_path / "ending.png"
    done = run("screenshot", "ending", str(out), "--save", str(save), "--size", "640x400")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0 and str(save) in done.stdout
    assert done.stderr == ""
    bad = run("screenshot", "map", str(tmp_path / "x.png"), "--save", str(tmp_path / "no.yaml"))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1

"""Finding mods and playing them from the command line: `mods`, `--mod`, `--scenario ID`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.scenario.catalogue import Catalogue, user_mods_dir

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
PLAY = [sys.executable, "-m", "game", "play", "--text"]


@pytest.fixture
def workshop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A player's mods folder holding the mini scenario and a mod of it."""
    monkeypatch.setenv("DUAL_POWER_MODS", str(tmp_path))
    shutil.copytree(MINI, tmp_path / "mini")
    mod = tmp_path / "rich_reds"
    mod.mkdir()
    (mod / "mod.yaml").write_text(
        "mod:\n  id: rich_reds\n  name: Rich Reds\n  version: 2\n  extends: mini\n"
    )
    (mod / "factions.yaml").write_text("factions:\n  - id: reds\n    resources: {influence: 30}\n")
    return tmp_path


def test_the_mods_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUAL_POWER_MODS")
    monkeypatch.setenv("XDG_DATA_HOME", "/somewhere")
    assert user_mods_dir() == Path("/somewhere/dual-power/mods")
    monkeypatch.setenv("DUAL_POWER_MODS", "/else")
    assert user_mods_dir() == Path("/else")


def test_mods_lists_every_scenario_and_mod_with_its_verdict(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = workshop / "broken"
    broken.mkdir()
    (broken / "mod.yaml").write_text("mod:\n  id: broken\n  name: Broken\n  extends: nowhere\n")
    assert main(["mods"]) == 0
    out = capsys.readouterr().out
    lines = [" ".join(line.split()) for line in out.splitlines()]  # columns vary in width
    assert "october1917 Dual Power, version 1: a scenario" in lines
    assert "rich_reds Rich Reds, version 2: a mod of mini" in lines
    assert "moscow1917 Moscow First, version 1: a scenario built on october1917" in lines
    assert "broken: " in out and "'broken' extends 'nowhere'" in out
    # Scenarios come first, and the listing ends by saying where a player's mods go.
    assert out.index("mini ") < out.index("rich_reds ")
    assert out.rstrip().endswith(f"your mods folder: {workshop}")


def test_mods_lists_the_folders_it_passed_over_and_why(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = (workshop / "rich_reds" / "mod.yaml").read_text()
    for folder, file in [
        ("misnamed", "mod.yml"),
        ("capital", "Mod.yaml"),
        ("deep/inner", "mod.yaml"),
    ]:
        (workshop / folder).mkdir(parents=True)
        (workshop / folder / file).write_text(meta.replace("rich_reds", folder.replace("/", "_")))
    (workshop / "loose").mkdir()
    (workshop / "loose" / "changes.yaml").write_text("factions: []\n")
    (workshop / "notes").mkdir()
    (workshop / "notes" / "README.md").write_text("nothing to see\n")
    (workshop / ".hidden").mkdir()
    assert main(["mods"]) == 0
    lines = capsys.readouterr().out.splitlines()
    passed = [line for line in lines if line.startswith("passed over: ")]
    assert passed == [
        f"passed over: {workshop / 'capital'}: no mod.yaml (found Mod.yaml: rename it)",
        f"passed over: {workshop / 'deep'}: no mod.yaml (found inner/mod.yaml: move inner up, "
        "out of this folder)",
        f"passed over: {workshop / 'loose'}: no mod.yaml (a mod needs one), and no `scenario` "
        "section with an id in its .yaml files (a scenario needs one)",
        f"passed over: {workshop / 'misnamed'}: no mod.yaml (found mod.yml: rename it)",
        f"passed over: {workshop / 'notes'}: no .yaml files",
    ]
    assert lines.index(passed[-1]) == len(lines) - 2  # at the end, before the mods folder


def test_validate_takes_a_mod_folder_and_mods_laid_over_a_scenario(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(workshop / "rich_reds")]) == 0
    assert "valid: mod 'Rich Reds' over 'Mini'" in capsys.readouterr().out
    assert main(["validate", str(workshop / "mini"), "--mod", str(workshop / "rich_reds")]) == 0
    assert "0 problems found" in capsys.readouterr().out


def test_a_scenario_is_named_by_id_and_a_misspelt_one_gets_a_suggestion(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "--scenario", "rich_reds", "--seed", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["turns"] > 0
    assert main(["simulate", "--scenario", "rich_redz", "--seed", "3"]) == 2
    err = capsys.readouterr().err
    assert "no scenario or mod 'rich_redz'" in err and "did you mean 'rich_reds'?" in err


def test_every_command_names_a_scenario_or_mod_by_folder_or_id(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate ID`, `check ID` and `--mod ID` find the folder as `--scenario ID` does; so
    does `--mod` given the mod's mod.yaml."""
    assert main(["validate", "rich_reds"]) == 0
    assert "rich_reds: valid: mod 'Rich Reds' over 'Mini'" in capsys.readouterr().out
    assert main(["validate", "mini", "--mod", "rich_reds"]) == 0
    assert "mini: valid: mod 'Rich Reds' over 'Mini'" in capsys.readouterr().out
    mod_file = str(workshop / "rich_reds" / "mod.yaml")
    assert main(["validate", str(workshop / "mini"), "--mod", mod_file]) == 0
    assert "valid: mod 'Rich Reds' over 'Mini'" in capsys.readouterr().out
    assert main(["check", "rich_reds", "--runs", "0"]) == 0
    assert "is valid" in capsys.readouterr().out
    args = ["simulate", "--scenario", "mini", "--seed", "3", "--json"]
    assert main([*args, "--mod", "rich_reds"]) == 0
    assert json.loads(capsys.readouterr().out)["turns"] > 0


@pytest.mark.parametrize(
    ("argv", "code", "stream"),
    [
        (["validate", "rich_redz"], 1, "out"),
        (["check", "rich_redz", "--runs", "0"], 1, "out"),
        (["validate", "mini", "--mod", "rich_redz"], 2, "err"),
        (["check", "mini", "--mod", "rich_redz"], 2, "err"),
        (["simulate", "--mod", "rich_redz"], 2, "err"),
    ],
)
def test_a_name_neither_folder_nor_id_gets_one_line_with_a_suggestion(
    workshop: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, stream: str
) -> None:
    assert main(argv) == code
    said = getattr(capsys.readouterr(), stream)
    wanted = (
        "no scenario or mod 'rich_redz' (a folder, or an id that `mods` lists); "
        "did you mean 'rich_reds'?"
    )
    assert wanted in said
    assert ":1:1" not in said and "Traceback" not in said
    assert len([line for line in said.splitlines() if "rich_redz" in line]) == 1


def test_a_folder_that_is_no_mod_is_told_so_and_without_a_position(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mini = str(workshop / "mini")
    assert main(["validate", mini, "--mod", mini]) == 1
    out = capsys.readouterr().out
    assert f"{mini}: not a mod: a mod's folder holds mod.yaml" in out
    empty = workshop / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 1
    out = capsys.readouterr().out
    assert f"{empty}: no .yaml files in this folder" in out and ":1:1" not in out


def test_simulate_in_parallel_lays_the_mods_in_every_worker(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workers read the same mods as the command: the results match a single process."""
    args = ["simulate", "--scenario", "mini", "--mod", str(workshop / "rich_reds"), "--seed", "5"]
    assert main([*args, "--runs", "8", "--jobs", "2", "--json"]) == 0
    parallel = json.loads(capsys.readouterr().out)
    assert main([*args, "--runs", "8", "--jobs", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == parallel


def test_a_modded_game_plays_in_the_terminal(workshop: Path) -> None:
    env = {**os.environ, "DUAL_POWER_MODS": str(workshop)}
    played = subprocess.run(
        [*PLAY, "--scenario", "rich_reds", "--faction", "reds", "--seed", "1"],
        input="quit\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert played.returncode == 0, played.stderr
    assert "Your resources: 30 influence, 2 arms" in played.stdout


def test_a_mod_folder_given_twice_is_one_layer(workshop: Path) -> None:
    catalogue = Catalogue.search([workshop / "rich_reds", workshop / "rich_reds"])
    assert [f.id for f in catalogue.mods()].count("rich_reds") == 1


def test_a_modded_games_save_replays_without_the_mod(
    workshop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = workshop / "game.yaml"
    mod = workshop / "rich_reds"
    assert main(["simulate", "--scenario", str(mod), "--seed", "9", "--save", str(save)]) == 0
    shutil.rmtree(mod)
    capsys.readouterr()
    assert main(["replay", str(save), "--verify"]) == 0
    assert "verified" in capsys.readouterr().out.lower()

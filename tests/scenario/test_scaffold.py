"""`new-mod`: a new mod validates and plays at once, and shows each kind of change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.engine.rules import Rules
from game.paths import default_scenario
from game.scaffold import ScaffoldError, mod_id
from game.scenario.loader import load_scenario
from game.scenario.schema import ID_PATTERN
from game.session import Session

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def test_a_new_mod_of_october_makes_each_kind_of_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-mod", "Stronger Kornilov", "--in", str(tmp_path)]) == 0
    folder = tmp_path / "stronger_kornilov"
    out = capsys.readouterr().out
    assert (
        f"Created {folder}: the mod 'Stronger Kornilov' (id stronger_kornilov) of october1917"
        in out
    )
    readme = (folder / "README.md").read_text()
    assert "A mod of the scenario *Dual Power* (`october1917`)." in readme
    assert readme.count("Dual Power") == 1
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "changes.yaml", "mod.yaml"]
    base = load_scenario(default_scenario()).model
    modded = load_scenario(folder)
    model = modded.model
    assert modded.layers == ("stronger_kornilov",)
    before, after = base.factions[0].resources, model.factions[0].resources
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 1 and after[changed.pop()] > 0  # one key changed, the rest kept
    codex = [c.id for c in model.codex]
    assert "stronger_kornilov_notes" in codex  # added
    assert base.codex[-1].id not in codex  # deleted
    # ... and it plays: a whole AI game to an ending.
    state = Session(Rules(modded), seed=2).run()
    assert state.ending is not None


def test_a_new_mod_of_another_scenario_uses_that_scenarios_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(MINI, tmp_path / "mini")
    assert main(["new-mod", "Reds Ascendant", "--extends", "mini", "--in", str(tmp_path)]) == 0
    text = (tmp_path / "reds_ascendant" / "changes.yaml").read_text()
    assert "id: reds" in text and "bolsheviks" not in text
    assert main(["validate", str(tmp_path / "reds_ascendant")]) == 0
    assert "0 problems found" in capsys.readouterr().out


def test_new_mod_never_overwrites_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-mod", "Twice", "--in", str(tmp_path)]) == 0
    (tmp_path / "twice" / "changes.yaml").write_text("# mine\n")
    assert main(["new-mod", "Twice", "--in", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "twice" / "changes.yaml").read_text() == "# mine\n"
    assert main(["new-mod", "Other", "--extends", "octobr", "--in", str(tmp_path)]) == 2
    assert "did you mean 'october1917'?" in capsys.readouterr().err


def test_new_mod_goes_to_the_players_mods_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DUAL_POWER_MODS", str(tmp_path / "mods"))
    assert main(["new-mod", "Mine"]) == 0
    assert (tmp_path / "mods" / "mine" / "mod.yaml").is_file()
    assert main(["mods"]) == 0
    assert "mine  " in capsys.readouterr().out


def test_a_mod_named_in_cyrillic_gets_a_latin_id_and_keeps_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert mod_id("Красный Петроград") == "krasnyi_petrograd"
    assert mod_id("Щит и меч, 1917") == "shchit_i_mech_1917"
    assert main(["new-mod", "Красный Петроград", "--in", str(tmp_path)]) == 0
    folder = tmp_path / "krasnyi_petrograd"
    assert "(id krasnyi_petrograd)" in capsys.readouterr().out
    assert 'name: "Красный Петроград"' in (folder / "mod.yaml").read_text(encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert "valid: mod 'Красный Петроград' over 'Dual Power'" in capsys.readouterr().out


def test_an_id_may_be_given_and_a_name_with_none_is_told_to_give_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-mod", "Μεγάλη Ιδέα", "--in", str(tmp_path)]) == 2
    assert "give one with --id" in capsys.readouterr().err
    assert main(["new-mod", "Μεγάλη Ιδέα", "--id", "megali", "--in", str(tmp_path)]) == 0
    assert (tmp_path / "megali" / "mod.yaml").is_file()
    assert main(["new-mod", "Other", "--id", "Not An Id", "--in", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--id 'Not An Id' is not an id" in err and "not_an_id" in err


def test_a_mod_of_a_mod_says_so_in_its_readme(tmp_path: Path) -> None:
    assert main(["new-mod", "Over", "--extends", "kornilov_unbroken", "--in", str(tmp_path)]) == 0
    readme = (tmp_path / "over" / "README.md").read_text()
    assert "laid over the mod *Kornilov Unbroken* (`kornilov_unbroken`)" in readme
    assert "the scenario *Dual Power* (`october1917`)" in readme


@given(st.text(max_size=80))
def test_a_mods_id_from_any_name_is_a_valid_id_or_a_clear_refusal(name: str) -> None:
    try:
        ident = mod_id(name)
    except ScaffoldError as refused:
        assert "gives no id" in str(refused)
    else:
        assert re.fullmatch(ID_PATTERN.strip("^$"), ident) and len(ident) <= 48

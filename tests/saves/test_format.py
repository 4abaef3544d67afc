"""A save is a readable YAML record of the whole game that loads by replaying and verifying it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from game import __version__
from game.engine.rules import Rules
from game.saves import replay
from game.saves.format import FORMAT_VERSION, SaveError, dump, peek_header
from game.saves.replay import disk_note, load
from game.scenario.loader import load_scenario
from game.session import Session
from tests.saves.conftest import FIXTURES, reseal, write_save
from tests.saves.historical_line import EXAMPLE

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"


def test_a_save_round_trips_to_the_same_hashes_and_final_state(
    mini_game: Session, mini_save: Path
) -> None:
    loaded = load(mini_save)
    assert [r.state_hash for r in loaded.records] == [r.state_hash for r in mini_game.records]
    assert loaded.states[-1].digest() == mini_game.state.digest()
    assert loaded.save.game_id == mini_game.game_id


def test_a_save_holds_everything_the_design_asks_for(mini_save: Path) -> None:
    data = yaml.safe_load(mini_save.read_text())
    assert data["format"] == FORMAT_VERSION == 4
    assert data["game_version"] == __version__
    for key in ("numpy_version", "python_version", "scenario_id", "content_hash", "seed"):
        assert data[key]
    assert data["player"] == "reds"
    turn = data["turns"][0]
    assert set(turn["decisions"]) == {"reds", "blues", "greys"}
    assert len(turn["state_hash"]) == 64
    summary = data["summary"]
    assert summary["faction"] and summary["date"] and summary["saved_at"].endswith("+00:00")
    assert set(summary["support"]) == {"reds", "blues", "greys"}
    assert list(data)[-1] == "scenario"  # the big part last: the header reads first


def test_the_time_of_saving_is_in_no_hash(mini_game: Session, tmp_path: Path) -> None:
    a = write_save(mini_game, tmp_path / "a.yaml", "2026-01-01T00:00:00+00:00")
    b = write_save(mini_game, tmp_path / "b.yaml", "2030-06-30T12:00:00+00:00")
    assert a.read_bytes() != b.read_bytes()
    assert load(a).states[-1].digest() == load(b).states[-1].digest()


def test_the_header_is_read_without_the_rest(mini_save: Path) -> None:
    header = peek_header(mini_save.read_bytes(), str(mini_save))
    assert "turns" not in header and "scenario" not in header
    assert header["summary"]["turn"] == 6


def test_seeking_is_instant_after_one_verifying_load(mini_save: Path) -> None:
    loaded = load(mini_save)
    for n in range(loaded.turns + 1):
        assert loaded.seek(n) is loaded.states[n]
    with pytest.raises(ValueError):
        loaded.seek(loaded.turns + 1)


def test_a_version_1_save_is_upgraded_and_still_verifies() -> None:
    loaded = load(FIXTURES / "v1-mini.yaml")
    assert loaded.save.format == FORMAT_VERSION
    assert loaded.turns == 4
    assert loaded.states[-1].digest() == (
        "ea24aeb62b32993fe8672104206a64e0ecdcad49665948d6b06bb24b8c2219d1"
    )


def test_a_newer_format_is_refused_naming_the_version_that_made_it(
    mini_save: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(mini_save.read_text())
    data["format"] = 7
    data["game_version"] = "3.2.1"
    newer = tmp_path / "newer.yaml"
    newer.write_bytes(dump(data))
    with pytest.raises(SaveError, match=r"format 7 was made by Dual Power 3\.2\.1, newer"):
        load(newer)


def test_a_save_loads_after_its_scenario_changes_or_vanishes(
    mini_rules: Rules, tmp_path: Path
) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(MINI, folder / "mini")
    session = Session(Rules(load_scenario(folder / "mini")), 3, player="reds")
    session.run()
    path = write_save(session, tmp_path / "g.yaml")
    loaded = load(path)
    assert disk_note(loaded.save, folder) is None
    scenario = folder / "mini" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("title:", "title: Changed", 1))
    assert "has changed" in (disk_note(loaded.save, folder) or "")
    assert load(path).states[-1].digest() == session.state.digest()
    shutil.rmtree(folder / "mini")
    assert "not installed" in (disk_note(loaded.save, folder) or "")
    assert load(path).states[-1].digest() == session.state.digest()


def test_the_historical_example_replays_to_soviet_power() -> None:
    loaded = replay.load(EXAMPLE)
    final = loaded.states[-1]
    assert loaded.save.player == "bolsheviks"
    assert loaded.rules.model.endings[final.ending].id == "soviet_power"


def test_a_save_from_before_a_schema_field_was_added_still_loads(
    mini_save: Path, tmp_path: Path
) -> None:
    # As if written by a version whose schema had no 'subtitle' yet: the key is absent
    # and the recorded hash is of the scenario without it.
    data = yaml.safe_load(mini_save.read_text())
    del data["scenario"]["scenario"]["subtitle"]
    canonical = json.dumps(data["scenario"], sort_keys=True, separators=(",", ":"))
    data["content_hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    reseal(data)  # that version sealed the hash it wrote
    older = tmp_path / "older.yaml"
    older.write_text(yaml.safe_dump(data, sort_keys=False))
    assert load(older).turns == load(mini_save).turns

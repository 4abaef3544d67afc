"""`python -m game screenshot`: a scene drawn headless to a PNG, over a fresh game or a save."""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest

from game.cli import main
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.scenes import SHOTS, ShotRequest, all_ai, shot_stack
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.saveload import SaveLoadScene

EVERY_SCENE = [
    "title",
    "new-game",
    "mods",
    "map",
    "event",
    "report",
    "endings",
    "journal",
    "charts",
    "codex",
    "ending",
    "load",
    "replay",
    "settings",
    "error",
]


@pytest.fixture(scope="module")
def saves(tmp_path_factory: pytest.TempPathFactory, october: Scenario) -> dict[str, Path]:
    """A finished all-AI game, and a game of the Bolsheviks' five turns in (not over)."""
    store = SaveStore(tmp_path_factory.mktemp("saves"))
    finished = all_ai(Session(october, 11, player=None))
    playing = all_ai(Session(october, 12, player="bolsheviks"), 5)
    return {
        "finished": store.save(finished, "finished"),
        "playing": store.save(playing, "playing"),
    }


def test_the_map_screenshot_is_a_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    assert main(["screenshot", "map", str(out), "--size", "800x600", "--seed", "3"]) == 0
    assert out.stat().st_size > 0
    assert pygame.image.load(str(out)).get_size() == (800, 600)


def test_the_title_screenshot_defaults_to_1280_by_720(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "title.png"
    assert main(["screenshot", "title", str(out)]) == 0
    assert pygame.image.load(str(out)).get_size() == (1280, 720)


def test_every_scene_the_issue_names_is_known() -> None:
    assert sorted(SHOTS) == sorted(EVERY_SCENE)


@pytest.mark.parametrize("scene", EVERY_SCENE)
def test_every_scene_renders_a_png_of_the_requested_size(tmp_path: Path, scene: str) -> None:
    out = tmp_path / f"{scene}.png"
    args = ["screenshot", scene, str(out), "--size", "960x600", "--seed", "2"]
    assert main([*args, "--faction", "moderates"]) == 0
    assert pygame.image.load(str(out)).get_size() == (960, 600)


def test_an_unknown_scene_exits_2_and_lists_the_scenes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    assert main(["screenshot", "credits", str(out)]) == 2
    err = capsys.readouterr().err
    assert "credits" in err and all(name in err for name in EVERY_SCENE)
    assert not out.exists()


def test_an_unknown_faction_exits_2(tmp_path: Path) -> None:
    assert main(["screenshot", "map", str(tmp_path / "x.png"), "--faction", "tsar"]) == 2


def test_a_malformed_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["screenshot", "map", str(tmp_path / "x.png"), "--size", "big"])
    assert stop.value.code == 2


# -- with --save --------------------------------------------------------------------------


@pytest.mark.parametrize("scene", ["map", "ending", "replay", "journal", "charts", "load"])
def test_a_finished_save_shows_in_its_scenes(
    tmp_path: Path, saves: dict[str, Path], scene: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{scene}.png"
    save = saves["finished"]
    assert main(["screenshot", scene, str(out), "--size", "800x560", "--save", str(save)]) == 0
    assert pygame.image.load(str(out)).get_size() == (800, 560)
    assert str(save) in capsys.readouterr().out


def test_the_map_of_a_save_is_its_last_turn(october: Scenario, saves: dict[str, Path]) -> None:
    (the_map,) = shot_stack("map", ShotRequest(october, save=saves["playing"]))
    assert isinstance(the_map, MapScene)
    assert len(the_map.session.records) == 5
    assert the_map.session.player == "bolsheviks"


def test_the_map_of_an_all_ai_save_is_seen_from_the_asked_seat(
    october: Scenario, saves: dict[str, Path]
) -> None:
    request = ShotRequest(october, faction="government", save=saves["finished"])
    (the_map,) = shot_stack("map", request)
    assert isinstance(the_map, MapScene)
    assert the_map.session.player == "government" and the_map.session.over


def test_the_load_screen_of_a_save_lists_its_folder_with_it_chosen(
    october: Scenario, saves: dict[str, Path]
) -> None:
    (scene,) = shot_stack("load", ShotRequest(october, save=saves["playing"]))
    assert isinstance(scene, SaveLoadScene)
    assert scene.store.folder == saves["playing"].parent
    assert scene.current is not None and scene.current.name == "playing"


def test_the_ending_of_a_game_not_over_is_refused_in_one_line(
    tmp_path: Path, saves: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ending.png"
    assert main(["screenshot", "ending", str(out), "--save", str(saves["playing"])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not over" in err
    assert not out.exists()


@pytest.mark.parametrize("content", [b"", b"not: [a save", b"format: 99\n", b"\x00\xff" * 40])
def test_a_bad_save_exits_1_with_one_line(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    out = tmp_path / "x.png"
    assert main(["screenshot", "map", str(out), "--save", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("dual-power: ")
    assert "Traceback" not in err
    assert not out.exists()


def test_a_missing_save_exits_1_whatever_the_scene(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert main(["screenshot", "title", str(tmp_path / "x.png"), "--save", str(missing)]) == 1
    assert capsys.readouterr().err.count("\n") == 1


# -- what the added scenes show ------------------------------------------------------------


def test_the_error_scene_shows_a_broken_copys_real_messages(october: Scenario) -> None:
    (scene,) = shot_stack("error", ShotRequest(october))
    assert isinstance(scene, ErrorScene)
    assert scene.lines
    for line in scene.lines:
        assert re.match(r"^october1917/\w+\.yaml:\d+:\d+: ", line), line
    assert "/tmp" not in " ".join(scene.lines)


def test_the_event_scene_is_a_card_over_the_map(october: Scenario) -> None:
    stack = shot_stack("event", ShotRequest(october, 0, "government"))
    assert [type(s) for s in stack] == [MapScene, EventScene]
    card = stack[1]
    assert isinstance(card, EventScene)
    assert card.event.faction == october_index(october, "government")
    assert any(c.problem is None for c in card.choices)


def october_index(scenario: Scenario, faction: str) -> int:
    return [f.id for f in scenario.model.factions].index(faction)

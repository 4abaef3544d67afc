"""`python -m game screenshot`: a scene drawn headless to a PNG."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.cli import main


def test_the_map_screenshot_is_a_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    assert main(["screenshot", "map", str(out), "--size", "800x600", "--seed", "3"]) == 0
    assert out.stat().st_size > 0
    assert pygame.image.load(str(out)).get_size() == (800, 600)


def test_the_title_screenshot_defaults_to_1280_by_720(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "title.png"
    assert main(["screenshot", "title", str(out)]) == 0
    assert pygame.image.load(str(out)).get_size() == (1280, 720)


def test_an_unknown_scene_exits_2_and_lists_the_scenes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.png"
    assert main(["screenshot", "credits", str(out)]) == 2
    err = capsys.readouterr().err
    assert "credits" in err and "title" in err and "map" in err
    assert not out.exists()


def test_an_unknown_faction_exits_2(tmp_path: Path) -> None:
    assert main(["screenshot", "map", str(tmp_path / "x.png"), "--faction", "tsar"]) == 2


def test_a_malformed_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["screenshot", "map", str(tmp_path / "x.png"), "--size", "big"])
    assert stop.value.code == 2


@pytest.mark.parametrize("scene", ["new-game", "ending", "journal", "codex"])
def test_the_new_scenes_screenshots_are_pngs_of_the_requested_size(
    tmp_path: Path, scene: str
) -> None:
    out = tmp_path / f"{scene}.png"
    args = ["screenshot", scene, str(out), "--size", "960x600", "--seed", "2"]
    assert main([*args, "--faction", "moderates"]) == 0
    assert pygame.image.load(str(out)).get_size() == (960, 600)

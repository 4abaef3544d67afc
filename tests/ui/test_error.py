"""The error page: a broken scenario's problems listed in the window, and run() on one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from game.scenario.loader import ScenarioError, load_scenario
from game.ui.app import App, run
from game.ui.scene import Scene
from game.ui.scenes.error import ErrorScene
from tests.conftest import MINI
from tests.ui.events import click, key


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(MINI, folder)
    scenario = folder / "scenario.yaml"
    text = scenario.read_text()
    assert "initial: 50" in text
    scenario.write_text(text.replace("initial: 50", "initial: fifty"))
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    return [str(e) for e in caught.value.errors]


def test_the_error_page_lists_every_problem_with_its_file_and_line(app: App, broken: Path) -> None:
    lines = problems(broken)
    page = ErrorScene("The scenario does not load", lines)
    app.push(page)
    app.pump()
    texts = page.shown_texts()
    assert "The scenario does not load" in texts
    for line in lines:
        assert f"·  {line}" in texts
    assert any("scenario.yaml:" in t and ":" in t.split("scenario.yaml:")[1] for t in texts)
    app.render()


def test_a_long_list_scrolls_by_keys(app: App) -> None:
    page = ErrorScene("Many", [f"f.yaml:{n}:1: bad" for n in range(200)])
    app.push(page)
    app.pump()
    app.feed([key(pygame.K_PAGEDOWN)])
    paged = page.column.offset
    assert paged > 0
    app.feed([key(pygame.K_DOWN)])
    assert page.column.offset > paged
    app.feed([key(pygame.K_UP), key(pygame.K_PAGEUP)])
    assert page.column.offset == 0
    app.feed([key(pygame.K_END)])
    assert page.column.offset == page.column.limit > 0
    app.feed([key(pygame.K_HOME)])
    assert page.column.offset == 0
    app.feed([key(pygame.K_SPACE)])  # Space pages while the messages have the focus
    assert page.column.offset == paged


def test_tab_reaches_back_and_space_presses_it(app: App) -> None:
    below = Scene()
    app.push(below)
    page = ErrorScene("Oops", ["x"])
    app.push(page)
    assert page.focus.part == "text" and page.back_button is not None
    assert page.back_button.text == "Back" and not page.back_button.is_selected
    app.feed([key(pygame.K_TAB)])
    assert page.focus.part == "back" and page.back_button.is_selected
    app.feed([key(pygame.K_SPACE)])
    assert app.top is below and app.running


def test_alone_the_button_says_quit_and_clicking_it_quits(app: App) -> None:
    page = ErrorScene("The scenario does not load", ["x"])
    app.push(page)
    assert page.back_button is not None and page.back_button.text == "Quit"
    assert "Quit" in page.shown_texts()
    app.feed(click(page.back_button.rect.center))
    assert not app.running


def test_escape_goes_back_when_there_is_a_scene_below_and_quits_when_alone(app: App) -> None:
    below = Scene()
    app.push(below)
    app.push(ErrorScene("Oops", ["x"]))
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is below and app.running
    app.push(ErrorScene("Oops", ["x"]))
    app.stack.remove(below)
    app.feed([key(pygame.K_RETURN)])
    assert not app.running


def test_run_on_a_broken_scenario_shows_the_page_and_returns_after_escape(
    broken: Path, tmp_path: Path
) -> None:
    pygame.display.init()
    pygame.event.post(key(pygame.K_ESCAPE))
    assert run(broken, size=(800, 600)) == 1

"""The title screen, driven by keys and clicks."""

from __future__ import annotations

import pygame
import pytest

from game.scenario.loader import Scenario
from game.ui.app import App, start_scene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key


@pytest.fixture
def title(app: App, october: Scenario) -> TitleScene:
    scene = start_scene("title", october, seed=1)
    assert isinstance(scene, TitleScene)
    app.push(scene)
    app.pump()
    return scene


def test_the_title_screen_shows_the_scenarios_title_subtitle_introduction_and_menu(
    title: TitleScene, october: Scenario
) -> None:
    texts = title.shown_texts()
    meta = october.model.scenario
    assert meta.title in texts
    assert meta.subtitle in texts
    assert any("Kornilov" in t for t in texts)
    assert [b.text for b in title.buttons] == ["New game", "Quit"]


def test_enter_on_new_game_then_start_opens_the_map_of_a_new_game(
    app: App, title: TitleScene
) -> None:
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, MapScene)
    assert app.top.session.state.turn == 0


def test_escape_on_the_map_comes_back_to_the_title(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_RETURN)])
    app.feed([key(pygame.K_RETURN)])
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is title
    assert app.running


def test_arrow_down_then_enter_chooses_quit(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_DOWN)])
    assert title.selected == 1
    app.feed([key(pygame.K_RETURN)])
    assert not app.running


def test_escape_on_the_title_quits(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert not app.running


def test_clicking_new_game_opens_the_new_game_page(app: App, title: TitleScene) -> None:
    app.feed(click(title.buttons[0].rect.center))
    assert isinstance(app.top, NewGameScene)


def test_clicking_quit_quits(app: App, title: TitleScene) -> None:
    app.feed(click(title.buttons[1].rect.center))
    assert not app.running

"""The new-game page: whom to lead and the seed, then the map of that game."""

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
    scene = start_scene("title", october, seed=7)
    assert isinstance(scene, TitleScene)
    app.push(scene)
    app.pump()
    return scene


@pytest.fixture
def newgame(app: App, title: TitleScene) -> NewGameScene:
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)
    return app.top


def test_new_game_on_the_title_opens_the_choice_of_faction_and_seed(
    newgame: NewGameScene, october: Scenario
) -> None:
    playable = [f for f in october.model.factions if f.playable]
    assert [b.text for b in newgame.buttons] == [f.name for f in playable]
    texts = newgame.shown_texts()
    assert playable[0].description.strip() in texts
    assert any(t.startswith("Wins with:") for t in texts)
    assert "7" in texts  # the seed given to the title is shown in the entry


def test_choosing_a_faction_and_a_seed_starts_that_game_on_the_map(
    app: App, newgame: NewGameScene, october: Scenario
) -> None:
    app.feed([key(pygame.K_DOWN)])
    assert newgame.seed_entry is not None
    newgame.seed_entry.set_text("4242")
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, MapScene)
    session = app.top.session
    assert session.player == [f.id for f in october.model.factions if f.playable][1]
    assert session.seed == 4242
    assert session.state.turn == 0


def test_clicking_a_faction_then_start_starts_that_game(
    app: App, newgame: NewGameScene, october: Scenario
) -> None:
    app.feed(click(newgame.buttons[2].rect.center))
    assert newgame.selected == 2
    assert newgame.start_button is not None
    app.feed(click(newgame.start_button.rect.center))
    assert isinstance(app.top, MapScene)
    assert app.top.session.player == newgame.factions[2].id
    assert app.top.session.seed == 7


def test_escape_goes_back_to_the_title(app: App, newgame: NewGameScene, title: TitleScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is title
    assert app.running


def test_a_seed_that_is_not_a_number_is_refused_with_a_message(
    app: App, newgame: NewGameScene
) -> None:
    assert newgame.seed_entry is not None
    newgame.seed_entry.set_text("")
    app.feed([key(pygame.K_RETURN)])
    assert app.top is newgame
    assert any("whole number" in t for t in newgame.shown_texts())


def test_the_seed_is_random_by_default_and_new_seed_draws_another(
    app: App, october: Scenario
) -> None:
    scene = NewGameScene(october)
    app.push(scene)
    assert scene.seed() is not None
    before = scene.seed_text
    assert scene.reroll_button is not None
    app.feed(click(scene.reroll_button.rect.center))
    assert scene.seed_text != before  # one chance in two billion of drawing the same
    assert scene.seed() == int(scene.seed_text)


def test_a_faction_given_on_the_command_line_skips_the_choice(app: App, october: Scenario) -> None:
    app.push(start_scene("title", october, seed=3, faction="government"))
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, MapScene)
    assert app.top.session.player == "government"

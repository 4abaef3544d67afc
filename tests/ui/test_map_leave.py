"""Esc on the map asks before leaving the game for the title, by keyboard and by mouse."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.play import Game
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes.map import MapScene
from game.ui.scenes.map.confirm import QUESTION, LeaveScene
from tests.ui.events import click, key


def open_map(app: App, october: Scenario) -> tuple[Scene, MapScene]:
    title = Scene()  # what the map was opened from
    app.push(title)
    scene = MapScene(Session(october, 5, player="bolsheviks"))
    app.push(scene)
    app.pump()
    return title, scene


def test_escape_asks_first_and_says_what_is_kept(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    _, scene = open_map(app, october)
    app.feed([key(pygame.K_ESCAPE)])
    card = app.top
    assert isinstance(card, LeaveScene) and app.stack[-2] is scene
    texts = card.shown_texts()
    assert QUESTION in texts and "Leave" in texts and "Stay" in texts
    # On its first turn a game has no autosave yet; after a turn, it has.
    assert "No turn has been played yet, so nothing of this game is saved." in texts
    app.render()  # the map shows through behind the question
    app.feed([key(pygame.K_ESCAPE)])
    game = Game(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(MapScene(game))
    assert game.end_turn(confirmed=True).played and list(tmp_path.iterdir())
    app.feed([key(pygame.K_ESCAPE)])
    assert "It was autosaved at the start of this turn." in app.top.shown_texts()


def test_escape_again_or_stay_keeps_the_game(app: App, october: Scenario) -> None:
    _, scene = open_map(app, october)
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)])
    assert app.top is scene
    app.feed([key(pygame.K_ESCAPE)])
    card = app.top
    assert isinstance(card, LeaveScene)
    app.feed(click(card.buttons[1].rect.center))
    assert app.top is scene
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])  # Enter alone: Stay
    assert app.top is scene and scene.session.state.turn == 0


def test_leave_by_click_or_key_goes_back_to_the_title(app: App, october: Scenario) -> None:
    title, _ = open_map(app, october)
    app.feed([key(pygame.K_ESCAPE)])
    card = app.top
    assert isinstance(card, LeaveScene)
    app.feed(click(card.buttons[0].rect.center))
    assert app.stack == [title]
    _, scene = open_map(app, october)
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert scene not in app.stack


def test_the_title_button_asks_too(app: App, october: Scenario) -> None:
    _, scene = open_map(app, october)
    button = scene.page_buttons[[b.text for b in scene.page_buttons].index("Title")]
    app.feed(click(button.rect.center))
    assert isinstance(app.top, LeaveScene)
    app.feed([key(pygame.K_y)])
    assert scene not in app.stack


def test_a_game_not_saved_at_all_says_so(october: Scenario) -> None:
    assert Game(Session(october, 5, player="bolsheviks")).kept_as() == (
        "This game is not being saved."
    )


def test_leave_goes_to_the_title_past_the_page_the_game_was_begun_from(
    app: App, october: Scenario
) -> None:
    title, _ = open_map(app, october)
    begun_from = Scene()  # e.g. New game's choice of scenario and mods, under the map
    app.stack.insert(1, begun_from)
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_y)])
    assert app.stack == [title]

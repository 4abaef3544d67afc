"""The map scene's keys for saving, loading, undoing and opening the charts."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.saves.store import SaveStore, autosave_name
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.saveload import SaveLoadScene
from tests.ui.events import end_turn, key
from tests.ui.opened import game_opened


def open_map(app: App, october: Scenario, tmp_path: Path) -> MapScene:
    scene = MapScene(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(scene)
    app.pump()
    return scene


def play_a_turn(app: App) -> None:
    end_turn(app)
    while isinstance(app.top, EventScene):
        open_choice = next(i for i, c in enumerate(app.top.choices) if c.problem is None)
        app.feed([key(getattr(pygame, f"K_{open_choice + 1}"))])


def test_each_played_turn_is_autosaved(app: App, october: Scenario, tmp_path: Path) -> None:
    scene = open_map(app, october, tmp_path)
    play_a_turn(app)
    assert (tmp_path / f"{autosave_name(scene.session.game_id)}.yaml").exists()


def test_f5_quicksaves_and_f9_quickloads_the_same_turn(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    play_a_turn(app)
    app.feed([key(pygame.K_F5)])
    saved_turn = scene.session.state.turn
    play_a_turn(app)
    assert scene.session.state.turn == saved_turn + 1
    app.feed([key(pygame.K_F9)])
    loaded = game_opened(app)
    assert loaded is not scene
    assert loaded.session.state.turn == saved_turn


def test_ctrl_z_takes_back_the_last_turn(app: App, october: Scenario, tmp_path: Path) -> None:
    scene = open_map(app, october, tmp_path)
    play_a_turn(app)
    turn = scene.session.state.turn
    app.feed(
        [
            pygame.event.Event(
                pygame.KEYDOWN, key=pygame.K_z, mod=pygame.KMOD_CTRL, unicode="", scancode=0
            )
        ]
    )
    top = app.top
    assert isinstance(top, MapScene)
    assert top.session.state.turn == turn - 1
    assert top.status.startswith("Your last turn is taken back")


def test_s_opens_the_save_page_and_h_the_charts(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_s)])
    assert isinstance(app.top, SaveLoadScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene
    app.feed([key(pygame.K_h)])
    assert isinstance(app.top, ChartsScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene

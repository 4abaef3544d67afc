"""F1's list of keys: it opens over any screen, closes again, and says what the keys really do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.guide import GuideScene
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.keys import FOOT_ROOM, GLOBAL, KEYS, Key, KeysScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.replay import ReplayScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from game.ui.settings import DEFAULTS
from tests.ui.events import key


def press(code: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)


def open_map(app: App, october: Scenario, tmp_path: Path) -> MapScene:
    app.push(Scene())  # something to go back to, so Esc leaves the window running
    scene = MapScene(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(scene)
    app.pump()
    return scene


def row_of(scene: MapScene, action_id: str) -> int:
    return next(i for i, r in enumerate(scene.rows) if r.action.spec.id == action_id)


def snapshot(app: App, scene: MapScene) -> tuple[Any, ...]:
    """Everything a key on the map may change."""
    t = scene.targeting
    return (
        tuple(id(s) for s in app.stack),
        app.running,
        app.fullscreen,
        scene.focus,
        scene.overlay,
        scene.status,
        len(scene.book.queued),
        scene.session.state.turn,
        None if t is None else (t.action.spec.id, t.focus, t.group),
    )


def presses(keys: tuple[Key, ...]) -> list[tuple[str, int, int]]:
    return [(k.label, code, k.mod) for k in keys for code in k.codes]


def test_every_screen_has_its_list(app: App) -> None:
    screens = (
        TitleScene,
        NewGameScene,
        MapScene,
        EventScene,
        JournalScene,
        CodexScene,
        ChartsScene,
        EndingScene,
        SaveLoadScene,
        ReplayScene,
        SettingsScene,
        ErrorScene,
        GuideScene,
    )
    for screen in screens:
        assert screen.name in KEYS, screen.__name__
        assert all(k.label and k.does for k in KEYS[screen.name])


def test_f1_opens_the_list_for_the_map_and_f1_again_closes_it(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene) and card.under is scene
    texts = card.shown_texts()
    assert "Keys on the map" in texts
    for k in (*KEYS["map"], *KEYS["map-target"], *GLOBAL):
        assert f"{k.label}: {k.does}" in texts
    app.feed([key(pygame.K_F1)])
    assert app.top is scene


@pytest.mark.parametrize("close", [pygame.K_ESCAPE, pygame.K_RETURN])
def test_esc_and_enter_close_the_list_and_nothing_reaches_the_map(
    app: App, october: Scenario, tmp_path: Path, close: int
) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_F1)])
    app.feed([key(close)])
    assert app.top is scene
    assert scene.session.state.turn == 0  # Enter closed the list; it did not end the turn


def test_the_list_follows_the_screen_on_top(app: App, october: Scenario, tmp_path: Path) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_j)])
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene) and isinstance(card.under, JournalScene)
    assert card.title == "Keys on the journal"
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)])
    assert app.top is scene


def test_in_target_mode_the_targets_keys_come_first(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "agitate"))
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene)
    assert card.sections[0] == ("Choosing a target", KEYS["map-target"])


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1024, 640), 1.0), ((1024, 640), 1.3), ((1280, 720), 1.0), ((1920, 1080), 1.0)],
)
def test_the_card_fits_the_window(
    october: Scenario, tmp_path: Path, size: tuple[int, int], scale: float
) -> None:
    window = App(size, settings=DEFAULTS.with_(text_scale=scale))
    try:
        scene = open_map(window, october, tmp_path)
        window.feed([key(pygame.K_F1)])
        card = window.top
        assert isinstance(card, KeysScene)
        window.render()
        rect = card.card_rect
        assert pygame.Rect((0, 0), size).contains(rect)
        for _, _, x, y in card.placed:
            assert y < rect.height - FOOT_ROOM  # every line is drawn, none cut at the foot
            assert x + card.col_width <= rect.width - 32
        assert card.under is scene
    finally:
        window.close()


# -- the map's list is true: every key listed does something --------------------------------


@pytest.mark.parametrize(("label", "code", "mod"), presses(KEYS["map"]))
def test_each_key_listed_for_the_map_has_an_effect(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "print_paper"))  # an order for Del to take back
    scene.status = ""
    # The overlay keys show something else than what is shown already.
    scene.set_overlay("support" if code == pygame.K_2 else "mobilisation")
    before = snapshot(app, scene)
    app.feed([press(code, mod)])
    assert snapshot(app, scene) != before, label


@pytest.mark.parametrize(("label", "code", "mod"), presses(KEYS["map-target"]))
def test_each_key_listed_for_choosing_a_target_has_an_effect(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "agitate"))
    assert scene.targeting is not None
    before = snapshot(app, scene)
    app.feed([press(code, mod)])
    assert snapshot(app, scene) != before, label


@pytest.mark.parametrize(("label", "code", "mod"), presses(GLOBAL))
def test_each_key_listed_for_everywhere_has_an_effect_on_the_map(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    before = snapshot(app, scene)
    app.feed([press(code, mod)])
    assert snapshot(app, scene) != before, label


@pytest.mark.parametrize(("label", "code", "mod"), presses(KEYS["guide"]))
def test_each_key_listed_for_the_guide_has_an_effect(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    app.push(MapScene(Session(october, 5, player="bolsheviks"), guide=True))
    guide = app.top
    assert isinstance(guide, GuideScene)
    guide.go(1)  # a step with one before it, for ←

    def seen() -> tuple[Any, ...]:
        return (tuple(id(s) for s in app.stack), guide.index, app.settings)

    before = seen()
    app.feed([press(code, mod)])
    assert seen() != before, label

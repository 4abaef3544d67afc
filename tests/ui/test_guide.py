"""The guided first turn: shown over a new game's map while the setting is on, never over a
loaded game; it walks its steps, can be skipped, and once seen or skipped it stays off until
the player turns it on again in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.play import Game
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App, start_scene
from game.ui.scenes import saveload
from game.ui.scenes.guide import FALLBACKS, SKIPPED, GuideScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.settings import DEFAULTS, load_settings
from tests.ui.events import click, key


@pytest.fixture
def guided(app: App, october: Scenario) -> Iterator[GuideScene]:
    """A new game started from the new-game page, with the guide on (the default)."""
    app.push(NewGameScene(october, 5))
    app.pump()
    app.feed([key(pygame.K_RETURN)])
    guide = app.top
    assert isinstance(guide, GuideScene)
    yield guide


def test_a_new_game_opens_the_guide_over_its_map(app: App, guided: GuideScene) -> None:
    assert isinstance(app.stack[-2], MapScene)
    assert guided.map is app.stack[-2]
    assert guided.index == 0
    texts = guided.shown_texts()
    assert guided.text() in texts
    assert {"Next", "Back", "Skip guide"} <= set(texts)


def test_no_guide_when_the_setting_is_off(october: Scenario) -> None:
    window = App((1280, 720), settings=DEFAULTS.with_(guide=False))
    try:
        window.push(NewGameScene(october, 5))
        window.feed([key(pygame.K_RETURN)])
        assert isinstance(window.top, MapScene)
    finally:
        window.close()


def test_no_guide_over_a_loaded_game(app: App, october: Scenario, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    session = Session(october, 5, player="bolsheviks")
    game = Game(session, store)
    game.quicksave()
    app.push(saveload.map_of(game.quickload()))
    app.pump()
    assert isinstance(app.top, MapScene)


def test_no_guide_when_a_map_is_opened_without_asking(app: App, october: Scenario) -> None:
    app.push(MapScene(Session(october, 5, player="bolsheviks")))
    assert isinstance(app.top, MapScene)


def test_the_scenario_gives_the_words_of_every_step(guided: GuideScene, october: Scenario) -> None:
    for step in guided.steps:
        assert step.key in october.model.texts
        assert guided.text(step) == " ".join(october.model.texts[step.key].split())
        assert guided.text(step) != FALLBACKS[step.key]


def test_a_scenario_without_the_words_gets_the_plain_ones(
    guided: GuideScene, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = guided.map.rules
    monkeypatch.setattr(rules, "model", rules.model.model_copy(update={"texts": {}}))
    for step in guided.steps:
        assert guided.text(step) == FALLBACKS[step.key]


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1920, 1080)])
def test_next_walks_every_step_each_pointing_inside_the_window(
    october: Scenario, size: tuple[int, int]
) -> None:
    window = App(size)
    try:
        window.push(MapScene(Session(october, 5, player="bolsheviks"), guide=True))
        guide = window.top
        assert isinstance(guide, GuideScene)
        assert 4 <= len(guide.steps) <= 6
        screen = pygame.Rect((0, 0), size)
        seen = []
        for index in range(len(guide.steps)):
            assert guide.index == index
            target = guide.target(size)
            assert target.width > 10 and target.height > 10
            assert screen.contains(target), guide.step.title
            box, side = guide.callout(size)
            assert screen.contains(box)
            if side != "inside":
                assert not box.colliderect(target), guide.step.title  # it points, not covers
            window.render()
            seen.append(guide.step.key)
            assert guide.next_button is not None
            window.feed(click(guide.next_button.rect.center))
        assert seen == [s.key for s in guide.steps]
        assert isinstance(window.top, MapScene)
    finally:
        window.close()


def test_the_steps_point_at_the_map_the_actions_the_list_and_end_turn(guided: GuideScene) -> None:
    size = guided.app.size
    scene = guided.map
    targets = {step.key: step.target(size) for step in guided.steps}
    assert targets["guide_map"] == scene.map_rect(size)
    assert scene.map_rect(size).contains(targets["guide_district"])
    assert targets["guide_actions"] == scene.list_area(size)
    assert scene.left_rect(size).contains(targets["guide_this_turn"])
    assert targets["guide_end_turn"] == scene.end_turn_rect(size)


def test_keys_alone_walk_forward_and_back_and_finish(app: App, guided: GuideScene) -> None:
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert guided.index == 2
    app.feed([key(pygame.K_LEFT)])
    assert guided.index == 1
    app.feed([key(pygame.K_LEFT), key(pygame.K_LEFT)])
    assert guided.index == 0  # no step before the first
    for _ in guided.steps:
        app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, MapScene)
    assert (
        app.top.session.state.turn == 0
    )  # the last Enter closed the guide, it did not end the turn


def test_escape_skips_the_guide_and_turns_it_off(app: App, guided: GuideScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, MapScene)
    assert app.settings.guide is False


def test_skip_guide_button_closes_it_and_turns_it_off(app: App, guided: GuideScene) -> None:
    assert guided.skip_button is not None
    app.feed(click(guided.skip_button.rect.center))
    assert isinstance(app.top, MapScene)
    assert app.settings.guide is False
    assert app.top.status == SKIPPED  # the map says how to have it back
    assert SKIPPED in app.top.shown_texts()


def test_clicks_beside_the_guide_leave_it_open(app: App, guided: GuideScene) -> None:
    guided.go(1)
    app.pump()
    kept = [guided.next_button, guided.back_button, guided.skip_button]
    buttons = [pygame.Rect(b.rect) for b in kept if b is not None]
    for x in range(5, 1280, 80):
        for y in range(5, 720, 80):
            if not any(r.collidepoint(x, y) for r in buttons):
                app.feed(click((x, y)))
    assert app.top is guided and app.settings.guide is True


def test_the_back_button_goes_a_step_back_and_is_off_on_the_first(
    app: App, guided: GuideScene
) -> None:
    assert guided.back_button is not None and not guided.back_button.is_enabled
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RIGHT)])
    assert guided.back_button is not None and guided.back_button.is_enabled
    app.feed(click(guided.back_button.rect.center))
    assert guided.index == 1


@pytest.mark.parametrize("how", ["finished", "skipped"])
def test_the_guide_is_shown_once_then_kept_off_until_settings_turn_it_on(
    october: Scenario, tmp_path: Path, how: str
) -> None:
    file = tmp_path / "settings.yaml"
    window = App((1280, 720), settings_file=file)
    try:
        window.push(MapScene(Session(october, 5, player="bolsheviks"), guide=True))
        guide = window.top
        assert isinstance(guide, GuideScene)
        if how == "finished":
            window.feed([key(pygame.K_RETURN) for _ in guide.steps])
        else:
            assert guide.skip_button is not None
            window.feed(click(guide.skip_button.rect.center))
        assert isinstance(window.top, MapScene) and window.top.session.state.turn == 0
        assert window.settings.guide is False
        assert load_settings(file)[0].guide is False  # kept for the next time the game runs
        window.push(MapScene(Session(october, 6, player="bolsheviks"), guide=True))
        assert isinstance(window.top, MapScene)  # the next new game has none
        window.change_settings(window.settings.with_(guide=True))  # as Settings does
        window.push(MapScene(Session(october, 7, player="bolsheviks"), guide=True))
        assert isinstance(window.top, GuideScene)
    finally:
        window.close()


def test_the_map_takes_no_clicks_while_the_guide_is_up(app: App, guided: GuideScene) -> None:
    scene = guided.map
    assert scene.end_turn is not None
    app.feed(click(scene.end_turn_rect(app.size).center))
    assert scene.session.state.turn == 0
    row = scene.row_rects[0]
    app.feed(click(row.center))
    assert scene.targeting is None and not scene.book.queued
    assert app.top is guided


def test_the_guide_shows_only_once_per_map(app: App, guided: GuideScene) -> None:
    scene = guided.map
    app.feed([key(pygame.K_ESCAPE)])
    app.feed([key(pygame.K_j), key(pygame.K_ESCAPE)])  # the journal and back: no guide again
    assert app.top is scene


def test_f1_over_the_guide_lists_the_guides_keys(app: App, guided: GuideScene) -> None:
    app.feed([key(pygame.K_F1)])
    texts = app.top.shown_texts() if app.top is not None else []
    assert "Keys on the guide" in texts
    app.feed([key(pygame.K_F1)])
    assert app.top is guided


def test_a_new_game_from_the_title_shows_the_guide(app: App, october: Scenario) -> None:
    app.push(start_scene("title", october, seed=7))
    app.pump()
    app.feed([key(pygame.K_n)])
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, GuideScene)

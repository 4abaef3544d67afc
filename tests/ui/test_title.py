"""The title screen, driven by keys and clicks."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App, start_scene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.title import FRAME, MENU_WITH_SAVES, TitleScene
from tests.ui.events import click, key


@pytest.fixture
def title(app: App, october: Scenario) -> TitleScene:
    scene = start_scene("title", october, seed=1)
    assert isinstance(scene, TitleScene)
    app.push(scene)
    app.pump()
    return scene


def past_the_guide(app: App) -> None:
    """A new game's map may open under the guided first turn: Esc skips it."""
    if not isinstance(app.top, MapScene) and any(isinstance(s, MapScene) for s in app.stack):
        app.feed([key(pygame.K_ESCAPE)])


def test_the_title_screen_shows_the_scenarios_title_subtitle_introduction_and_menu(
    title: TitleScene, october: Scenario
) -> None:
    texts = title.shown_texts()
    meta = october.model.scenario
    assert meta.title in texts
    assert meta.subtitle in texts
    assert any("Kornilov" in t for t in texts)
    assert [b.text for b in title.buttons] == ["New game", "Settings", "Quit"]


def test_enter_on_new_game_then_start_opens_the_map_of_a_new_game(
    app: App, title: TitleScene
) -> None:
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)
    app.feed([key(pygame.K_RETURN)])
    past_the_guide(app)
    assert isinstance(app.top, MapScene)
    assert app.top.session.state.turn == 0


def test_escape_on_the_map_comes_back_to_the_title(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_RETURN)])
    app.feed([key(pygame.K_RETURN)])
    past_the_guide(app)
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_y)])  # Esc asks first; Y leaves
    assert app.top is title
    assert app.running


def test_arrows_then_enter_choose_quit(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_DOWN)])
    assert title.menu[title.selected] == "Settings"
    app.feed([key(pygame.K_RIGHT)])
    assert title.menu[title.selected] == "Quit"
    app.feed([key(pygame.K_RETURN)])
    assert not app.running


def test_left_from_the_first_entry_wraps_to_the_last(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_LEFT)])
    assert title.menu[title.selected] == "Quit"


def test_escape_on_the_title_quits(app: App, title: TitleScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert not app.running


def test_clicking_new_game_opens_the_new_game_page(app: App, title: TitleScene) -> None:
    app.feed(click(title.buttons[0].rect.center))
    assert isinstance(app.top, NewGameScene)


def test_clicking_quit_quits(app: App, title: TitleScene) -> None:
    app.feed(click(title.buttons[-1].rect.center))
    assert not app.running


def test_settings_opens_the_settings_page(app: App, title: TitleScene) -> None:
    settings = pytest.importorskip("game.ui.scenes.settings")
    app.feed([key(pygame.K_s)])
    assert isinstance(app.top, settings.SettingsScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is title


@pytest.fixture
def with_saves(app: App, october: Scenario, tmp_path: Path) -> TitleScene:
    store = SaveStore(tmp_path / "saves")
    session = Session(october, 2, player=october.model.factions[0].id)
    session.play_turn()
    store.save(session, "one")
    scene = TitleScene(october, lambda: MapScene(session), store)
    app.push(scene)
    app.pump()
    return scene


def test_six_entries_stand_in_two_rows_and_the_keys_walk_them(
    app: App, with_saves: TitleScene
) -> None:
    title = with_saves
    assert [b.text for b in title.buttons] == list(MENU_WITH_SAVES)
    tops = sorted({b.rect.top for b in title.buttons})
    assert len(tops) == 2
    assert title.menu[title.selected] == "Continue"
    app.feed([key(pygame.K_RIGHT), key(pygame.K_DOWN)])
    assert title.menu[title.selected] == "Settings"
    app.feed([key(pygame.K_DOWN)])  # round to the top row
    assert title.menu[title.selected] == "New game"
    app.feed([key(pygame.K_TAB), key(pygame.K_TAB)])
    assert title.menu[title.selected] == "Replays"
    shift_tab = key(pygame.K_TAB)
    shift_tab.mod = pygame.KMOD_SHIFT
    app.feed([shift_tab])
    assert title.menu[title.selected] == "Load"


def test_r_opens_the_list_of_replays(app: App, with_saves: TitleScene) -> None:
    app.feed([key(pygame.K_r)])
    page = app.top
    assert isinstance(page, SaveLoadScene) and page.mode == "replay"
    assert page.save_button is None


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1920, 1080)])
def test_the_menu_fits_the_window_without_overlapping(
    october: Scenario, tmp_path: Path, size: tuple[int, int]
) -> None:
    window = App(size, resizable=False)
    try:
        scene = TitleScene(october, lambda: NewGameScene(october, 1), SaveStore(tmp_path))
        window.push(scene)
        window.render()
        inside = pygame.Rect(FRAME, FRAME, size[0] - 2 * FRAME, size[1] - 2 * FRAME)
        rects = [b.rect for b in scene.buttons]
        assert all(inside.contains(r) for r in rects)
        assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
        assert all(r.top >= size[1] // 2 for r in rects)  # below the title and its introduction
    finally:
        window.close()

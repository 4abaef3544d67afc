"""Ctrl+R on the map reads the scenario again and goes on under it; the problems page
shows files that do not load and reads them again with Reload, in game and at startup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from game.engine.decisions import Orders
from game.play import Game
from game.play.reload import NOTHING_TO_READ
from game.saves.store import SaveStore
from game.scenario.loader import Scenario, ScenarioError, load_scenario
from game.session import Session
from game.ui.app import App, run
from game.ui.scene import Scene
from game.ui.scenes.card import TextCard
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.keys import KEYS
from game.ui.scenes.map import MapScene
from game.ui.scenes.reloading import BROKEN_TITLE, DIFFERS_TITLE
from game.ui.scenes.title import TitleScene
from tests.conftest import MINI
from tests.ui.events import click, ctrl, key
from tests.ui.opened import game_opened

CHOICE = "effects: [set_flag: committee_formed, {track: {track: unrest, amount: 10}}]"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    return copy


def edit(path: Path, old: str, new: str) -> str:
    """Change a file as a modder would; returns what it said before."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text


def open_game(app: App, folder: Path, tmp_path: Path, title: Scene | None = None) -> MapScene:
    """The Reds' game three turns in (the committee formed on turn 2), on a map opened
    over a title (`title`, or a stand-in), in a window that reads `folder` again on Ctrl+R."""
    app.reload_scenario = lambda: load_scenario(folder)
    session = Session(load_scenario(folder), 2, player="reds")
    session.play_turn(Orders())
    session.play_turn(Orders((("committee", "form"),)))
    app.push(title or Scene())
    scene = MapScene(Game(session, SaveStore(tmp_path / "saves")))
    app.push(scene)
    app.pump()
    return scene


def test_ctrl_r_with_no_change_brings_the_map_back_with_the_turns_orders(
    app: App, folder: Path, tmp_path: Path
) -> None:
    scene = open_game(app, folder, tmp_path)
    agitate = next(r for r in scene.rows if r.action.spec.id == "agitate").action
    assert scene.game.queue(agitate, 0) is None
    app.feed([ctrl(pygame.K_r)])
    fresh = app.top
    assert isinstance(fresh, MapScene) and fresh is not scene
    assert fresh.session.state.digest() == scene.session.state.digest()
    assert [a.spec.id for a, _ in fresh.book.queued] == ["agitate"]
    assert fresh.status.startswith("Reloaded: no difference.")
    assert len(app.stack) == 2
    app.render()


def test_ctrl_r_with_a_change_names_the_turn_and_goes_on_from_it(
    app: App, folder: Path, tmp_path: Path
) -> None:
    scene = open_game(app, folder, tmp_path)
    edit(folder / "story.yaml", CHOICE, CHOICE.replace("10", "20"))
    app.feed([ctrl(pygame.K_r)])
    card = app.top
    assert isinstance(card, TextCard) and card.title == DIFFERS_TITLE
    assert (
        card.kicker == "Reloaded: play differs from turn 2, 8 October 1917 (21 October New Style)."
    )
    texts = " ".join(card.shown_texts())
    assert "Unrest 40, was 30" in texts
    assert [c.label for c in card.choices] == [
        "Go on from turn 2",
        "Replay all my moves",
        "Keep the game as it was",
    ]
    app.render()
    app.feed([key(pygame.K_RETURN)])  # the first: go on from the last turn that matches
    fresh = game_opened(app)  # turn 2's decision, taken again, comes first on its card
    assert fresh is not scene and scene not in app.stack
    assert len(fresh.session.records) == 1 and app.stack[1] is fresh
    assert fresh.heading.startswith("Turn 2 of 6, 8 October 1917")
    assert len(scene.session.records) == 2  # the old game was not touched


def test_esc_on_the_card_keeps_the_game_as_it_was(app: App, folder: Path, tmp_path: Path) -> None:
    scene = open_game(app, folder, tmp_path)
    before = scene.session.state.digest()
    edit(folder / "story.yaml", CHOICE, CHOICE.replace("10", "20"))
    app.feed([ctrl(pygame.K_r)])
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene and scene.session.state.digest() == before
    assert scene.status.startswith("Your game goes on as it was.")


def test_a_broken_file_shows_the_problems_and_back_returns_to_the_game_untouched(
    app: App, folder: Path, tmp_path: Path
) -> None:
    scene = open_game(app, folder, tmp_path)
    before = scene.session.state.digest()
    actions = folder / "actions.yaml"
    good = edit(actions, "name: Agitate", "nmae: Agitate")
    app.feed([ctrl(pygame.K_r)])
    page = app.top
    assert isinstance(page, ErrorScene) and page.title == BROKEN_TITLE
    texts = page.shown_texts()
    assert f"·  {actions}:4:5: unknown key 'nmae'; did you mean 'name'?" in texts
    assert "Reload" in texts and "Back" in texts
    app.render()
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene and scene.session.state.digest() == before
    # Fixed, and read again from the page's Reload: the game goes on under the files.
    app.feed([ctrl(pygame.K_r)])
    page = app.top
    assert isinstance(page, ErrorScene) and page.reload_button is not None
    actions.write_text(good)
    app.feed(click(page.reload_button.rect.center))
    fresh = app.top
    assert isinstance(fresh, MapScene) and fresh is not scene and len(app.stack) == 2
    assert fresh.status.startswith("Reloaded: no difference.")


def test_r_on_the_page_while_still_broken_shows_the_page_again(
    app: App, folder: Path, tmp_path: Path
) -> None:
    open_game(app, folder, tmp_path)
    edit(folder / "actions.yaml", "name: Agitate", "nmae: Agitate")
    app.feed([ctrl(pygame.K_r)])
    first = app.top
    edit(folder / "world.yaml", "name: Workers", "nmae: Workers")
    app.feed([key(pygame.K_r)])
    again = app.top
    assert isinstance(again, ErrorScene) and again is not first and len(app.stack) == 3
    assert "2 problems were found:" in again.shown_texts()


def test_with_nothing_to_read_the_status_line_says_so(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    app.push(Scene())
    scene = MapScene(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(scene)
    app.feed([ctrl(pygame.K_r)])
    assert app.top is scene and scene.status == NOTHING_TO_READ


def test_the_keys_card_lists_ctrl_r_and_the_pages_reload() -> None:
    assert any(k.label == "Ctrl+R" for k in KEYS["map"])
    assert any(k.label == "R" and "Reload" in k.does for k in KEYS["error"])


def test_the_startup_problems_page_reloads_to_the_title_once_the_files_are_fixed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = folder / "scenario.yaml"
    good = edit(scenario, "initial: 50", "initial: fifty")
    reads: list[str] = []

    def read() -> Scenario:
        if reads:  # between the first read and the second, the modder fixes the file
            scenario.write_text(good)
        reads.append("read")
        return load_scenario(folder)

    seen: list[type[Scene]] = []
    real_replace = App.replace

    def replace(self: App, scene: Scene) -> None:
        seen.append(type(scene))
        real_replace(self, scene)

    monkeypatch.setattr(App, "replace", replace)
    pygame.display.init()
    for event in (key(pygame.K_r), key(pygame.K_q)):
        pygame.event.post(event)
    status = run(reload_scenario=read, size=(800, 600), saves=SaveStore(tmp_path / "s"))
    assert reads == ["read", "read"]
    assert seen == [TitleScene]  # R on the problems page: the title, which Q quits
    assert status == 0


def test_the_startup_problems_page_exits_1_when_left_broken(folder: Path) -> None:
    edit(folder / "scenario.yaml", "initial: 50", "initial: fifty")
    pygame.display.init()
    pygame.event.post(key(pygame.K_r))  # read again, still broken: the page again
    pygame.event.post(key(pygame.K_ESCAPE))
    assert run(folder, size=(800, 600)) == 1
    with pytest.raises(ScenarioError):
        load_scenario(folder)


def test_the_title_beneath_a_reloaded_game_starts_new_games_on_the_new_files(
    app: App, folder: Path, tmp_path: Path
) -> None:
    from game.ui.scenes import title_scene

    app.title_for = lambda scenario, source=None: title_scene(scenario, 2, "reds")
    scene = open_game(app, folder, tmp_path, app.title_for(load_scenario(folder)))
    edit(folder / "scenario.yaml", "title: Mini", "title: Mini, again")
    app.feed([ctrl(pygame.K_r)])
    assert isinstance(app.top, MapScene) and app.top is not scene
    title = app.stack[0]
    assert isinstance(title, TitleScene) and title.title == "Mini, again"
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_y)])  # leave the game for the title
    assert app.top is title

"""The new-game page: whom to lead, the difficulty and the seed, then the map of that game."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame
import pytest

from game.play import ironman_refusal
from game.saves.store import QUICKSAVE, SaveStore
from game.scenario.loader import Scenario
from game.scenario.schema import Difficulty
from game.session import difficulty_profiles
from game.ui.app import App, start_scene
from game.ui.scenes import title_scene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import IRONMAN_NOTE, NewGameScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, ctrl, key, typed

LEVELS = [
    Difficulty(id="easy", name="Easy", description="The rivals hesitate.", rivals="cautious"),
    Difficulty(id="normal", name="Normal", description="Each side as it was.", default=True),
    Difficulty(id="hard", name="Hard", description="The rivals strike first.", rivals="bold"),
]


@pytest.fixture(scope="module")
def levelled(october: Scenario) -> Scenario:
    """The October scenario offering three difficulties, the middle one by default."""
    model = october.model.model_copy(update={"difficulties": LEVELS})
    return dataclasses.replace(october, model=model)


def started(app: App) -> MapScene:
    """The map of the game just begun (a guide may stand over it)."""
    return next(s for s in app.stack if isinstance(s, MapScene))


def shift_tab() -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
    )


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
    session = started(app).session
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
    assert started(app).session.player == newgame.factions[2].id
    assert started(app).session.seed == 7


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
    # A new game: the guided first turn opens over the map.
    from game.ui.scenes.guide import GuideScene

    assert isinstance(app.top, GuideScene)
    game = app.stack[-2]
    assert isinstance(game, MapScene)
    assert game.session.player == "government"


def test_without_difficulties_the_page_asks_for_none(app: App, october: Scenario) -> None:
    plain = october.model.model_copy(update={"difficulties": []})
    scene = NewGameScene(dataclasses.replace(october, model=plain))
    app.push(scene)
    assert scene.difficulty is None and scene.level_buttons == []
    assert "difficulty" not in scene.focus.parts
    assert scene.profiles() == {}


def test_the_difficulties_are_shown_with_the_default_chosen(app: App, levelled: Scenario) -> None:
    scene = NewGameScene(levelled, 5)
    app.push(scene)
    assert [b.text for b in scene.level_buttons] == ["Easy", "Normal", "Hard"]
    assert scene.difficulty is not None and scene.difficulty.id == "normal"
    assert scene.level_buttons[1].is_selected
    assert "Each side as it was." in scene.shown_texts()
    app.feed(click(scene.level_buttons[2].rect.center))
    assert scene.difficulty.id == "hard" and scene.focus.part == "difficulty"
    assert "The rivals strike first." in scene.shown_texts()


def test_every_part_of_the_page_is_reached_and_used_by_keys_alone(
    app: App, levelled: Scenario
) -> None:
    title = TitleScene(levelled, lambda: NewGameScene(levelled, 77))
    app.push(title)
    app.feed([key(pygame.K_RETURN)])
    scene = app.top
    assert isinstance(scene, NewGameScene)
    assert scene.focus.part == "factions"
    app.feed([key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_UP)])
    assert scene.selected == 1 and scene.buttons[1].is_selected
    app.feed([key(pygame.K_3)])
    assert scene.selected == 2
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "difficulty"
    app.feed([key(pygame.K_RIGHT)])
    assert scene.difficulty is not None and scene.difficulty.id == "hard"
    app.feed([key(pygame.K_RIGHT), key(pygame.K_LEFT)])  # round to Easy and back
    assert scene.difficulty.id == "hard"
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "seed"
    assert scene.seed_entry is not None and scene.seed_entry.is_focused
    app.feed([key(pygame.K_1)])  # a digit in the seed box is typing, not a faction
    assert scene.selected == 2
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "reroll" and not scene.seed_entry.is_focused
    assert scene.reroll_button is not None and scene.reroll_button.is_selected
    before = scene.seed_text
    app.feed([key(pygame.K_SPACE)])
    assert scene.seed_text != before
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "ironman"
    app.feed([key(pygame.K_SPACE)])
    assert scene.ironman
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "back"
    assert scene.back_button is not None and scene.back_button.is_selected
    app.feed([key(pygame.K_RIGHT)])
    assert scene.focus.part == "start"
    app.feed([shift_tab(), shift_tab()])
    assert scene.focus.part == "ironman"
    app.feed([key(pygame.K_TAB), key(pygame.K_TAB)])
    assert scene.start_button is not None and scene.start_button.is_selected
    seed = int(scene.seed_text)
    app.feed([key(pygame.K_RETURN)])
    session = started(app).session
    assert session.player == scene.factions[2].id and session.seed == seed
    assert session.ironman is True
    expected = difficulty_profiles(session.rules, "hard", session.player)
    assert session.profiles == expected
    assert set(expected) == set(session.rules.faction_ids) - {session.player}
    assert set(expected.values()) == {"bold"}


def test_space_on_back_goes_back_to_the_title(app: App, levelled: Scenario) -> None:
    title = TitleScene(levelled, lambda: NewGameScene(levelled, 77))
    app.push(title)
    app.feed([key(pygame.K_RETURN)])
    app.feed([shift_tab(), shift_tab()])  # from the factions, backwards: Start, Back
    assert isinstance(app.top, NewGameScene) and app.top.focus.part == "back"
    app.feed([key(pygame.K_SPACE)])
    assert app.top is title


def test_the_default_difficulty_plays_each_faction_as_its_own(app: App, levelled: Scenario) -> None:
    scene = NewGameScene(levelled, 9)
    app.push(scene)
    assert scene.start_button is not None
    app.feed(click(scene.start_button.rect.center))
    assert started(app).session.profiles == {}


def test_clicking_the_seed_box_gives_it_the_focus(app: App, levelled: Scenario) -> None:
    scene = NewGameScene(levelled, 9)
    app.push(scene)
    assert scene.seed_entry is not None and scene.focus.part == "factions"
    app.feed(click(scene.seed_entry.rect.center))
    assert scene.focus.part == "seed" and scene.seed_entry.is_focused
    app.feed(click((5, 5)))  # the bare page: the box keeps the keyboard
    assert scene.focus.part == "seed" and scene.seed_entry.is_focused
    app.feed(click(scene.buttons[1].rect.center))
    assert scene.focus.part == "factions" and not scene.seed_entry.is_focused
    assert scene.selected == 1


def ironman_map(app: App) -> MapScene:
    """The map of the game just begun, with the guide (if it came) skipped."""
    from game.ui.scenes.guide import GuideScene

    if isinstance(app.top, GuideScene):
        app.feed([key(pygame.K_ESCAPE)])
    scene = started(app)
    assert app.top is scene
    return scene


def test_ironman_is_off_until_switched_by_key_or_click(app: App, newgame: NewGameScene) -> None:
    assert not newgame.ironman and "Ironman: Off" in newgame.shown_texts()
    app.feed([key(pygame.K_i)])
    assert newgame.ironman and "Ironman: On" in newgame.shown_texts()
    assert IRONMAN_NOTE in newgame.shown_texts()  # what it means, in a line beside it
    button = newgame.ironman_button
    assert button is not None and button.text == "Ironman: On"
    app.feed(click(button.rect.center))
    assert not newgame.ironman and button.text == "Ironman: Off"
    assert newgame.focus.part == "ironman"
    app.feed([key(pygame.K_RETURN)])  # Enter on the toggle switches it, it does not start
    assert newgame.ironman and app.top is newgame
    app.feed([key(pygame.K_SPACE)])
    assert not newgame.ironman


def test_ironman_is_in_the_tab_order_between_new_seed_and_back(
    app: App, newgame: NewGameScene
) -> None:
    parts = newgame.focus.parts
    assert parts.index("ironman") == parts.index("reroll") + 1 == parts.index("back") - 1
    app.feed([key(pygame.K_TAB)] * parts.index("ironman"))
    assert newgame.focus.part == "ironman"
    assert newgame.ironman_button is not None and newgame.ironman_button.is_selected
    app.feed([key(pygame.K_TAB)])
    assert newgame.focus.part == "back" and not newgame.ironman_button.is_selected


def test_the_i_key_types_nothing_into_the_seed_and_leaves_ironman_be(
    app: App, newgame: NewGameScene
) -> None:
    assert newgame.seed_entry is not None
    app.feed(click(newgame.seed_entry.rect.center))
    assert newgame.seed_entry.is_focused
    app.feed([key(pygame.K_i, unicode="i")])
    assert not newgame.ironman


def test_an_ironman_game_refuses_saving_loading_and_undo_on_the_map(
    app: App, newgame: NewGameScene, tmp_path: Path
) -> None:
    app.saves = SaveStore(tmp_path)
    app.feed([key(pygame.K_i), key(pygame.K_RETURN)])
    the_map = ironman_map(app)
    session = the_map.session
    assert session.ironman is True
    reason = ironman_refusal(session)
    assert reason is not None and reason.startswith("Ironman")
    app.feed([key(pygame.K_F5)])
    assert the_map.status == reason
    assert not SaveStore(tmp_path).path(QUICKSAVE).exists()
    the_map.status = ""
    app.feed([key(pygame.K_F9)])
    assert the_map.status == reason and app.top is the_map
    the_map.status = ""
    app.feed([ctrl(pygame.K_z)])
    assert the_map.status == reason and app.top is the_map
    app.feed([key(pygame.K_s)])
    page = app.top
    assert isinstance(page, SaveLoadScene)
    app.feed(typed("mine"))
    app.feed([key(pygame.K_RETURN)])
    assert page.status == reason
    assert not SaveStore(tmp_path).path("mine").exists()


def test_play_ironman_opens_the_new_game_page_with_ironman_on(app: App, october: Scenario) -> None:
    app.push(title_scene(october, 7, None, ironman=True))
    app.feed([key(pygame.K_n)])
    page = app.top
    assert isinstance(page, NewGameScene) and page.ironman
    app.feed([key(pygame.K_RETURN)])
    assert ironman_map(app).session.ironman is True


def test_play_ironman_with_a_faction_starts_an_ironman_game(app: App, october: Scenario) -> None:
    app.push(title_scene(october, 7, "government", ironman=True))
    app.feed([key(pygame.K_n)])
    session = ironman_map(app).session
    assert session.ironman is True and session.player == "government"

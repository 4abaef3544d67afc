"""Saving and loading from the window: the save/load page, Continue on the title, and
the map's keys for them (the rules themselves are tested in tests/test_play.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from game.play import Game
from game.saves.store import SaveStore, autosave_name
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.saveload import SaveLoadScene, describe_listed, old_style
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key
from tests.ui.opened import answer_waiting, game_opened


def played(october: Scenario, turns: int, seed: int = 3) -> Session:
    session = Session(october, seed, player=october.model.factions[0].id)
    for _ in range(turns):
        advance(session)
    return session


def advance(session: Session) -> None:
    assert session.player is not None
    session.play_turn(session.ai_orders(session.player))


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def game(october: Scenario) -> Session:
    return played(october, 2)


def on_map(app: App, october: Scenario, session: Session, store: SaveStore) -> MapScene:
    app.push(TitleScene(october, lambda: MapScene(session), store))
    scene = MapScene(session)
    app.push(scene)
    app.pump()
    return scene


def test_a_save_made_on_the_page_loads_back_onto_a_map_at_the_same_turn(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    old_map = on_map(app, october, game, store)
    page = SaveLoadScene(game, store, "save")
    app.push(page)
    app.pump()
    assert page.name_entry is not None and page.save_button is not None
    page.name_entry.set_text("before the rising")
    app.feed(click(page.save_button.rect.center))
    assert store.path("before the rising").is_file()
    assert page.current is not None and page.current.name == "before the rising"
    assert "Saved as 'before the rising'" in page.status
    texts = " ".join(page.shown_texts())
    assert "turn 3" in texts and old_style(october.model.calendar.turns[2].date) in texts

    advance(game)  # the game goes on after the save; loading takes it back
    assert page.load_button is not None
    app.feed(click(page.load_button.rect.center))
    top = game_opened(app)
    assert top is not old_map
    assert top.session.state.turn == 2 and len(top.session.records) == 2
    assert top.session.game_id == game.game_id
    assert [type(s) for s in app.stack[:2]] == [TitleScene, MapScene]  # the old map is gone
    assert old_map not in app.stack


def test_enter_in_the_list_loads_the_selected_save_from_the_title(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    store.save(game, "mine")
    title = TitleScene(october, lambda: MapScene(game), store)
    app.push(title)
    app.pump()
    assert [b.text for b in title.buttons] == [
        "Continue",
        "New game",
        "Load",
        "Replays",
        "Settings",
        "Quit",
    ]
    app.feed([key(pygame.K_l)])
    page = app.top
    assert isinstance(page, SaveLoadScene) and page.save_button is None
    app.feed([key(pygame.K_RETURN)])
    assert game_opened(app).session.state.turn == 2
    answer_waiting(app)
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_y)])  # Esc asks first; Y leaves
    assert app.top is title and app.running


def test_a_corrupted_save_shows_one_line_and_nothing_breaks(
    app: App, game: Session, store: SaveStore
) -> None:
    good = store.save(game, "good")
    (store.folder / "garbage.yaml").write_bytes(b"\x00\xff not: [a save")
    cut = store.folder / "cut.yaml"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    page = SaveLoadScene(None, store, "load")
    app.push(page)
    app.pump()
    names = [e.name for e in page.entries]
    assert set(names) == {"good", "garbage", "cut"}
    for name in ("garbage", "cut"):
        page.select(names.index(name))
        app.feed([key(pygame.K_RETURN)])
        assert app.top is page and app.running
        assert page.status.startswith("Not loaded:") and "\n" not in page.status
        assert page.bad
    row = page.shown_texts()
    assert any(t.startswith("Unreadable:") for t in row)  # garbage says so in the list
    app.render()  # and draws


def test_delete_asks_first_and_only_yes_deletes(app: App, game: Session, store: SaveStore) -> None:
    path = store.save(game, "doomed")
    page = SaveLoadScene(None, store, "load")
    app.push(page)
    app.pump()
    app.feed([key(pygame.K_DELETE)])
    assert page.pending == ("delete", "doomed") and path.exists()
    assert page.yes_button is not None and page.yes_button.text == "Delete"
    app.feed([key(pygame.K_ESCAPE)])  # Esc cancels the question, not the page
    assert page.pending is None and path.exists() and app.top is page
    assert page.delete_button is not None
    app.feed(click(page.delete_button.rect.center))
    assert page.pending == ("delete", "doomed") and path.exists()
    assert page.yes_button is not None
    app.feed(click(page.yes_button.rect.center))
    assert not path.exists() and page.entries == []


def test_saving_over_another_games_save_asks_first(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    other = played(october, 1, seed=9)
    store.save(other, "shared")
    page = SaveLoadScene(game, store, "save")
    app.push(page)
    app.pump()
    page.save("shared")
    assert page.pending == ("overwrite", "shared")
    assert store.owner(store.path("shared")) == other.game_id
    app.feed([key(pygame.K_y)])
    assert store.owner(store.path("shared")) == game.game_id


def test_continue_loads_the_newest_save(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    older = store.save(played(october, 1, seed=4), "older")
    newer = store.save(game, "newer")
    os.utime(older, (1_000_000, 1_000_000))
    os.utime(newer, (2_000_000, 2_000_000))
    title = TitleScene(october, lambda: MapScene(game), store)
    app.push(title)
    app.pump()
    assert title.menu[title.selected] == "Continue"
    app.feed([key(pygame.K_RETURN)])
    continued = game_opened(app)
    assert continued.session.game_id == game.game_id and continued.session.state.turn == 2


def test_continue_is_disabled_without_saves(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    title = TitleScene(october, lambda: MapScene(game), store)
    app.push(title)
    app.pump()
    assert not title.buttons[0].is_enabled
    assert title.menu[title.selected] == "New game"
    app.feed([key(pygame.K_LEFT)])  # steps over Continue
    assert title.menu[title.selected] == "Quit"
    app.feed([key(pygame.K_UP)])  # Load stands above Quit
    assert title.menu[title.selected] == "Load"
    app.feed([key(pygame.K_LEFT), key(pygame.K_LEFT)])  # along the row, past Continue
    assert title.menu[title.selected] == "Quit"
    app.feed([key(pygame.K_c)])
    assert app.top is title


def test_continue_on_a_broken_newest_save_shows_why(
    app: App, october: Scenario, game: Session, store: SaveStore
) -> None:
    path = store.save(game, "newest")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    title = TitleScene(october, lambda: MapScene(game), store)
    app.push(title)
    app.pump()
    app.feed([key(pygame.K_c)])
    assert isinstance(app.top, ErrorScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is title and app.running


def test_each_save_shows_its_map_in_miniature_made_one_per_frame(
    app: App, october: Scenario, store: SaveStore
) -> None:
    from game.ui import thumbnail

    thumbnail.clear()
    for n in range(3):
        store.save(played(october, 1 + n, seed=10 + n), f"game {n}")
    page = SaveLoadScene(None, store, "load", scenario=october)
    app.push(page)
    app.render()
    paths = [listed.path for listed in page.entries]
    made = [p for p in paths if thumbnail.ready(p, thumb_size(page))]
    assert len(made) == 1 and page.dirty  # one per frame, and it asks for the next
    for _ in range(5):
        app.render()
    assert all(thumbnail.ready(p, thumb_size(page)) for p in paths)
    assert not page.dirty


def thumb_size(page: SaveLoadScene) -> tuple[int, int]:
    from game.ui.scenes.saveload import THUMB_ASPECT

    height = page.row_h - 4 - 8
    return (round(height * THUMB_ASPECT), height)


def test_replays_list_the_autosaves_of_every_recent_game_and_continue_takes_the_newest(
    app: App, october: Scenario, store: SaveStore
) -> None:
    first, second = played(october, 1, seed=3), played(october, 1, seed=4)
    assert Game(first, store).autosave() is None
    assert Game(second, store).autosave() is None
    advance(first)  # the first game goes on: it is now the newest
    assert Game(first, store).autosave() is None
    title = TitleScene(october, lambda: MapScene(first), store)
    app.push(title)
    app.pump()
    app.feed([key(pygame.K_r)])
    replays = app.top
    assert isinstance(replays, SaveLoadScene) and replays.mode == "replay"
    names = [listed.name for listed in replays.entries]
    assert names[0] == autosave_name(first.game_id)
    assert autosave_name(second.game_id) in names
    # A game's newest autosave holds all its turns: the list of games to watch needs no more.
    assert autosave_name(first.game_id, 2) not in names
    loads = SaveLoadScene(None, store, "load", scenario=october)
    assert autosave_name(first.game_id, 2) in [listed.name for listed in loads.entries]
    titles = " ".join(replays.shown_texts())
    # Games are told apart by what a player knows of them, never by their ids.
    assert "Autosave 1 (latest) · the game of seed 4" in titles
    assert second.game_id[:8] not in titles and first.game_id[:8] not in titles
    during = SaveLoadScene(first, store, "load", scenario=october)
    rows = " ".join(during.shown_texts())
    assert "Autosave 1 (latest) · this game" in rows
    assert "Autosave 1 (latest) · the game of seed 4" in rows
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_c)])
    continued = game_opened(app)
    assert continued.session.game_id == first.game_id
    assert len(continued.session.records) == 2


def test_an_ended_game_is_listed_by_the_turns_it_lasted_as_its_ending_page_says(
    october: Scenario, store: SaveStore
) -> None:
    session = Session(october, 3, player=None)
    session.run()
    store.save(session, "done")
    [listed] = [e for e in store.list() if e.name == "done"]
    details = describe_listed(listed, {})[1]
    turns = len(session.records)
    assert f"ended after {turns} turns" in details
    assert f"turn {turns + 1}" not in details
    assert october.model.endings[session.state.ending].title in details


def test_a_game_loaded_at_a_waiting_decision_puts_its_card_first(
    app: App, october: Scenario, store: SaveStore
) -> None:
    game = Game(played(october, 2), store)
    waiting = game.next_event()
    assert waiting is not None  # seed 3's third turn puts a decision to the Bolsheviks
    game.choose(waiting.spec.id, game.options(waiting)[0].choice.spec.id)
    game.quicksave()  # the choice is not kept: a save is of the start of the turn
    the_map = MapScene(game)
    app.push(the_map)
    assert app.top is the_map  # a map opened without asking shows no card
    app.feed([key(pygame.K_F9)])  # quickload: the decision comes first again
    card = app.top
    assert isinstance(card, EventScene) and card.event.spec.id == waiting.spec.id
    assert game_opened(app) is not the_map


def test_a_slot_is_named_by_what_a_player_knows_of_its_game_never_by_its_id() -> None:
    from game.ui.scenes.saveload import slot_label

    game = "abcdef12" + "0" * 24
    assert slot_label("autosave-abcdef12-1", {"seed": 7}, game) == "Autosave 1 (latest) · this game"
    assert slot_label("autosave-abcdef12-2", {"seed": 7}) == "Autosave 2 · the game of seed 7"
    assert slot_label("autosave-abcdef12-3", None) == "Autosave 3 · another game"
    assert slot_label("ironman-abcdef12", {"seed": 7}) == "Ironman save · the game of seed 7"
    assert slot_label("before october", {"seed": 7}) == "before october"

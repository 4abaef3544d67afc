"""The replay viewer: a real save played back, stepped, sought, played, taken over; a
tampered save under its diverged badge; a broken file on the error page; and the way
there from the title by keys alone."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
import pytest

from game.saves.replay import load
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.replay import TICK, VERIFIED, ReplayScene, open_replay
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key
from tests.ui.opened import game_opened

TURNS = 4
EXAMPLE = Path(__file__).resolve().parents[2] / "saves" / "examples" / "historical.yaml"


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def saved(october: Scenario, store: SaveStore) -> Path:
    """A game led by the first faction, its turns decided by the AI, saved after TURNS turns."""
    session = Session(october, 5, player=october.model.factions[0].id)
    for _ in range(TURNS):
        assert session.player is not None
        session.play_turn(session.ai_orders(session.player))
    return store.save(session, "watched")


def viewer(app: App, path: Path, store: SaveStore | None = None) -> ReplayScene:
    scene = open_replay(path, store)
    assert isinstance(scene, ReplayScene)
    app.push(scene)
    app.pump()
    return scene


def test_a_verified_save_opens_at_the_start_under_the_verified_badge(
    app: App, saved: Path, store: SaveStore
) -> None:
    scene = viewer(app, saved, store)
    texts = scene.shown_texts()
    assert VERIFIED in texts
    assert scene.turn == 0 and f"Turn 0 of {TURNS}" in texts
    assert scene.heading.startswith("Before the first turn")
    assert "How the game opens" in texts
    app.render()


def test_arrows_home_and_end_move_through_the_turns_and_the_heading_follows(
    app: App, saved: Path
) -> None:
    scene = viewer(app, saved)
    app.feed([key(pygame.K_RIGHT)])
    assert scene.turn == 1 and scene.heading.startswith("Turn 1:")
    assert "What each side decided" in scene.shown_texts()
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RIGHT)])
    assert scene.heading.startswith("Turn 3:")
    app.feed([key(pygame.K_LEFT)])
    assert scene.heading.startswith("Turn 2:")
    app.feed([key(pygame.K_END)])
    assert scene.turn == TURNS and f"Turn {TURNS} of {TURNS}" in scene.shown_texts()
    app.feed([key(pygame.K_RIGHT)])  # no further than the end
    assert scene.turn == TURNS
    app.feed([key(pygame.K_HOME)])
    assert scene.turn == 0 and scene.heading.startswith("Before the first turn")


def test_the_step_buttons_answer_the_mouse(app: App, saved: Path) -> None:
    scene = viewer(app, saved)
    assert scene.next_step is not None and scene.last_button is not None
    app.feed(click(scene.next_step.rect.center))
    assert scene.turn == 1
    app.feed(click(scene.last_button.rect.center))
    assert scene.turn == TURNS
    assert not scene.last_button.is_enabled


def test_each_turns_decisions_are_told_in_words_for_every_side(
    app: App, saved: Path, october: Scenario
) -> None:
    scene = viewer(app, saved)
    scene.seek(1)
    texts = scene.shown_texts()
    loaded = load(saved)
    for fid in loaded.records[0].decisions:
        name = next(f.name for f in october.model.factions if f.id == fid)
        assert any(t.startswith(name) for t in texts), name
    numbered = [t for t in texts if re.match(r"\d+\.  ", t)]
    assert numbered and all("_" not in t for t in numbered)  # names, not ids
    app.render()


def test_the_slider_seeks_any_turn_at_once(app: App, saved: Path) -> None:
    scene = viewer(app, saved)
    loaded = load(saved)
    moved = pygame.event.Event(
        pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, value=3, ui_element=scene.slider
    )
    app.feed([moved])
    assert scene.turn == 3
    state = scene.state_at(scene.turn)
    assert state is not None and state.digest() == loaded.seek(3).digest()
    app.feed([key(pygame.K_LEFT)])  # and the slider follows the keys
    assert scene.slider is not None and scene.slider.get_current_value() == 2


@pytest.fixture
def long_save(october: Scenario, store: SaveStore) -> Path:
    """A game long enough that a click on the slider's track has many turns to choose from."""
    session = all_ai(Session(october, 34, player=None), 16)
    return store.save(session, "long")


def test_a_click_on_the_sliders_track_jumps_to_that_turn(app: App, long_save: Path) -> None:
    scene = viewer(app, long_save)
    slider = scene.slider
    assert slider is not None and scene.turns == 16
    rect = slider.rect
    app.feed([key(pygame.K_SPACE)])  # playing: a click on the track stops the film there
    assert scene.playing
    app.feed(click((rect.left + rect.width * 3 // 4, rect.centery)))
    assert not scene.playing
    assert abs(scene.turn - scene.turns * 3 / 4) <= 1  # at once, no beats waited for
    assert slider.get_current_value() == scene.turn
    assert slider.sliding_button is not None
    handle = slider.sliding_button.rect.centerx  # the handle went where the click was
    assert scene.x_of(scene.turn) is not None and abs(handle - (scene.x_of(scene.turn) or 0)) <= 1
    assert scene.controls[scene.focus] is slider  # the keys go on from the slider
    loaded = load(long_save)
    state = scene.state_at(scene.turn)
    assert state is not None and state.digest() == loaded.seek(scene.turn).digest()
    app.feed(click((rect.left + 2, rect.centery)))  # the far ends reach the first and last
    assert scene.turn == 0
    app.feed(click((rect.right - 2, rect.centery)))
    assert scene.turn == scene.turns
    assert slider.sliding_button is not None
    at = scene.turn
    app.feed(click(slider.sliding_button.rect.center))  # the handle itself: no jump
    assert scene.turn == at


def test_play_advances_on_each_beat_and_pause_stops_it(app: App, saved: Path) -> None:
    scene = viewer(app, saved)
    app.feed([key(pygame.K_SPACE)])
    assert scene.playing
    assert scene.play_button is not None and scene.play_button.text == "Pause"
    scene.tick()
    assert scene.turn == 1 and scene.dirty
    app.feed([pygame.event.Event(TICK)])  # the timer's beat does the same
    assert scene.turn == 2
    app.feed([key(pygame.K_SPACE)])
    assert not scene.playing and scene.play_button.text == "Play"
    scene.tick()
    app.feed([pygame.event.Event(TICK)])  # a beat posted before the timer stopped
    assert scene.turn == 2
    frames = app.frames
    app.pump()
    app.pump()
    assert app.frames == frames  # paused, nothing is redrawn


def test_playing_stops_at_the_end_and_play_there_starts_again(app: App, saved: Path) -> None:
    scene = viewer(app, saved)
    scene.seek(TURNS - 1)
    scene.play()
    scene.tick()
    assert scene.turn == TURNS and not scene.playing
    scene.play()
    assert scene.turn == 0 and scene.playing
    app.feed([key(pygame.K_ESCAPE)])  # leaving stops it too
    assert not scene.playing and app.top is not scene


def test_take_over_opens_the_map_on_the_state_of_that_turn(
    app: App, saved: Path, store: SaveStore
) -> None:
    scene = viewer(app, saved, store)
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RIGHT)])
    assert scene.take_button is not None and scene.take_button.is_enabled
    app.feed(click(scene.take_button.rect.center))
    top = game_opened(app)  # a decision waiting at that turn comes first, on its card
    wanted = load(saved).seek(2)
    assert top.session.state.digest() == wanted.digest()
    assert top.session.state.turn == wanted.turn and len(top.session.records) == 2


def test_take_over_by_keys_alone(app: App, saved: Path) -> None:
    scene = viewer(app, saved)
    app.feed([key(pygame.K_RIGHT)])
    while scene.controls[scene.focus] is not scene.take_button:
        app.feed([key(pygame.K_TAB)])
    app.feed([key(pygame.K_RETURN)])
    assert game_opened(app).session.state.turn == 1


def test_an_all_ai_game_asks_which_side_to_lead_and_not_where_it_is_over(
    app: App, october: Scenario, store: SaveStore
) -> None:
    finished = all_ai(Session(october, 7, player=None))
    assert finished.over
    path = store.save(finished, "all ai")
    scene = viewer(app, path, store)
    playable = [f for f in october.model.factions if f.playable]
    assert scene.seat_button is not None
    assert scene.seat_button.text.startswith(f"Lead: {playable[0].name}")
    app.feed(click(scene.seat_button.rect.center))
    assert scene.seat == playable[1].id
    app.feed([key(pygame.K_END)])
    assert scene.take_button is not None and not scene.take_button.is_enabled
    assert any("The game is over at this turn" in t for t in scene.shown_texts())
    app.render()
    app.feed([key(pygame.K_HOME), key(pygame.K_RIGHT)])
    assert scene.take_button.is_enabled
    app.feed(click(scene.take_button.rect.center))
    top = app.top
    assert isinstance(top, MapScene) and top.session.player == playable[1].id
    assert top.session.state.digest() == load(path).take_over(1, playable[1].id).state.digest()


def rewrite_turn(path: Path, turn: int, change: Callable[[str], str]) -> None:
    """Rewrite the entry of `turn` (from 1) in the save's list of turns, as a hand might."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"(?m)^- turn: \d+$", text)]
    start = starts[turn - 1]
    end = starts[turn] if turn < len(starts) else len(text)
    entry = change(text[start:end])
    assert entry != text[start:end]
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")


def test_an_altered_hash_shows_the_diverged_badge_naming_the_turn(app: App, saved: Path) -> None:
    def alter(entry: str) -> str:
        found = re.search(r"state_hash: ([0-9a-f])", entry)
        assert found is not None
        digit = "0" if found.group(1) != "0" else "1"
        return entry[: found.start(1)] + digit + entry[found.end(1) :]

    rewrite_turn(saved, 2, alter)
    scene = viewer(app, saved)
    assert scene.badge.startswith("Diverged at turn 2")
    assert scene.badge in scene.shown_texts() and VERIFIED not in scene.shown_texts()
    app.feed([key(pygame.K_RIGHT)])
    assert scene.take_button is not None and scene.take_button.is_enabled
    app.feed([key(pygame.K_RIGHT)])
    assert not scene.take_button.is_enabled
    app.render()  # the turn whose record is bad says so instead of a map


def test_a_changed_decision_shows_where_the_game_stops_replaying(app: App, saved: Path) -> None:
    orders = load(saved).records[1].decisions
    action = next(o.actions[0].action for o in orders.values() if o.actions)

    def strike(entry: str) -> str:
        # A side's first action of turn 2 struck out: the turn then goes otherwise.
        found = re.search(rf"(?m)^( +)- action: {action}\n(\1  .*\n)*", entry)
        assert found is not None
        return entry.replace(found.group(0), "", 1)

    rewrite_turn(saved, 2, strike)
    scene = viewer(app, saved)
    assert scene.badge.startswith("Diverged at turn 2") and scene.diverged_at == 2
    scene.seek(2)
    assert scene.shown_texts()[4].startswith("Diverged at turn 2")  # told in full on the panel
    app.feed([key(pygame.K_END)])
    assert scene.turn == TURNS and not scene.loaded.verified
    app.render()


def test_a_file_that_is_not_a_save_opens_the_error_page(app: App, tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\x00\xff not: [a save")
    scene = open_replay(junk)
    assert isinstance(scene, ErrorScene)
    assert isinstance(open_replay(tmp_path / "missing.yaml"), ErrorScene)


def test_the_title_reaches_the_viewer_by_keys_alone(
    app: App, october: Scenario, saved: Path, store: SaveStore
) -> None:
    title = TitleScene(october, lambda: MapScene(Session(october, 1, player="bolsheviks")), store)
    app.push(title)
    app.pump()
    assert title.menu[title.selected] == "Continue"
    app.feed([key(pygame.K_DOWN)])  # the row below: Replays
    assert title.menu[title.selected] == "Replays"
    app.feed([key(pygame.K_RETURN)])
    page = app.top
    assert isinstance(page, SaveLoadScene) and page.mode == "replay"
    assert "Watch" in page.shown_texts()
    app.render()
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, ReplayScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is page
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is title


def test_the_example_save_replays_to_its_end(app: App, tmp_path: Path) -> None:
    if not EXAMPLE.is_file():
        pytest.skip("no example save in this checkout")
    copy = tmp_path / "example.yaml"
    shutil.copy(EXAMPLE, copy)
    scene = viewer(app, copy)
    assert VERIFIED in scene.shown_texts()
    app.feed([key(pygame.K_END)])
    assert scene.turn == scene.turns > 0
    app.render()

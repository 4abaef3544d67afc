"""Map thumbnails of save slots: the last turn's map in small, cached, None for a bad file."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import thumbnail as thumbnails
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.thumbnail import ready, thumbnail

SIZE = (240, 150)


@pytest.fixture(autouse=True)
def fresh_cache(app: App) -> Iterator[None]:
    """A display (the app) for the surfaces, and no pictures from earlier tests."""
    thumbnails.clear()
    yield
    thumbnails.clear()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, october: Scenario) -> SaveStore:
    saves = SaveStore(tmp_path_factory.mktemp("saves"))
    saves.save(all_ai(Session(october, 3, player="bolsheviks"), 4), "bolsheviks")
    saves.save(all_ai(Session(october, 4, player=None), 3), "all-ai")
    return saves


def colours(surface: pygame.Surface) -> set[tuple[int, int, int]]:
    w, h = surface.get_size()
    return {tuple(surface.get_at((x, y))[:3]) for x in range(0, w, 7) for y in range(0, h, 7)}


@pytest.mark.parametrize("name", ["bolsheviks", "all-ai"])
def test_a_save_has_a_picture_of_its_map_at_the_asked_size(store: SaveStore, name: str) -> None:
    picture = thumbnail(store.path(name), SIZE)
    assert picture is not None
    assert picture.get_size() == SIZE
    assert len(colours(picture)) > 20  # a drawn map, not a blank


def test_the_players_support_and_an_all_ai_games_control_differ(store: SaveStore) -> None:
    mine = thumbnail(store.path("bolsheviks"), SIZE)
    theirs = thumbnail(store.path("all-ai"), SIZE)
    assert mine is not None and theirs is not None
    assert colours(mine) != colours(theirs)


def test_a_second_call_is_a_look_up(store: SaveStore) -> None:
    path = store.path("bolsheviks")
    assert not ready(path, SIZE)
    started = time.perf_counter()
    first = thumbnail(path, SIZE)
    first_took = time.perf_counter() - started
    assert ready(path, SIZE)
    started = time.perf_counter()
    again = thumbnail(path, SIZE)
    again_took = time.perf_counter() - started
    assert again is first
    assert again_took < first_took / 20


def test_each_size_has_its_own_picture(store: SaveStore) -> None:
    path = store.path("bolsheviks")
    small = thumbnail(path, (120, 80))
    large = thumbnail(path, (320, 200))
    assert small is not None and small.get_size() == (120, 80)
    assert large is not None and large.get_size() == (320, 200)


def test_a_save_written_again_gets_a_new_picture(
    tmp_path: Path, october: Scenario, store: SaveStore
) -> None:
    path = tmp_path / "slot.yaml"
    path.write_bytes(store.path("bolsheviks").read_bytes())
    before = thumbnail(path, SIZE)
    path.write_bytes(store.path("all-ai").read_bytes())
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = thumbnail(path, SIZE)
    assert before is not None and after is not None and after is not before


@pytest.mark.parametrize("content", [b"", b"not: [a save", b"format: 2\nseed: x\n", b"\xff" * 64])
def test_a_file_that_does_not_load_has_no_picture(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    assert thumbnail(bad, SIZE) is None
    assert ready(bad, SIZE)  # and the answer is kept


def test_a_missing_file_has_no_picture(tmp_path: Path) -> None:
    assert thumbnail(tmp_path / "gone.yaml", SIZE) is None


def test_the_cache_keeps_only_the_latest_pictures(
    store: SaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(thumbnails, "CACHED", 3)
    path = store.path("bolsheviks")
    for width in range(100, 105):
        thumbnail(path, (width, 80))
    assert [ready(path, (width, 80)) for width in range(100, 105)] == [False] * 2 + [True] * 3


def test_a_new_size_does_not_read_the_save_again(
    store: SaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.path("bolsheviks")
    assert thumbnail(path, SIZE) is not None
    monkeypatch.setattr(thumbnails, "_last_turn", lambda path: pytest.fail("read again"))
    assert thumbnail(path, (SIZE[0] * 2, SIZE[1] * 2)) is not None

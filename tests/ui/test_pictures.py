"""The pictures and typefaces a scenario ships, in the window: a codex portrait beside its
entry, an event's picture on its card, the map's ground beneath the districts, the text
set in the scenario's faces; and, where a file is missing or does not decode, the
window's own look, never a crash."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.engine.rules import Rules
from game.engine.turns import new_game
from game.paths import assets_dir
from game.scenario.loader import Scenario, load_scenario
from game.ui import pictures, theme
from game.ui.app import App, use_faces
from game.ui.mapview import MapView, Overlay
from game.ui.scenes import ShotRequest, shot_stack
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.title import TitleScene
from game.ui.settings import DEFAULTS
from tests.conftest import pictured_copy
from tests.ui.events import key
from tests.ui.layout import draw, recording


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """No picture, face or known scenario carried from one test to the next."""
    pictures.forget()
    yield
    pictures.forget()
    theme.set_faces({})


def without_files(scenario: Scenario) -> Scenario:
    """The same scenario as a save holds it: the paths written, no file to open."""
    return dataclasses.replace(scenario, assets={})


def shows(canvas: pygame.Surface | None, image: pygame.Surface, place: pygame.Rect) -> bool:
    """Whether the window shows the very picture at that place."""
    assert canvas is not None
    seen = pygame.image.tobytes(canvas.subsurface(place), "RGB")
    return seen == pygame.image.tobytes(image, "RGB")


def open_codex(app: App, scenario: Scenario, title: str) -> CodexScene:
    scene = CodexScene(scenario)
    app.push(scene)
    while scene.entry is not None and scene.entry.title != title:
        app.feed([key(pygame.K_DOWN)])
    return scene


def open_event(app: App, scenario: Scenario) -> EventScene:
    for scene in shot_stack("event", ShotRequest(scenario, 3, "reds")):
        app.push(scene)
    card = app.top
    assert isinstance(card, EventScene) and card.event.spec.id == "the_crowd"
    return card


@pytest.mark.parametrize(("size", "scale"), [((1024, 640), 1.3), ((1280, 720), 1.0)])
def test_a_codex_entry_shows_its_portrait_beside_its_words(
    pictured: Scenario, size: tuple[int, int], scale: float
) -> None:
    with recording():
        app = App(size, settings=DEFAULTS.with_(text_scale=scale))
        try:
            scene = open_codex(app, pictured, "Blues")
            frame = draw(app)
            place = scene.portrait_rect()
            assert scene.portrait is not None and place is not None
            assert scene.text_rect.contains(place) and shows(frame.picture, scene.portrait, place)
            assert not place.colliderect(scene.article_rect)
            assert [d.words for d in frame.drawn if d.box.colliderect(place)] == []
            assert frame.problems(scenes=["codex"]) == []
            # An entry without a portrait has the whole width for its words.
            app.feed([key(pygame.K_DOWN)])
            assert scene.entry is not None and scene.entry.title == "Reds"
            assert scene.portrait is None and scene.article_rect.width == scene.text_rect.width
        finally:
            app.close()
            theme.set_text_scale(1.0)


def test_an_events_card_shows_its_picture_above_its_words(pictured: Scenario) -> None:
    with recording():
        app = App((1280, 720))
        try:
            card = open_event(app, pictured)
            frame = draw(app)
            image = card.picture(app.size)
            assert image is not None and card.body is not None
            outline = card.card(app.size)
            top = outline.top + card.header(outline.width)
            place = image.get_rect(midtop=(outline.centerx, top))
            assert outline.contains(place) and card.body.rect.top >= place.bottom
            assert shows(frame.picture, image, place)
            assert [d.words for d in frame.drawn if d.box.colliderect(place)] == []
            assert frame.problems(scenes=["event"]) == []
        finally:
            app.close()


def _map(scenario: Scenario) -> pygame.Surface:
    rules = Rules(scenario)
    state = new_game(rules, 0, np.random.default_rng(0))
    return MapView(rules).render((640, 480), state, Overlay("support"))


def test_the_map_lays_its_ground_beneath_the_districts(pictured: Scenario) -> None:
    pygame.display.init()
    pygame.font.init()
    plain = _map(without_files(pictured))  # first: a scenario once seen is known by its hash
    laid = _map(pictured)
    assert (pygame.surfarray.array3d(laid) != pygame.surfarray.array3d(plain)).any()


def _damage(folder: Path, scenario: Scenario, how: str) -> None:
    for written in ("pictures/portrait.png", "pictures/crowd.jpg", "pictures/ground.png"):
        path = folder / written
        if how == "gone":
            path.unlink()
        else:  # the header still says PNG or JPEG, what follows does not
            path.write_bytes(path.read_bytes()[:40] + b"\x00" * 64)


@pytest.mark.parametrize("how", ["gone", "garbled"])
def test_pictures_gone_or_garbled_since_loading_leave_the_pages_as_they_were(
    tmp_path: Path, how: str
) -> None:
    folder = pictured_copy(tmp_path / "mod")
    scenario = load_scenario(folder)
    _damage(folder, scenario, how)
    pygame.display.init()
    pygame.font.init()
    plain = _map(without_files(scenario))
    damaged = _map(scenario)
    assert not (pygame.surfarray.array3d(plain) != pygame.surfarray.array3d(damaged)).any()
    app = App((1280, 720))
    try:
        assert open_codex(app, scenario, "Blues").portrait is None
        app.render()
        assert open_event(app, scenario).picture(app.size) is None
        app.render()
    finally:
        app.close()


def test_a_scenario_from_a_save_shows_no_picture_until_its_folder_is_known(
    pictured: Scenario,
) -> None:
    saved = without_files(pictured)
    written = pictured.model.scenario.map_background
    assert pictures.path_of(saved, written) is None
    app = App((1280, 720))
    try:
        assert open_codex(app, saved, "Blues").portrait is None
        # The title of the scenario loaded from its folder makes its files known: a game
        # of it continued from a save shows them again.
        app.push(TitleScene(pictured, lambda: app.stack[0]))
        assert pictures.path_of(saved, written) == pictured.assets[written]
        assert open_codex(app, saved, "Blues").portrait is not None
    finally:
        app.close()


def test_the_window_sets_its_text_in_the_scenarios_faces(pictured: Scenario) -> None:
    bundled = theme.font_path("bold")
    plain_width = theme.font(30, "bold").size("The Codex")[0]
    use_faces(pictured)
    app = App((1280, 720))
    try:
        assert theme.font_path("bold") == pictured.assets["fonts/title.ttf"] != bundled
        assert theme.font_path("regular") == assets_dir() / "fonts" / "OldStandard-Regular.ttf"
        assert theme.font(30, "bold").size("The Codex")[0] != plain_width
        app.push(TitleScene(pictured, lambda: app.stack[0]))
        app.render()
    finally:
        app.close()
        theme.set_faces({})
    assert theme.font_path("bold") == bundled


def test_a_face_that_no_longer_loads_is_left_for_the_games_own(tmp_path: Path) -> None:
    folder = pictured_copy(tmp_path / "mod")
    scenario = load_scenario(folder)
    (folder / "fonts" / "title.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    assert pictures.faces(scenario) == {}
    assert pictures.faces(without_files(scenario)) == {}

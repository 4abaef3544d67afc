"""Hostile input to the window: characters that draw nothing typed or pasted into a text
box, a save named with them, a settings file of the wrong types, and random streams of
keys, clicks and text on every scene. The window answers and stays open."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes import SHOTS, ShotRequest, shot_stack
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.settings import load_settings
from game.ui.typed import typeable
from tests.fuzzing import fuzz_settings, scaled
from tests.ui.events import click, ctrl, key

NO_WIDTH = ["\u200b", "\u200d", "\u202e", "\ufeff", "\u034f", "\u2060", "\u00ad", "\x00", "\x1b"]


def type_text(app: App, text: str) -> None:
    """SDL's TEXTINPUT for `text`, then time for the caret to blink and a frame drawn."""
    app.feed([pygame.event.Event(pygame.TEXTINPUT, text=text)])
    app.manager.update(0.6)
    app.render()


@pytest.fixture
def save_page(app: App, mini: Scenario, tmp_path: Path) -> SaveLoadScene:
    page = SaveLoadScene(Session(mini, 1, player="reds"), SaveStore(tmp_path), "save")
    app.push(page)
    app.pump()
    assert page.name_entry is not None
    app.feed(click(page.name_entry.rect.center))
    return page


@pytest.mark.parametrize("char", NO_WIDTH)
def test_a_character_without_width_typed_into_the_save_name_is_left_out(
    app: App, save_page: SaveLoadScene, char: str
) -> None:
    assert save_page.name_entry is not None
    type_text(app, char)
    assert save_page.name_entry.get_text() == ""
    type_text(app, f"a{char}b")
    assert save_page.name_entry.get_text() == "ab"
    app.feed([key(pygame.K_LEFT), key(pygame.K_BACKSPACE), key(pygame.K_HOME)])
    app.resize((1000, 700))
    app.render()
    assert app.running and app.top is save_page


@pytest.mark.parametrize("char", NO_WIDTH[:4])
def test_a_character_without_width_typed_into_the_seed_box_is_left_out(
    app: App, mini: Scenario, char: str
) -> None:
    page = NewGameScene(mini, 5, None)
    app.push(page)
    app.pump()
    assert page.seed_entry is not None
    app.feed(click(page.seed_entry.rect.center))
    page.seed_entry.set_text("")
    type_text(app, f"{char}4{char}2")
    assert page.seed_entry.get_text() == "42"
    assert app.running and app.top is page


def test_a_paste_of_characters_without_width_keeps_only_what_shows(
    app: App, save_page: SaveLoadScene
) -> None:
    assert save_page.name_entry is not None
    pygame.scrap.put_text("\u200b")
    app.feed([ctrl(pygame.K_v)])
    app.manager.update(0.6)
    app.render()
    assert save_page.name_entry.get_text() == ""
    pygame.scrap.put_text("my\u202e save\u200d\n")
    app.feed([ctrl(pygame.K_v)])
    app.render()
    assert save_page.name_entry.get_text() == "my save"
    assert app.running


def test_a_save_named_with_a_character_without_width_is_listed_and_chosen(
    app: App, mini: Scenario, tmp_path: Path
) -> None:
    session = Session(mini, 1, player="reds")
    store = SaveStore(tmp_path)
    store.save(session, "kept")
    (tmp_path / "kept.yaml").rename(tmp_path / "\u200b.yaml")
    page = SaveLoadScene(session, store, "save")
    app.push(page)
    app.pump()
    app.render()  # the list draws the name: no width, no error
    page.select(0)
    app.manager.update(0.6)
    app.render()
    assert page.name_entry is not None and page.name_entry.get_text() == ""
    assert app.running and app.top is page


def test_typeable_keeps_letters_of_every_script_and_drops_what_draws_nothing() -> None:
    assert typeable("Петроград 1917 — ok é") == "Петроград 1917 — ok é"
    assert typeable("".join(NO_WIDTH) + "\n\t\r\u2028") == ""


@given(
    st.dictionaries(
        st.sampled_from(["window", "fullscreen", "text_scale", "palette", "replay_speed", "guide"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
            max_leaves=6,
        ),
    )
)
@fuzz_settings(quick=60, long=5000)
@pytest.mark.fuzz
def test_fuzz_any_settings_file_gives_settings_and_at_most_one_line(data: dict[str, object]) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.yaml"
        path.write_text(yaml.safe_dump(data))
        settings, note = load_settings(path)
    assert note is None or ("\n" not in note and note.startswith(str(path)))
    assert note is not None or settings.palette in ("colours", "patterns")


# -- fuzz: random event streams on every scene -------------------------------------------

KEYS = [
    pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_SPACE,
    pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_HOME, pygame.K_END,
    pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_BACKSPACE, pygame.K_DELETE,
    pygame.K_F1, pygame.K_F5, pygame.K_F9, pygame.K_F11,
    *range(pygame.K_a, pygame.K_z + 1), *range(pygame.K_0, pygame.K_9 + 1),
]  # fmt: skip
MODS = [0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_ALT]
HOSTILE_TEXT = st.one_of(
    st.text(max_size=6),
    st.lists(st.sampled_from([*NO_WIDTH, "a", "7", " ", "é", "\U0001f600"]), max_size=6).map(
        "".join
    ),
)


def _key_event() -> st.SearchStrategy[list[pygame.event.Event]]:
    def make(code: int, mod: int) -> list[pygame.event.Event]:
        char = chr(code) if code < 128 and chr(code).isprintable() else ""
        down = key(code, mod=mod, unicode=char)
        up = pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=char, scancode=0)
        typed = [pygame.event.Event(pygame.TEXTINPUT, text=char)] if char and not mod else []
        return [down, *typed, up]

    return st.builds(make, st.sampled_from(KEYS), st.sampled_from(MODS))


def _pointer_event(size: tuple[int, int]) -> st.SearchStrategy[list[pygame.event.Event]]:
    where = st.tuples(st.integers(-5, size[0] + 5), st.integers(-5, size[1] + 5))

    def make(pos: tuple[int, int], button: int, kind: int) -> list[pygame.event.Event]:
        if kind == 0:
            return click(pos) if button == 1 else [
                pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
                pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button),
            ]
        if kind == 1:
            return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=button - 3, flipped=False)]
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))]

    return st.builds(make, where, st.integers(1, 5), st.integers(0, 2))


def _text_event() -> st.SearchStrategy[list[pygame.event.Event]]:
    return HOSTILE_TEXT.map(lambda text: [pygame.event.Event(pygame.TEXTINPUT, text=text)])


def _paste() -> st.SearchStrategy[list[pygame.event.Event]]:
    """Ctrl+V with hostile text on the clipboard (marked for the driver to put there)."""
    return HOSTILE_TEXT.map(lambda text: [pygame.event.Event(pygame.USEREVENT, paste=text)])


def event_streams(size: tuple[int, int]) -> st.SearchStrategy[list[list[pygame.event.Event]]]:
    one = st.one_of(_key_event(), _pointer_event(size), _text_event(), _paste())
    # Hypothesis keeps lists short unless told (about 7 events a stream): at length, every
    # stream is long, so that `make fuzz` sends some 100,000 events over the scenes.
    return st.lists(one, min_size=scaled(0, 50), max_size=scaled(40, 150))


@pytest.fixture(scope="module")
def fuzz_app() -> Iterator[App]:
    window = App((1280, 720))
    yield window
    window.close()


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """The working folder while the window is fuzzed: nothing may be written into it."""
    with tempfile.TemporaryDirectory(prefix="dual-power-fuzz-cwd-") as folder:
        before = Path.cwd()
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def drive(app: App, stream: list[list[pygame.event.Event]]) -> None:
    for events in stream:
        if not app.running or not app.stack:
            return
        paste = [e for e in events if e.type == pygame.USEREVENT]
        if paste:
            # SDL's clipboard holds C strings: a NUL cannot be put there, nor come from it.
            pygame.scrap.put_text(paste[0].paste.replace("\x00", ""))
            events = [ctrl(pygame.K_v)]
        app.feed(events)
        app.manager.update(0.6)  # the caret blinks: a text box redraws its text
        app.draw_if_needed()


def fuzz_stack(name: str, mini: Scenario, seed: int, saves: Path) -> list[Scene]:
    """The scenes `screenshot` draws for `name`; "save" is the save page over a map, its
    name box focused, the one text box that takes any character."""
    if name != "save":
        return shot_stack(name, ShotRequest(mini, seed, "reds"))
    (the_map,) = shot_stack("map", ShotRequest(mini, seed, "reds"))
    assert isinstance(the_map, MapScene)
    return [the_map, SaveLoadScene(the_map.session, SaveStore(saves), "save")]


@pytest.mark.fuzz
@pytest.mark.parametrize("name", [*SHOTS, "save"])
def test_fuzz_random_events_on_every_scene_leave_the_window_running(
    name: str, fuzz_app: App, mini: Scenario, scratch: Path, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"

    @given(stream=event_streams(fuzz_app.size), seed=st.integers(0, 3))
    # Each kind of character without width, alone in an empty box: what killed the window.
    @example(stream=[[pygame.event.Event(pygame.TEXTINPUT, text=c)] for c in NO_WIDTH], seed=0)
    @example(stream=[[pygame.event.Event(pygame.USEREVENT, paste="\u200b")]], seed=0)
    @fuzz_settings(quick=6, long=60, shrink=False)
    def run(stream: list[list[pygame.event.Event]], seed: int) -> None:
        app = fuzz_app
        while app.stack:
            app.stack.pop().leave()
        pygame.event.clear()
        app.running = True
        for scene in fuzz_stack(name, mini, seed, saves):
            app.push(scene)
        app.pump()
        drive(app, stream)
        if app.running and app.stack:
            app.render()  # and it still draws
        assert list(scratch.iterdir()) == [], "the window wrote into the working folder"

    run()

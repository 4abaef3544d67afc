"""The scene stack and the main loop's bookkeeping."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from pygame_gui.elements import UITextEntryLine

from game.scenario.loader import Scenario
from game.ui.app import App
from game.ui.scene import POP, QUIT, Scene, Transition, home, push, replace
from tests.ui.events import key, typed


class Recorder(Scene):
    """A scene that answers each key with a transition chosen by the test."""

    def __init__(self, name: str, answers: dict[int, Transition] | None = None) -> None:
        super().__init__()
        self.name = name
        self.answers = answers or {}
        self.seen: list[int] = []
        self.covered = False

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            self.seen.append(event.key)
            return self.answers.get(event.key)
        return None

    def cover(self) -> None:
        super().cover()
        self.covered = True

    def uncover(self) -> None:
        super().uncover()
        self.covered = False


def test_a_push_transition_puts_the_new_scene_on_top_and_covers_the_old(app: App) -> None:
    below, above = Recorder("below"), Recorder("above")
    below.answers[pygame.K_a] = push(above)
    app.push(below)
    app.feed([key(pygame.K_a)])
    assert app.stack == [below, above]
    assert below.covered


def test_home_pops_down_to_the_bottom_scene_and_may_push_one_over_it(app: App) -> None:
    bottom, middle, top = Recorder("bottom"), Recorder("middle"), Recorder("top")
    then = Recorder("then")
    top.answers[pygame.K_h] = home()
    app.push(bottom)
    app.push(middle)
    app.push(top)
    app.feed([key(pygame.K_h)])
    assert app.stack == [bottom] and not bottom.covered and app.running
    assert middle.covered  # the scenes in between were dropped, not uncovered on the way
    bottom.answers[pygame.K_h] = home(then)  # at the bottom already: just the push
    app.feed([key(pygame.K_h)])
    assert app.stack == [bottom, then] and bottom.covered
    then.answers[pygame.K_n] = home(Recorder("next"))
    app.feed([key(pygame.K_n)])
    assert [s.name for s in app.stack] == ["bottom", "next"] and bottom.covered


def test_run_with_ironman_opens_a_title_whose_new_game_has_ironman_on(
    monkeypatch: pytest.MonkeyPatch, october: Scenario, tmp_path: Path
) -> None:
    from game.saves.store import SaveStore
    from game.ui import app as app_module
    from game.ui.scenes.newgame import NewGameScene
    from game.ui.scenes.title import TitleScene

    pages: list[Scene] = []

    def new_game_then_close(self: App) -> None:
        title = self.stack[0]
        assert isinstance(title, TitleScene)
        pages.append(title.new_game())

    monkeypatch.setattr(App, "run", new_game_then_close)
    store = SaveStore(tmp_path)
    assert app_module.run(october, ironman=True, saves=store, settings_file=tmp_path / "s") == 0
    assert app_module.run(october, saves=store, settings_file=tmp_path / "s") == 0
    assert [isinstance(p, NewGameScene) and p.ironman for p in pages] == [True, False]


def test_only_the_top_scene_receives_events(app: App) -> None:
    below, above = Recorder("below"), Recorder("above")
    app.push(below)
    app.push(above)
    app.feed([key(pygame.K_x)])
    assert above.seen == [pygame.K_x]
    assert below.seen == []


def test_pop_uncovers_the_scene_below_and_popping_the_last_stops_the_app(app: App) -> None:
    below = Recorder("below", {pygame.K_ESCAPE: POP})
    above = Recorder("above", {pygame.K_ESCAPE: POP})
    app.push(below)
    app.push(above)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.stack == [below]
    assert not below.covered
    assert app.running
    app.feed([key(pygame.K_ESCAPE)])
    assert app.stack == []
    assert not app.running


def test_replace_swaps_the_top_scene_without_growing_the_stack(app: App) -> None:
    second = Recorder("second")
    first = Recorder("first", {pygame.K_r: replace(second)})
    app.push(first)
    app.feed([key(pygame.K_r)])
    assert app.stack == [second]


def test_quit_stops_the_app_and_drops_what_was_queued_behind_it(app: App) -> None:
    scene = Recorder("only", {pygame.K_q: QUIT})
    app.push(scene)
    app.feed([key(pygame.K_q), key(pygame.K_z)])
    assert not app.running
    assert scene.seen == [pygame.K_q]


def test_a_window_close_stops_the_app(app: App) -> None:
    app.push(Recorder("only"))
    app.feed([pygame.event.Event(pygame.QUIT)])
    assert not app.running


def test_the_window_is_not_redrawn_while_nothing_happens(app: App) -> None:
    app.push(Recorder("only"))
    app.pump()
    drawn = app.frames
    for _ in range(5):
        app.pump()
    assert app.frames == drawn


def test_an_event_or_a_dirty_scene_causes_one_redraw(app: App) -> None:
    scene = Recorder("only")
    app.push(scene)
    app.pump()
    drawn = app.frames
    app.feed([key(pygame.K_x)])
    assert app.frames == drawn + 1
    scene.dirty = True
    app.pump()
    assert app.frames == drawn + 2


def test_the_window_opens_at_1280_by_720_and_can_be_resized() -> None:
    window = App()
    try:
        assert window.screen.get_size() == (1280, 720)
        scene = Recorder("only")
        window.push(scene)
        window.resize((1024, 768))
        assert window.size == (1024, 768)
        assert window.screen.get_size() == (1024, 768)
    finally:
        window.close()


def test_run_opens_the_title_screen_and_returns_0_when_the_window_is_closed(
    monkeypatch: pytest.MonkeyPatch, october: Scenario
) -> None:
    from game.ui import app as app_module

    seen: list[str] = []

    def close_at_once() -> list[pygame.event.Event]:
        seen.append(str(pygame.display.get_surface().get_size()))
        return [pygame.event.Event(pygame.QUIT)]

    monkeypatch.setattr(pygame.event, "get", close_at_once)
    assert app_module.run(october, seed=2) == 0
    assert seen == ["(1280, 720)"]


def test_run_with_a_loaded_game_opens_its_map_over_the_title(
    monkeypatch: pytest.MonkeyPatch, october: Scenario, tmp_path: Path
) -> None:
    from game.saves.store import SaveStore
    from game.session import Session
    from game.ui import app as app_module
    from game.ui.scenes import all_ai

    session = all_ai(Session(october, 5, player="government"), 2)
    seen: list[list[str]] = []

    def look_then_close(self: App) -> None:
        seen.append([scene.name for scene in self.stack])
        seen.append([self.stack[-1].session.state.digest()])  # type: ignore[attr-defined]

    monkeypatch.setattr(App, "run", look_then_close)
    store = SaveStore(tmp_path)
    assert app_module.run(None, session=session, saves=store, settings_file=tmp_path / "s.yaml") == 0
    assert seen == [["title", "map"], [session.state.digest()]]


def test_the_window_keeps_the_players_settings_between_runs(tmp_path: Path) -> None:
    from game.ui.settings import load_settings

    file = tmp_path / "settings.yaml"
    window = App(settings_file=file)
    try:
        window.push(Recorder("only"))
        window.change_settings(window.settings.with_(text_scale=1.15, replay_speed="fast"))
    finally:
        window.close()
    kept, problem = load_settings(file)
    assert problem is None
    assert (kept.text_scale, kept.replay_speed) == (1.15, "fast")
    again = App(settings=kept)
    try:
        assert again.settings.text_scale == 1.15
    finally:
        again.close()
        from game.ui import theme

        theme.set_text_scale(1.0)


def test_f11_fills_the_screen_and_gives_the_window_back_at_its_size(app: App) -> None:
    app.push(Recorder("only"))
    app.feed([key(pygame.K_F11)])
    assert app.fullscreen
    app.feed([key(pygame.K_F11)])
    assert not app.fullscreen
    assert app.screen.get_size() == (1280, 720)


def test_the_idle_loop_sleeps_between_polls_and_quits_on_a_close(
    monkeypatch: pytest.MonkeyPatch, app: App
) -> None:
    from game.ui import app as app_module

    app.push(Recorder("only"))
    polls: list[float] = []
    naps: list[float] = []
    clock = [0.0]

    def poll() -> list[pygame.event.Event]:
        polls.append(clock[0])
        return [pygame.event.Event(pygame.QUIT)] if len(polls) > 400 else []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(pygame.event, "get", poll)
    monkeypatch.setattr(app_module.time, "sleep", nap)
    monkeypatch.setattr(app_module.time, "monotonic", lambda: clock[0])
    app.run()
    assert not app.running
    # Busy polling at first, then the long idle naps once nothing has happened for a while.
    assert naps[0] == app_module.POLL_BUSY_S
    assert naps[-1] == app_module.POLL_IDLE_S
    assert app.frames <= 2 + len(polls) * app_module.POLL_IDLE_S / app_module.IDLE_UPDATE_S


class Entry(Scene):
    """A page with one text box that has the keyboard as soon as the page opens."""

    name = "entry"

    def __init__(self) -> None:
        super().__init__()
        self.box: UITextEntryLine | None = None

    def build(self, size: tuple[int, int]) -> None:
        self.box = UITextEntryLine(pygame.Rect(20, 20, 300, 40), self.manager)
        self.add(self.box)
        self.box.focus()  # type: ignore[no-untyped-call]


def test_the_key_that_opens_a_page_is_not_typed_into_its_text_box(app: App) -> None:
    page = Entry()
    app.push(Recorder("under", {pygame.K_s: push(page)}))
    app.feed(typed("s"))  # KEYDOWN s, then SDL's TEXTINPUT "s"
    assert app.top is page and page.box is not None
    assert page.box.get_text() == ""
    app.feed(typed("sav"))  # what is typed on the page afterwards is the page's
    assert page.box.get_text() == "sav"


def test_a_key_that_changes_no_page_still_types(app: App) -> None:
    page = Entry()
    app.push(page)
    app.feed(typed("ab"))
    assert page.box is not None and page.box.get_text() == "ab"


def test_a_key_without_text_that_opens_a_page_drops_nothing_typed_later(app: App) -> None:
    page = Entry()
    app.push(Recorder("under", {pygame.K_F2: push(page)}))
    app.feed([key(pygame.K_F2)])  # no TEXTINPUT follows a function key
    app.feed(typed("x"))
    assert page.box is not None and page.box.get_text() == "x"


def test_s_on_the_map_opens_the_save_page_with_an_empty_name(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    from game.saves.store import SaveStore
    from game.session import Session
    from game.ui.scenes.map import MapScene
    from game.ui.scenes.saveload import SaveLoadScene

    app.push(MapScene(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path)))
    app.pump()
    app.feed(typed("s"))
    page = app.top
    assert isinstance(page, SaveLoadScene) and page.name_entry is not None
    assert page.name_entry.is_focused and page.name_entry.get_text() == ""

"""F1's list of keys: it opens over any screen, closes again, and says what the keys really do.

Every key listed for every screen is pressed, in a state where it applies, and must
change something the player could see (the stack, the focus, a choice, a scroll, a
setting, the page's words): a key listed that does nothing fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pygame
import pytest

from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.scene import POP, Scene, Transition, replace
from game.ui.scenes import ShotRequest, all_ai, shot_stack
from game.ui.scenes.briefing import danger_card
from game.ui.scenes.card import TextCard
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.guide import GuideScene
from game.ui.scenes.journal import Column, Focus, JournalScene
from game.ui.scenes.keys import DIGITS, ENTER, FOOT_ROOM, GLOBAL, KEYS, TITLES, Key, KeysScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.map.confirm import LeaveScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.replay import ReplayScene, open_replay
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from game.ui.settings import DEFAULTS
from tests.ui.events import key


def open_map(app: App, october: Scenario, tmp_path: Path) -> MapScene:
    app.push(Scene())  # something to go back to, so Esc leaves the window running
    scene = MapScene(Session(october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(scene)
    app.pump()
    return scene


def row_of(scene: MapScene, action_id: str) -> int:
    return next(i for i, r in enumerate(scene.rows) if r.action.spec.id == action_id)


def snapshot(app: App, scene: MapScene) -> tuple[Any, ...]:
    """Everything a key on the map may change."""
    t = scene.targeting
    return (
        tuple(id(s) for s in app.stack),
        app.running,
        app.fullscreen,
        scene.focus,
        scene.overlay,
        scene.status,
        len(scene.book.queued),
        scene.session.state.turn,
        None if t is None else (t.action.spec.id, t.focus, t.group),
    )


def presses(keys: tuple[Key, ...]) -> list[tuple[str, int, int]]:
    """Every press a list promises: each code with the key's modifier, and with Shift too
    for the codes it lists shifted (Shift+Tab)."""
    plain = [(k.label, code, k.mod) for k in keys for code in k.codes]
    shifted = [(k.label, code, k.mod | pygame.KMOD_SHIFT) for k in keys for code in k.shifted]
    return plain + shifted


def test_every_screen_has_its_list(app: App) -> None:
    screens = (
        TitleScene,
        NewGameScene,
        PickerScene,
        MapScene,
        EventScene,
        JournalScene,
        CodexScene,
        ChartsScene,
        EndingScene,
        SaveLoadScene,
        ReplayScene,
        SettingsScene,
        ErrorScene,
        GuideScene,
        LeaveScene,
    )
    for screen in screens:
        assert screen.name in KEYS, screen.__name__
        assert all(k.label and k.does for k in KEYS[screen.name])


def test_f1_opens_the_list_for_the_map_and_f1_again_closes_it(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene) and card.under is scene
    texts = card.shown_texts()
    assert "Keys on the map" in texts
    for k in (*KEYS["map"], *KEYS["map-target"], *GLOBAL):
        assert f"{k.label}: {k.does}" in texts
    app.feed([key(pygame.K_F1)])
    assert app.top is scene


@pytest.mark.parametrize("close", [pygame.K_ESCAPE, pygame.K_RETURN])
def test_esc_and_enter_close_the_list_and_nothing_reaches_the_map(
    app: App, october: Scenario, tmp_path: Path, close: int
) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_F1)])
    app.feed([key(close)])
    assert app.top is scene
    assert scene.session.state.turn == 0  # Enter closed the list; it did not end the turn


def test_the_list_follows_the_screen_on_top(app: App, october: Scenario, tmp_path: Path) -> None:
    scene = open_map(app, october, tmp_path)
    app.feed([key(pygame.K_j)])
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene) and isinstance(card.under, JournalScene)
    assert card.title == "Keys on the journal"
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)])
    assert app.top is scene


def test_in_target_mode_the_targets_keys_come_first(
    app: App, october: Scenario, tmp_path: Path
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "agitate"))
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene)
    assert card.sections[0] == ("Choosing a target", KEYS["map-target"])


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1024, 640), 1.0), ((1024, 640), 1.3), ((1280, 720), 1.0), ((1920, 1080), 1.0)],
)
def test_the_card_fits_the_window(
    october: Scenario, tmp_path: Path, size: tuple[int, int], scale: float
) -> None:
    window = App(size, settings=DEFAULTS.with_(text_scale=scale))
    try:
        scene = open_map(window, october, tmp_path)
        window.feed([key(pygame.K_F1)])
        card = window.top
        assert isinstance(card, KeysScene)
        window.render()
        rect = card.card_rect
        assert pygame.Rect((0, 0), size).contains(rect)
        for _, _, x, y in card.placed:
            assert y < rect.height - FOOT_ROOM  # every line is drawn, none cut at the foot
            assert x + card.col_width <= rect.width - 32
        assert card.under is scene
    finally:
        window.close()


# -- the map's list is true: every key listed does something --------------------------------


@pytest.mark.parametrize(("label", "code", "mod"), presses(KEYS["map"]))
def test_each_key_listed_for_the_map_has_an_effect(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "print_paper"))  # an order for Del to take back
    scene.status = ""
    # The overlay keys show something else than what is shown already.
    scene.set_overlay("support" if code == pygame.K_2 else "mobilisation")
    before = snapshot(app, scene)
    app.feed([key(code, mod)])
    assert snapshot(app, scene) != before, label


@pytest.mark.parametrize(("label", "code", "mod"), presses(KEYS["map-target"]))
def test_each_key_listed_for_choosing_a_target_has_an_effect(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    scene.choose_action(row_of(scene, "agitate"))
    assert scene.targeting is not None
    before = snapshot(app, scene)
    app.feed([key(code, mod)])
    assert snapshot(app, scene) != before, label


@pytest.mark.parametrize(("label", "code", "mod"), presses(GLOBAL))
def test_each_key_listed_for_everywhere_has_an_effect_on_the_map(
    app: App, october: Scenario, tmp_path: Path, label: str, code: int, mod: int
) -> None:
    scene = open_map(app, october, tmp_path)
    before = snapshot(app, scene)
    app.feed([key(code, mod)])
    assert snapshot(app, scene) != before, label


# -- every other screen's list is true (the guide's too) -----------------------------------


class Games:
    """Games played once for the whole module (the scenes over them only read them)."""

    def __init__(self, october: Scenario, folder: Path) -> None:
        self.october = october
        self.folder = folder

    def played(self, turns: int | None) -> Session:
        return all_ai(Session(self.october, 5, player="bolsheviks"), turns)

    @cached_property
    def six(self) -> Session:
        return self.played(6)

    @cached_property
    def twelve(self) -> Session:
        return self.played(12)

    @cached_property
    def finished(self) -> Session:
        return self.played(None)

    @cached_property
    def replay(self) -> Path:
        """A game of four turns, saved, to watch."""
        return SaveStore(self.folder / "replays").save(self.played(4), "watched")


@pytest.fixture(scope="module")
def games(october: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Games:
    return Games(october, tmp_path_factory.mktemp("games"))


@pytest.fixture
def _normal_text() -> Iterator[None]:
    """Settings keys may change the text size, which is the theme's (a module's) state."""
    yield
    theme.set_text_scale(1.0)


def over_something(app: App, scene: Scene) -> Scene:
    """The scene on top of a plain one, so that going back leaves the window running."""
    app.push(Scene())
    app.push(scene)
    app.pump()
    return scene


def saves(games: Games, folder: Path, names: tuple[str, ...]) -> SaveStore:
    store = SaveStore(folder)
    game = Session(games.october, 5, player="bolsheviks")
    game.play_turn(game.ai_orders("bolsheviks"))
    for name in names:
        store.save(game, name)
    return store


def build_title(app: App, games: Games, tmp_path: Path) -> Scene:
    store = saves(games, tmp_path / "saves", ("latest",))  # Continue, Load and Replays work
    scene = TitleScene(games.october, Scene, store)
    app.push(scene)
    app.pump()
    return scene


def build_new_game(app: App, games: Games, tmp_path: Path) -> Scene:
    return over_something(app, NewGameScene(games.october, 7))


def build_mods(app: App, games: Games, tmp_path: Path) -> Scene:
    """The choice of scenario and mods: mini beside October, and three mods of mini."""
    from game.paths import scenarios_dir
    from game.scenario.catalogue import Catalogue
    from game.scenario.offer import Offer
    from tests.conftest import MINI

    root = tmp_path / "mods"
    shutil.copytree(MINI, root / "mini")
    for ident in ("alpha", "beta", "gamma"):
        (root / ident).mkdir()
        (root / ident / "mod.yaml").write_text(
            f"mod: {{id: {ident}, name: {ident.title()}, extends: mini}}\n"
        )
    catalogue = Catalogue.search([], places=[root, scenarios_dir()])
    scene = PickerScene(Offer(catalogue), NewGameScene)
    scene.checks.wait()
    return over_something(app, scene)


def build_event(app: App, games: Games, tmp_path: Path) -> Scene:
    for scene in shot_stack("event", ShotRequest(games.october, 0, "bolsheviks")):
        app.push(scene)
    app.pump()
    assert isinstance(app.top, EventScene)
    return app.top


def build_journal(app: App, games: Games, tmp_path: Path) -> Scene:
    return over_something(app, JournalScene(games.six))


def build_codex(app: App, games: Games, tmp_path: Path) -> Scene:
    scene = over_something(app, CodexScene(games.october))
    # The entry that names the most others: the numbers have the most See also to open.
    scene._select(
        max(range(len(scene.entries)), key=lambda i: len(scene.related(scene.entries[i])))
    )
    return scene


def build_charts(app: App, games: Games, tmp_path: Path) -> Scene:
    return over_something(app, ChartsScene(games.twelve))


def build_ending(app: App, games: Games, tmp_path: Path) -> Scene:
    app.push(TitleScene(games.october, Scene))  # what Esc and T on the ending go back to
    return over_something(app, EndingScene(games.finished))


def build_saveload(app: App, games: Games, tmp_path: Path) -> Scene:
    store = saves(games, tmp_path / "saves", ("first", "second", "third"))
    session = Session(games.october, 6, player="bolsheviks")
    return over_something(app, SaveLoadScene(session, store, "save"))


def build_replay(app: App, games: Games, tmp_path: Path) -> Scene:
    return over_something(app, open_replay(games.replay))


def build_settings(app: App, games: Games, tmp_path: Path) -> Scene:
    return over_something(app, SettingsScene())


def build_error(app: App, games: Games, tmp_path: Path) -> Scene:
    lines = [f"scenario/events.yaml:{n}:3: faction 'bolshevikx' is not defined" for n in range(80)]

    def still_broken() -> Transition:  # Reload, with the files not fixed yet: the page again
        return replace(ErrorScene("The scenario does not load", lines, reload=still_broken))

    return over_something(app, ErrorScene("The scenario does not load", lines, reload=still_broken))


def build_guide(app: App, games: Games, tmp_path: Path) -> Scene:
    app.push(Scene())
    app.push(MapScene(Session(games.october, 5, player="bolsheviks"), guide=True))
    app.pump()
    assert isinstance(app.top, GuideScene)
    return app.top


def build_leave(app: App, games: Games, tmp_path: Path) -> Scene:
    app.push(Scene())  # the title the map was opened from
    app.push(MapScene(Session(games.october, 5, player="bolsheviks"), SaveStore(tmp_path)))
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, LeaveScene)
    return app.top


def build_card(app: App, games: Games, tmp_path: Path) -> Scene:
    """The warning before an ending, over the map: it has two buttons, so every key acts."""
    app.push(Scene())
    the_map = MapScene(Session(games.october, 5, player="bolsheviks"), SaveStore(tmp_path))
    app.push(the_map)
    app.push(danger_card(the_map.game.threats(), lambda: POP))
    app.pump()
    assert isinstance(app.top, TextCard)
    return app.top


def ready_card(scene: Any, code: int, mod: int) -> None:
    if code == pygame.K_LEFT:
        scene._select(1)  # from the second button, Left has somewhere to go


def mid_scroll(column: Column) -> None:
    """A column scrolled half way, so that every scrolling key can move it."""
    assert column.limit > 0, "the column has nothing to scroll"
    column.offset = column.limit // 2


SCROLLS = (
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_PAGEUP,
    pygame.K_PAGEDOWN,
    pygame.K_HOME,
    pygame.K_END,
    pygame.K_SPACE,
)


def to_part(scene: Any, part: str) -> None:
    """Give the keyboard to a part of a page that has a `Focus`, as Tab would."""
    scene.focus.to(part)
    scene._show_focus()


def ready_title(scene: Any, code: int, mod: int) -> None:
    # It opens on Continue: every key moves from there or opens something. PgUp and PgDn
    # scroll the introduction where it is longer than its room (a small window, large
    # text): give it a small room, and for PgUp scroll it down first.
    if code in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
        scene.intro.set(scene.intro.width, scene.intro.height // 3)
    if code == pygame.K_PAGEUP:
        scene.intro.scroll(scene.intro.height)


def ready_new_game(scene: Any, code: int, mod: int) -> None:
    if code in (pygame.K_UP, pygame.K_DOWN):
        to_part(scene, "factions")
        scene._select(1)  # a side between two others
    elif code in (pygame.K_LEFT, pygame.K_RIGHT):
        to_part(scene, "difficulty")
    elif code in DIGITS:
        to_part(scene, "factions")
        scene._select((DIGITS.index(code) + 1) % len(scene.factions))  # another side
    elif code == pygame.K_SPACE:
        to_part(scene, "reroll")


def ready_mods(scene: Any, code: int, mod: int) -> None:
    if code in (pygame.K_LEFT, pygame.K_RIGHT):
        to_part(scene, "back")
        return
    if code in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
        scene.about.set(scene.about.width, 20)  # a column longer than its room
        mid_scroll(scene.about)
        return
    if code == pygame.K_TAB:
        return
    to_part(scene, "mods")
    if mod & pygame.KMOD_CTRL:  # three mods ticked: the middle one can go either way
        for found in scene.offer.offered():
            scene.offer.tick(found)
    scene.move_cursor(1)


def ready_event(scene: Any, code: int, mod: int) -> None:
    pass


def ready_journal(scene: Any, code: int, mod: int) -> None:
    mid_scroll(scene.column)
    if code in ENTER:
        to_part(scene, "close")


def ready_codex(scene: Any, code: int, mod: int) -> None:
    to_part(scene, "close" if code == pygame.K_SPACE else "list")
    if code not in DIGITS:  # (for the numbers, the entry chosen as the page was built)
        scene._select(len(scene.entries) // 2)  # an entry between others, in a part between others


def ready_charts(scene: Any, code: int, mod: int) -> None:
    to_part(scene, "groups")
    scene.set_line(1)
    # Another group than the one a number key chooses.
    scene.set_group(DIGITS.index(code) + 1 if code in DIGITS else 1)


def ready_ending(scene: Any, code: int, mod: int) -> None:
    if code in SCROLLS:
        to_part(scene, "story")
        mid_scroll(scene.story)
    elif code in ENTER:
        to_part(scene, "Journal")


def ready_saveload(scene: Any, code: int, mod: int) -> None:
    scene.select(1)  # a save between two others
    if code != pygame.K_TAB:
        scene.name_entry.unfocus()  # from the list (the page opens typing the name)
    if code in (pygame.K_y, pygame.K_n):
        scene.ask_delete()


def ready_replay(scene: Any, code: int, mod: int) -> None:
    scene.seek(2)  # a turn with turns before and after it
    if code in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
        scene.seek(3)  # a turn with more to tell than the panel holds
        mid_scroll(scene.column)
    elif code in (pygame.K_1, pygame.K_2, pygame.K_3):
        kind = "support" if code == pygame.K_2 else "mobilisation"
        scene.overlay = type(scene.overlay)(kind, scene.overlay.faction, scene.overlay.group)


def ready_settings(scene: Any, code: int, mod: int) -> None:
    scene.selected = 3  # the palette: a row whose change leaves the window as it is
    scene._mark()


def ready_error(scene: Any, code: int, mod: int) -> None:
    mid_scroll(scene.column)


def ready_leave(scene: Any, code: int, mod: int) -> None:
    pass  # opens on Stay: every key leaves, stays or moves to Leave


def ready_guide(scene: Any, code: int, mod: int) -> None:
    scene.go(1)  # a step with one before it, for ←


@dataclass(frozen=True)
class Screen:
    build: Callable[[App, Games, Path], Scene]
    ready: Callable[[Any, int, int], None]  # the state in which the key pressed applies
    # What the number keys choose there (by index from 0): a number past them (or for a
    # closed choice) is let be, as "1, 2, 3 …" leads the player to expect.
    numbered: Callable[[Any], set[int]] | None = None


SCREENS: dict[str, Screen] = {
    "title": Screen(build_title, ready_title),
    "new-game": Screen(build_new_game, ready_new_game, lambda s: set(range(len(s.factions)))),
    "mods": Screen(build_mods, ready_mods),
    "event": Screen(
        build_event,
        ready_event,
        lambda s: {i for i, c in enumerate(s.choices) if c.problem is None},
    ),
    "journal": Screen(build_journal, ready_journal),
    "codex": Screen(build_codex, ready_codex, lambda s: set(range(len(s.also)))),
    "charts": Screen(build_charts, ready_charts, lambda s: set(range(len(s.groups)))),
    "ending": Screen(build_ending, ready_ending),
    "saveload": Screen(build_saveload, ready_saveload),
    "replay": Screen(build_replay, ready_replay),
    "settings": Screen(build_settings, ready_settings),
    "error": Screen(build_error, ready_error),
    "guide": Screen(build_guide, ready_guide),
    "leave": Screen(build_leave, ready_leave),
    "card": Screen(build_card, ready_card),
}


def observe(app: App, scene: Any) -> tuple[Any, ...]:
    """Everything a key on a page may change, whichever page it is."""
    seen: list[Any] = [tuple(id(s) for s in app.stack), app.running, app.fullscreen, app.settings]
    for name in (
        "selected",
        "level",
        "group",
        "line",
        "turn",
        "playing",
        "overlay",
        "seat",
        "pending",
        "status",
        "first",
        "seed_text",
        "index",
    ):
        seen.append(repr(getattr(scene, name, None)))
    focus = getattr(scene, "focus", None)
    seen.append(focus.index if isinstance(focus, Focus) else repr(focus))
    for name in ("column", "about", "article", "story", "timeline", "intro"):
        column = getattr(scene, name, None)
        seen.append(column.offset if isinstance(column, Column) else None)
    for name in ("name_entry", "seed_entry"):
        entry = getattr(scene, name, None)
        seen.append(None if entry is None else (entry.is_focused, entry.get_text()))
    seen.append(tuple(scene.shown_texts()))
    return tuple(seen)


@pytest.mark.usefixtures("_normal_text")
@pytest.mark.parametrize(
    ("screen", "label", "code", "mod"),
    [(name, *p) for name in SCREENS for p in presses(KEYS[name])],
)
def test_each_key_listed_for_a_screen_has_an_effect(
    app: App, games: Games, tmp_path: Path, screen: str, label: str, code: int, mod: int
) -> None:
    page = SCREENS[screen]
    scene = page.build(app, games, tmp_path)
    assert scene.name == screen
    exists = (
        code not in DIGITS or page.numbered is None or DIGITS.index(code) in page.numbered(scene)
    )
    page.ready(scene, code, mod)
    app.pump()
    before = observe(app, scene)
    app.feed([key(code, mod)])
    if exists:
        assert observe(app, scene) != before, f"{screen}: {label} did nothing"
    else:  # "1, 2, 3 …": a number with nothing to choose is let be
        assert observe(app, scene) == before, f"{screen}: {label} beyond the choices did something"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_f1_over_each_screen_lists_its_keys(
    app: App, games: Games, tmp_path: Path, screen: str
) -> None:
    scene = SCREENS[screen].build(app, games, tmp_path)
    app.feed([key(pygame.K_F1)])
    card = app.top
    assert isinstance(card, KeysScene) and card.under is scene
    assert card.title == f"Keys on {TITLES[screen]}"
    assert ("On " + TITLES[screen], KEYS[screen]) in card.sections
    assert card.sections[-1] == ("Everywhere", GLOBAL)
    app.feed([key(pygame.K_F1)])
    assert app.top is scene

"""Every page of the window outside the map, at three window sizes and three text sizes:
no text cut short, clipped out of reach, drawn over other text or widgets, or outside the
window (see tests/ui/layout.py for what is checked and how)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from game.forecast import Threat
from game.play import Game
from game.saves.replay import Loaded, load
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.scene import POP, Scene
from game.ui.scenes import (
    ShotRequest,
    all_ai,
    broken_scenario_messages,
    new_session,
    shot_stack,
    title_scene,
)
from game.ui.scenes.briefing import danger_card, report_card, roads_card
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.guide import GuideScene
from game.ui.scenes.journal import Column, JournalScene
from game.ui.scenes.keys import KeysScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.replay import ReplayScene
from game.ui.scenes.saveload import SaveLoadScene, describe_listed
from game.ui.scenes.settings import SettingsScene
from game.ui.settings import DEFAULTS
from tests.ui.events import key
from tests.ui.layout import draw, reachable, recording, scroll_through

SIZES = ((1024, 640), (1280, 720), (1920, 1080))
SCALES = (0.9, 1.0, 1.3)
SAVES = 14  # more than any window shows at once


@dataclasses.dataclass
class World:
    """The games the pages show, made once for the module (some play whole games)."""

    october: Scenario
    played: Session  # a dozen turns in
    early: Session  # four turns in: the journal (with a report a turn) is long enough
    ended: Session
    replay: Loaded
    saves: SaveStore
    errors: list[str]


@pytest.fixture(scope="module")
def world(october: Scenario, tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("layout-saves")
    store = SaveStore(folder)
    played = all_ai(new_session(october, 7, "bolsheviks"), 12)
    short = all_ai(new_session(october, 8, "bolsheviks"), 1)
    for n in range(SAVES - 3):
        store.save(short, f"a save named at some length number {n + 1}")
    store.autosave(played)
    ended = all_ai(new_session(october, 7, "bolsheviks"))
    store.autosave(ended)
    replay = load(SaveStore(folder).save(all_ai(Session(october, 9, player=None)), "all-ai"))
    # The newest, so at the top of the list: the longest name a save may have.
    store.save(short, "The longest name a save may have is sixty-four letters long. Abc")
    # Enough to scroll in any window, each told apart (the wheel's end is where nothing moves).
    errors = [f"{m} (copy {n})" for n in range(12) for m in broken_scenario_messages(october)]
    errors.append("and the last problem, at the very end of the list")
    early = all_ai(new_session(october, 7, "bolsheviks"), 4)
    return World(october, played, early, ended, replay, store, errors)


PAGES: dict[str, Callable[[World], list[Scene]]] = {
    "title": lambda w: [title_scene(w.october, 7, None, store=w.saves)],
    "new-game": lambda w: [NewGameScene(w.october, 7)],
    # Four turns: every line is scrolled through by the wheel, notch by notch.
    "journal": lambda w: [JournalScene(w.early)],
    "codex": lambda w: [CodexScene(w.october)],
    "charts": lambda w: [ChartsScene(w.played)],
    "ending": lambda w: [EndingScene(w.ended)],
    "load": lambda w: [SaveLoadScene(None, w.saves, "load", scenario=w.october)],
    "save": lambda w: [SaveLoadScene(w.played, w.saves, "save")],
    "replays": lambda w: [SaveLoadScene(None, w.saves, "replay", scenario=w.october)],
    "replay": lambda w: [ReplayScene(w.replay)],
    "settings": lambda w: [SettingsScene()],
    "error": lambda w: [ErrorScene("The scenario does not load", w.errors)],
    "keys": lambda w: _keys_over_title(w),
    "keys-on-the-map": lambda w: _keys_over_map(w),  # the longest list of keys
    "event": lambda w: shot_stack("event", ShotRequest(w.october, 7, "bolsheviks")),
    "report": lambda w: _over_played_map(w, lambda g: report_card(g.report(11), lambda: POP)),
    "endings": lambda w: _over_played_map(w, lambda g: roads_card(g.roads())),
    "warning": lambda w: _over_played_map(w, lambda g: danger_card(_threats(w, g), lambda: POP)),
}


def _over_played_map(w: World, card: Callable[[Game], Scene]) -> list[Scene]:
    """A card over the map of the game a dozen turns in."""
    the_map = MapScene(w.played)
    return [the_map, card(the_map.game)]


def _threats(w: World, game: Game) -> list[Threat]:
    """The threats of the ended game's last turn: at least one, whoever it favoured."""
    last = Session(w.ended.rules, w.ended.seed, player=w.ended.player)
    for record in w.ended.records[:-1]:
        last.apply(record.decisions)
    found = Game(last).threats()
    assert found, "the last turn of a game is threatened by its own ending"
    return found


def _map(w: World) -> Scene:
    (the_map,) = shot_stack("map", ShotRequest(w.october, 7, "bolsheviks"))
    return the_map


def _keys_over_map(w: World) -> list[Scene]:
    the_map = _map(w)
    return [the_map, KeysScene(the_map)]


def _keys_over_title(w: World) -> list[Scene]:
    title = title_scene(w.october, 7, None, store=w.saves)
    return [title, KeysScene(title)]


@pytest.fixture
def window() -> Iterator[Callable[[tuple[int, int], float], App]]:
    """A window at a size and text size, every font noting what it draws."""
    opened: list[App] = []

    def open_(size: tuple[int, int], scale: float) -> App:
        app = App(size, resizable=False, settings=DEFAULTS.with_(text_scale=scale))
        opened.append(app)
        return app

    with recording():
        yield open_
        for app in opened:
            app.close()
    theme.set_text_scale(1.0)


def show(app: App, scenes: list[Scene]) -> Scene:
    for scene in scenes:
        app.push(scene)
    app.pump()
    for _ in range(30):  # the save page draws its miniatures a frame at a time
        if app.top is None or not app.top.dirty:
            break
        app.render()
    assert app.top is not None
    return app.top


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("page", list(PAGES))
def test_no_text_is_cut_hidden_or_out_of_reach(
    window: Callable[[tuple[int, int], float], App],
    world: World,
    page: str,
    scale: float,
    size: tuple[int, int],
) -> None:
    app = window(size, scale)
    top = show(app, PAGES[page](world))
    frame = draw(app)
    assert frame.words(), "the page drew no text at all"
    assert frame.problems(scenes=[top.name]) == []
    assert reachable(app, frame, [top.name]) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_every_step_of_the_guide_shows_whole(
    window: Callable[[tuple[int, int], float], App],
    world: World,
    scale: float,
    size: tuple[int, int],
) -> None:
    app = window(size, scale)
    the_map = _map(world)
    guide = show(app, [the_map, GuideScene(the_map)])
    assert isinstance(guide, GuideScene)
    for step in range(len(guide.steps)):
        guide.go(step)
        frame = draw(app)
        last_word = guide.text().split()[-1]  # the callout's last line shows, whole
        assert any(line.endswith(last_word) for line in frame.whole())
        assert frame.problems(scenes=[guide.name]) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_the_event_card_lays_out_what_really_happened_and_hides_it_again(
    window: Callable[[tuple[int, int], float], App],
    world: World,
    scale: float,
    size: tuple[int, int],
) -> None:
    """H opens the history on a card already drawn: the card grows to hold it, its words
    under the title and its buttons on the card; H again closes it."""
    app = window(size, scale)
    card = show(app, PAGES["event"](world))
    assert isinstance(card, EventScene)
    plain = draw(app)
    for shown in (True, False):
        app.feed([key(pygame.K_h)])
        assert card.show_history == shown
        frame = draw(app)
        assert frame.problems(scenes=[card.name]) == []
        on_card = card.card_image(size)[0]
        assert all(on_card.contains(w.rect) for name, w in frame.widgets if name == card.name)
        assert card.title in frame.whole()
    assert [d.words for d in frame.drawn] == [d.words for d in plain.drawn]


def test_the_checks_catch_a_cut_title_and_text_out_of_reach(
    window: Callable[[tuple[int, int], float], App], world: World
) -> None:
    """The infrastructure itself: a page that cuts its words and scrolls nothing fails."""

    class Careless(Scene):
        name = "careless"

        def draw(self, surface: pygame.Surface) -> None:
            font = theme.font(20)
            surface.blit(font.render("Cut short…", True, theme.INK), (10, 10))
            surface.blit(
                font.render("Too far right", True, theme.INK), (surface.get_width() - 20, 60)
            )
            surface.blit(font.render("One", True, theme.INK), (10, 100))
            surface.blit(font.render("Two over one", True, theme.INK), (14, 104))
            surface.set_clip(pygame.Rect(10, 200, 200, 30))
            surface.blit(font.render("Half hidden, never scrolled", True, theme.INK), (10, 215))
            surface.set_clip(None)

    app = window((1024, 640), 1.0)
    show(app, [Careless()])
    frame = draw(app)
    problems = "\n".join(frame.problems())
    assert "cut short: 'Cut short…'" in problems
    assert "outside the window" in problems and "Too far right" in problems
    assert "over each other: 'One' and 'Two over one'" in problems
    assert reachable(app, frame) == [
        "never whole in (10, 200, 200, 30): 'Half hidden, never scrolled'"
    ]


def test_a_save_list_scrolled_by_the_wheel_reaches_its_last_save(
    window: Callable[[tuple[int, int], float], App], world: World, tmp_path: Path
) -> None:
    app = window((1024, 640), 1.3)
    page = show(app, PAGES["load"](world))
    assert isinstance(page, SaveLoadScene)
    last = page.entries[-1]
    title = describe_listed(last, page.names)[0]
    assert title not in draw(app).whole()
    frames = scroll_through(app, page.list_rect)
    assert len(frames) > 2 and title in frames[-1].whole()


# -- the wheel reaches the end of every list and long text -------------------------------------


def _last_line(column: Column) -> str:
    return next(line for _, line, _, _, _ in reversed(column.rows) if line.strip())


def _long_codex_entry(scene: Scene) -> Scene:
    """The codex on an entry longer than any window (the scenario's all fit at 1024x640),
    as a modder's might be: its text four times over, each copy told apart."""
    assert isinstance(scene, CodexScene)
    entry = scene.entries[0]
    text = "\n\n".join(f"{n}. {entry.text.strip()}" for n in range(1, 5))
    text += "\n\nHere the entry ends."
    scene.entries[0] = entry.model_copy(update={"text": text})
    scene._select(0)
    return scene


def _replay_mid_game(scene: Scene) -> Scene:
    assert isinstance(scene, ReplayScene)
    scene.seek(scene.turns // 2)
    return scene


# page -> (what to do to the page first, the area under the pointer, the last line there)
Wheeled = tuple[
    str,
    Callable[[Scene], Scene],
    Callable[[Scene], pygame.Rect],
    Callable[[Scene], str],
]
WHEELED: list[Wheeled] = [
    ("title", lambda s: s, lambda s: s.intro_rect, lambda s: _last_line(s.intro)),
    ("new-game", lambda s: s, lambda s: s.about_rect, lambda s: _last_line(s.about)),
    ("journal", lambda s: s, lambda s: s.rect, lambda s: _last_line(s.column)),
    ("codex", lambda s: s, lambda s: s.list_rect, lambda s: s.rows[-1][1]),
    (
        "codex",
        _long_codex_entry,
        lambda s: s.article_rect,
        lambda s: _last_line(s.article),
    ),
    ("ending", lambda s: s, lambda s: s.left, lambda s: _last_line(s.story)),
    ("ending", lambda s: s, lambda s: s.right, lambda s: _last_line(s.timeline)),
    ("replay", _replay_mid_game, lambda s: s.panel_rect, lambda s: _last_line(s.column)),
    ("error", lambda s: s, lambda s: s.rect, lambda s: _last_line(s.column)),
]


@pytest.mark.parametrize(
    ("page", "ready", "area", "last"),
    WHEELED,
    ids=[f"{w[0]}-{n}" for n, w in enumerate(WHEELED)],
)
def test_the_wheel_brings_the_last_line_of_each_long_text_into_view(
    window: Callable[[tuple[int, int], float], App],
    world: World,
    page: str,
    ready: Callable[[Scene], Scene],
    area: Callable[[Scene], pygame.Rect],
    last: Callable[[Scene], str],
) -> None:
    app = window((1024, 640), 1.3)  # the least room: everything here is longer than its view
    scene = ready(show(app, PAGES[page](world)))
    if page == "journal":  # it opens on the latest turn: go to the top first
        app.feed([key(pygame.K_HOME)])
    rect, words = area(scene), last(scene)
    assert words not in draw(app).whole(), "the text fits its view: nothing to scroll"
    frames = scroll_through(app, rect)
    assert words in frames[-1].whole()
    assert all(frames[n].drawn != frames[n + 1].drawn for n in range(len(frames) - 2))


# page -> (what to do to the page first, its long text)
DRAGGED: list[tuple[str, Callable[[Scene], Scene], Callable[[Scene], Column]]] = [
    ("title", lambda s: s, lambda s: s.intro),
    ("new-game", lambda s: s, lambda s: s.about),
    ("journal", lambda s: s, lambda s: s.column),
    ("codex", _long_codex_entry, lambda s: s.article),
    ("ending", lambda s: s, lambda s: s.story),
    ("ending", lambda s: s, lambda s: s.timeline),
    ("replay", _replay_mid_game, lambda s: s.column),
    ("error", lambda s: s, lambda s: s.column),
]


@pytest.mark.parametrize(
    ("page", "ready", "column"), DRAGGED, ids=[f"{d[0]}-{n}" for n, d in enumerate(DRAGGED)]
)
def test_dragging_a_scroll_bar_down_its_length_shows_the_last_line(
    window: Callable[[tuple[int, int], float], App],
    world: World,
    page: str,
    ready: Callable[[Scene], Scene],
    column: Callable[[Scene], Column],
) -> None:
    app = window((1024, 640), 1.3)
    scene = ready(show(app, PAGES[page](world)))
    text = column(scene)
    text.scroll(-text.height)  # from the top (the journal opens at its end)
    draw(app)
    bar = text.bar()
    assert bar is not None, "the text fits its view: no bar to drag"
    words = _last_line(text)
    assert words not in draw(app).whole()
    grab = (bar.centerx + 4, bar.top + 2)  # a little off the thin bar still takes it
    app.feed(
        [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=grab, button=1),
            pygame.event.Event(
                pygame.MOUSEMOTION, pos=(grab[0], bar.bottom + 40), rel=(0, 1), buttons=(1, 0, 0)
            ),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(grab[0], bar.bottom + 40), button=1),
        ]
    )
    assert text.offset == text.limit and not text.dragging
    assert words in draw(app).whole()


def _drag_down(app: App, bar: pygame.Rect) -> None:
    """Press on a bar's top, drag past its bottom, let go."""
    grab = (bar.centerx, bar.top + 2)
    below = (bar.centerx, bar.bottom + 40)
    app.feed(
        [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=grab, button=1),
            pygame.event.Event(pygame.MOUSEMOTION, pos=below, rel=(0, 1), buttons=(1, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=below, button=1),
        ]
    )


def test_dragging_the_save_lists_bar_down_shows_the_last_save(
    window: Callable[[tuple[int, int], float], App], world: World
) -> None:
    app = window((1024, 640), 1.3)
    page = show(app, PAGES["load"](world))
    assert isinstance(page, SaveLoadScene)
    bar = page.bar()
    assert bar is not None
    _drag_down(app, bar)
    assert page.first == len(page.entries) - page.rows_shown and not page.dragging
    title = describe_listed(page.entries[-1], page.names)[0]
    assert title in draw(app).whole()
    assert page.current is page.entries[0]  # the bar scrolls; it chooses nothing


def test_dragging_the_codex_lists_bar_down_shows_the_last_entry(
    window: Callable[[tuple[int, int], float], App], world: World
) -> None:
    app = window((1024, 640), 1.3)
    page = show(app, PAGES["codex"](world))
    assert isinstance(page, CodexScene)
    bar = page.list_bar()
    assert bar is not None
    _drag_down(app, bar)
    assert page.list_offset == page.list_height - page.list_rect.height
    assert page.rows[-1][1] in draw(app).whole() and page.selected == 0


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_question_before_overwriting_a_long_named_save_shows_whole(
    window: Callable[[tuple[int, int], float], App], world: World, size: tuple[int, int]
) -> None:
    app = window(size, 1.3)
    page = show(app, PAGES["save"](world))
    assert isinstance(page, SaveLoadScene)
    longest = "The longest name a save may have is sixty-four letters long. Abc"
    page.save(longest)  # the save of another game: the page asks first
    assert page.pending == ("overwrite", longest)
    frame = draw(app)
    assert frame.problems(scenes=[page.name]) == []
    shown = " ".join(d.words for d in frame.drawn if d.whole and d.box.top > page.list_rect.bottom)
    assert " ".join(page.status.split()) == " ".join(shown.split()[: len(page.status.split())])

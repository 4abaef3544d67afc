"""Whole games played through the window, as a player would: from the title screen to an
ending with synthetic keys and clicks only, saving and loading on the way, then the
game's replay watched and taken over.

The app runs headless (SDL_VIDEODRIVER=dummy); the assertions are on what the scenes
say they show (`shown_texts()`, headings, badges) and on the session behind the map,
never on pixels. The title is made as `run()` makes it: the real factory, with the
saves folder given afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pytest
from pygame_gui.elements import UIButton

from game.saves.store import SaveStore, autosave_name
from game.scenario.loader import Scenario
from game.ui.app import App, start_scene
from game.ui.scenes.briefing import DANGER_TITLE, REPORT_TITLE
from game.ui.scenes.card import TextCard
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.guide import GuideScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.replay import TICK, VERIFIED, ReplayScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.title import TitleScene
from tests.rawtext import raw_rule_text
from tests.ui.events import click, ctrl, key, typed

SEED = 1917  # typed into the new-game page: the same game every run
SAVE_AT = 5  # the turn the named save is made on
SAVE_NAME = "before the storm"
TAKE_OVER_AT = 3
MOST_TURNS = 300  # turns played before the test gives up on reaching an ending
DIGIT_KEYS = [getattr(pygame, f"K_{n}") for n in range(1, 10)]


def playable(scenario: Scenario) -> list[str]:
    return [f.id for f in scenario.model.factions if f.playable]


def _october() -> Scenario:
    from game.paths import default_scenario
    from game.scenario.loader import load_scenario

    return load_scenario(default_scenario())


FACTIONS = playable(_october())


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SaveStore:
    """The saves folder of this test, where the title looks and the games save.

    A game's map saves to the default folder whatever folder the title was given (see
    test_a_game_opened_from_the_title_saves_where_the_title_reads below), so the default
    is pointed here too, as it is when the player gives no --saves-dir."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("DUAL_POWER_SAVES", str(folder))
    return SaveStore(folder)


def open_title(
    app: App, scenario: Scenario, store: SaveStore, seed: int | None = None
) -> TitleScene:
    """The title as `game.ui.app.run` opens it: the real factory, then the saves folder,
    which the window keeps for every game opened in it."""
    title = start_scene("title", scenario, seed)
    assert isinstance(title, TitleScene)
    app.saves = store
    title.store = store
    title.selected = -1
    app.push(title)
    app.pump()
    return title


# -- playing by keys -------------------------------------------------------------------------


def the_map(app: App) -> MapScene:
    top = app.top
    assert isinstance(top, MapScene), f"expected the map on top, found {type(top).__name__}"
    return top


@dataclass
class Log:
    """What a game's driver did and read: the cards it answered, the orders it queued, the
    turns' reports and warnings, and every text a screen showed it that reads as rule
    source rather than words."""

    cards: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # each report card's heading
    warned: dict[int, str] = field(default_factory=dict)  # each warning's words, by turn
    raw: list[str] = field(default_factory=list)
    odds: int = 0  # texts shown with a chance in per cent

    def read(self, app: App) -> None:
        """Read the screen on top as the player would."""
        for text in app.top.shown_texts() if app.top is not None else []:
            found = raw_rule_text(text)
            if found is not None:
                self.raw.append(f"{type(app.top).__name__}: {found!r} in {text!r}")
            self.odds += bool(CHANCE.search(text))


CHANCE = re.compile(r"(?:\d{1,3}|<1|>99)% chance")


def between_turns(app: App, log: Log, *, by_mouse: bool = False) -> None:
    """The cards End turn may bring: a warning of an ending against the player (read, then
    the turn ended anyway) and the turn's report (read, then Continue)."""
    for _ in range(2):
        top = app.top
        if not isinstance(top, TextCard):
            return
        log.read(app)
        if top.title == DANGER_TITLE:
            under = app.stack[-2]
            assert isinstance(under, MapScene)
            log.warned[under.session.state.turn] = top.plain()
            if by_mouse:
                app.feed(click(top.buttons[1].rect.center))
            else:
                app.feed([key(pygame.K_RIGHT), key(pygame.K_RETURN)])
        elif top.title == REPORT_TITLE:
            log.reports.append(top.kicker)
            if by_mouse:
                app.feed(click(top.buttons[0].rect.center))
            else:
                app.feed([key(pygame.K_RETURN)])


def answer_events(app: App, log: Log) -> None:
    """Answer every event card on top with its first open choice's number key."""
    while isinstance(app.top, EventScene):
        card = app.top
        assert card.title in card.shown_texts()
        log.read(app)
        first = next(i for i, c in enumerate(card.choices) if c.problem is None)
        app.feed([key(DIGIT_KEYS[first])])
        assert app.top is not card, "a number key of an open choice closes the card"
        log.cards.append(card.title)


def opened(app: App, log: Log) -> MapScene:
    """The map of a game just opened (loaded, continued, taken over): a decision waiting
    this turn comes first, on its card over the map, and is answered here."""
    under = next(s for s in reversed(app.stack) if isinstance(s, MapScene))
    waiting = under.game.next_event()
    if waiting is not None:
        assert isinstance(app.top, EventScene) and app.top.event is waiting
        answer_events(app, log)
    return the_map(app)


def queue_by_keys(app: App, scene: MapScene, log: Log) -> None:
    """Take the first open action with ↓ and Enter, and its first open target with Enter
    (nothing when no action is open). The focus is let go after, so Enter ends the turn."""
    first = next((i for i, row in enumerate(scene.rows) if row.reason is None), None)
    if first is None:
        return
    for _ in range(len(scene.rows) + 1):
        if scene.focus == first:
            break
        app.feed([key(pygame.K_DOWN)])
    assert scene.focus == first
    app.feed([key(pygame.K_RETURN)])
    if scene.targeting is not None:
        assert scene.target_prompt in scene.shown_texts()
        app.feed([key(pygame.K_RETURN)])  # the first open target has the focus
    assert scene.targeting is None, scene.status
    assert scene.status.startswith("Queued: "), scene.status
    label, effects = scene.queued_lines[-1]
    assert f"{label}: {effects}" in scene.shown_texts()
    if scene.focus is not None:
        app.feed([key(pygame.K_ESCAPE)])  # Esc lets the row go (a second Esc would leave)
    assert app.top is scene and scene.focus is None
    log.orders.append(label)


def play_a_turn_by_keys(app: App, log: Log) -> MapScene | EndingScene:
    """Queue an order if one is open, answer the cards, and end the turn with Enter;
    returns the map of the next turn, or the ending."""
    scene = the_map(app)
    played = len(scene.session.records)
    if not scene.book.queued:
        queue_by_keys(app, scene, log)
    log.read(app)
    for _ in range(10):  # Enter first brings up the cards waiting for a decision
        app.feed([key(pygame.K_RETURN)])
        answer_events(app, log)
        between_turns(app, log)
        answer_events(app, log)  # the next turn's, after its report
        if isinstance(app.top, EndingScene):
            return app.top
        if len(scene.session.records) > played:
            assert scene.status in scene.shown_texts()
            return the_map(app)
    raise AssertionError(f"the turn would not end: {scene.status}")


def heading_turn(scene: MapScene) -> str:
    """'Turn 5 of 22' from the map's heading."""
    return scene.heading.split(",")[0]


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("faction", FACTIONS)
def test_a_whole_game_by_keys_saved_loaded_ended_then_replayed_and_taken_over(
    app: App, october: Scenario, store: SaveStore, faction: str
) -> None:
    log = Log()
    title = open_title(app, october, store)
    assert not title.can_continue and title.menu[title.selected] == "New game"

    # -- the new-game page: the faction by its number, the default difficulty, a typed seed
    app.feed([key(pygame.K_n)])
    page = app.top
    assert isinstance(page, NewGameScene)
    index = [f.id for f in page.factions].index(faction)
    app.feed([key(DIGIT_KEYS[index])])
    assert page.faction.id == faction and page.faction.name in page.shown_texts()
    default_level = page.difficulty
    for _ in range(len(page.focus.parts)):
        if page.focus.part == "seed":
            break
        app.feed([key(pygame.K_TAB)])
    assert page.focus.part == "seed" and page.seed_entry is not None
    assert page.seed_entry.is_focused
    app.feed([ctrl(pygame.K_a), *typed(str(SEED))])  # over the random seed shown
    assert page.seed() == SEED and str(SEED) in page.shown_texts()
    assert page.faction.id == faction, "digits typed into the seed do not choose a faction"
    assert page.difficulty == default_level
    app.feed([key(pygame.K_RETURN)])

    # -- the guided first turn over the new map: Esc skips it
    assert isinstance(app.top, GuideScene)
    guide = app.top
    assert guide.counter in guide.shown_texts()
    app.feed([key(pygame.K_ESCAPE)])
    scene = opened(app, log)  # the first turn's decision, if one waits, once the guide goes
    session = scene.session
    assert (session.player, session.seed, session.state.turn) == (faction, SEED, 0)
    faction_name = next(f.name for f in october.model.factions if f.id == faction)
    assert faction_name in scene.shown_texts()
    assert heading_turn(scene) == f"Turn 1 of {len(october.model.calendar.turns)}"

    # -- turns to the named save
    while len(scene.session.records) < SAVE_AT - 1:
        after = play_a_turn_by_keys(app, log)
        assert isinstance(after, MapScene), "the game should last past the save"
        scene = after
    assert heading_turn(scene).startswith(f"Turn {SAVE_AT} of")
    app.feed([key(pygame.K_s)])
    save_page = app.top
    assert isinstance(save_page, SaveLoadScene) and save_page.mode == "save"
    assert save_page.name_entry is not None and save_page.name_entry.is_focused
    app.feed([*typed(SAVE_NAME), key(pygame.K_RETURN)])
    assert f"Saved as '{SAVE_NAME}'" in " ".join(save_page.shown_texts())
    assert SAVE_NAME in [e.name for e in save_page.entries]
    saved = (scene.session.state.turn, scene.session.state.digest(), scene.heading)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene
    app.feed([key(pygame.K_F5)])  # and the quicksave slot, for F9 below
    assert scene.status.startswith("Quicksaved") and scene.status in scene.shown_texts()

    # -- two more turns, then the save loaded back from the page
    for _ in range(2):
        after = play_a_turn_by_keys(app, log)
        assert isinstance(after, MapScene)
    assert scene.session.state.turn != saved[0] and scene.heading != saved[2]
    app.feed([key(pygame.K_s)])
    load_page = app.top
    assert isinstance(load_page, SaveLoadScene)
    app.feed([key(pygame.K_TAB)])  # from the name to the list
    assert load_page.name_entry is not None and not load_page.name_entry.is_focused
    for _ in range(len(load_page.entries)):
        if load_page.current is not None and load_page.current.name == SAVE_NAME:
            break
        app.feed([key(pygame.K_DOWN)])
    assert load_page.current is not None and load_page.current.name == SAVE_NAME
    app.feed([key(pygame.K_RETURN)])
    loaded = opened(app, log)
    assert loaded is not scene
    assert [type(s) for s in app.stack] == [TitleScene, MapScene]
    assert loaded.session.state.turn == saved[0]
    assert loaded.session.state.digest() == saved[1]
    assert loaded.heading == saved[2] and saved[2] in loaded.shown_texts()
    after = play_a_turn_by_keys(app, log)
    assert after is loaded and loaded.session.state.digest() != saved[1]
    app.feed([key(pygame.K_F9)])  # the quicksave made beside the named save
    quick = opened(app, log)
    assert quick is not loaded and quick.session.state.digest() == saved[1]
    assert quick.heading == saved[2]

    # -- and on to the ending
    ending: EndingScene | None = None
    for _ in range(MOST_TURNS):
        after = play_a_turn_by_keys(app, log)
        if isinstance(after, EndingScene):
            ending = after
            break
    assert ending is not None, "no ending within the cap"
    assert app.top is ending
    state = ending.session.state
    assert ending.session.over and state.ending is not None
    texts = ending.shown_texts()
    assert ending.session.rules.model.endings[state.ending].title in texts
    assert ending.verdict in texts and ending.verdict.endswith(f"for the {faction_name}")
    assert ending.score is not None and f"Score {ending.score.total}" in texts
    turns_played = len(ending.session.records)
    assert log.cards, "the game put decisions to the player, answered by number keys"
    assert len(log.orders) >= turns_played // 2, "orders were queued by keys most turns"
    # What the player read: a report after every turn but the last (the ending tells
    # that one), no rule source anywhere, odds before committing, and a warning before
    # an ending against them.
    assert len(log.reports) >= turns_played - 1
    assert log.raw == []
    assert log.odds > 0, "odds were shown as a chance in per cent"
    if not ending.won:  # the turn that ended it was warned of that very ending
        lost_to = ending.session.rules.model.endings[state.ending].title
        assert lost_to in log.warned.get(state.turn, ""), log.warned

    # -- back to the title the way the ending offers: Esc, from under the finished game
    app.feed([key(pygame.K_ESCAPE)])
    assert app.stack == [title] and app.running
    assert title.can_continue and title.buttons[0].is_enabled  # the game's saves are there

    # -- the replay of the game just played: the newest save, verified
    app.feed([key(pygame.K_r)])
    replays = app.top
    assert isinstance(replays, SaveLoadScene) and replays.mode == "replay"
    assert replays.current is not None
    assert replays.current.name == autosave_name(ending.session.game_id)
    row = " ".join(replays.shown_texts())
    # As the ending page has it: the turns the game lasted, and its ending.
    assert f"ended after {turns_played} turns" in row and ending.title in row
    app.feed([key(pygame.K_RETURN)])
    viewer = app.top
    assert isinstance(viewer, ReplayScene)
    assert viewer.badge == VERIFIED and VERIFIED in viewer.shown_texts()
    assert viewer.turns == turns_played and viewer.turn == 0
    start_heading = viewer.heading
    assert start_heading.startswith("Before the first turn")
    app.feed([key(pygame.K_RIGHT)])
    assert viewer.turn == 1 and viewer.heading.startswith("Turn 1:")
    assert "What each side decided" in viewer.shown_texts()
    app.feed([key(pygame.K_LEFT)])
    assert viewer.turn == 0 and viewer.heading == start_heading
    app.feed([key(pygame.K_END)])
    assert viewer.turn == turns_played
    assert f"Turn {turns_played} of {turns_played}" in viewer.shown_texts()
    app.feed([key(pygame.K_HOME)])
    assert viewer.turn == 0 and viewer.heading == start_heading
    app.feed([key(pygame.K_SPACE)])  # play: a beat of the timer shows the next turn
    assert viewer.playing and "Pause" in viewer.shown_texts()
    app.feed([pygame.event.Event(TICK)])
    assert viewer.turn == 1 and viewer.heading.startswith("Turn 1:")
    app.feed([key(pygame.K_SPACE)])
    assert not viewer.playing and "Play" in viewer.shown_texts()
    app.feed([key(pygame.K_HOME)])
    assert viewer.turn == 0

    # -- taken over at turn 3, by keys: → three times, ↓ to the button, Enter
    app.feed([key(pygame.K_RIGHT)] * TAKE_OVER_AT)
    assert viewer.turn == TAKE_OVER_AT and viewer.heading.startswith(f"Turn {TAKE_OVER_AT}:")
    assert viewer.take_button is not None and viewer.take_button.is_enabled
    for _ in range(len(viewer.controls)):
        if viewer.controls[viewer.focus] is viewer.take_button:
            break
        app.feed([key(pygame.K_DOWN)])
    assert viewer.controls[viewer.focus] is viewer.take_button
    expected = viewer.loaded.seek(TAKE_OVER_AT).digest()
    app.feed([key(pygame.K_RETURN)])
    taken = the_map(app)
    assert [type(s) for s in app.stack] == [TitleScene, MapScene]
    assert taken.session.player == faction
    assert taken.session.state.digest() == expected
    assert len(taken.session.records) == TAKE_OVER_AT
    assert heading_turn(taken).startswith(f"Turn {TAKE_OVER_AT + 1} of")
    turn_before = taken.session.state.turn
    after = play_a_turn_by_keys(app, log)
    assert after is taken and len(taken.session.records) == TAKE_OVER_AT + 1
    assert taken.session.state.turn > turn_before
    assert heading_turn(taken).startswith(f"Turn {TAKE_OVER_AT + 2} of")


# -- playing by mouse --------------------------------------------------------------------------


def district_point(app: App, scene: MapScene, region: int) -> tuple[int, int]:
    """A point of the window inside the district: its label's, or else one found in its box."""
    area = scene.map_rect(app.size)
    scene.view.fit(area.size)
    x, y = scene.view.to_screen(scene.view.labels[region])
    points = [(area.left + round(x), area.top + round(y))]
    box = scene.region_rect(region, app.size)
    points += [
        (box.left + box.width * i // 8, box.top + box.height * j // 8)
        for i in range(1, 8)
        for j in range(1, 8)
    ]
    for px, py in points:
        if scene.view.region_at((px - area.left, py - area.top)) == region:
            return (px, py)
    raise AssertionError(f"no point of {scene.view.names[region]} found to click")


def queue_by_mouse(app: App, scene: MapScene) -> tuple[str, bool]:
    """Click the first open action aimed at a district (else the first open one), then its
    first open district on the map (or target in the list); returns the order queued and
    whether a district was clicked for it."""
    shown = [
        i for i, row in enumerate(scene.rows) if row.reason is None and scene.row_rects[i].width
    ]
    assert shown, "an open action is in view"
    on_map = [i for i in shown if scene.rows[i].action.spec.target in ("region", "group_region")]
    row = (on_map or shown)[0]
    queued = len(scene.book.queued)
    app.feed(click(scene.row_rects[row].center))
    t = scene.targeting
    if t is not None and t.on_map:
        assert "Click an open district on the map." in scene.shown_texts()
        region = scene.open_regions()[0]
        app.feed(click(district_point(app, scene, region)))
    elif t is not None:
        app.feed(click(scene.target_rects[0].center))
    assert scene.targeting is None and len(scene.book.queued) == queued + 1, scene.status
    label, effects = scene.queued_lines[-1]
    assert f"{label}: {effects}" in scene.shown_texts()
    return label, t is not None and t.on_map


def end_turn_by_mouse(app: App, log: Log) -> MapScene:
    """Click End turn, and the first open choice of every card that comes up."""
    scene = the_map(app)
    played = len(scene.session.records)
    for _ in range(10):
        assert scene.end_turn is not None and scene.end_turn.is_enabled
        app.feed(click(scene.end_turn.rect.center))
        for _ in range(2):  # the cards before the turn, then those of the next one
            while isinstance(app.top, EventScene):
                card = app.top
                first = next(i for i, c in enumerate(card.choices) if c.problem is None)
                assert card.buttons[first].is_enabled
                app.feed(click(card.buttons[first].rect.center))
                assert app.top is not card
                log.cards.append(card.title)
            between_turns(app, log, by_mouse=True)
        if len(scene.session.records) > played:
            return the_map(app)
    raise AssertionError(f"the turn would not end: {scene.status}")


def row_point(page: SaveLoadScene, name: str) -> tuple[int, int]:
    """The middle of a save's row in the list (scrolled into view)."""
    index = [e.name for e in page.entries].index(name)
    assert page.first <= index < page.first + page.rows_shown
    top = page.list_rect.top + (index - page.first) * page.row_h
    return (page.list_rect.centerx, top + page.row_h // 2)


def test_a_few_turns_by_mouse_with_a_save_made_and_loaded_back_by_clicks(
    app: App, october: Scenario, store: SaveStore
) -> None:
    faction = FACTIONS[0]
    log = Log()
    title = open_title(app, october, store, seed=SEED)  # as `play --seed 1917` opens it
    app.feed(click(title.buttons[title.menu.index("New game")].rect.center))
    page = app.top
    assert isinstance(page, NewGameScene) and page.start_button is not None
    index = [f.id for f in page.factions].index(faction)
    app.feed(click(page.buttons[index].rect.center))
    assert page.faction.id == faction and page.seed() == SEED
    app.feed(click(page.start_button.rect.center))
    guide = app.top
    assert isinstance(guide, GuideScene) and guide.skip_button is not None
    app.feed(click(guide.skip_button.rect.center))
    scene = the_map(app)
    assert (scene.session.player, scene.session.seed) == (faction, SEED)

    on_the_map = 0
    for _ in range(8):  # a few turns, until a card has been answered by a click
        label, clicked_district = queue_by_mouse(app, scene)
        log.orders.append(label)
        on_the_map += clicked_district
        scene = end_turn_by_mouse(app, log)
        if log.cards and len(scene.session.records) >= 3:
            break
    assert log.cards, "a decision came to the player and was answered by a click"
    assert on_the_map, "an order was aimed by clicking a district on the map"

    # The save page, by the map's Save button, then clicks.
    app.feed(click(page_button(scene, "Save").rect.center))
    save_page = app.top
    assert isinstance(save_page, SaveLoadScene) and save_page.save_button is not None
    assert save_page.name_entry is not None
    app.feed(click(save_page.name_entry.rect.center))
    app.feed(typed("by mouse"))  # a name is typed; everything else is a click
    app.feed(click(save_page.save_button.rect.center))
    assert "Saved as 'by mouse'" in " ".join(save_page.shown_texts())
    saved = (scene.session.state.digest(), scene.heading)
    assert save_page.back_button is not None
    app.feed(click(save_page.back_button.rect.center))
    assert app.top is scene

    queue_by_mouse(app, scene)
    scene = end_turn_by_mouse(app, log)
    assert scene.heading != saved[1]

    app.feed(click(page_button(scene, "Save").rect.center))
    load_page = app.top
    assert isinstance(load_page, SaveLoadScene)
    app.feed(click(row_point(load_page, "by mouse")))
    assert load_page.current is not None and load_page.current.name == "by mouse"
    assert load_page.load_button is not None and load_page.load_button.is_enabled
    app.feed(click(load_page.load_button.rect.center))
    loaded = the_map(app)
    assert loaded is not scene and [type(s) for s in app.stack] == [TitleScene, MapScene]
    assert loaded.session.state.digest() == saved[0]
    assert loaded.heading == saved[1] and saved[1] in loaded.shown_texts()


# -- the mouse reaches every page, and games save where the window was told -----------------------------------------


def page_button(scene: MapScene, label: str) -> UIButton:
    return next(b for b in scene.page_buttons if b.text == label)


def test_the_save_page_can_be_reached_from_the_map_by_mouse(
    app: App, october: Scenario, store: SaveStore
) -> None:
    from game.session import Session

    scene = MapScene(Session(october, SEED, player=FACTIONS[0]), store)
    app.push(scene)
    app.pump()
    buttons = [w for w in scene.widgets if isinstance(w, UIButton) and w is not scene.end_turn]
    for button in buttons:
        app.feed(click(button.rect.center))
        if isinstance(app.top, SaveLoadScene):
            break
        while app.top is not scene and len(app.stack) > 1:  # a page it opened: close it
            app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, SaveLoadScene)


def _map_by(route: str, app: App, october: Scenario, store: SaveStore) -> MapScene:
    """A game's map opened from a title given `store`, the way `route` says."""
    from game.session import Session

    game = Session(october, SEED, player=FACTIONS[0])
    game.play_turn(game.ai_orders(FACTIONS[0]))
    store.save(game, "mine")
    title = open_title(app, october, store, seed=SEED)
    if route == "new game":
        app.feed([key(pygame.K_n), key(pygame.K_RETURN), key(pygame.K_ESCAPE)])  # no guide
    elif route == "continue":
        app.feed([key(pygame.K_c)])
    elif route == "load":
        app.feed([key(pygame.K_l), key(pygame.K_RETURN)])
    else:
        app.feed([key(pygame.K_r), key(pygame.K_RETURN)])  # the replay of "mine"
        viewer = app.top
        assert isinstance(viewer, ReplayScene) and viewer.take_button is not None
        app.feed([key(pygame.K_END), *click(viewer.take_button.rect.center)])
    assert app.stack[0] is title
    return opened(app, Log())


@pytest.mark.parametrize(
    "route",
    [
        "new game",
        "continue",
        "load",
        "take over",
    ],
)
def test_a_game_opened_from_the_title_saves_where_the_title_reads(
    app: App, october: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    """`play --saves-dir DIR` gives the title DIR (run(saves=...)); a game opened from it
    must autosave there too, not into the default folder, or Continue and Replays miss it."""
    elsewhere = tmp_path / "default"
    monkeypatch.setenv("DUAL_POWER_SAVES", str(elsewhere))
    store = SaveStore(tmp_path / "chosen")
    scene = _map_by(route, app, october, store)
    play_a_turn_by_keys(app, Log())
    assert scene.store.folder == store.folder
    assert store.path(autosave_name(scene.session.game_id)).is_file() and not elsewhere.exists()


def test_a_quickloaded_game_keeps_saving_where_it_did(
    app: App, october: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.session import Session

    elsewhere = tmp_path / "default"
    monkeypatch.setenv("DUAL_POWER_SAVES", str(elsewhere))
    store = SaveStore(tmp_path / "chosen")
    app.push(MapScene(Session(october, SEED, player=FACTIONS[0]), store))
    app.pump()
    app.feed([key(pygame.K_F5), key(pygame.K_F9)])
    assert store.path("quicksave").is_file()
    scene = the_map(app)
    play_a_turn_by_keys(app, Log())
    assert scene.store.folder == store.folder and not elsewhere.exists()

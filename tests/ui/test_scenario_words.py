"""A scenario about somewhere else never shows the October scenario's words: the window's
own wording is neutral, and whatever belongs to one scenario (a city, a year) comes from
that scenario's `texts:`, with fallbacks made of the scenario's own title."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pygame_gui.elements import UIButton

from game.describe import both_styles
from game.saves.store import SaveStore
from game.scenario.loader import Scenario, load_scenario
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes import SCENES, ShotRequest, all_ai, new_session, shot_stack
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.title import TitleScene, spaced
from tests.conftest import MINI
from tests.ui.layout import draw, recording

OCTOBER_WORDS = re.compile(r"petrograd|1917|october|bolshevik", re.IGNORECASE)


def october_words(words: str) -> bool:
    """Whether the words name October, also when set in spaced capitals (P E T R O ...)."""
    return bool(OCTOBER_WORDS.search(words) or OCTOBER_WORDS.search(re.sub(r"\s+", "", words)))


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """The mini scenario moved to the spring of 1871: nothing in it names October."""
    folder = tmp_path_factory.mktemp("elsewhere")
    for path in MINI.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("1917-10-", "1871-03-")
        (folder / path.name).write_text(text, encoding="utf-8")
    scenario = load_scenario(folder)
    # The premise: any October word on a page came from the window, not the scenario.
    assert not OCTOBER_WORDS.search(json.dumps(scenario.model.model_dump(mode="json")))
    return scenario


def _saves(scenario: Scenario, folder: Path) -> SaveStore:
    store = SaveStore(folder)
    store.save(all_ai(new_session(scenario, 3, None), 2), "a game in spring")
    return store


PAGES: dict[str, Callable[[Scenario, Path], list[Scene]]] = {
    **{
        name: (lambda s, _, make=make: [make(s, 3, None)])
        for name, make in SCENES.items()
        if name not in ("load", "settings")
    },
    "load": lambda s, folder: [SaveLoadScene(None, _saves(s, folder), "load", scenario=s)],
    "save": lambda s, folder: [
        SaveLoadScene(all_ai(new_session(s, 3, None), 1), _saves(s, folder), "save")
    ],
    "event": lambda s, _: shot_stack("event", ShotRequest(s, 3, "reds")),
}


def _everything_said(app: App) -> list[str]:
    """What the window draws, what its scenes hold as shown, and the widgets' words."""
    said = draw(app).words()
    for scene in app.stack:
        said += scene.shown_texts()
        for widget in scene.widgets:
            said += [getattr(widget, "text", "") or "", getattr(widget, "tool_tip_text", "") or ""]
            if hasattr(widget, "html_text"):
                said.append(widget.html_text)
    return [words for words in said if words]


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_shows_october_words_for_a_scenario_set_elsewhere(
    page: str, elsewhere: Scenario, tmp_path: Path
) -> None:
    with recording():
        app = App((1280, 720))
        try:
            for scene in PAGES[page](elsewhere, tmp_path):
                app.push(scene)
            said = _everything_said(app)
        finally:
            app.close()
    assert said, "the page drew nothing"
    assert [words for words in said if october_words(words)] == []


def test_the_pages_fall_back_on_the_scenarios_own_title(elsewhere: Scenario) -> None:
    title = elsewhere.model.scenario.title
    assert title in CodexScene(elsewhere).shown_texts()
    assert title in NewGameScene(elsewhere, 3).shown_texts()
    ending = EndingScene(new_session(elsewhere, 3, None))
    assert "Your game beside history" in ending.shown_texts()
    assert "In history" in ending.shown_texts()


def test_the_october_scenario_words_its_pages_from_its_texts(
    october: Scenario, tmp_path: Path
) -> None:
    texts = october.model.texts
    assert texts["masthead"] in CodexScene(october).shown_texts()
    assert texts["masthead"] in NewGameScene(october, 3).shown_texts()
    store = SaveStore(tmp_path)
    assert texts["masthead"] in SaveLoadScene(None, store, scenario=october).shown_texts()
    ending = EndingScene(new_session(october, 3, None))
    assert {texts["beside_history"], texts["in_history"]} <= set(ending.shown_texts())
    with recording():
        app = App((1280, 720))
        try:
            app.push(TitleScene(october, lambda: app.stack[0]))
            drawn = draw(app).words()
        finally:
            app.close()
    assert spaced(texts["masthead"]) == "P E T R O G R A D     ·     1 9 1 7"
    assert spaced(texts["masthead"]) in drawn


def test_a_calendar_of_one_style_shows_its_dates_alone() -> None:
    day = dt.date(1871, 3, 18)
    assert both_styles(day, 0) == "18 March 1871"
    assert both_styles(day, 12) == "18 March 1871 (30 March New Style)"


def test_the_event_cards_history_button_names_no_year(october: Scenario) -> None:
    with recording():
        app = App((1280, 720))
        try:
            for scene in shot_stack("event", ShotRequest(october, 7, "bolsheviks")):
                app.push(scene)
            card = app.top
            assert isinstance(card, EventScene) and card.history_button is not None
            tip = card.history_button.tool_tip_text
            buttons = [w.text for w in card.widgets if isinstance(w, UIButton)]
        finally:
            app.close()
    assert not october_words(tip) and "What really happened" in buttons

"""The ending page of a finished game."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.engine.score import explain, score
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.ending import EndingScene, first_sentence
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.title import TitleScene
from game.ui.settings import DEFAULTS
from tests.ui.events import click, key


def shift_tab() -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
    )


@pytest.fixture(scope="module")
def finished(october: Scenario) -> Session:
    return all_ai(Session(october, 5, player="bolsheviks"))


def test_the_ending_shows_its_title_epilogue_history_and_the_players_result(
    app: App, finished: Session
) -> None:
    scene = EndingScene(finished)
    app.push(scene)
    ending = finished.rules.model.endings[finished.state.ending]
    texts = scene.shown_texts()
    assert ending.title in texts
    assert ending.epilogue.strip() in texts
    assert "What really happened" in texts
    won = "bolsheviks" in ending.winners
    assert scene.won is won
    assert ("Victory for the Bolsheviks" if won else "Defeat for the Bolsheviks") in texts
    assert f"Ended after {scene.turns} turns" in texts


def test_a_faction_that_is_not_among_the_winners_lost(october: Scenario, app: App) -> None:
    session = all_ai(Session(october, 5, player="government"))
    scene = EndingScene(session)
    app.push(scene)
    winners = session.rules.model.endings[session.state.ending].winners
    assert scene.won is ("government" in winners)
    assert any(t.startswith("Defeat" if not scene.won else "Victory") for t in scene.shown_texts())


def test_the_ending_shows_the_score_and_its_breakdown(app: App, finished: Session) -> None:
    scene = EndingScene(finished)
    app.push(scene)
    rules = finished.rules
    expected = score(rules, finished.state, rules.faction_index["bolsheviks"])
    texts = scene.shown_texts()
    assert f"Score {expected.total}" in texts
    assert f"Your score: {expected.total}" in texts
    lines = explain(rules, finished.state, rules.faction_index["bolsheviks"])
    assert [line.points for line in lines[:-1]] == [part.points for part in expected.parts]
    for line in lines[:-1]:  # every part explained in words, beside its points
        assert line.text in texts
        assert str(line.points) in texts


def test_your_october_stands_beside_history_in_date_order(finished: Session) -> None:
    scene = EndingScene(finished)
    rows = scene.beside_rows()
    dated = [e for e in finished.rules.model.events if e.date is not None and e.choices]
    assert len(rows) == len(dated)
    order = sorted(dated, key=lambda e: e.date or 0)
    assert [r.title for r in rows] == [e.title for e in order]
    by_title = {e.title: e for e in dated}
    for row in rows:
        event = by_title[row.title]
        assert row.history == first_sentence(event.history)
        fired = finished.state.fired[[e.id for e in finished.rules.model.events].index(event.id)]
        assert row.happened == bool(fired)
        if not row.happened:
            assert row.this_game == "It never came to this."
    mine = [r for r in rows if r.mine]
    assert mine and all(r.this_game.split(". ", 1)[1].startswith("You chose: ") for r in mine)
    # The choice shown is the one the session recorded.
    row = mine[0]
    event = by_title[row.title]
    taken = next(
        r.decisions["bolsheviks"].choice_for(event.id)
        for r in finished.records
        if r.decisions["bolsheviks"].choice_for(event.id)
    )
    assert row.this_game.endswith(next(c.text for c in event.choices if c.id == taken))
    assert row.this_game in scene.shown_texts() and row.history in scene.shown_texts()


def test_the_first_sentence_of_a_note() -> None:
    assert first_sentence("On 3 September the CEC met. It voted.") == "On 3 September the CEC met."
    assert first_sentence('Lenin wrote "Marxism and Insurrection". Nobody acted.') == (
        'Lenin wrote "Marxism and Insurrection".'
    )
    assert first_sentence("No full stop") == "No full stop"
    assert first_sentence("It opened at 10:40 p.m. on 25 October.") == (
        "It opened at 10:40 p.m. on 25 October."
    )


def test_the_ending_opens_the_journal_and_goes_back_to_a_new_game(
    app: App, finished: Session, october: Scenario
) -> None:
    bottom = JournalScene(finished)  # stands in for the title under the game
    app.push(bottom)
    app.push(EndingScene(finished))
    app.feed([key(pygame.K_j)])
    assert isinstance(app.top, JournalScene) and app.top is not bottom
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, EndingScene)
    app.feed([key(pygame.K_RIGHT)])  # from New game to Quit and back
    app.feed([key(pygame.K_LEFT)])
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)
    assert app.stack == [bottom, app.top]


def test_escape_on_the_ending_quits_when_no_title_is_behind_it(app: App, finished: Session) -> None:
    app.push(JournalScene(finished))  # the window opened straight on a game: no title
    scene = EndingScene(finished)
    app.push(scene)
    assert "Title" not in scene.labels and "Title" not in scene.shown_texts()
    app.feed([key(pygame.K_t)])  # no title to go back to
    assert app.top is scene and app.running
    app.feed([key(pygame.K_ESCAPE)])
    assert not app.running


def over_a_game(app: App, october: Scenario, finished: Session) -> tuple[TitleScene, EndingScene]:
    """The title, a game's map over it, and the ending over that: as a game ends in play."""
    title = TitleScene(october, lambda: NewGameScene(october))
    app.push(title)
    app.push(MapScene(finished))
    scene = EndingScene(finished)
    app.push(scene)
    return title, scene


def test_escape_on_the_ending_goes_back_to_the_title_under_the_game(
    app: App, october: Scenario, finished: Session
) -> None:
    title, _ = over_a_game(app, october, finished)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.stack == [title] and app.running
    assert all(b.visible for b in title.buttons)  # uncovered: its menu takes clicks again


def test_the_title_button_and_t_go_back_to_the_title_and_q_still_quits(
    app: App, october: Scenario, finished: Session
) -> None:
    title, scene = over_a_game(app, october, finished)
    assert scene.labels == ("Journal", "Charts", "New game", "Title", "Quit")
    button = scene.buttons[scene.labels.index("Title")]
    app.feed(click(button.rect.center))
    assert app.stack == [title]
    _, scene = over_a_game(app, october, finished)
    app.feed([key(pygame.K_t)])
    assert app.stack == [title]
    _, scene = over_a_game(app, october, finished)
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RETURN)])  # from New game to Title
    assert app.stack == [title]
    _, scene = over_a_game(app, october, finished)
    app.feed([key(pygame.K_q)])
    assert not app.running


def test_new_game_from_an_ironman_ending_offers_ironman_again(
    app: App, october: Scenario, finished: Session
) -> None:
    title, _ = over_a_game(app, october, finished)
    finished.ironman = True
    try:
        app.feed([key(pygame.K_n)])
    finally:
        finished.ironman = False
    page = app.top
    assert isinstance(page, NewGameScene) and page.ironman
    assert app.stack == [title, page]


def test_every_part_of_the_ending_is_reached_and_used_by_keys_alone(
    app: App, finished: Session, october: Scenario
) -> None:
    bottom = JournalScene(finished)
    app.push(bottom)
    scene = EndingScene(finished)
    app.push(scene)
    assert scene.focus.part == "New game" and scene.buttons[2].is_selected
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "Quit" and scene.buttons[3].is_selected
    app.feed([key(pygame.K_TAB)])  # round to the story
    assert scene.focus.part == "story" and not any(b.is_selected for b in scene.buttons)
    app.feed([key(pygame.K_END)])
    assert scene.story.offset == scene.story.limit > 0 and scene.timeline.offset == 0
    app.feed([key(pygame.K_RIGHT)])  # the other column
    assert scene.focus.part == "history"
    app.feed([key(pygame.K_PAGEDOWN), key(pygame.K_DOWN)])
    assert scene.timeline.offset > 0
    app.feed([key(pygame.K_HOME)])
    assert scene.timeline.offset == 0
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "Journal"
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, JournalScene) and app.top is not bottom
    app.feed([key(pygame.K_ESCAPE)])
    app.feed([key(pygame.K_RIGHT)])
    assert scene.focus.part == "Charts"
    app.feed([key(pygame.K_SPACE)])
    assert isinstance(app.top, ChartsScene)
    app.feed([key(pygame.K_ESCAPE)])
    app.feed([shift_tab(), shift_tab()])
    assert scene.focus.part == "history"
    app.feed([key(pygame.K_h)])
    assert isinstance(app.top, ChartsScene)
    app.feed([key(pygame.K_h), key(pygame.K_n)])
    assert isinstance(app.top, NewGameScene)


def test_with_a_button_focused_page_down_scrolls_the_story_then_your_october(
    app: App, finished: Session
) -> None:
    scene = EndingScene(finished)
    app.push(scene)
    assert scene.story.limit > 0 and scene.timeline.limit > 0
    app.feed([key(pygame.K_END)])
    assert scene.story.offset == scene.story.limit and scene.timeline.offset == 0
    app.feed([key(pygame.K_PAGEDOWN)])
    assert scene.timeline.offset > 0


@pytest.mark.parametrize("size", [(1280, 720), (1024, 640), (800, 560)])
def test_the_ending_fits_its_columns_between_the_heading_and_the_buttons(
    finished: Session, size: tuple[int, int]
) -> None:
    window = App(size)
    try:
        scene = EndingScene(finished)
        window.push(scene)
        window.render()
        buttons = scene.buttons[0].rect.top
        assert scene.left.bottom < buttons and scene.right.bottom < buttons
        assert not scene.left.colliderect(scene.right)
        assert scene.buttons[-1].rect.right < size[0] - 18
    finally:
        window.close()


@pytest.mark.parametrize("scale", [1.0, 1.3])
@pytest.mark.parametrize("size", [(1280, 720), (1024, 640), (800, 560)])
def test_five_buttons_with_title_fit_in_a_row_with_their_words(
    october: Scenario, finished: Session, size: tuple[int, int], scale: float
) -> None:
    window = App(size, settings=DEFAULTS.with_(text_scale=scale))
    try:
        _, scene = over_a_game(window, october, finished)
        window.render()
        assert len(scene.buttons) == 5
        rects = [b.rect for b in scene.buttons]
        assert rects[0].left > 18 and rects[-1].right < size[0] - 18
        assert all(a.right < b.left for a, b in itertools.pairwise(rects))
        for button in scene.buttons:  # each label whole inside its button
            assert button.font is not None
            assert button.font.size(button.text)[0] < button.rect.width
    finally:
        window.close()
        theme.set_text_scale(1.0)


def test_the_ending_names_the_sources_of_what_really_happened(
    app: App, finished: Session
) -> None:
    scene = EndingScene(finished)
    app.push(scene)
    ending = finished.rules.model.endings[finished.state.ending]
    assert ending.sources, "every ending with a history note names its sources"
    shown = next(t for t in scene.shown_texts() if t.startswith("Sources: "))
    # Each source by its title; the citation key the scenario keeps for its fact sheet is not shown.
    for source in ending.sources:
        assert source.rsplit(" [", 1)[0] in shown
    assert "[" not in shown, shown

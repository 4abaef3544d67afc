"""The ending page of a finished game."""

from __future__ import annotations

import pygame
import pytest

from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.newgame import NewGameScene
from tests.ui.events import key


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


def test_your_october_lists_the_turns_dates_with_the_events_that_fired(
    finished: Session,
) -> None:
    rows = EndingScene(finished).timeline_rows()
    assert len(rows) == min(finished.state.turn, finished.rules.last_turn + 1)
    assert rows[0][0].startswith("28 August")
    fired = [title for _, events in rows for title in events]
    assert fired and fired[0] == finished.state.journal[0].text


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


def test_escape_on_the_ending_quits(app: App, finished: Session) -> None:
    app.push(EndingScene(finished))
    app.feed([key(pygame.K_ESCAPE)])
    assert not app.running


def test_page_down_scrolls_your_october_when_the_story_fits(app: App, finished: Session) -> None:
    scene = EndingScene(finished)
    app.push(scene)
    assert scene.story.limit == 0 and scene.timeline.limit > 0
    app.feed([key(pygame.K_PAGEDOWN)])
    assert scene.timeline.offset > 0

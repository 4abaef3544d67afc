"""The journal: the game's lines in order, under the dates of their turns."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from game.report import TurnReport, report_of_turn
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key


def shift_tab() -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
    )


@pytest.fixture(scope="module")
def played(october: Scenario) -> Session:
    return all_ai(Session(october, 11, player="bolsheviks"), 4)


def test_the_journal_shows_every_line_in_order_under_its_turns_date(
    app: App, played: Session
) -> None:
    scene = JournalScene(played)
    app.push(scene)
    texts = scene.shown_texts()
    assert texts[0].startswith("Turn 1: 28 August 1917 (10 September New Style)")
    lines = [e.text for e in played.state.journal]
    at = 0
    for line in lines:  # each line found after the one before it
        at = next(i for i in range(at + 1, len(texts)) if texts[i].endswith(line))
    headings = [t for t in texts if t.startswith("Turn ")]
    assert len(headings) == len({e.turn for e in played.state.journal})
    assert all("New Style" in h for h in headings)


def test_the_journal_scrolls_with_keys_and_wheel_and_escape_closes_it(
    app: App, played: Session, october: Scenario
) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = JournalScene(played)
    app.push(scene)
    assert scene.column.limit > 0  # four turns do not fit on one page
    assert scene.column.offset == scene.column.limit  # it opens on the latest turn
    app.feed([key(pygame.K_HOME)])
    assert scene.column.offset == 0
    app.feed([key(pygame.K_DOWN)])
    stepped = scene.column.offset
    assert stepped > 0
    app.feed([key(pygame.K_PAGEDOWN)])
    assert scene.column.offset > stepped
    app.feed([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)])
    assert scene.column.offset < scene.column.limit
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is under


def test_an_empty_journal_says_so(app: App, october: Scenario) -> None:
    session = Session(october, 1, player="bolsheviks")
    session.state = dataclasses.replace(session.state, journal=())
    scene = JournalScene(session)
    app.push(scene)
    assert scene.shown_texts() == ["Nothing has been written in the journal yet."]


def test_keys_alone_reach_the_text_and_the_close_button(
    app: App, played: Session, october: Scenario
) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = JournalScene(played)
    app.push(scene)
    assert scene.focus.part == "text" and scene.close_button is not None
    assert not scene.close_button.is_selected
    app.feed([key(pygame.K_HOME), key(pygame.K_SPACE)])  # Space pages the text
    paged = scene.column.offset
    assert paged > 0
    app.feed([key(pygame.K_RETURN)])  # Enter on the text does nothing
    assert app.top is scene and scene.column.offset == paged
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "close" and scene.close_button.is_selected
    app.feed([key(pygame.K_HOME)])  # the text still scrolls from the button
    assert scene.column.offset == 0
    app.feed([shift_tab()])
    assert scene.focus.part == "text" and not scene.close_button.is_selected
    app.feed([shift_tab(), key(pygame.K_SPACE)])
    assert app.top is under


def test_the_close_button_closes_the_journal(app: App, played: Session, october: Scenario) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = JournalScene(played)
    app.push(scene)
    assert scene.close_button is not None
    app.feed(click(scene.close_button.rect.center))
    assert app.top is under


def test_the_journal_keeps_every_turns_report_under_that_turn(
    app: App, played: Session
) -> None:
    me = played.rules.faction_index["bolsheviks"]
    scene = JournalScene(played)
    app.push(scene)
    texts = scene.shown_texts()
    headings = [i for i, t in enumerate(texts) if t.startswith("Turn ")]
    assert len(played.records) == 4
    for index in range(len(played.records)):
        report = report_of_turn(played, index, me)
        start = headings[index]
        end = headings[index + 1] if index + 1 < len(headings) else len(texts)
        under = texts[start:end]
        assert "What the turn brought" in under
        for order in report.orders:
            assert f"Yours: {order.line()}" in under, order.line()
        for line in report.biggest:
            assert f"Most of all: {line}" in under


def test_the_journal_takes_the_reports_the_game_in_play_kept(app: App, played: Session) -> None:
    asked: list[int] = []
    me = played.rules.faction_index["bolsheviks"]

    def kept(index: int) -> TurnReport:
        asked.append(index)
        return report_of_turn(played, index, me)

    app.push(JournalScene(played, kept))
    assert asked == [0, 1, 2, 3]

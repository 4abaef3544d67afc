"""The codex: entries by category, chosen with keys or the mouse."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from game.scenario.loader import Scenario
from game.scenario.schema import CodexEntry
from game.ui.app import App
from game.ui.scenes.codex import CATEGORIES, CodexScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key


def shift_tab() -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
    )


@pytest.fixture
def codex(app: App, october: Scenario) -> CodexScene:
    app.push(TitleScene(october, lambda: TitleScene(october, lambda: app.stack[0])))
    scene = CodexScene(october)
    app.push(scene)
    return scene


def test_the_codex_lists_its_entries_by_category(codex: CodexScene, october: Scenario) -> None:
    assert len(codex.entries) == len(october.model.codex)
    order = list(CATEGORIES)
    assert [order.index(e.category) for e in codex.entries] == sorted(
        order.index(e.category) for e in codex.entries
    )
    assert "PEOPLE" in codex.shown_texts()


def test_arrow_down_shows_the_next_entrys_text(app: App, codex: CodexScene) -> None:
    assert codex.entries[0].text.strip() in codex.shown_texts()
    app.feed([key(pygame.K_DOWN)])
    assert codex.entry is codex.entries[1]
    assert codex.entries[1].text.strip() in codex.shown_texts()
    assert codex.entries[1].title in codex.article.texts()


def test_right_jumps_to_the_next_category_and_end_to_the_last_entry(
    app: App, codex: CodexScene
) -> None:
    app.feed([key(pygame.K_RIGHT)])
    assert codex.entry is not None and codex.entry.category != codex.entries[0].category
    app.feed([key(pygame.K_END)])
    assert codex.selected == len(codex.entries) - 1
    assert codex.list_offset > 0  # the list followed the selection


def test_clicking_an_entry_selects_it(app: App, codex: CodexScene) -> None:
    row = next(r for r in codex.rows if r[2] == 3)
    pos = (codex.list_rect.left + 30, codex.list_rect.top + row[0] - codex.list_offset + 5)
    app.feed(click(pos))
    assert codex.selected == 3
    assert codex.entries[3].text.strip() in codex.shown_texts()


def test_escape_closes_the_codex(app: App, codex: CodexScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene)


def test_keys_alone_reach_the_list_the_text_and_close(app: App, october: Scenario) -> None:
    long_entry = CodexEntry(
        id="long", title="A long entry", category="term", text="Words and words. " * 400
    )
    entries = [*october.model.codex, long_entry]
    longer = dataclasses.replace(october, model=october.model.model_copy(update={"codex": entries}))
    app.push(TitleScene(october, lambda: app.stack[0]))
    codex = CodexScene(longer)
    app.push(codex)
    assert codex.focus.part == "list" and codex.close_button is not None
    app.feed([key(pygame.K_PAGEDOWN)])
    assert codex.selected == 12
    app.feed([key(pygame.K_PAGEUP), key(pygame.K_HOME)])
    assert codex.selected == 0
    long = codex.entries.index(long_entry)
    app.feed([key(pygame.K_DOWN)] * long)
    assert codex.selected == long and codex.article.limit > 0  # an entry longer than the page
    app.feed([key(pygame.K_RETURN)])  # Enter goes to the entry's text
    assert codex.focus.part == "article"
    app.feed([key(pygame.K_DOWN)])
    assert codex.article.offset > 0 and codex.selected == long  # it scrolls, not chooses
    app.feed([key(pygame.K_END)])
    assert codex.article.offset == codex.article.limit
    app.feed([key(pygame.K_HOME), key(pygame.K_SPACE)])
    assert codex.article.offset > 0
    app.feed([key(pygame.K_RETURN)])  # and back to the list
    assert codex.focus.part == "list"
    app.feed([key(pygame.K_TAB), key(pygame.K_TAB)])
    assert codex.focus.part == "close" and codex.close_button.is_selected
    app.feed([shift_tab()])
    assert codex.focus.part == "article" and not codex.close_button.is_selected
    app.feed([key(pygame.K_RIGHT)])  # a category from the text too
    assert codex.entry is not None and codex.entry.category != codex.entries[long].category
    app.feed([key(pygame.K_TAB), key(pygame.K_RETURN)])
    assert isinstance(app.top, TitleScene)


def test_the_close_button_closes_the_codex(app: App, codex: CodexScene) -> None:
    assert codex.close_button is not None
    app.feed(click(codex.close_button.rect.center))
    assert isinstance(app.top, TitleScene)

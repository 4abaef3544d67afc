"""The codex: entries by category, chosen with keys or the mouse."""

from __future__ import annotations

import pygame
import pytest

from game.scenario.loader import Scenario
from game.ui.app import App
from game.ui.scenes.codex import CATEGORIES, CodexScene
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key


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

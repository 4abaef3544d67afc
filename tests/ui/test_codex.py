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
    app.feed([key(pygame.K_TAB)])
    if codex.also:  # the entry's See also comes between its text and Close
        assert codex.focus.part == "also"
        app.feed([key(pygame.K_TAB)])
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, TitleScene)


def test_the_close_button_closes_the_codex(app: App, codex: CodexScene) -> None:
    assert codex.close_button is not None
    app.feed(click(codex.close_button.rect.center))
    assert isinstance(app.top, TitleScene)


def entry_named(codex: CodexScene, title: str) -> int:
    return next(i for i, e in enumerate(codex.entries) if e.title == title)


def most_related(codex: CodexScene) -> int:
    """The entry that names the most others."""
    return max(range(len(codex.entries)), key=lambda i: len(codex.related(codex.entries[i])))


def test_see_also_names_the_entries_the_text_mentions_numbered(app: App, codex: CodexScene) -> None:
    codex._select(most_related(codex))
    assert len(codex.also) >= 3 and codex.selected not in codex.also
    texts = codex.shown_texts()
    assert "See also:" in texts
    for n, index in enumerate(codex.also, 1):
        assert f"{n} {codex.entries[index].title}" in texts
    assert len(codex.links) == len(codex.also)
    # Under the text, clear of it, and inside the entry's side of the page.
    assert all(codex.text_rect.contains(place) for place, _ in codex.links)
    assert all(place.top >= codex.article_rect.bottom for place, _ in codex.links)
    app.render()


def test_clicking_a_see_also_name_opens_that_entry(app: App, codex: CodexScene) -> None:
    codex._select(most_related(codex))
    place, target = codex.links[1]
    app.feed(click(place.center))
    assert codex.selected == target
    assert codex.entries[target].text.strip() in codex.shown_texts()
    assert codex.focus.part == "article"  # the new entry is there to be read
    top, bottom = codex._row_of(target)
    assert codex.list_offset <= top and bottom <= codex.list_offset + codex.list_rect.height


def test_tab_reaches_see_also_where_the_arrows_choose_and_enter_opens(
    app: App, codex: CodexScene
) -> None:
    start = most_related(codex)
    codex._select(start)
    also = list(codex.also)
    app.feed([key(pygame.K_TAB), key(pygame.K_TAB)])
    assert codex.focus.part == "also" and codex.link == 0
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RIGHT), key(pygame.K_LEFT)])
    assert codex.link == 1 and codex.selected == start  # choosing, not yet opening
    app.feed([key(pygame.K_DOWN)])
    assert codex.link == 2
    app.feed([key(pygame.K_RETURN)])
    assert codex.selected == also[2] and codex.focus.part == "article"


def test_a_number_opens_the_see_also_entry_with_it_from_anywhere(
    app: App, codex: CodexScene
) -> None:
    start = most_related(codex)
    codex._select(start)
    also = list(codex.also)
    assert codex.focus.part == "list"
    app.feed([key(pygame.K_2)])
    assert codex.selected == also[1]
    codex._select(start)
    app.feed([key(pygame.K_9)])  # a number with no name is let be
    assert codex.selected == start


def test_tab_passes_see_also_by_when_the_entry_names_no_other(app: App, codex: CodexScene) -> None:
    lonely = next((i for i, e in enumerate(codex.entries) if not codex.related(e)), None)
    if lonely is None:
        pytest.skip("every entry names another")
    codex._select(lonely)
    assert codex.links == [] and "See also:" not in codex.shown_texts()
    app.feed([key(pygame.K_TAB), key(pygame.K_TAB)])
    assert codex.focus.part == "close"
    app.feed([shift_tab(), shift_tab()])
    assert codex.focus.part == "list"


def test_a_title_wrapped_in_the_list_is_indented_on_its_second_line(
    app: App, codex: CodexScene
) -> None:
    """ "Committee for Struggle against / Counter-revolution" read as two entries."""
    wrapped = next(i for i in range(len(codex.entries)) if sum(r[2] == i for r in codex.rows) > 1)
    codex._select(wrapped + 1)  # not highlighted: ink on the page
    surface = app.render()
    rect = codex.list_rect
    ys = [y for y, _, index in codex.rows if index == wrapped]

    def first_ink(y: int) -> int:
        top = rect.top + y - codex.list_offset
        band = pygame.Rect(rect.left, top, rect.width - 20, 10)
        background = surface.get_at((rect.left + 2, top + 2))
        return min(
            x
            for x in range(band.left, band.right)
            for yy in range(band.top, band.bottom)
            if surface.get_at((x, yy)) != background
        )

    assert first_ink(ys[1]) >= first_ink(ys[0]) + codex._hang() // 2

"""The map's lists scroll: the wheel and the scroll bar reach the last action, target,
order and line of news, and what is reached can be clicked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pygame
import pytest

from game.engine.rules import Rules
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.map.scroll import ScrollList
from game.ui.settings import DEFAULTS
from tests.ui.events import click, end_turn, key, move


@pytest.fixture
def small() -> Iterator[App]:
    """The smallest window the game supports, with the largest text: every list overflows."""
    app = App((1024, 640), settings=DEFAULTS.with_(text_scale=1.3))
    yield app
    app.close()
    theme.set_text_scale(1.0)


@pytest.fixture
def scene(small: App, october: Scenario) -> MapScene:
    game = MapScene(Session(october, 7, player="bolsheviks"))
    small.push(game)
    small.pump()
    small.render()
    return game


def wheel(notches: int) -> pygame.event.Event:
    """The wheel turned: up is positive, as SDL counts."""
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=notches, flipped=False)


def wheel_to_the_end(app: App, scene: MapScene, lst: ScrollList) -> None:
    app.feed([move(lst.view.center)])
    for _ in range(len(lst.heights)):
        app.feed([wheel(-1)])
        app.render()
    assert lst.first == lst.last_first() > 0


def row_of(scene: MapScene, action_id: str) -> int:
    return next(i for i, r in enumerate(scene.rows) if r.action.spec.id == action_id)


def test_the_wheel_reaches_the_last_action_and_it_can_be_clicked(
    small: App, scene: MapScene
) -> None:
    lst = scene.action_scroll
    assert lst.overflows and not scene.row_rects[-1].width  # out of reach before scrolling
    assert lst.bar().width and lst.thumb().top == lst.bar().top
    wheel_to_the_end(small, scene, lst)
    last = scene.row_rects[-1]
    assert last.width and lst.view.contains(last)
    assert lst.thumb().bottom == lst.bar().bottom  # the bar shows the end is reached
    small.feed(click(last.center))
    assert scene.status.startswith(scene.rows[-1].name)  # taken (or told why it is closed)
    small.feed([move(lst.view.center), wheel(len(lst.heights))])
    assert lst.first == 0  # and back up to the first


def test_the_wheel_reaches_the_last_target_and_clicking_it_queues_it(
    small: App, scene: MapScene
) -> None:
    scene.choose_action(row_of(scene, "barracks_agitation"))
    small.render()
    targets = scene.open_list_targets()
    assert len(targets) > 10 and not scene.target_rects[-1].width
    wheel_to_the_end(small, scene, scene.target_scroll)
    last = scene.target_rects[-1]
    assert last.width and scene.target_scroll.view.contains(last)
    small.feed(click(last.center))
    action, candidate = scene.book.queued[-1]
    assert action.spec.id == "barracks_agitation" and candidate == targets[-1]


def test_the_wheel_reaches_the_last_of_the_news(small: App, scene: MapScene) -> None:
    end_turn(small)  # a turn played: a week of news
    while isinstance(small.top, EventScene):
        choice = next(i for i, c in enumerate(small.top.choices) if c.problem is None)
        small.feed([key(getattr(pygame, f"K_{choice + 1}"))])
    small.render()
    lst = scene.news_scroll
    assert lst.overflows
    wheel_to_the_end(small, scene, lst)
    shown = [line.text for line, r in zip(scene.news_items, lst.rects(), strict=True) if r.width]
    last_words = scene.news[-1].split()[-1]
    assert any(last_words in text for text in shown)


@pytest.fixture
def crowded(small: App, october: Scenario) -> MapScene:
    """The map of a game whose rules allow eight orders a turn (as a mod may), the
    Bolsheviks rich enough for all of them, eight queued: too many to show at once."""
    rules = Rules(october)
    me = rules.faction_index["bolsheviks"]
    rules.actions_per_turn[me] = 8
    session = Session(rules, 7, player="bolsheviks")
    means = session.state.resources.copy()
    means[me] = 60
    session.state = dataclasses.replace(session.state, resources=means)
    game = MapScene(session)
    small.push(game)
    small.pump()
    for action in game.rules.actions:
        for candidate in range(len(action.candidates)):
            if len(game.book.queued) < 8:
                game.control.queue(action, candidate)
    assert len(game.book.queued) == 8
    small.render()
    return game


def test_the_wheel_reaches_the_last_order_and_its_cross_takes_it_back(
    small: App, crowded: MapScene
) -> None:
    scene = crowded
    assert scene.orders_scroll.overflows
    small.feed([move(scene.orders_scroll.view.center), wheel(100)])  # back up to the first
    small.render()
    assert scene.orders_scroll.first == 0 and not scene.remove_rects[-1].width
    wheel_to_the_end(small, scene, scene.orders_scroll)
    cross = scene.remove_rects[-1]
    assert cross.width
    last = scene.book.queued[-2]
    small.feed(click(cross.center))
    assert len(scene.book.queued) == 7 and scene.book.queued[-1] == last


def test_three_orders_show_by_name_without_scrolling_what_they_do_on_pointing(
    small: App, scene: MapScene
) -> None:
    """The smallest window, the largest text, three orders with long effects: every
    order's name shows whole, the effects that do not fit are left to the tooltip."""
    for action in ("print_paper", "denounce_compromisers", "mass_rally"):
        scene.choose_action(row_of(scene, action))
        if scene.targeting is not None:
            scene.target_enter()
    small.render()
    assert len(scene.book.queued) == 3 and scene.orders_scroll.first == 0
    shown = scene.orders_scroll.rects()
    for n, (label, effects) in enumerate(scene.queued_lines):
        names = [i for i, line in enumerate(scene.order_items) if line.owner == n]
        name = " ".join(
            scene.order_items[i].text for i in names if scene.order_items[i].font.get_bold()
        )
        assert name == label, "an order's name is cut or missing"
        assert all(shown[i].height == scene.order_items[i].height for i in names)
        small.feed([move(scene.queued_rects[n].center)])
        assert f"Will: {effects}" in scene.tip.texts()


def test_dragging_the_thumb_scrolls_and_clicking_the_bar_pages(small: App, scene: MapScene) -> None:
    lst = scene.action_scroll
    thumb = lst.thumb()
    small.feed(
        [
            move(thumb.center),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=thumb.center, button=1),
            pygame.event.Event(
                pygame.MOUSEMOTION,
                pos=(thumb.centerx, lst.bar().bottom + 50),
                rel=(0, 1),
                buttons=(1, 0, 0),
            ),
            pygame.event.Event(
                pygame.MOUSEBUTTONUP, pos=(thumb.centerx, lst.bar().bottom), button=1
            ),
        ]
    )
    assert lst.first == lst.last_first() and not lst.dragging
    small.feed(click((lst.bar().centerx, lst.bar().top + 2)))  # above the thumb: a page up
    assert 0 <= lst.first < lst.last_first()
    assert scene.targeting is None and not scene.book.queued  # the bar took the clicks


def test_the_keyboard_focus_scrolls_its_row_into_view(small: App, scene: MapScene) -> None:
    small.feed([key(pygame.K_UP)])  # from nothing chosen, up wraps to the last action
    assert scene.focus == len(scene.rows) - 1
    small.render()
    assert scene.row_rects[-1].width and scene.action_scroll.view.contains(scene.row_rects[-1])


def test_a_new_order_comes_into_view_by_its_name(small: App, crowded: MapScene) -> None:
    scene = crowded
    action, candidate = scene.book.queued[-1]
    scene.control.remove_order(len(scene.book.queued) - 1)
    small.render()
    assert scene.orders_scroll.overflows
    scene.orders_scroll.scroll(-100)  # the player scrolls back up to the first
    small.render()
    scene.control.queue(action, candidate)
    small.render()
    assert len(scene.book.queued) == 8
    cross = scene.remove_rects[-1]
    name = next(line for line in scene.order_items if line.owner == 7 and line.first)
    shown = scene.orders_scroll.rects()[scene.order_items.index(name)]
    assert cross.width and shown.width  # the newest order's name and its cross are in view

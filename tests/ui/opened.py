"""A game just opened in the window (loaded, continued, taken over, read again) puts a
decision waiting this turn first, on its card over the map: helpers for the tests."""

from __future__ import annotations

import pygame

from game.ui.app import App
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from tests.ui.events import key


def game_opened(app: App) -> MapScene:
    """The map of a game just loaded; a decision waiting this turn is on its card over it."""
    top = app.top
    if isinstance(top, EventScene):
        under = app.stack[-2]
        assert isinstance(under, MapScene) and under.game.next_event() is top.event
        return under
    assert isinstance(top, MapScene) and top.game.next_event() is None
    return top


def answer_waiting(app: App) -> None:
    """Take the first open choice of each card on top, as a player clears them to the map."""
    while isinstance(app.top, EventScene):
        card = app.top
        first = next(i for i, c in enumerate(card.choices) if c.problem is None)
        app.feed([key(getattr(pygame, f"K_{first + 1}"))])
        assert app.top is not card

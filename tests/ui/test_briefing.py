"""The cards between turns: the turn's report, the warning before an ending, the roads."""

from __future__ import annotations

import pygame
import pytest

from game.engine.rules import Rules
from game.play import Game
from game.session import Session
from game.ui import theme
from game.ui.app import App
from game.ui.scene import POP, Transition
from game.ui.scenes.briefing import danger_card, report_card, roads_card
from game.ui.scenes.card import TextCard
from game.ui.scenes.map import MapScene
from tests.rawtext import raw_rule_text
from tests.ui.events import click, key


def played(rules: Rules, turns: int) -> Game:
    game = Game(Session(rules, 4, player="bolsheviks"))
    for _ in range(turns):
        while (event := game.next_event()) is not None:
            first = next(o for o in game.options(event) if o.problem is None)
            game.choose(event.spec.id, first.choice.spec.id)
        row = next((r for r in game.book.rows(game.state) if r.reason is None), None)
        if row is not None:
            game.queue(row.action, game.book.open_targets(game.state, row.action)[0])
        assert game.end_turn(confirmed=True).played
    return game


@pytest.fixture
def game(october_rules: Rules) -> Game:
    return played(october_rules, 3)


def over_map(app: App, game: Game, card: TextCard) -> TextCard:
    app.push(MapScene(game))
    app.push(card)
    app.render()
    return card


def test_the_report_card_shows_every_order_and_continues(app: App, game: Game) -> None:
    report = game.report(game.turns_played - 1)
    went_on: list[bool] = []

    def then() -> Transition:
        went_on.append(True)
        return POP

    card = over_map(app, game, report_card(report, then))
    words = card.plain()
    assert report.orders, "the turn had the player's orders"
    for order in report.orders:
        assert order.label in words
    for line in report.biggest:
        assert line in words
    assert all(raw_rule_text(t) is None for t in card.shown_texts())
    app.feed([key(pygame.K_RETURN)])
    assert went_on == [True] and isinstance(app.top, MapScene)


def test_the_warning_defaults_to_going_back_and_can_end_the_turn(
    app: App, game: Game
) -> None:
    threats = game.threats() or []
    went: list[bool] = []

    def go() -> Transition:
        went.append(True)
        return POP

    card = over_map(app, game, danger_card(threats, go))
    assert card.choices[card.selected].label == "Back to the map"
    app.feed([key(pygame.K_RETURN)])
    assert went == [] and isinstance(app.top, MapScene)
    card = over_map(app, game, danger_card(threats, go))
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert went == [True]
    card = over_map(app, game, danger_card(threats, go))
    app.feed(click(card.buttons[1].rect.center))
    assert went == [True, True]


def test_the_roads_card_names_every_ending_and_where_it_stands(
    app: App, game: Game, october_rules: Rules
) -> None:
    card = over_map(app, game, roads_card(game.roads()))
    words = card.plain()
    for ending in october_rules.model.endings:
        assert ending.title in words
    assert "now " in words  # where a condition's number stands today
    assert all(raw_rule_text(t) is None for t in card.shown_texts())
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, MapScene)


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
def test_a_card_stays_inside_the_window_and_its_words_scroll(
    app: App, game: Game, size: tuple[int, int]
) -> None:
    app.resize(size)
    card = over_map(app, game, roads_card(game.roads()))
    frame = card.card(size)
    assert pygame.Rect(0, 0, *size).contains(frame)
    assert card.body is not None and frame.contains(card.body.rect)
    for button in card.buttons:
        assert frame.contains(button.rect)


def missing_glyphs(text: str) -> set[str]:
    """The characters of `text` the game's face cannot draw (they would show as boxes):
    those drawn exactly as a character no face of ours has."""
    font = theme.font(15)

    def picture(ch: str) -> bytes:
        return pygame.image.tobytes(font.render(ch, True, (0, 0, 0), (255, 255, 255)), "RGB")

    blank = picture("\U0001f600")
    return {ch for ch in set(text) if not ch.isspace() and picture(ch) == blank}


def test_the_cards_use_only_characters_the_face_can_draw(app: App, game: Game) -> None:
    threats = game.threats()
    for card in (
        report_card(game.report(0), lambda: POP),
        roads_card(game.roads()),
        danger_card(threats, lambda: POP),
    ):
        over_map(app, game, card)
        assert card.body is not None
        shown = card.body.html_text.replace("&#8226;", "•").replace("&#9675;", "○")
        assert missing_glyphs(card.plain() + shown) == set()
        app.feed([key(pygame.K_ESCAPE)])

"""The event card: what it shows, and that a frame reuses its pictures instead of redrawing
the map, the veil and the card's frame each time."""

from __future__ import annotations

import html

import pygame
import pytest
from pygame_gui.elements import UITextBox

from game.scenario.loader import Scenario
from game.ui import theme
from game.ui.app import App
from game.ui.scenes import ShotRequest, new_session, shot_stack
from game.ui.scenes.card import title_top
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from tests.ui.events import click, key


@pytest.fixture
def card(app: App, october: Scenario) -> EventScene:
    """A decision for the Bolsheviks over their map, as the `event` screenshot opens it."""
    for scene in shot_stack("event", ShotRequest(october, 0, "bolsheviks")):
        app.push(scene)
    assert isinstance(app.top, EventScene)
    app.render()
    return app.top


def test_the_card_shows_the_events_title_text_and_every_choice(card: EventScene) -> None:
    texts = card.shown_texts()
    assert card.title in texts
    assert card.event.spec.text.strip() in texts
    assert len(card.buttons) == len(card.choices) >= 2
    for i, (button, option) in enumerate(zip(card.buttons, card.choices, strict=True)):
        assert button.text == f"{i + 1}."
        assert button.is_enabled == (option.problem is None)
        # The whole choice, never cut, and what it will do (or why it is closed) under it.
        words = card.rows[i].html_text
        assert html.escape(option.choice.spec.text) in words
        said = f"Closed: {option.problem}" if option.problem else f"Will: {option.effects}"
        assert html.escape(said) in words
        assert said in card.choice_words(i) and card.choice_words(i) in texts


def test_a_click_on_a_choices_words_takes_it(app: App, card: EventScene) -> None:
    first_open = next(i for i, c in enumerate(card.choices) if c.problem is None)
    chosen = card.choices[first_open].choice.spec.id
    row = card.row_rects[first_open]
    app.feed(click((row.right - 4, row.centery)))
    assert app.top is not card
    the_map = next(s for s in app.stack if isinstance(s, MapScene))
    assert the_map.game.choices[card.event.spec.id] == chosen


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scale", [0.9, 1.3])
@pytest.mark.parametrize("history", [False, True], ids=["plain", "history"])
def test_the_card_and_its_choices_fit_the_window(
    app: App, card: EventScene, size: tuple[int, int], scale: float, history: bool
) -> None:
    theme.set_text_scale(scale)
    try:
        app.resize(size)
        if history:
            app.feed([key(pygame.K_h)])
        app.render()
        frame = card.card(size)
        assert card.card_image(size)[0] == frame  # the frame drawn is the one laid out
        assert pygame.Rect(0, 0, *size).contains(frame)
        assert card.body is not None and frame.contains(card.body.rect)
        # The words start under the title, and every widget lies on the card.
        assert card.body.rect.top >= frame.top + card.header(frame.width)
        for widget in card.widgets:
            assert frame.contains(widget.rect), widget
        for box, rect in zip(card.rows, card.row_rects, strict=True):
            assert frame.contains(rect) and rect.contains(box.rect)
            assert not rect.colliderect(card.body.rect)
        for above, below in zip(card.row_rects, card.row_rects[1:], strict=False):
            assert above.bottom < below.top
        assert card.history_button is not None
        title = theme.font(30, "bold")
        for n, line in enumerate(card.title_lines(frame.width)):
            assert title.size(line)[0] <= frame.width - 52
            words = pygame.Rect(frame.left + 24, frame.top + title_top(), title.size(line)[0], 1)
            words.height = title.get_linesize()
            words.y += n * title.get_linesize()
            assert not words.colliderect(card.history_button.rect)
    finally:
        theme.set_text_scale(1.0)


def lines_shown(box: UITextBox) -> tuple[int, int]:
    """(the lines a text box shows whole, the lines it has) as it stands, unscrolled."""
    rows = box.text_box_layout.layout_rows
    inner = box.rect.height - 2 * (box.padding[1] + box.border_width["top"] + box.shadow_width)
    return sum(1 for r in rows if r.bottom <= inner), len(rows)


def test_the_history_makes_the_card_taller_and_hiding_it_shorter_again(
    app: App, card: EventScene
) -> None:
    plain = card.card(app.size)
    assert card.builds["card"] == 1
    app.feed([key(pygame.K_h)])
    app.render()
    taller = card.card_image(app.size)[0]
    assert taller.height > plain.height and card.builds["card"] == 2
    assert card.body is not None and lines_shown(card.body)[0] > 3
    app.feed([key(pygame.K_h)])
    app.render()
    assert card.card_image(app.size)[0] == plain


@pytest.mark.parametrize(
    ("size", "scale"), [((1024, 640), 1.3), ((1280, 720), 1.0), ((1024, 640), 1.0)]
)
@pytest.mark.parametrize("history", [False, True], ids=["plain", "history"])
def test_choices_show_whole_when_they_fit_and_a_scrolled_box_ends_under_a_whole_line(
    app: App, october: Scenario, size: tuple[int, int], scale: float, history: bool
) -> None:
    """A decision with long choices (the Government's "Strike first?"): the event's words
    give way to the choices, and a box too small for its words cuts no line in half."""
    theme.set_text_scale(scale)
    try:
        app.resize(size)
        card = _long_choices(app, october)
        if history:
            app.feed([key(pygame.K_h)])
        app.render()
        assert card.body is not None
        boxes = [card.body, *card.rows]
        frame = card.card(size)
        room = size[1] - 40 - (frame.height - sum(b.rect.height for b in boxes))
        needs = [card.measure(box.html_text, (box.rect.width, room)).need for box in boxes]
        for box in boxes:
            whole, lines = lines_shown(box)
            if box.scroll_bar is None:
                assert whole == lines, box.html_text
            else:  # the box ends under its last whole line (within the line's spacing)
                assert 1 <= whole < lines
                rows = box.text_box_layout.layout_rows
                inner = box.text_box_layout.view_rect.height
                assert inner - rows[whole - 1].bottom < rows[whole].top - rows[whole - 1].top
        three_lines = 3 * theme.line_height(15) + 20
        if sum(needs[1:]) + three_lines <= room:
            assert all(box.scroll_bar is None for box in card.rows)
        else:  # the choices scroll: the words keep no more than a quarter of the room
            assert card.body.rect.height <= max(room // 4, three_lines)
    finally:
        theme.set_text_scale(1.0)


def _long_choices(app: App, october: Scenario) -> EventScene:
    """The event card of "Strike first?" for the Government, its choices as the game
    words them, over the map of a fresh game."""
    the_map = MapScene(new_session(october, 3, "government"))
    event = next(e for e in the_map.rules.events if e.spec.id == "strike_first")
    card = the_map.card(event)
    app.push(the_map)
    app.push(card)
    return card


def test_repeated_frames_reuse_the_veil_the_card_and_the_dimmed_map(
    app: App, card: EventScene
) -> None:
    the_map = app.stack[-2]
    assert isinstance(the_map, MapScene)
    renders = the_map.view.renders
    for _ in range(5):
        app.needs_draw = True
        app.draw_if_needed()
    assert card.builds == {"veil": 1, "card": 1, "background": 1}
    assert the_map.view.renders == renders  # the map was not drawn again under the card


def test_choosing_with_the_keys_redraws_only_the_buttons(app: App, card: EventScene) -> None:
    before = app.frames
    app.feed([key(pygame.K_DOWN)])
    assert app.frames > before
    assert card.builds["background"] == 1


def test_a_dirty_scene_below_remakes_the_background_but_not_the_card(
    app: App, card: EventScene
) -> None:
    app.stack[-2].dirty = True
    app.render()
    assert card.builds == {"veil": 1, "card": 1, "background": 2}
    assert not app.stack[-2].dirty


def test_a_new_window_size_remakes_everything_at_that_size(app: App, card: EventScene) -> None:
    app.resize((1000, 640))
    app.render()
    assert card.builds == {"veil": 2, "card": 2, "background": 2}
    assert card.veil((1000, 640)).get_size() == (1000, 640)


def test_a_new_text_size_remakes_the_cards_frame(app: App, card: EventScene) -> None:
    try:
        theme.set_text_scale(1.25)
        app.render()
        assert card.builds["card"] == 2
        assert card.builds["background"] == 2
    finally:
        theme.set_text_scale(1.0)


def test_the_map_shows_dimmed_around_the_card(app: App, card: EventScene) -> None:
    the_map = app.stack[-2]
    alone = pygame.Surface(app.size)
    the_map.draw(alone)
    screen = app.render()
    corner = (3, app.size[1] // 2)  # left of the card, on the map's panel
    assert sum(screen.get_at(corner)[:3]) < sum(alone.get_at(corner)[:3])
    inside = card.card(app.size).move(12, 12).topleft  # on the card's paper
    assert screen.get_at(inside)[:3] == theme.PAPER_LIGHT


def test_the_card_is_drawn_alone_when_nothing_is_below(app: App, october: Scenario) -> None:
    stack = shot_stack("event", ShotRequest(october, 0, "bolsheviks"))
    card = stack[-1]
    assert isinstance(card, EventScene)
    app.push(card)
    app.render()
    assert card.below() == []
    assert card.builds["background"] == 1


def test_the_card_gives_the_date_and_opens_the_history_only_when_asked(
    app: App, card: EventScene
) -> None:
    history = card.event.spec.history.strip()
    assert history and card.date and card.date in card.shown_texts()
    assert "New Style" in card.date
    assert history not in card.shown_texts()
    app.feed([key(pygame.K_h)])
    assert card.show_history and history in card.shown_texts()
    assert card.history_button is not None and card.history_button.text == "Hide the history"
    app.feed(click(card.history_button.rect.center))
    assert not card.show_history and history not in card.shown_texts()

"""The charts: each faction's support and the tracks over the turns, group by group."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.cli import main
from game.engine.state import BASIS
from game.scenario.loader import Scenario
from game.session import Session, replay
from game.ui.app import App
from game.ui.scenes import all_ai
from game.ui.scenes.charts import (
    ALL,
    UNALIGNED,
    ChartsScene,
    nice_top,
    session_states,
    support_series,
)
from game.ui.scenes.title import TitleScene
from tests.ui.events import click, key


def shift_tab() -> pygame.event.Event:
    return pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT, unicode="", scancode=0
    )


@pytest.fixture(scope="module")
def played(october: Scenario) -> Session:
    return all_ai(Session(october, 7, player="bolsheviks"), 3)


def test_the_charts_show_the_factions_and_the_tracks_names(app: App, played: Session) -> None:
    scene = ChartsScene(played)
    app.push(scene)
    app.pump()
    texts = scene.shown_texts()
    for faction in played.rules.model.factions:
        assert (faction.short_name or faction.name) in texts
    for track in played.rules.model.tracks:
        assert track.name in texts
    assert "Unaligned" in texts
    assert scene.group_name == ALL


def test_every_turns_state_is_charted_and_matches_a_replay(played: Session) -> None:
    states = session_states(played)
    assert len(states) == len(played.records) + 1
    again = replay(played.rules, played.seed, played.player, played.records)
    assert [s.digest() for s in states] == [s.digest() for s in again]


def test_the_overall_share_is_weighted_by_population_and_shares_sum_to_all(
    played: Session,
) -> None:
    states = session_states(played)
    series = support_series(played, states)
    rules = played.rules
    assert series.shape == (len(rules.model.groups) + 1, rules.n_factions + 1, len(states))
    np.testing.assert_allclose(series.sum(axis=1), 100.0, atol=0.05)
    pop = rules.population
    last = states[-1].support[0]
    expected = float((last * pop).sum()) / pop.sum() / BASIS * 100
    assert series[0, 0, -1] == pytest.approx(expected)


def test_arrows_change_the_group_and_escape_closes(
    app: App, played: Session, october: Scenario
) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = ChartsScene(played)
    app.push(scene)
    assert scene.focus.part == "groups"
    app.feed([key(pygame.K_RIGHT)])
    assert scene.group_name == "Workers"
    assert "Support: Workers" in scene.shown_texts()
    app.feed([key(pygame.K_LEFT), key(pygame.K_LEFT)])
    assert scene.group_name == scene.groups[-1]  # it wraps round
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is under


def test_every_choice_of_the_charts_is_reached_by_keys_alone(
    app: App, played: Session, october: Scenario
) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = ChartsScene(played)
    app.push(scene)
    app.render()
    assert scene.close_button is not None
    for group in scene.groups[1:]:  # each group in turn, then round to All
        app.feed([key(pygame.K_RETURN)])
        assert scene.group_name == group
    app.feed([key(pygame.K_SPACE)])
    assert scene.group_name == ALL
    app.feed([key(pygame.K_3)])
    assert scene.group_name == scene.groups[2]
    app.feed([key(pygame.K_TAB)])
    assert scene.focus.part == "factions"
    assert scene.line_name == ALL and scene.standing_out is None
    for i, name in enumerate(scene.lines[1:]):
        app.feed([key(pygame.K_RIGHT)])
        assert scene.line_name == name and scene.standing_out == i
        assert f"Lines: {name}" in scene.shown_texts()
        app.render()  # the chosen line is drawn on top of the others, thicker
    app.feed([key(pygame.K_RIGHT)])
    assert scene.line_name == ALL
    app.feed([key(pygame.K_LEFT)])
    assert scene.line_name == UNALIGNED
    app.feed([key(pygame.K_DOWN)])  # Down walks the rows too
    assert scene.focus.part == "close" and scene.close_button.is_selected
    app.feed([shift_tab()])
    assert scene.focus.part == "factions" and not scene.close_button.is_selected
    app.feed([key(pygame.K_UP)])
    assert scene.focus.part == "groups"
    app.feed([shift_tab(), key(pygame.K_RETURN)])  # round backwards to Close
    assert app.top is under


def test_a_faction_and_close_can_be_clicked(app: App, played: Session, october: Scenario) -> None:
    under = TitleScene(october, lambda: under)
    app.push(under)
    scene = ChartsScene(played)
    app.push(scene)
    app.render()
    pos = scene.line_rects[1].center
    app.feed([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)])
    assert scene.line == 1 and scene.focus.part == "factions"
    assert scene.close_button is not None
    app.feed(click(scene.close_button.rect.center))
    assert app.top is under


def test_a_group_can_be_chosen_by_clicking_its_name(app: App, played: Session) -> None:
    scene = ChartsScene(played)
    app.push(scene)
    app.pump()
    app.render()
    pos = scene.tab_rects[2].center
    app.feed([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)])
    assert scene.group == 2


def test_a_game_not_yet_begun_draws_one_point(app: App, october: Scenario) -> None:
    scene = ChartsScene(Session(october, 1, player="bolsheviks"))
    app.push(scene)
    assert app.render().get_size() == (1280, 720)


def test_the_charts_screenshot_is_a_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "charts.png"
    args = ["screenshot", "charts", str(out), "--size", "960x600", "--seed", "2"]
    assert main(args) == 0
    assert pygame.image.load(str(out)).get_size() == (960, 600)


def test_the_value_axis_ends_on_a_round_labelled_tick() -> None:
    assert nice_top(26.0) == (30.0, 10.0)
    assert nice_top(82.0) == (100.0, 20.0)
    assert nice_top(61.0) == (80.0, 20.0)
    assert nice_top(0.0) == (10.0, 10.0)

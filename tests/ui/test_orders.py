"""Choosing actions and targets on the map screen, the "This turn" list, the limits,
and the words that explain why numbers moved and what the others did."""

from __future__ import annotations

import pygame
import pytest

from game.engine.decisions import ActionOrder
from game.play import Game
from game.scenario.loader import Scenario
from game.session import Session
from game.ui.app import App
from game.ui.scenes.event import EventScene
from game.ui.scenes.map import MapScene
from tests.ui.events import click, end_turn, key


@pytest.fixture
def scene(app: App, october: Scenario) -> MapScene:
    game = MapScene(Session(october, 5, player="bolsheviks"))
    app.push(game)
    app.pump()
    return game


def row_of(scene: MapScene, action_id: str) -> int:
    return next(i for i, row in enumerate(scene.rows) if row.action.spec.id == action_id)


def region_point(app: App, scene: MapScene, region_id: str) -> tuple[int, int]:
    area = scene.map_rect(app.size)
    r = scene.rules.region_index[region_id]
    x, y = scene.view.to_screen(scene.view.labels[r])
    return (area.left + round(x), area.top + round(y))


def move(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def play_through_events(app: App) -> None:
    while isinstance(card := app.top, EventScene):
        first_open = next(i for i, c in enumerate(card.choices) if c.problem is None)
        app.feed([key(getattr(pygame, f"K_{first_open + 1}"))])


def test_clicking_an_action_row_then_a_district_queues_it_and_end_turn_sends_it(
    app: App, scene: MapScene
) -> None:
    app.feed(click(scene.row_rects[row_of(scene, "mass_rally")].center))
    assert scene.targeting is not None
    assert scene.targeting.action.spec.id == "mass_rally"
    vyborg = scene.rules.region_index["vyborg"]
    assert vyborg in scene.open_regions()
    app.feed(click(region_point(app, scene, "vyborg")))
    assert scene.targeting is None
    assert scene.queued_lines[0][0] == "Call mass meetings: Vyborg side"
    assert scene.status == "Queued: Call mass meetings: Vyborg side."
    assert any(t.startswith("Call mass meetings: Vyborg side: ") for t in scene.shown_texts())
    assert scene.end_turn is not None
    app.feed(click(scene.end_turn.rect.center))
    assert scene.session.state.turn == 1
    sent = scene.session.records[-1].decisions["bolsheviks"].actions
    assert sent == (ActionOrder("mass_rally", ("vyborg",)),)
    assert scene.queued_lines == []


def test_a_group_and_district_action_takes_its_group_from_the_chips(
    app: App, scene: MapScene
) -> None:
    app.feed(click(scene.row_rects[row_of(scene, "agitate")].center))
    assert scene.targeting is not None and scene.targeting.group is not None
    soldiers = scene.rules.model.groups.index(
        next(g for g in scene.rules.model.groups if g.id == "soldiers")
    )
    chip = next(rect for g, rect in scene.group_rects if g == soldiers)
    app.feed(click(chip.center))
    assert scene.targeting.group == soldiers
    assert scene.overlay.group == soldiers  # the map shows the group being aimed at
    app.feed(click(region_point(app, scene, "vyborg")))
    assert scene.book.orders() == (ActionOrder("agitate", ("soldiers", "vyborg")),)
    assert scene.overlay.group is None  # back to what was shown before


def test_a_unit_action_lists_its_open_targets_with_owner_men_loyalty_and_place(
    app: App, scene: MapScene
) -> None:
    app.feed(click(scene.row_rects[row_of(scene, "arm_detachment")].center))
    lines = scene.target_lines()
    assert len(lines) > 1
    assert all(" men, loyalty " in line and ", in " in line for line in lines[1:])
    app.feed(click(scene.target_rects[0].center))
    assert scene.targeting is None
    assert scene.book.orders()[0].action == "arm_detachment"


def test_a_closed_action_cannot_be_queued_and_says_why(app: App, scene: MapScene) -> None:
    closed = next(i for i, row in enumerate(scene.rows) if row.reason is not None)
    app.feed(click(scene.row_rects[closed].center))
    assert scene.targeting is None
    assert scene.book.queued == []
    reason = scene.rows[closed].reason
    assert reason and reason in scene.status
    app.feed([move(scene.row_rects[closed].center)])
    assert f"Closed: {reason}" in scene.tooltip


def test_a_closed_district_shows_its_reason_on_hover_and_refuses_a_click(
    app: App, scene: MapScene
) -> None:
    scene.choose_action(row_of(scene, "mass_rally"))
    closed = next(
        r
        for r, c in sorted(scene.region_candidates().items())
        if scene.book.problem(scene.session.state, scene.targeting.action, c)  # type: ignore[union-attr]
    )
    region_id = scene.rules.model.regions[closed].id
    app.feed([move(region_point(app, scene, region_id))])
    assert any(line.startswith("Closed: ") for line in scene.tooltip)
    app.feed(click(region_point(app, scene, region_id)))
    assert scene.book.queued == []
    assert "is closed" in scene.status


def test_a_queued_order_can_be_removed_by_its_cross_and_by_delete(
    app: App, scene: MapScene
) -> None:
    scene.choose_action(row_of(scene, "print_paper"))
    scene.choose_action(row_of(scene, "denounce_compromisers"))
    assert len(scene.book.queued) == 2
    app.pump()
    app.feed(click(scene.remove_rects[0].center))
    assert [a.spec.id for a, _ in scene.book.queued] == ["denounce_compromisers"]
    assert scene.status.startswith("Taken back: Print")
    app.feed([key(pygame.K_DELETE)])
    assert scene.book.queued == []


def test_the_limits_are_the_engines_actions_a_turn_once_only_and_resources(
    app: App, scene: MapScene
) -> None:
    scene.choose_action(row_of(scene, "print_paper"))
    assert scene.rows[row_of(scene, "print_paper")].reason == "may be taken only once a turn"
    limit = scene.rules.actions_per_turn[scene.me]
    for _ in range(limit):
        if len(scene.book.queued) >= limit:
            break
        open_row = next(i for i, row in enumerate(scene.rows) if row.reason is None)
        scene.choose_action(open_row)
        if scene.targeting is not None:
            scene.target_enter()
    assert len(scene.book.queued) == limit
    assert all(row.reason is not None for row in scene.rows)
    assert any(f"no more than {limit} actions a turn" in (row.reason or "") for row in scene.rows)
    have = scene.session.state.resources[scene.me] - scene.book.spent(scene.session.state)
    assert (have >= 0).all()
    assert f"{limit} of {limit} actions queued" in scene.resources_line
    end_turn(app)
    assert scene.session.state.turn == 1
    assert len(scene.session.records[-1].decisions["bolsheviks"].actions) == limit


def test_resources_spent_by_queued_orders_close_what_they_can_no_longer_pay_for(
    scene: MapScene,
) -> None:
    influence = scene.session.state.resources[scene.me][0]
    rally = row_of(scene, "mass_rally")
    for _ in range(10):
        if scene.rows[rally].reason is not None:
            break
        scene.choose_action(rally)
        scene.target_enter()
    spent = scene.book.spent(scene.session.state)[0]
    assert spent <= influence
    assert scene.rows[rally].reason is not None


def test_keyboard_tab_and_enter_choose_an_action_and_a_target(app: App, scene: MapScene) -> None:
    app.feed([key(pygame.K_TAB)])
    assert scene.focus == 0
    app.feed([key(pygame.K_RETURN)])  # Agitate: target mode, not the end of the turn
    assert scene.session.state.turn == 0
    assert scene.targeting is not None and scene.targeting.on_map
    app.feed([key(pygame.K_DOWN), key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert scene.targeting is None
    assert len(scene.book.queued) == 1
    app.feed([key(pygame.K_ESCAPE)])  # drops the focus, so Enter ends the turn again
    assert scene.focus is None
    end_turn(app)
    assert scene.session.state.turn == 1
    assert scene.session.records[-1].decisions["bolsheviks"].actions[0].action == "agitate"


def test_escape_leaves_target_mode_and_keeps_the_map(app: App, scene: MapScene) -> None:
    app.feed(click(scene.row_rects[row_of(scene, "mass_rally")].center))
    assert scene.targeting is not None
    assert "Esc" in scene.footer
    app.feed([key(pygame.K_ESCAPE)])
    assert scene.targeting is None
    assert scene in app.stack
    app.feed(click(region_point(app, scene, "vyborg")))
    assert scene.book.queued == []


def test_hovering_a_track_names_what_moved_it_last_turn(app: App, scene: MapScene) -> None:
    end_turn(app)
    play_through_events(app)
    state = scene.session.state
    moved = next(
        t
        for t, track in enumerate(scene.rules.model.tracks)
        if any(c.quantity == f"track:{track.id}" for c in state.ledger)
    )
    app.feed([move(scene.track_rects[moved].center)])
    assert scene.hover_track == moved
    tip = scene.tooltip
    assert tip[0].startswith(scene.rules.model.tracks[moved].name)
    assert len(tip) > 1 and tip[1][0] in "+-"
    assert tip[1] in scene.shown_texts()


def test_hovering_a_district_after_a_turn_explains_the_players_support_there(
    app: App, scene: MapScene
) -> None:
    end_turn(app)
    play_through_events(app)
    app.feed([move(region_point(app, scene, "vyborg"))])
    tip = scene.tooltip
    assert tip[0].startswith("Vyborg side: Bolsheviks ")
    assert any(line.startswith("The turn's pressures moved your support:") for line in tip)


def test_the_news_names_what_the_other_factions_did_last_turn(app: App, scene: MapScene) -> None:
    end_turn(app)
    play_through_events(app)
    rules, state = scene.rules, scene.session.state
    others = [r for r in state.last_actions if r.faction != scene.me]
    assert others
    record = others[0]
    who = rules.model.factions[record.faction]
    name = rules.actions[record.action].spec.name
    assert any(line.startswith(f"{who.short_name or who.name}: {name}") for line in scene.news)
    assert set(scene.news) <= set(scene.shown_texts())


def test_hovering_a_queued_order_shows_all_it_will_do(app: App, scene: MapScene) -> None:
    scene.choose_action(row_of(scene, "print_paper"))
    app.pump()
    app.feed([move(scene.queued_rects[0].center)])
    label, effects = scene.queued_lines[0]
    assert scene.tooltip[:2] == [label, f"Will: {effects}"]


def test_an_order_closed_by_the_players_choice_is_shown_closed_and_flagged_when_queued(
    app: App, october: Scenario
) -> None:
    from tests.test_play import set_up

    game = Game(Session(october, 5, player="bolsheviks"))
    set_up(game, pending="mrc_debate")
    scene = MapScene(game)
    app.push(scene)
    app.pump()
    form = next(a for a in scene.rules.actions if a.spec.id == "form_mrc")
    scene.control.choose("mrc_debate", "leave")
    scene.refresh()
    assert scene.rows[row_of(scene, "form_mrc")].reason is None
    assert scene.control.queue(form, 0)
    scene.control.choose("mrc_debate", "mrc")  # changed: the committee is formed first
    scene.refresh()
    assert "It stops orders you queued: Form a Military" in scene.status
    (warning,) = scene.queued_warnings
    assert warning is not None and warning.startswith("will not be carried out after your choice")
    texts = scene.shown_texts()
    assert warning in texts
    closed = scene.rows[row_of(scene, "form_mrc")]
    assert closed.reason is not None and closed.text in texts
    app.draw()
    # The flag is drawn in the "This turn" list, in full.
    drawn = " ".join(line.text for line in scene.order_items)
    assert "Will not be carried out after your choice" in drawn


def test_the_resources_line_counts_what_the_players_choice_brings_next_turn(
    app: App, october: Scenario
) -> None:
    from tests.test_play import set_up

    game = Game(Session(october, 5, player="bolsheviks"))
    set_up(game, pending="lenin_letters")
    scene = MapScene(game)
    app.push(scene)
    app.pump()
    assert "Arms 20      (" in scene.resources_line
    scene.control.choose("lenin_letters", "prepare")  # arms +2
    assert "Arms 20 (+2 next turn)" in scene.resources_line

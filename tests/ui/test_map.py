"""The map screen: what it shows, and End turn by key and by click."""

from __future__ import annotations

import pygame
import pytest

from game.describe import turn_heading
from game.engine.turns import income_on
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import ink
from game.ui.app import App
from game.ui.breakdown import track_reasons
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.map.layout import side_width
from game.ui.scenes.map.side import LEGEND
from game.ui.scenes.map.tips import MOVED
from tests.ui.events import click, end_turn, key


@pytest.fixture
def scene(app: App, october: Scenario) -> MapScene:
    game = MapScene(Session(october, 5, player="bolsheviks"))
    app.push(game)
    app.pump()
    return game


def test_the_top_bar_gives_the_date_in_old_style_with_new_style_beside_it(scene: MapScene) -> None:
    assert scene.heading == turn_heading(scene.rules, scene.session.state)
    assert "28 August 1917 (10 September New Style)" in scene.heading
    assert scene.heading in scene.shown_texts()


def test_the_top_bar_shows_the_players_faction_and_resources(scene: MapScene) -> None:
    have = scene.session.state.resources[scene.me]
    for i, resource in enumerate(scene.rules.model.resources):
        assert f"{resource.name} {int(have[i])}" in scene.resources_line
    assert "Bolsheviks" in scene.shown_texts()


def test_the_side_panel_shows_every_track(scene: MapScene) -> None:
    texts = scene.shown_texts()
    for i, track in enumerate(scene.rules.model.tracks):
        assert f"{track.name} {int(scene.session.state.tracks[i])}" in texts


def test_the_side_panel_lists_the_players_actions_with_costs_and_closed_reasons(
    scene: MapScene,
) -> None:
    names = [row.name for row in scene.rows]
    mine = [a.spec.name for a in scene.rules.actions if scene.me in a.factions]
    assert names == mine
    assert any(row.reason is None and row.open_targets > 0 for row in scene.rows)
    closed = [row for row in scene.rows if row.reason is not None]
    assert closed and all(row.reason for row in closed)
    assert any("influence" in row.cost for row in scene.rows)
    shown = scene.shown_texts()
    for row in scene.rows:
        assert row.text in shown


def test_enter_ends_the_turn_and_the_screen_follows_the_new_state(
    app: App, scene: MapScene
) -> None:
    assert scene.session.state.turn == 0
    end_turn(app)
    assert scene.session.state.turn == 1
    assert scene.heading.startswith("Turn 2 of")
    assert "4 September 1917" in scene.heading
    assert scene.status == "Turn 1 is played."


def test_clicking_end_turn_ends_the_turn(app: App, scene: MapScene) -> None:
    assert scene.end_turn is not None
    app.feed(click(scene.end_turn.rect.center))
    assert scene.session.state.turn == 1


def test_clicking_beside_end_turn_does_nothing(app: App, scene: MapScene) -> None:
    assert scene.end_turn is not None
    app.feed(click((scene.end_turn.rect.left - 40, scene.end_turn.rect.centery)))
    assert scene.session.state.turn == 0


def test_after_a_turn_an_event_awaiting_the_players_choice_opens_over_the_map(
    app: App, scene: MapScene
) -> None:
    end_turn(app)
    card = app.top
    assert isinstance(card, EventScene)
    assert app.stack[-2] is scene
    pending = [scene.rules.events[e].spec.title for e, f in scene.session.state.pending]
    assert card.title in pending
    assert card.event.spec.text.strip() in card.shown_texts()
    assert [b.text for b in card.buttons] == [f"{n}." for n in range(1, len(card.choices) + 1)]
    for n, option in enumerate(card.choices):
        assert card.choice_words(n).startswith(option.choice.spec.text)


def test_a_choice_made_on_the_event_card_is_sent_with_the_next_turn(
    app: App, scene: MapScene
) -> None:
    end_turn(app)
    card = app.top
    assert isinstance(card, EventScene)
    first_open = next(i for i, c in enumerate(card.choices) if c.problem is None)
    app.feed(click(card.buttons[first_open].rect.center))
    assert app.top is scene
    assert scene.game.choices == {card.event.spec.id: card.choices[first_open].choice.spec.id}
    end_turn(app)
    assert scene.session.state.turn == 2
    sent = scene.session.records[-1].decisions["bolsheviks"]
    assert sent.choice_for(card.event.spec.id) == card.choices[first_open].choice.spec.id


def test_a_closed_choice_cannot_be_taken(app: App, scene: MapScene) -> None:
    end_turn(app)
    card = app.top
    assert isinstance(card, EventScene)
    for i, option in enumerate(card.choices):
        assert card.buttons[i].is_enabled == (option.problem is None)
        if option.problem is not None:
            assert card.handle(key(getattr(pygame, f"K_{i + 1}"))) is None


def test_a_turn_is_not_played_while_a_choice_awaits(app: App, scene: MapScene) -> None:
    end_turn(app)
    card = app.top
    assert isinstance(card, EventScene)
    ended = scene.game.end_turn()  # as if the turn were ended with the card still open
    assert not ended.played and ended.waiting is card.event
    assert ended.message.startswith("First decide")
    assert scene.session.state.turn == 1


def test_number_keys_and_the_overlay_buttons_switch_what_the_map_shows(
    app: App, scene: MapScene
) -> None:
    assert scene.overlay.kind == "support"
    assert scene.overlay.faction == scene.me
    app.feed([key(pygame.K_2)])
    assert scene.overlay.kind == "mobilisation"
    app.feed(click(scene.overlay_buttons[2].rect.center))
    assert scene.overlay.kind == "control"
    assert "Who holds" in " ".join(scene.shown_texts())


def test_f_and_g_step_through_factions_and_groups(app: App, scene: MapScene) -> None:
    app.feed([key(pygame.K_f)])
    assert scene.overlay.faction == (scene.me + 1) % scene.rules.n_factions
    app.feed([key(pygame.K_g)])
    assert scene.overlay.group == 0
    group = scene.rules.model.groups[0].name.lower()
    assert any(group in t for t in scene.shown_texts())


def test_the_map_is_composed_again_only_when_the_state_or_overlay_changes(
    app: App, scene: MapScene
) -> None:
    composed = scene.view.renders
    app.pump()
    app.feed([pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 300), rel=(1, 1), buttons=(0, 0, 0))])
    assert scene.view.renders == composed
    app.feed([key(pygame.K_3)])
    assert scene.view.renders == composed + 1
    end_turn(app)
    assert scene.view.renders == composed + 2


def test_escape_asks_and_leaving_takes_the_map_off(app: App, scene: MapScene) -> None:
    app.feed([key(pygame.K_ESCAPE)])
    assert scene in app.stack and app.top is not scene  # the question, over the map
    app.feed([key(pygame.K_y)])
    assert scene not in app.stack


def test_the_map_screen_relays_out_when_the_window_is_resized(app: App, scene: MapScene) -> None:
    app.resize((1600, 900))
    app.pump()
    assert scene.end_turn is not None
    assert scene.end_turn.rect.right <= 1600
    assert scene.end_turn.rect.left > 1600 - side_width(1600)
    app.feed(click(scene.end_turn.rect.center))
    assert scene.session.state.turn == 1


def test_a_whole_game_can_be_played_through_the_window_to_an_ending(
    app: App, scene: MapScene
) -> None:
    for _ in range(200):
        if scene.session.over:
            break
        top = app.top
        if isinstance(top, EventScene):
            open_choice = next(i for i, c in enumerate(top.choices) if c.problem is None)
            app.feed([key(getattr(pygame, f"K_{open_choice + 1}"))])
        else:
            end_turn(app)
    assert scene.session.over
    ending = app.top
    assert isinstance(ending, EndingScene)
    title = scene.rules.model.endings[scene.session.state.ending].title
    assert title in ending.shown_texts()


def test_j_opens_the_journal_and_c_the_codex_over_the_map(app: App, scene: MapScene) -> None:
    end_turn(app)  # a turn, so the journal has lines from play
    while isinstance(app.top, EventScene):
        open_choice = next(i for i, c in enumerate(app.top.choices) if c.problem is None)
        app.feed([key(getattr(pygame, f"K_{open_choice + 1}"))])
    app.feed([key(pygame.K_j)])
    assert isinstance(app.top, JournalScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene
    app.feed([key(pygame.K_c)])
    assert isinstance(app.top, CodexScene)
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is scene


def test_hovering_a_district_names_it_with_each_factions_support(app: App, scene: MapScene) -> None:
    area = scene.map_rect(app.size)
    r = scene.rules.region_index["vyborg"]
    x, y = scene.view.to_screen(scene.view.labels[r])
    pos = (area.left + round(x), area.top + round(y))
    app.feed([pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])
    assert scene.hover == r
    assert scene.hover_text.startswith("Vyborg side: Bolsheviks ")
    assert scene.hover_text in scene.shown_texts()
    app.feed([pygame.event.Event(pygame.MOUSEMOTION, pos=(2, 2), rel=(0, 0), buttons=(0, 0, 0))])
    assert scene.hover is None


# -- the tooltips break the numbers down -------------------------------------------------------


def move(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def district_point(app: App, scene: MapScene, region_id: str) -> tuple[int, int]:
    area = scene.map_rect(app.size)
    x, y = scene.view.to_screen(scene.view.labels[scene.rules.region_index[region_id]])
    return (area.left + round(x), area.top + round(y))


def site_point(app: App, scene: MapScene, site_id: str) -> tuple[int, int]:
    index = next(i for i, s in enumerate(scene.rules.model.sites) if s.id == site_id)
    x, y = dict(scene.site_markers(app.size))[index]
    return (round(x), round(y))


def play_a_turn(app: App) -> None:
    end_turn(app)
    while isinstance(app.top, EventScene):
        open_choice = next(i for i, c in enumerate(app.top.choices) if c.problem is None)
        app.feed([key(getattr(pygame, f"K_{open_choice + 1}"))])


def test_hovering_a_district_shows_every_side_in_every_group_with_mobilisation(
    app: App, scene: MapScene
) -> None:
    app.feed([move(district_point(app, scene, "vyborg"))])
    rules, state = scene.rules, scene.session.state
    r = rules.region_index["vyborg"]
    assert scene.hover == r and scene.hover_site is None
    tip = scene.tip
    assert tip.table is not None
    texts = scene.tooltip
    assert set(texts) <= set(scene.shown_texts())
    groups = [g for g in range(len(rules.model.groups)) if rules.population[g, r]]
    assert len(tip.table.rows) == len(groups)
    for g, (label, cells) in zip(groups, tip.table.rows, strict=True):
        assert label.startswith(rules.model.groups[g].name)
        line = next(t for t in texts if t.startswith(label + ":"))
        for f, faction in enumerate(rules.model.factions):
            share = round(int(state.support[f, g, r]) / 100)
            assert f"{faction.short_name or faction.name} {share}" in line
            assert cells[f].text == str(share)
        assert f"mobilised {int(state.mobilisation[g, r])}" in line
    assert "The first turn: nothing has moved yet." in texts


def test_after_a_turn_the_district_tooltip_gives_the_changes_and_their_causes(
    app: App, scene: MapScene
) -> None:
    play_a_turn(app)
    app.feed([move(district_point(app, scene, "vyborg"))])
    tip = scene.tip
    assert tip.table is not None
    before = scene.before
    assert before is not None
    r = scene.rules.region_index["vyborg"]
    state = scene.session.state
    changes = [cell.change for _, cells in tip.table.rows for cell in cells]
    assert all(c is not None for c in changes) and any(changes)
    first = tip.table.rows[0][1][scene.me]
    g = next(g for g in range(len(scene.rules.model.groups)) if scene.rules.population[g, r])
    assert first.change == round(int(state.support[scene.me, g, r]) / 100) - round(
        int(before.support[scene.me, g, r]) / 100
    )
    assert "last turn's change in brackets" in tip.caption
    assert tip.after[0].startswith("The turn's pressures moved your support: ")
    others = [scene.rules.actions[a.action].spec.name for a in state.last_actions]
    assert any(line.split(" (")[0] in others for line in tip.after)  # an action named as a cause


def test_hovering_a_site_names_its_holder_defence_and_the_units_there(
    app: App, scene: MapScene
) -> None:
    rules, state = scene.rules, scene.session.state
    x = next(i for i, s in enumerate(rules.model.sites) if s.id == "winter_palace")
    app.feed([move(site_point(app, scene, "winter_palace"))])
    assert scene.hover_site == x
    texts = scene.tooltip
    assert texts[0].startswith("Winter Palace (")
    holder = rules.model.factions[int(state.site_controller[x])].name
    assert f"Held by {holder}; defence {int(state.site_defence[x])}" in texts
    region = int(rules.site_region[x])
    here = [u for u in range(len(rules.model.units)) if int(state.unit_region[u]) == region]
    assert here
    for u in here:
        name = rules.model.units[u].name
        line = next(t for t in texts if t.startswith(f"{name}:"))
        assert f"men {int(state.unit_strength[u])}" in line
        assert f"loyalty {int(state.unit_loyalty[u])}" in line
    app.feed([move((2, 2))])
    assert scene.hover_site is None and scene.tooltip == []


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
def test_the_tooltips_stay_inside_the_window(october: Scenario, size: tuple[int, int]) -> None:
    window = App(size)
    try:
        scene = MapScene(Session(october, 5, player="bolsheviks"))
        window.push(scene)
        play_a_turn(window)
        screen = pygame.Rect((0, 0), size)
        area = scene.map_rect(size)
        points = [district_point(window, scene, r.id) for r in scene.rules.model.regions]
        points += [(round(x), round(y)) for _, (x, y) in scene.site_markers(size)]
        points += [
            area.bottomright,
            (area.right - 2, area.top + 2),
            (area.left + 2, area.bottom - 2),
        ]
        for pos in points:
            window.feed([move(pos)])
            window.render()
            if scene.tooltip:
                assert scene.tip_rect is not None and screen.contains(scene.tip_rect), pos
    finally:
        window.close()


def test_hovering_a_units_flag_names_it_and_its_neighbours_numbers(
    app: App, scene: MapScene
) -> None:
    rules, state = scene.rules, scene.session.state
    assert scene.view.unit_rows, "the map draws the units' flags"
    region, row = scene.view.unit_rows[0]
    area = scene.map_rect(app.size)
    app.feed([move((area.left + row.left + row.height // 2, area.top + row.centery))])
    assert scene.hover_unit is not None
    hovered_region, unit = scene.hover_unit
    assert hovered_region == region and int(state.unit_region[unit]) == region
    strongest = max(
        (u for u in range(len(rules.model.units)) if int(state.unit_region[u]) == region),
        key=lambda u: int(state.unit_strength[u]),
    )
    assert unit == strongest  # the first flag is the strongest unit's
    texts = scene.tooltip
    assert texts[0].startswith(rules.model.units[unit].name)
    assert f"{int(state.unit_strength[unit])} men" in texts[0]
    assert f"Armed units in {rules.model.regions[region].name}" in texts


def test_hovering_a_resource_says_what_it_is_for_and_what_comes_in_each_turn(
    app: App, scene: MapScene
) -> None:
    rules, state = scene.rules, scene.session.state
    income = income_on(rules, state, scene.me)
    assert any(v > 0 for v in income.values())
    for i, resource in enumerate(rules.model.resources):
        app.feed([move(scene.resource_rects[i].center)])
        assert scene.hover_resource == i and scene.hover is None
        have = int(state.resources[scene.me][i])
        texts = scene.tooltip
        assert texts[0] == f"{resource.name}: {have} to spend"
        assert " ".join(resource.description.split()) in texts
        comes = income.get(i, 0)
        said = f"+{comes} as things stand now" if comes > 0 else "Nothing comes in each turn"
        assert any(said in t for t in texts), texts
    app.feed([move((2, 2))])
    assert scene.hover_resource is None


def test_the_resource_tooltip_counts_what_the_queued_orders_set_aside(
    app: App, scene: MapScene
) -> None:
    row = next(i for i, r in enumerate(scene.rows) if r.action.spec.id == "print_paper")
    scene.choose_action(row)
    app.render()
    index = scene.rules.resource_index["influence"]
    app.feed([move(scene.resource_rects[index].center)])
    have = int(scene.session.state.resources[scene.me][index])
    spent = int(scene.book.spent(scene.session.state)[index])
    assert spent > 0
    assert scene.tooltip[0] == f"Influence: {have - spent} to spend"
    assert f"{spent} of the {have} are set aside for this turn's orders." in scene.tooltip


def test_a_track_in_red_is_explained_beside_the_heading_and_in_its_tooltip(
    app: App, scene: MapScene
) -> None:
    with ink.recording() as drawn:  # the first turn: its opening events moved some
        app.render()
    assert LEGEND in [d.text for d in drawn]
    moved = [
        i
        for i in range(len(scene.track_lines))
        if track_reasons(scene.rules, scene.session.state, i)
    ]
    still = [i for i in range(len(scene.track_lines)) if i not in moved]
    assert moved and still
    app.feed([move(scene.track_rects[moved[0]].center)])
    assert scene.tooltip[-1] == MOVED
    app.feed([move(scene.track_rects[still[0]].center)])
    assert MOVED not in scene.tooltip


def test_the_mobilisation_map_says_what_its_numbers_are(app: App, scene: MapScene) -> None:
    scene.set_overlay("mobilisation")
    with ink.recording() as drawn:
        app.render()
    texts = [d.text for d in drawn]
    ready = [t for t in texts if t.endswith(" ready")]
    assert len(ready) == len(scene.rules.model.regions)
    assert all(t.endswith("% ready") for t in ready)
    assert any("per cent ready to act" in t for t in texts)

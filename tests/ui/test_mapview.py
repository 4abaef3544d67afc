"""The map renderer: what it computes from the state and the geometry, and its cache."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.engine.rules import Rules
from game.engine.state import BASIS, State
from game.engine.turns import new_game
from game.ui import theme
from game.ui.mapview import (
    PATTERNS,
    MapView,
    Overlay,
    convex_hull,
    initials,
    point_in_polygon,
)


@pytest.fixture(autouse=True)
def _fonts() -> None:
    pygame.font.init()


def start(rules: Rules) -> State:
    return new_game(rules, 0, np.random.default_rng(0))


def test_support_among_all_groups_is_the_population_weighted_share(october_rules: Rules) -> None:
    view, state = MapView(october_rules), start(october_rules)
    values = view.values(state, Overlay("support", 0, None))
    r = october_rules.region_index["vyborg"]
    pop = october_rules.population[:, r]
    expected = (state.support[0, :, r] * pop).sum() / pop.sum() / BASIS
    assert values[r] == pytest.approx(expected)
    assert ((values >= 0) & (values <= 1)).all()


def test_support_among_one_group_is_that_groups_share(october_rules: Rules) -> None:
    view, state = MapView(october_rules), start(october_rules)
    values = view.values(state, Overlay("support", 1, 2))
    assert values == pytest.approx(state.support[1, 2] / BASIS)


def test_mobilisation_is_read_as_a_fraction_of_readiness(october_rules: Rules) -> None:
    view, state = MapView(october_rules), start(october_rules)
    values = view.values(state, Overlay("mobilisation", 0, 0))
    assert values == pytest.approx(state.mobilisation[0] / 100)


def test_every_label_falls_inside_its_own_region(october_rules: Rules) -> None:
    view = MapView(october_rules)
    view.fit((1000, 1000))
    for r, at in enumerate(view.labels):
        assert view.region_at((round(view.to_screen(at)[0]), round(view.to_screen(at)[1]))) == r


def test_insets_are_known_from_the_geometry(october_rules: Rules) -> None:
    view = MapView(october_rules)
    names = {view.names[r] for r in range(len(view.names)) if view.inset[r]}
    assert "Kronstadt" in names and "Moscow" in names
    assert "Vyborg side" not in names


def test_the_hull_holds_every_point_of_the_city() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    hull = convex_hull([*square, (5.0, 5.0), (2.0, 8.0)])
    assert sorted(hull) == sorted(square)
    assert point_in_polygon((5.0, 5.0), hull)
    assert not point_in_polygon((11.0, 5.0), hull)


def test_a_render_is_cached_until_the_size_overlay_or_state_changes(
    october_rules: Rules,
) -> None:
    pygame.display.init()
    view, state = MapView(october_rules), start(october_rules)
    first = view.render((640, 480), state, Overlay())
    assert first.get_size() == (640, 480)
    assert view.render((640, 480), state, Overlay()) is first
    assert view.renders == 1
    view.render((640, 480), state, Overlay("control"))
    view.render((800, 480), state, Overlay("control"))
    view.render((800, 480), start(october_rules), Overlay("control"))
    assert view.renders == 4


def test_a_scenario_without_labels_or_site_positions_still_draws(mini_rules: Rules) -> None:
    pygame.display.init()
    view, state = MapView(mini_rules), start(mini_rules)
    for kind in ("support", "mobilisation", "control"):
        surface = view.render((400, 300), state, Overlay(kind))  # type: ignore[arg-type]
        assert surface.get_size() == (400, 300)
    assert view.describe(Overlay("support", 0, None)).startswith("Support for the")


def _surfaces_differ(a: pygame.Surface, b: pygame.Surface) -> bool:
    return bool((pygame.surfarray.array3d(a) != pygame.surfarray.array3d(b)).any())


def test_the_patterns_palette_draws_a_different_map_from_colours(october_rules: Rules) -> None:
    pygame.display.init()
    state = start(october_rules)
    colours = MapView(october_rules).render((640, 480), state, Overlay("control"))
    patterns = MapView(october_rules, palette="patterns").render(
        (640, 480), state, Overlay("control")
    )
    assert _surfaces_differ(colours, patterns)


def test_changing_the_palette_recomposes_the_map_once(october_rules: Rules) -> None:
    pygame.display.init()
    view, state = MapView(october_rules), start(october_rules)
    first = view.render((640, 480), state, Overlay("control")).copy()
    view.palette = "patterns"
    patterned = view.render((640, 480), state, Overlay("control"))
    assert view.renders == 2
    assert _surfaces_differ(first, patterned)
    view.palette = "patterns"  # the same again: nothing to redo
    assert view.render((640, 480), state, Overlay("control")) is patterned
    view.palette = "colours"
    again = view.render((640, 480), state, Overlay("control"))
    assert view.renders == 3
    assert not _surfaces_differ(first, again)


def test_an_unknown_palette_is_refused(october_rules: Rules) -> None:
    with pytest.raises(ValueError, match="unknown palette"):
        MapView(october_rules, palette="rainbow")


def test_patterned_markers_are_drawn_once_and_reused(october_rules: Rules) -> None:
    pygame.display.init()
    view, state = MapView(october_rules, palette="patterns"), start(october_rules)
    view.render((640, 480), state, Overlay("control"))
    drawn = view.marker_draws
    assert drawn > 0
    # A new state of the same game recomposes the picture but draws no marker anew.
    view.render((640, 480), start(october_rules), Overlay("control"))
    assert view.renders == 2
    assert view.marker_draws == drawn
    radius = view._marker_radius(True)
    assert view.marker(0, radius) is view.marker(0, radius)


def test_each_faction_has_its_own_pattern_and_initial(october_rules: Rules) -> None:
    pygame.display.init()
    view = MapView(october_rules, palette="patterns")
    n = october_rules.n_factions
    assert len(set(view.initials)) == n
    assert len({PATTERNS[f % len(PATTERNS)] for f in range(n)}) == n
    # Grey, the markers of two factions would differ all the same.
    greys = [pygame.transform.grayscale(view.marker(f, 10)) for f in range(n)]
    for a in range(n):
        for b in range(a + 1, n):
            assert _surfaces_differ(greys[a], greys[b])


def test_initials_grow_until_they_are_told_apart() -> None:
    assert initials(["Bolsheviks", "Moderates", "Government", "Right"]) == ["B", "M", "G", "R"]
    assert initials(["Mensheviks", "Moderates", "Kadets"]) == ["Me", "Mo", "K"]


def test_the_labels_are_recomposed_when_the_text_size_changes(october_rules: Rules) -> None:
    pygame.display.init()
    view, state = MapView(october_rules), start(october_rules)
    view.render((640, 480), state, Overlay())
    theme.set_text_scale(1.3)
    try:
        view.render((640, 480), state, Overlay())
    finally:
        theme.set_text_scale(1.0)
    assert view.renders == 2


def test_every_armed_unit_has_a_token_in_its_district_that_the_mouse_finds(
    october_rules: Rules,
) -> None:
    state = start(october_rules)
    view = MapView(october_rules)
    view.render((900, 600), state, Overlay("control", 0, None))
    armed = {u for u in range(len(state.unit_region)) if int(state.unit_strength[u]) > 0}
    assert {u for u, _ in view.unit_spots} == armed
    for unit, spot in view.unit_spots:
        assert view.unit_at(spot.center) == unit
        row = next(rect for r, rect in view.unit_rows if r == int(state.unit_region[unit]))
        assert row.contains(spot)
    assert view.unit_at((0, 0)) is None


def test_a_raised_bridge_is_drawn_apart_from_a_lowered_one(october_rules: Rules) -> None:
    import dataclasses

    state = start(october_rules)
    flags = state.flags.copy()
    flags[[f.id for f in october_rules.model.flags].index("bridges_raised")] = True
    raised = dataclasses.replace(state, flags=flags)
    view = MapView(october_rules)
    overlay = Overlay("control", 0, None)
    down = pygame.surfarray.array3d(view.render((900, 600), state, overlay)).copy()
    assert not any(view.raised)
    up = pygame.surfarray.array3d(view.render((900, 600), raised, overlay))
    assert any(view.raised)
    assert (down != up).any()

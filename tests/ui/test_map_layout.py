"""The map screen at three window sizes and three text sizes, in every mode a player sees:
no text is cut short, wider than the box it is drawn in, or off the window.

Every text the map draws goes through `game.ui.ink`, which records it; the test measures
each one. The map's own labels are recorded as the picture is composed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pygame
import pytest

from game.describe import turn_heading
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import ink, theme
from game.ui.app import App
from game.ui.scenes.map import MapScene
from game.ui.settings import DEFAULTS
from tests.ui.events import move

SIZES = ((1024, 640), (1280, 720), (1920, 1080))
SCALES = (0.9, 1.0, 1.3)


@pytest.fixture
def opened() -> Iterator[Callable[[tuple[int, int], float, Scenario], tuple[App, MapScene]]]:
    apps: list[App] = []

    def open_(size: tuple[int, int], scale: float, scenario: Scenario) -> tuple[App, MapScene]:
        app = App(size, settings=DEFAULTS.with_(text_scale=scale))
        apps.append(app)
        scene = MapScene(Session(scenario, 7, player="bolsheviks"))
        app.push(scene)
        app.pump()
        return app, scene

    yield open_
    for app in apps:
        app.close()
    theme.set_text_scale(1.0)


def row_of(scene: MapScene, action_id: str) -> int:
    return next(i for i, r in enumerate(scene.rows) if r.action.spec.id == action_id)


def problems(app: App) -> list[str]:
    """What is wrong with the texts of one frame, each said once."""
    with ink.recording() as drawn:
        app.render()
    assert drawn, "the frame drew no text through ink"
    found = [p for p in (d.problem() for d in drawn) if p is not None]
    return list(dict.fromkeys(found))


def district(app: App, scene: MapScene, region_id: str) -> tuple[int, int]:
    area = scene.map_rect(app.size)
    x, y = scene.view.to_screen(scene.view.labels[scene.rules.region_index[region_id]])
    return area.left + round(x), area.top + round(y)


def to_the_end(app: App, scene: MapScene) -> None:
    """Scroll every list shown to its end, as the wheel would."""
    for lst in scene.scroll_lists():
        lst.scroll(len(lst.heights))
    scene.layout_hit_areas(app.size)


MODES: dict[str, Callable[[App, MapScene], None]] = {}


def mode(name: str) -> Callable[[Callable[[App, MapScene], None]], Callable[[App, MapScene], None]]:
    def register(setup: Callable[[App, MapScene], None]) -> Callable[[App, MapScene], None]:
        MODES[name] = setup
        return setup

    return register


@mode("the map as it opens")
def _as_it_opens(app: App, scene: MapScene) -> None:
    pass


@mode("three orders queued, every list at its end")
def _orders(app: App, scene: MapScene) -> None:
    for action in ("print_paper", "denounce_compromisers", "mass_rally"):
        scene.choose_action(row_of(scene, action))
        if scene.targeting is not None:
            scene.target_enter()
    to_the_end(app, scene)


@mode("choosing a district for Agitate")
def _agitate(app: App, scene: MapScene) -> None:
    scene.choose_action(row_of(scene, "agitate"))
    app.feed([move(district(app, scene, "vyborg"))])


@mode("choosing a unit from the list, scrolled to its end")
def _arm(app: App, scene: MapScene) -> None:
    scene.choose_action(row_of(scene, "arm_detachment"))
    to_the_end(app, scene)


@mode("a district's tooltip")
def _district_tip(app: App, scene: MapScene) -> None:
    app.feed([move(district(app, scene, "rozhdestvensky"))])
    assert scene.tip.table is not None


@mode("a unit's tooltip")
def _unit_tip(app: App, scene: MapScene) -> None:
    _, row = scene.view.unit_rows[0]
    area = scene.map_rect(app.size)
    app.feed([move((area.left + row.left + row.height // 2, area.top + row.centery))])
    assert scene.hover_unit is not None


@mode("a site's tooltip")
def _site_tip(app: App, scene: MapScene) -> None:
    index = next(i for i, s in enumerate(scene.rules.model.sites) if s.id == "winter_palace")
    x, y = dict(scene.site_markers(app.size))[index]
    app.feed([move((round(x), round(y)))])
    assert scene.hover_site == index


@mode("a resource's tooltip, the mobilisation map")
def _resource_tip(app: App, scene: MapScene) -> None:
    scene.set_overlay("mobilisation")
    app.feed([move(scene.resource_rects[-1].center)])
    assert scene.hover_resource == len(scene.resource_rects) - 1


@mode("an action row's tooltip, the list scrolled to its end")
def _row_tip(app: App, scene: MapScene) -> None:
    to_the_end(app, scene)
    app.feed([move(scene.row_rects[-1].center)])
    assert scene.hover_row == len(scene.rows) - 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", list(MODES))
def test_no_text_on_the_map_is_cut_or_spills_out(
    opened: Callable[[tuple[int, int], float, Scenario], tuple[App, MapScene]],
    october: Scenario,
    size: tuple[int, int],
    scale: float,
    name: str,
) -> None:
    app, scene = opened(size, scale, october)
    MODES[name](app, scene)
    assert problems(app) == []
    if scene.tip_rect is not None:
        assert pygame.Rect((0, 0), size).contains(scene.tip_rect)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_side_panels_grow_with_the_window_and_the_map_keeps_most_of_it(
    opened: Callable[[tuple[int, int], float, Scenario], tuple[App, MapScene]],
    october: Scenario,
    size: tuple[int, int],
) -> None:
    _, scene = opened(size, 1.0, october)
    side, left, area = scene.side_rect(size), scene.left_rect(size), scene.map_rect(size)
    assert side.width >= 300 and left.width >= 216
    assert area.width >= size[0] // 2 - 20  # the map is still the screen's main part
    if size[0] > 1280:
        assert side.width > 370 and left.width > 270  # not the 1280 widths beside a huge map


def test_the_check_sees_a_text_cut_short_and_one_too_wide(
    opened: Callable[[tuple[int, int], float, Scenario], tuple[App, MapScene]],
    october: Scenario,
) -> None:
    app, scene = opened((1024, 640), 1.3, october)
    scene.status = "Cut short..."
    found = problems(app)
    assert any("cut short" in p and "Cut short..." in p for p in found)
    surface = pygame.Surface((100, 40))
    with ink.recording() as drawn:
        ink.text(
            surface,
            theme.font(14),
            "far too wide for its box",
            theme.INK,
            (0, 0),
            surface.get_rect(),
        )
    assert drawn[0].problem() is not None and "wider" in str(drawn[0].problem())


@pytest.mark.parametrize("scale", SCALES)
def test_the_longest_turn_heading_gives_way_before_the_players_side(
    opened: Callable[[tuple[int, int], float, Scenario], tuple[App, MapScene]],
    october: Scenario,
    scale: float,
) -> None:
    """The smallest window: a turn with a long name drops the name, keeping the date, rather
    than run the heading under the player's side."""
    app, scene = opened((1024, 640), scale, october)
    turns = october.model.calendar.turns
    longest = max(range(len(turns)), key=lambda t: len(turn_heading_at(scene, t)))
    scene.session.state = dataclasses.replace(scene.session.state, turn=longest)
    assert problems(app) == []
    with ink.recording() as drawn:
        app.render()
    texts = [d.text for d in drawn]
    assert scene.faction_name in texts
    assert any(t.startswith(f"Turn {longest + 1} of ") for t in texts)


def turn_heading_at(scene: MapScene, turn: int) -> str:
    return turn_heading(scene.rules, dataclasses.replace(scene.session.state, turn=turn))

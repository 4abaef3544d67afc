"""Every scene at the smallest and the largest text size, in the usual window and a small one:
it draws, and where the layout has a rule that large text used to break, the rule holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pygame
import pytest

from game.scenario.loader import Scenario
from game.ui import theme
from game.ui.app import App
from game.ui.scene import Scene
from game.ui.scenes import SHOTS, ShotRequest, shot_stack
from game.ui.scenes import card as card_scene
from game.ui.scenes import map as map_scene
from game.ui.scenes.card import TextCard
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.event import EventScene
from game.ui.scenes.guide import GuideScene
from game.ui.scenes.journal import JournalScene, masthead, masthead_bottom, page
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.replay import TAKE_OVER, ReplayScene
from game.ui.scenes.saveload import SaveLoadScene
from game.ui.scenes.settings import SettingsScene
from game.ui.settings import DEFAULTS

SCALES = (0.9, 1.3)
SIZES = ((1024, 640), (1280, 720))


@pytest.fixture(scope="module")
def stacks(october: Scenario) -> Callable[[str], list[Scene]]:
    """The stack of each scene, made once for the module (some play a whole game first);
    a scene is entered afresh in each window it is pushed into."""
    made: dict[str, list[Scene]] = {}

    def stack(name: str) -> list[Scene]:
        if name not in made:
            made[name] = shot_stack(name, ShotRequest(october, 7, "bolsheviks"))
        return made[name]

    return stack


@pytest.fixture
def window() -> Iterator[Callable[[tuple[int, int], float], App]]:
    """A window at a size and text size; closed after the test, the text size put back."""
    opened: list[App] = []

    def open_(size: tuple[int, int], scale: float) -> App:
        app = App(size, settings=DEFAULTS.with_(text_scale=scale))
        opened.append(app)
        return app

    yield open_
    for app in opened:
        app.close()
    theme.set_text_scale(1.0)


def show(app: App, scenes: list[Scene]) -> Scene:
    for scene in scenes:
        app.push(scene)
    app.render()
    assert app.top is not None
    return app.top


def disjoint(rects: list[pygame.Rect]) -> bool:
    return not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def k_of(size: tuple[int, int]) -> float:
    return min(size[0] / 1280, size[1] / 720)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", list(SHOTS))
def test_every_scene_lays_out_at_every_text_size(
    window: Callable[[tuple[int, int], float], App],
    stacks: Callable[[str], list[Scene]],
    name: str,
    scale: float,
    size: tuple[int, int],
) -> None:
    app = window(size, scale)
    top = show(app, stacks(name))
    assert theme.text_scale() == scale
    check = CHECKS.get(type(top))
    assert check is not None or name in ("title", "charts")  # those two have no rule here
    if check is not None:
        check(top, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_the_maps_orders_chips_and_target_list_keep_their_rows(
    window: Callable[[tuple[int, int], float], App],
    october: Scenario,
    scale: float,
    size: tuple[int, int],
) -> None:
    app = window(size, scale)
    scene = show(app, shot_stack("map", ShotRequest(october, 7, "bolsheviks")))
    assert isinstance(scene, MapScene)

    def row_of(action_id: str) -> int:
        return next(i for i, r in enumerate(scene.rows) if r.action.spec.id == action_id)

    scene.choose_action(row_of("print_paper"))
    scene.choose_action(row_of("denounce_compromisers"))
    scene.choose_action(row_of("agitate"))  # a group, then a district: the chips
    app.render()
    left, area = scene.left_rect(size), scene.list_area(size)
    assert len(scene.queued_rects) == 2
    shown = [r for r in scene.queued_rects if r.width]  # the rest scrolled out of view
    assert shown and disjoint(shown)
    assert all(left.contains(r) for r in shown)
    chips = [rect for _, rect in scene.group_rects]
    assert chips and disjoint(chips)
    assert all(area.contains(r) and r.height >= theme.line_height(14) for r in chips)
    scene.leave_targeting()
    scene.choose_action(row_of("arm_detachment"))  # a list of units
    app.render()
    listed = [r for r in scene.target_rects if r.width]
    assert listed and disjoint(listed)
    area, effects = scene.list_area(size), scene.effects_rect
    assert all(area.top <= r.top and r.bottom <= effects.top for r in listed)
    # The chosen target's effects end within the list's area, above the footer line.
    assert effects.height >= theme.line_height(13, "italic") and effects.bottom <= area.bottom


# -- the rules, scene by scene ---------------------------------------------------------------


def check_map(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, MapScene)
    bar = map_scene.top_bar()
    # The heading and the resources line under it stand above the bar's double rule.
    below_resources = 10 + theme.line_height(21, "bold") + theme.line_height(16)
    assert below_resources <= bar - 4
    assert scene.side_rect(size).top == scene.map_rect(size).top == bar
    buttons = [b.rect for b in scene.overlay_buttons]
    assert disjoint(buttons)
    text_left = map_scene.overlay_buttons_right() + 16
    assert max(b.right for b in buttons) < text_left
    face = theme.font(15)
    for button, rect in zip(scene.overlay_buttons, buttons, strict=True):
        assert face.size(button.text)[0] <= rect.width - 12
        assert rect.top >= size[1] - map_scene.bottom_bar() and rect.bottom <= size[1]
    # A row holds a line of its font; the rows stay above the footer line and End turn.
    assert map_scene.row_height() >= theme.line_height(15, "bold")
    assert map_scene.track_row() >= theme.line_height(14)
    area = scene.list_area(size)
    footer_top = scene.end_turn_rect(size).top - 8 - theme.line_height(13, "italic")
    assert area.bottom <= footer_top
    shown = [r for r in scene.row_rects if r.width]
    assert shown and all(area.top <= r.top and r.bottom <= area.bottom for r in shown)
    assert disjoint(shown)
    assert all(r.bottom <= area.top for r in scene.track_rects)


def check_event(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, EventScene)
    card = scene.card(size)
    lines = len(scene.title_lines(card.width))
    title_bottom = card.top + card_scene.title_top() + lines * theme.line_height(30, "bold")
    assert scene.body is not None
    assert title_bottom <= scene.body.rect.top
    assert scene.body.rect.bottom <= scene.row_rects[0].top
    assert disjoint([b.rect for b in scene.buttons])
    assert disjoint(scene.row_rects)
    assert all(card.contains(r) for r in [*scene.row_rects, *(b.rect for b in scene.buttons)])


def check_new_game(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, NewGameScene)
    k = k_of(size)
    label_top = scene.buttons[0].rect.top - scene._label_font().get_linesize() - 4
    assert label_top >= masthead_bottom(size) - round(16 * k)  # below the masthead's rule
    face = theme.font(24 if k >= 0.85 else 18)
    for button in scene.buttons:
        assert face.size(button.text)[0] <= button.rect.width - 12
    assert scene.seed_entry is not None and scene.back_button is not None
    assert scene.seed_entry.rect.bottom <= scene.back_button.rect.top


def check_picker(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, PickerScene)
    label_top = scene.scenario_rows.rect.top - scene._label_font().get_linesize() - 4
    assert label_top >= masthead_bottom(size) - round(16 * k_of(size))  # below the rule
    assert scene.back_button is not None and scene.continue_button is not None
    buttons = [scene.back_button.rect, scene.continue_button.rect]
    assert disjoint(buttons)
    for part in (scene.scenario_rows.rect, scene.about_rect, scene.summary_rect):
        assert part.bottom <= buttons[0].top
    assert not scene.about_rect.colliderect(scene.summary_rect)
    face = theme.font(24 if k_of(size) >= 0.85 else 18)
    assert face.size("Continue")[0] <= buttons[1].width - 12


def check_masthead(content_top: Callable[[Scene], int]) -> Callable[[Scene, tuple[int, int]], None]:
    def check(scene: Scene, size: tuple[int, int]) -> None:
        # masthead_bottom repeats masthead's sums: it is where the drawn masthead ends.
        surface = pygame.Surface(size)
        assert masthead(surface, page(surface), "Kicker", "Title") == masthead_bottom(size)
        assert masthead_bottom(size) <= content_top(scene)

    return check


def _journal_top(scene: Scene) -> int:
    assert isinstance(scene, JournalScene)
    return scene.rect.top


def _codex_top(scene: Scene) -> int:
    assert isinstance(scene, CodexScene)
    return min(scene.list_rect.top, scene.text_rect.top)


def _error_top(scene: Scene) -> int:
    assert isinstance(scene, ErrorScene)
    return scene.rect.top


def _load_top(scene: Scene) -> int:
    assert isinstance(scene, SaveLoadScene)
    return scene.list_rect.top


def _settings_top(scene: Scene) -> int:
    assert isinstance(scene, SettingsScene)
    return scene.row_rects[0].top


def check_ending(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, EndingScene)
    assert scene.head_rule(k_of(size)) < scene.left.top


def check_replay(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, ReplayScene)
    assert scene.take_button is not None and scene.back_button is not None
    assert theme.font(20, "bold").size(TAKE_OVER)[0] <= scene.take_button.rect.width - 12
    assert not scene.take_button.rect.colliderect(scene.back_button.rect)


def check_card(scene: Scene, size: tuple[int, int]) -> None:
    assert isinstance(scene, TextCard)
    card = scene.card(size)
    lines = len(scene.title_lines(card.width))
    title_bottom = card.top + card_scene.title_top() + lines * theme.line_height(30, "bold")
    assert pygame.Rect(0, 0, *size).contains(card)
    assert scene.body is not None and title_bottom <= scene.body.rect.top
    assert all(scene.body.rect.bottom <= b.rect.top for b in scene.buttons)
    assert disjoint([b.rect for b in scene.buttons])
    assert all(card.contains(b.rect) for b in scene.buttons)


CHECKS: dict[type, Callable[[Scene, tuple[int, int]], None]] = {
    MapScene: check_map,
    TextCard: check_card,
    EventScene: check_event,
    NewGameScene: check_new_game,
    PickerScene: check_picker,
    JournalScene: check_masthead(_journal_top),
    CodexScene: check_masthead(_codex_top),
    ErrorScene: check_masthead(_error_top),
    SaveLoadScene: check_masthead(_load_top),
    SettingsScene: check_masthead(_settings_top),
    EndingScene: check_ending,
    ReplayScene: check_replay,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_the_guides_buttons_hold_their_labels_at_every_step(
    window: Callable[[tuple[int, int], float], App],
    october: Scenario,
    scale: float,
    size: tuple[int, int],
) -> None:
    app = window(size, scale)
    the_map = show(app, shot_stack("map", ShotRequest(october, 7, "bolsheviks")))
    assert isinstance(the_map, MapScene)
    guide = GuideScene(the_map)
    show(app, [guide])
    face = theme.font(18)
    for index in range(len(guide.steps)):
        guide.go(index)
        app.render()
        buttons = [guide.next_button, guide.back_button, guide.skip_button]
        rects = [b.rect for b in buttons if b is not None]
        assert len(rects) == 3 and disjoint(rects)
        box, _ = guide.callout(size)
        assert all(box.contains(r) for r in rects)
        for button in buttons:
            assert button is not None
            assert face.size(button.text)[0] <= button.rect.width - 6

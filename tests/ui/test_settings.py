"""The settings page, driven by the keyboard and the mouse, and the file the settings live in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.scenario.loader import Scenario
from game.ui import theme
from game.ui.app import App, start_scene
from game.ui.scene import Scene
from game.ui.scenes.settings import SettingsScene, setting_rows
from game.ui.settings import DEFAULTS, Settings, load_settings, save_settings
from tests.ui.events import click, key

ROW_KEYS = ("window", "fullscreen", "text_scale", "palette", "replay_speed", "guide")


@pytest.fixture(autouse=True)
def _normal_text() -> Iterator[None]:
    """The text size is the theme's (a module's) state: leave it as the next test expects."""
    yield
    theme.set_text_scale(1.0)


@pytest.fixture
def page(app: App) -> SettingsScene:
    app.push(Scene())  # what the page was opened from: Esc goes back to it
    scene = SettingsScene()
    app.push(scene)
    app.pump()
    return scene


def go_to(app: App, scene: SettingsScene, index: int) -> None:
    """Down from wherever the selection is to row `index`, as a player would."""
    for _ in range(scene.count):
        if scene.selected == index:
            return
        app.feed([key(pygame.K_DOWN)])
    raise AssertionError(f"row {index} was never reached")


def test_the_page_has_a_row_for_every_setting_in_order(page: SettingsScene) -> None:
    assert [row.key for row in page.rows] == list(ROW_KEYS)
    texts = page.shown_texts()
    assert "Window size: 1280 × 720" in texts
    assert "Text size: Normal (100%)" in texts
    assert "Map palette: Colours" in texts
    assert "Restore defaults" in texts and "Back" in texts


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, {"window": (1440, 810)}),
        (1, {"fullscreen": True}),
        (2, {"text_scale": 1.15}),
        (3, {"palette": "patterns"}),
        (4, {"replay_speed": "fast"}),
        (5, {"guide": False}),
    ],
)
def test_right_arrow_on_each_row_changes_that_setting_and_keeps_the_row(
    app: App, page: SettingsScene, index: int, expected: dict[str, object]
) -> None:
    go_to(app, page, index)
    app.feed([key(pygame.K_RIGHT)])
    assert app.settings == DEFAULTS.with_(**expected)
    assert page.selected == index  # the rebuild after the change kept the player's place
    app.feed([key(pygame.K_LEFT)])
    assert app.settings == DEFAULTS


def test_changes_take_effect_in_the_window_at_once(app: App, page: SettingsScene) -> None:
    app.feed([key(pygame.K_RIGHT)])  # window size
    assert app.size == (1440, 810)
    go_to(app, page, 1)
    app.feed([key(pygame.K_RETURN)])  # Enter toggles full screen
    assert app.fullscreen
    assert "Full screen: On" in page.shown_texts()
    go_to(app, page, 2)
    app.feed([key(pygame.K_LEFT)])
    assert theme.text_scale() == 0.9


def test_every_change_is_saved_and_reads_back(
    app: App, page: SettingsScene, tmp_path: Path
) -> None:
    app.settings_file = tmp_path / "config" / "settings.yaml"
    for index in range(len(ROW_KEYS)):
        go_to(app, page, index)
        app.feed([key(pygame.K_RIGHT)])
        assert load_settings(app.settings_file) == (app.settings, None)
    assert app.settings == Settings(
        window=(1440, 810),
        fullscreen=True,
        text_scale=1.15,
        palette="patterns",
        replay_speed="fast",
        guide=False,
    )
    assert app.settings_note is None


def test_a_failed_save_is_said_on_the_page(app: App, page: SettingsScene, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    app.settings_file = blocker / "settings.yaml"
    go_to(app, page, 3)
    app.feed([key(pygame.K_RIGHT)])
    assert app.settings.palette == "patterns"  # applied even though it was not kept
    assert app.settings_note is not None
    assert app.settings_note in page.shown_texts()
    app.render()  # and drawn without trouble


def test_restore_defaults_by_keyboard_and_by_mouse(app: App, page: SettingsScene) -> None:
    go_to(app, page, 3)
    app.feed([key(pygame.K_RIGHT)])
    go_to(app, page, 2)
    app.feed([key(pygame.K_RIGHT)])
    assert app.settings != DEFAULTS
    go_to(app, page, len(page.rows))  # the Restore defaults button
    app.feed([key(pygame.K_RETURN)])
    assert app.settings == DEFAULTS
    app.feed([key(pygame.K_HOME), key(pygame.K_RIGHT)])
    assert app.settings != DEFAULTS
    assert page.restore_button is not None
    app.feed(click(page.restore_button.rect.center))
    assert app.settings == DEFAULTS


def test_the_arrow_buttons_change_a_row_with_the_mouse(app: App, page: SettingsScene) -> None:
    _, forward = page.arrows[3]
    app.feed(click(forward.rect.center))
    assert app.settings.palette == "patterns"
    back, _ = page.arrows[3]  # new buttons: the page was built again
    app.feed(click(back.rect.center))
    assert app.settings.palette == "colours"
    assert page.selected == 3


def test_escape_and_back_close_the_page(app: App, page: SettingsScene) -> None:
    below = app.stack[0]
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is below and app.running
    again = SettingsScene()
    app.push(again)
    app.pump()
    assert again.back_button is not None
    app.feed(click(again.back_button.rect.center))
    assert app.top is below


def test_up_from_the_first_row_reaches_back_and_enter_closes(app: App, page: SettingsScene) -> None:
    app.feed([key(pygame.K_UP)])
    assert page.selected == len(page.rows) + 1
    app.feed([key(pygame.K_RETURN)])
    assert app.top is not page


def test_f11_switches_full_screen_and_the_page_shows_it(app: App, page: SettingsScene) -> None:
    assert not app.fullscreen
    app.feed([key(pygame.K_F11)])
    assert app.fullscreen
    assert "Full screen: On" in page.shown_texts()
    app.feed([key(pygame.K_F11)])
    assert not app.fullscreen
    assert app.size == (1280, 720)


def test_a_larger_text_size_builds_the_widgets_with_larger_fonts(
    app: App, page: SettingsScene
) -> None:
    assert page.back_button is not None
    before = page.back_button.font.size("Back")[1]
    go_to(app, page, 2)
    app.feed([key(pygame.K_RIGHT), key(pygame.K_RIGHT)])  # 1.0 -> 1.15 -> 1.3
    assert app.settings.text_scale == 1.3
    assert page.back_button.font.size("Back")[1] > before
    assert page.back_button.rect.height >= page.back_button.font.size("Back")[1]


@pytest.mark.parametrize("scale", [0.9, 1.0, 1.15, 1.3])
@pytest.mark.parametrize("size", [(1280, 720), (1024, 640), (800, 560)])
def test_the_page_fits_its_window_at_every_text_size(scale: float, size: tuple[int, int]) -> None:
    app = App(size, settings=DEFAULTS.with_(text_scale=scale))
    try:
        scene = SettingsScene()
        app.push(scene)
        app.render()
        window = pygame.Rect((0, 0), size)
        for above, below in zip(scene.row_rects, scene.row_rects[1:], strict=False):
            assert above.bottom <= below.top
        assert scene.restore_button is not None and scene.back_button is not None
        assert scene.row_rects[-1].bottom <= scene.restore_button.rect.top
        for back, forward in scene.arrows:
            assert back.rect.right < forward.rect.left
            assert window.contains(forward.rect)
        assert window.contains(scene.back_button.rect)
        assert not scene.restore_button.rect.colliderect(scene.back_button.rect)
    finally:
        app.close()


def test_a_size_from_a_hand_edited_file_is_among_the_choices() -> None:
    rows = setting_rows(DEFAULTS.with_(window=(1366, 768), text_scale=1.2), False)
    assert rows[0].shown == "1366 × 768"
    assert rows[2].shown == "120%"


# -- the file -------------------------------------------------------------------------------


def test_settings_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    chosen = Settings(window=(1600, 900), text_scale=1.3, palette="patterns", guide=False)
    save_settings(chosen, path)
    assert load_settings(path) == (chosen, None)


def test_no_file_means_the_defaults_and_nothing_to_say(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.yaml") == (DEFAULTS, None)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("window: [1280, 720\ntext_scale: 1.0\n", 2, "','"),
        ("window: [1280, 720]\ncolour: red\n", 2, "unknown setting 'colour'"),
        ("fullscreen: maybe\n", 1, "'fullscreen' should be true or false"),
        ("guide: true\ntext_scale: big\n", 2, "'text_scale' should be a number"),
        ("palette: stripes\n", 1, "'palette' should be one of colours, patterns"),
        ("window: [1280]\n", 1, "'window' should be [width, height]"),
        # Values of the wrong type (a list, a mapping, NaN) once raised a TypeError.
        ("palette: [1]\n", 1, "'palette' should be one of colours, patterns"),
        ("guide: true\nreplay_speed: {a: 1}\n", 2, "'replay_speed' should be one of slow"),
        ("window: {a: 1}\n", 1, "'window' should be [width, height]"),
        ("window: [[1280], 720]\n", 1, "'window' should be [width, height]"),
        ("text_scale: [1.0]\n", 1, "'text_scale' should be a number"),
        ("text_scale: .nan\n", 1, "'text_scale' should be a number"),
        ("guide: {}\n", 1, "'guide' should be true or false"),
        ("fullscreen: 1\n", 1, "'fullscreen' should be true or false"),
    ],
)
def test_a_damaged_file_gives_the_defaults_and_one_line_naming_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    settings, note = load_settings(path)
    assert settings == DEFAULTS
    assert note is not None
    assert "\n" not in note
    assert note.startswith(f"{path}:{line}:")
    assert words in note
    assert path.read_text() == text  # left alone until the player saves over it
    window = App(settings=settings)  # and the window opens with them
    try:
        assert window.running
    finally:
        window.close()


def test_every_text_size_over_the_map_lays_out_and_draws(app: App, october: Scenario) -> None:
    app.push(start_scene("map", october, seed=1))
    page = SettingsScene()
    app.push(page)
    for scale in (0.9, 1.0, 1.15, 1.3):
        page.selected = 2
        while app.settings.text_scale != scale:
            app.feed([key(pygame.K_RIGHT)])
        app.feed([key(pygame.K_ESCAPE)])  # back to the map, drawn at this size
        assert app.render().get_size() == (1280, 720)
        page = SettingsScene()
        app.push(page)


def test_the_palette_setting_reaches_the_map_and_the_replay(app: App, october: Scenario) -> None:
    from game.session import Session
    from game.ui.scenes.map import MapScene

    scene = MapScene(Session(october, 3, player="bolsheviks"))
    app.push(scene)
    app.pump()
    assert scene.view.palette == "colours"
    app.change_settings(app.settings.with_(palette="patterns"))
    assert scene.view.palette == "patterns"

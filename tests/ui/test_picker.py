"""New game's choice of scenario and mods: shown only with a choice to make, a mod ticked
reaches the new-game page, a broken one the problem page and back, by keys or the mouse."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pygame
import pytest

from game.scenario import catalogue
from game.scenario.loader import Scenario, Source
from game.ui.app import App
from game.ui.scenes import title_scene
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.title import TitleScene
from tests.conftest import MINI
from tests.ui.events import click, key


def write_mod(root: Path, ident: str, name: str, changes: str, extends: str = "mini") -> Path:
    folder = root / ident
    folder.mkdir()
    (folder / "mod.yaml").write_text(
        f"mod:\n  id: {ident}\n  name: {name}\n  version: '2'\n  extends: {extends}\n"
        f"  description: What {name} changes.\n"
    )
    (folder / "changes.yaml").write_text(textwrap.dedent(changes))
    return folder


@pytest.fixture
def mods(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The player's mods folder: a copy of mini, a mod renaming the Reds, one giving the
    Blues more influence, and one naming a faction mini does not have."""
    root = tmp_path / "mods"
    root.mkdir()
    monkeypatch.setenv("DUAL_POWER_MODS", str(root))
    shutil.copytree(MINI, root / "mini")
    write_mod(root, "crimson", "Crimson Reds", "factions:\n  - {id: reds, name: Crimson}\n")
    write_mod(
        root,
        "rich_blues",
        "Rich Blues",
        "factions:\n  - id: blues\n    resources: {influence: 9}\n",
    )
    write_mod(root, "typo", "Typo", "factions:\n  - id: redz\n    name: Oops\n")
    return root


def open_title(app: App, source: Source) -> TitleScene:
    title = title_scene(source.load(), 5, None, source=source)
    assert isinstance(title, TitleScene)
    app.push(title)
    app.pump()
    return title


def new_game(app: App) -> PickerScene:
    """Press New game (the title's first entry without saves) and wait for the checks."""
    app.feed([key(pygame.K_RETURN)])
    picker = app.top
    assert isinstance(picker, PickerScene)
    picker.checks.wait(10)
    app.pump()
    return picker


def mod_index(picker: PickerScene, name: str) -> int:
    return [f.name for f in picker.mods].index(name)


def press(app: App, button: object) -> None:
    assert button is not None
    app.feed(click(button.rect.center))  # type: ignore[attr-defined]


def test_with_nothing_to_choose_new_game_goes_straight_to_the_new_game_page(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One scenario alone in the world: nothing bundled, no mods, nothing beside it.
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(catalogue, "scenarios_dir", lambda: empty)
    monkeypatch.setenv("DUAL_POWER_MODS", str(empty))
    shutil.copytree(MINI, tmp_path / "alone" / "mini")
    open_title(app, Source(tmp_path / "alone" / "mini"))
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)
    # A mod put in the mods folder meanwhile is offered at the next New game.
    write_mod(empty, "crimson", "Crimson Reds", "factions:\n  - {id: reds, name: Crimson}\n")
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
    assert isinstance(app.top, PickerScene)
    assert [f.name for f in app.top.mods] == ["Crimson Reds"]


def test_without_a_source_there_is_no_choice_even_with_mods(
    app: App, mini: Scenario, mods: Path
) -> None:
    # (October and its bundled mod are a choice already, and the mods folder holds more.)
    app.push(title_scene(mini, 5, None))
    app.pump()
    app.feed([key(pygame.K_RETURN)])
    assert isinstance(app.top, NewGameScene)


def test_the_choice_lists_the_scenarios_and_the_mods_with_the_current_one_chosen(
    app: App, mods: Path
) -> None:
    open_title(app, Source(mods / "mini", (mods / "rich_blues",)))
    picker = new_game(app)
    assert picker.offer.scenario is not None and picker.offer.scenario.name == "Mini"
    # The current scenario first, then the bundled ones (October and Moscow First).
    names = [f.name for f in picker.offer.scenarios]
    assert names[0] == "Mini" and {"Dual Power", "Moscow First"} <= set(names[1:])
    # The mod the game was started with is found first, then the folder's in name order.
    assert [f.name for f in picker.mods] == ["Rich Blues", "Crimson Reds", "Typo"]
    assert [f.name for f in picker.offer.ticked] == ["Rich Blues"]
    texts = picker.shown_texts()
    assert {"your mods folder", "bundled", "What Crimson Reds changes."} <= set(texts)
    assert "crimson" not in texts and "rich_blues" not in texts  # names, not ids
    # The mod that names a faction mini lacks is found out, and why, before it is ticked.
    typo = picker.mods[mod_index(picker, "Typo")]
    problem = picker.problem(typo)
    assert problem is not None and problem[1]  # it does not load, yet can be ticked
    assert "redz" in problem[0].message


def test_a_mod_ticked_with_the_mouse_reaches_a_new_game_page_with_its_change(
    app: App, mods: Path
) -> None:
    open_title(app, Source(mods / "mini"))
    picker = new_game(app)
    row = picker.mod_rows.row(mod_index(picker, "Crimson Reds"))
    assert row is not None
    app.feed(click(picker.box(row).center))
    assert [f.name for f in picker.offer.ticked] == ["Crimson Reds"]
    press(app, picker.continue_button)
    page = app.top
    assert isinstance(page, NewGameScene)
    assert page.scenario.layers == ("crimson",)
    assert "Crimson" in [b.text for b in page.buttons]
    # The page says what the game is played with, by the mod's name and version.
    assert "Played with a mod: Crimson Reds (version 2)." in page.shown_texts()
    # Ctrl+R in the game begun here reads the scenario with the mod chosen, not without it.
    assert app.reload_scenario is not None
    assert app.reload_scenario().layers == ("crimson",)
    press(app, page.back_button)  # Back on the new-game page comes back to the choice
    assert app.top is picker


def test_after_a_choice_the_title_beneath_is_the_one_chosen_and_offers_it_first(
    app: App, mods: Path
) -> None:
    write_mod(mods, "retitled", "Retitled", "scenario: {title: Mini Retold}\n")
    source = Source(mods / "mini")
    # As the window sets it up (game/ui/app.py run): the title of a scenario read.
    app.title_for = lambda scenario, chosen=None: title_scene(
        scenario, 5, None, source=chosen or source
    )
    open_title(app, source)
    picker = new_game(app)
    picker.focus.to("mods")
    picker.move_cursor(mod_index(picker, "Retitled"))
    app.feed([key(pygame.K_SPACE)])
    press(app, picker.continue_button)
    assert isinstance(app.top, NewGameScene)
    title = app.stack[0]
    assert isinstance(title, TitleScene) and title.title == "Mini Retold"
    app.feed([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)])  # back to the title
    assert app.top is title
    again = new_game(app)
    assert [f.name for f in again.offer.ticked] == ["Retitled"]


def test_a_broken_mod_opens_the_problem_page_at_its_file_and_line_and_back_returns(
    app: App, mods: Path
) -> None:
    open_title(app, Source(mods / "mini"))
    picker = new_game(app)
    picker.focus.to("mods")
    picker.move_cursor(mod_index(picker, "Typo"))
    app.feed([key(pygame.K_SPACE)])
    press(app, picker.continue_button)
    page = app.top
    assert isinstance(page, ErrorScene)
    changes = mods / "typo" / "changes.yaml"
    assert any(line.startswith(f"{changes}:2:") and "redz" in line for line in page.lines)
    press(app, page.back_button)
    assert app.top is picker
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene)


def test_the_keyboard_alone_chooses_orders_and_continues(app: App, mods: Path) -> None:
    open_title(app, Source(mods / "mini"))
    picker = new_game(app)
    assert picker.focus.part == "scenarios"
    app.feed([key(pygame.K_TAB)])
    assert picker.focus.part == "mods"
    rows = [f.name for f in picker.mods]
    assert rows == ["Crimson Reds", "Rich Blues", "Typo"]
    app.feed([key(pygame.K_SPACE), key(pygame.K_DOWN), key(pygame.K_SPACE)])
    assert [f.name for f in picker.offer.ticked] == ["Crimson Reds", "Rich Blues"]
    app.feed([key(pygame.K_UP, pygame.KMOD_CTRL)])  # Rich Blues loads first
    assert [f.name for f in picker.offer.ticked] == ["Rich Blues", "Crimson Reds"]
    assert picker.mod is not None and picker.mod.name == "Rich Blues"
    assert [f.name for f in picker.mods] == rows  # the rows stay put: the numbers change
    shown = picker.shown_texts()
    assert "You will play Mini with Rich Blues, then Crimson Reds (loaded in that order)." in shown
    # The load order and the versions are labelled: a bare "1" beside a name says nothing.
    assert "1st" in shown and "2nd" in shown
    assert not any(t.isdigit() for t in shown), shown
    app.feed([key(pygame.K_RETURN)])
    page = app.top
    assert isinstance(page, NewGameScene)
    assert page.scenario.layers == ("rich_blues", "crimson")
    blues = next(f for f in page.scenario.model.factions if f.id == "blues")
    assert blues.resources["influence"] == 9
    app.feed([key(pygame.K_ESCAPE)])
    assert app.top is picker
    app.feed([key(pygame.K_TAB, pygame.KMOD_SHIFT)])  # back to the scenarios
    app.feed([key(pygame.K_DOWN)])  # the next scenario: a bundled one, no mods of its own
    assert picker.offer.scenario is not None
    assert picker.offer.scenario.name in {"Dual Power", "Moscow First"}
    assert picker.offer.ticked == []
    app.feed([key(pygame.K_UP)])  # back to mini: its mods are still ticked
    assert [f.name for f in picker.offer.ticked] == ["Rich Blues", "Crimson Reds"]
    app.feed([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene)


def test_two_clicks_tick_the_two_mods_clicked(app: App, mods: Path) -> None:
    """A mod ticked brings nothing into the list above the next one clicked."""
    open_title(app, Source(mods / "mini"))
    picker = new_game(app)
    boxes = []
    for name in ("Rich Blues", "Crimson Reds"):
        row = picker.mod_rows.row(mod_index(picker, name))
        assert row is not None
        boxes.append(picker.box(row).center)
    app.feed([*click(boxes[0]), *click(boxes[1])])
    assert [f.name for f in picker.offer.ticked] == ["Rich Blues", "Crimson Reds"]


def test_a_mod_that_cannot_be_placed_is_greyed_says_why_and_cannot_be_ticked(
    app: App, mods: Path
) -> None:
    write_mod(mods, "orphan", "Orphan", "factions: []\n", extends="nowhere")
    open_title(app, Source(mods / "mini"))
    picker = new_game(app)
    orphan = mod_index(picker, "Orphan")
    assert orphan == len(picker.mods) - 1  # after every mod that can be used
    picker.focus.to("mods")
    picker.move_cursor(orphan)
    app.feed([key(pygame.K_SPACE)])
    assert picker.offer.ticked == []
    texts = picker.about.texts()
    assert "It cannot be used" in texts
    assert any("'nowhere'" in t and str(mods / "orphan" / "mod.yaml") in t for t in texts)
    assert "cannot be used" in picker.note
    app.render()


def test_the_page_lays_out_without_overlaps_on_a_small_window(mods: Path) -> None:
    for n in range(8):
        write_mod(mods, f"more_{n}", f"More {n}", "factions: []\n")
    window = App((800, 560))
    try:
        open_title(window, Source(mods / "mini"))
        picker = new_game(window)
        window.render()
        lists = [picker.scenario_rows.rect, picker.mod_rows.rect]
        assert picker.earlier_button is not None and picker.back_button is not None
        buttons = [picker.earlier_button.rect, picker.back_button.rect]
        assert lists[0].bottom < lists[1].top and lists[1].bottom < buttons[0].top
        assert buttons[0].bottom <= buttons[1].top
        assert picker.mod_rows.shown >= 2
        assert not picker.about_rect.colliderect(picker.summary_rect)
        picker.move_cursor(len(picker.mods) - 1)  # the list scrolls to keep it in view
        assert picker.mod_rows.row(len(picker.mods) - 1) is not None
    finally:
        window.close()

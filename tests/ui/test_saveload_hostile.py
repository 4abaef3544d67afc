"""The window's Load page against hostile saves folders (issue 12, items 2, 4 and 5)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine.rules import Rules
from game.saves.store import SaveStore
from game.session import Session
from game.ui.app import App
from game.ui.scenes.saveload import SaveLoadScene
from tests.saves.conftest import mini_game, mini_save, write_save
from tests.saves.hostile import UNPLAYABLE, says_unplayable, unplayable_save
from tests.saves.test_hostile import odd_folder, within
from tests.ui.events import key

__all__ = ["mini_game", "mini_save", "odd_folder"]  # fixtures shared with the saves' tests


def test_the_load_page_deletes_exactly_the_file_listed(
    app: App, mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bystander = tmp_path / "game.yaml"  # ./game.yaml, in the folder the game was run from
    bystander.write_text("mine\n")
    store = SaveStore(tmp_path / "saves")
    store.folder.mkdir()
    target = write_save(Session(mini_rules, 3, player="reds"), store.folder / "game.yaml.yaml")
    page = SaveLoadScene(None, store, "load")
    app.push(page)
    app.pump()
    assert [e.name for e in page.entries] == ["game.yaml"]
    app.feed([key(pygame.K_DELETE), key(pygame.K_y)])
    assert not target.exists() and bystander.read_text() == "mine\n"
    assert page.status == "Deleted 'game.yaml'."


def test_the_load_page_lists_a_folder_of_fifos_and_devices_without_hanging(
    app: App, odd_folder: Path
) -> None:
    page = within(20, lambda: SaveLoadScene(None, SaveStore(odd_folder), "load"))
    app.push(page)
    app.pump()
    assert len(page.entries) == 6
    app.render()


def test_the_load_page_says_in_one_line_why_an_unplayable_save_does_not_load(
    app: App, mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    for n, how in enumerate(UNPLAYABLE):
        unplayable_save(mini_rules, tmp_path / f"bad{n}.yaml", how)
    page = SaveLoadScene(None, store, "load")
    app.push(page)
    app.pump()
    for n in range(len(page.entries)):
        page.select(n)
        app.feed([key(pygame.K_RETURN)])
        assert app.top is page and app.running
        assert page.status.startswith("Not loaded:") and says_unplayable(page.status)
        assert str(tmp_path) in page.status and "\n" not in page.status

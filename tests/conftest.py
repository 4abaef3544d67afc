"""Shared fixtures: the small test scenario, the bundled one, and rules built from them.

Loading is done once per session: scenarios are immutable, so tests may share them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# Games played by the tests (and their subprocesses) autosave: never into the checkout.
os.environ["DUAL_POWER_SAVES"] = tempfile.mkdtemp(prefix="dual-power-test-saves-")
# ... nor read or write the player's settings.
os.environ["DUAL_POWER_CONFIG"] = tempfile.mkdtemp(prefix="dual-power-test-config-")
# ... nor find the player's own mods.
os.environ["DUAL_POWER_MODS"] = tempfile.mkdtemp(prefix="dual-power-test-mods-")

from game.engine.rules import Rules
from game.paths import assets_dir, default_scenario
from game.scenario.loader import Scenario, load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
PICTURES = FIXTURES / "pictures"
# The font the pictured scenario ships as its bold face: one of the game's own, in a
# style of its own (italic), so that text set in it is told apart from the usual bold.
PICTURED_FONT = "OldStandard-Italic.ttf"


def pictured_copy(folder: Path) -> Path:
    """`folder` made a copy of the mini scenario that ships pictures and a font: a codex
    portrait, an event's picture, a map ground and a bold face (see tests/fixtures/pictures)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in MINI.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    shutil.copy(PICTURES / "pictures.yaml", folder / "pictures.yaml")
    shutil.copytree(PICTURES / "pictures", folder / "pictures")
    (folder / "fonts").mkdir()
    shutil.copy(assets_dir() / "fonts" / PICTURED_FONT, folder / "fonts" / "title.ttf")
    return folder


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_scenario(MINI)


@pytest.fixture(scope="session")
def mini_rules(mini: Scenario) -> Rules:
    return Rules(mini)


@pytest.fixture(scope="session")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return load_scenario(pictured_copy(tmp_path_factory.mktemp("pictured")))


@pytest.fixture(scope="session")
def october() -> Scenario:
    return load_scenario(default_scenario())


@pytest.fixture(scope="session")
def october_rules(october: Scenario) -> Rules:
    return Rules(october)

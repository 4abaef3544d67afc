"""Shared fixtures: the small test scenario, the bundled one, and rules built from them.

Loading is done once per session: scenarios are immutable, so tests may share them.
"""

from __future__ import annotations

import os
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
from game.paths import default_scenario
from game.scenario.loader import Scenario, load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_scenario(MINI)


@pytest.fixture(scope="session")
def mini_rules(mini: Scenario) -> Rules:
    return Rules(mini)


@pytest.fixture(scope="session")
def october() -> Scenario:
    return load_scenario(default_scenario())


@pytest.fixture(scope="session")
def october_rules(october: Scenario) -> Rules:
    return Rules(october)

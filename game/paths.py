"""Where the bundled scenario and assets live, in a source checkout and once installed."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

DEFAULT_SCENARIO = "october1917"


def _bundled(folder: str, package: str) -> Path:
    # A source checkout (or an editable install) keeps them beside the package;
    # `pip install .` copies them into the package as game.bundled_*.
    checkout = Path(__file__).resolve().parent.parent / folder
    if checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files(package)))


def scenarios_dir() -> Path:
    return _bundled("scenarios", "game.bundled_scenarios")


def assets_dir() -> Path:
    return _bundled("assets", "game.bundled_assets")


def default_scenario() -> Path:
    return scenarios_dir() / DEFAULT_SCENARIO

"""Where the bundled scenario and assets live, in a source checkout and once installed."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SCENARIO = "october1917"
_PACKAGE = Path(__file__).resolve().parent


def _bundled(folder: str, installed: str) -> Path:
    # A source checkout (or an editable install) keeps them beside the package;
    # `pip install .` copies them into it (see [tool.setuptools] in pyproject.toml).
    checkout = _PACKAGE.parent / folder
    if checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / installed


def scenarios_dir() -> Path:
    return _bundled("scenarios", "bundled_scenarios")


def assets_dir() -> Path:
    return _bundled("assets", "bundled_assets")


def default_scenario() -> Path:
    return scenarios_dir() / DEFAULT_SCENARIO

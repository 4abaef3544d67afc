"""The bundled scenarios validate, and each of their files says what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.paths import scenarios_dir

SCENARIOS = sorted(p for p in scenarios_dir().iterdir() if p.is_dir())
FILES = sorted(f for folder in SCENARIOS for f in folder.glob("*.yaml"))


@pytest.mark.parametrize("folder", SCENARIOS, ids=lambda p: p.name)
def test_a_bundled_scenario_validates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_scenario_file_begins_with_a_comment_saying_what_it_holds(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 10

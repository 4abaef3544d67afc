"""Shared fixtures for the save tests: a finished game on the small scenario, and its save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.engine.rules import Rules
from game.saves.format import document, dump, seal_of
from game.session import Session

FIXTURES = Path(__file__).parent / "fixtures"


def write_save(session: Session, path: Path, saved_at: str = "2026-01-01T00:00:00+00:00") -> Path:
    path.write_bytes(dump(document(session, saved_at)))
    return path


def reseal(data: dict[str, Any]) -> dict[str, Any]:
    """Seal a save's edited data again (the seal is no signature: anyone can), so that a
    test reaches the checks behind it; returns `data`."""
    data["seal"] = seal_of(data, data["turns"])
    return data


@pytest.fixture(scope="session")
def mini_game(mini_rules: Rules) -> Session:
    session = Session(mini_rules, 5, player="reds")
    session.run()
    return session


@pytest.fixture
def mini_save(tmp_path: Path, mini_game: Session) -> Path:
    return write_save(mini_game, tmp_path / "game.yaml")

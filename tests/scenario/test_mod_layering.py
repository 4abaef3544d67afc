"""Mods laid over a scenario and over each other: what each message says about the entry,
the key and the mods involved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario.layering import LIST_SECTIONS, NOUNS, noun
from tests.scenario.test_mods import MINI, errors_of, write_mod


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def test_every_list_section_has_its_own_noun() -> None:
    assert set(NOUNS) == set(LIST_SECTIONS)
    assert noun("difficulties") == "difficulty"
    assert noun("ai_profiles") == "AI profile"
    assert noun("codex") == "codex entry"


def test_a_message_names_an_entry_by_its_sections_noun(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "typo",
        {"f.yaml": "ai_profiles:\n  - {id: cautios, risk_aversion: 80}\n"},
    )
    [error] = errors_of(mod)
    assert "no AI profile 'cautios' in 'mini' to change; did you mean 'cautious'?" in error
    assert "a new AI profile would also need name" in error

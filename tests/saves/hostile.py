"""Hostile saves for the tests: files that validate as saves but embed a scenario the
engine cannot play, or records edited after saving."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.engine.rules import Rules
from game.saves.format import document, dump
from game.session import Session
from tests.saves.conftest import reseal


def _zero_populations(scenario: dict[str, Any]) -> None:
    for region in scenario["regions"]:
        region["population"] = {group: 0 for group in region["population"]}


def _huge_population(scenario: dict[str, Any]) -> None:
    region = scenario["regions"][0]
    group = next(iter(region["population"]))
    region["population"][group] = 10**20


UNPLAYABLE: dict[str, Callable[[dict[str, Any]], None]] = {
    "all populations 0": _zero_populations,
    "a population of 1e20": _huge_population,
}

# The scenario's own checks now refuse both (a group nobody belongs to, a number over
# the schema's bound); whatever slips past them and breaks play is "cannot be played".
REFUSED = ("cannot be played", "no region has any people", "less than or equal to")


def says_unplayable(text: str) -> bool:
    return any(words in text for words in REFUSED)


def unplayable_save(rules: Rules, path: Path, how: str | None) -> Path:
    """A save whose embedded scenario (hash and seal made to match) breaks the engine;
    with `how` None, a good save (for a test that breaks the engine itself)."""
    data = copy.deepcopy(document(Session(rules, 5, player="reds"), "2026-01-01T00:00:00+00:00"))
    if how is not None:
        UNPLAYABLE[how](data["scenario"])
    canonical = json.dumps(data["scenario"], sort_keys=True, separators=(",", ":"))
    data["content_hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    path.write_bytes(dump(reseal(data)))
    return path

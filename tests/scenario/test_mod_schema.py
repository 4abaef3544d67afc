"""The editor's schema for a mod's files accepts what the loader accepts in a mod."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.paths import scenarios_dir
from game.scenario.jsonschema import mod_schema
from game.scenario.yamlio import load_yaml_file

SCHEMA = mod_schema()


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize(
    "path",
    sorted((scenarios_dir() / "kornilov_unbroken").glob("*.yaml"))
    + sorted((scenarios_dir() / "moscow1917").glob("*.yaml")),
)
def test_the_example_mods_files_are_valid_for_the_mod_schema(path: Path) -> None:
    jsonschema.validate(_as_json(load_yaml_file(path).data), SCHEMA)


@pytest.mark.parametrize(
    "data",
    [
        {"factions": [{"id": "right", "resources": {"arms": 3}, "colour": "#fff"}]},  # misspelt key
        {"events": [{"id": "x", "delete": True, "title": "no"}]},  # a deletion with more keys
        {"events": [{"title": "no id"}]},
        {"mod": {"id": "m", "name": "M"}},  # extends missing
    ],
)
def test_the_mod_schema_refuses_what_the_loader_refuses(data: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_a_change_to_a_mapping_section_may_give_one_key() -> None:
    jsonschema.validate({"scenario": {"title": "Another title"}, "texts": {"x": "y"}}, SCHEMA)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            {"factions": [{"id": "right", "resources": {"arms": 3}, "colour": "#fff"}]},
            "'colour' was unexpected",
        ),
        ({"events": [{"id": "x", "delete": True, "title": "no"}]}, "'title' was unexpected"),
        ({"events": [{"title": "no id"}]}, "'id' is a required property"),
        ({"codex": [{"id": "x", "delete": "yes"}]}, "True was expected"),
        # An effect is chosen by the key it is written with, so a misspelt kind or
        # argument is named as such.
        (
            {"events": [{"id": "x", "effects": [{"shift_suport": {"amount": 2}}]}]},
            "'shift_suport' is not one of",
        ),
        (
            {"events": [{"id": "x", "effects": [{"track": {"track": "t", "amout": 2}}]}]},
            "'amout' was unexpected",
        ),
        (
            {"events": [{"id": "x", "effects": [{"kind": "trak", "track": "t", "amount": 2}]}]},
            "'trak' is not one of",
        ),
    ],
)
def test_the_mod_schema_says_what_is_wrong_with_an_entry(data: dict[str, Any], said: str) -> None:
    # An editor shows these messages: each must name the fault, not only that the entry
    # is "not valid under any of the given schemas".
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    messages = [error.message for error in validator.iter_errors(data)]
    assert messages and all("any of the given schemas" not in m for m in messages)
    assert any(said in m for m in messages)

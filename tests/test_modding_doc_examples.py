"""Every YAML example in docs/modding.md must be what it shows: valid for the game's own
validator and for the JSON Schema a modder's editor uses, so the two never disagree."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import TypeAdapter

from game.scenario.jsonschema import editor_schema
from game.scenario.loader import load_scenario
from game.scenario.schema import SECTIONS, Effect, Faction, ModMeta, ScenarioModel

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "modding.md"
EXAMPLES = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
SCHEMA = editor_schema()


def _as_json(value: Any) -> Any:
    """As an editor reads YAML for its JSON Schema: a date is text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_check(fragment: Any, schema: dict[str, Any]) -> None:
    jsonschema.validate(fragment, {**schema, "$defs": SCHEMA["$defs"]})


def _effects(items: Any) -> None:
    TypeAdapter(list[Effect]).validate_python(items)
    _json_check(
        _as_json(items),
        {"type": "array", "items": SCHEMA["$defs"]["Action"]["properties"]["effects"]["items"]},
    )


def test_the_guide_has_yaml_examples() -> None:
    assert len(EXAMPLES) > 30


MOD_FILE = "# In a mod's folder: "  # how the guide heads a file of a mod


@pytest.mark.parametrize("text", EXAMPLES, ids=[f"example{n + 1}" for n in range(len(EXAMPLES))])
def test_a_yaml_example_in_the_guide_is_valid_for_the_game_and_the_json_schema(
    text: str, tmp_path: Path
) -> None:
    if text.startswith(MOD_FILE):
        _mod_example(text, tmp_path)
        return
    data = yaml.safe_load(text)
    if data is None:  # only a comment (the editor's schema line)
        return
    if isinstance(data, list):  # a list of effects
        _effects(data)
        return
    assert isinstance(data, dict), text
    if set(data) == {"effects"}:
        _effects(data["effects"])
        return
    if set(data) <= set(Faction.model_fields) and not set(data) & set(SECTIONS):
        # A part of a faction, shown on its own.
        for key, value in data.items():
            TypeAdapter(Faction.model_fields[key].annotation).validate_python(value)
            _json_check(_as_json(value), SCHEMA["$defs"]["Faction"]["properties"][key])
        return
    unknown = set(data) - set(SECTIONS)
    assert not unknown, f"not a section: {unknown}"
    for section, value in data.items():
        annotation = ScenarioModel.model_fields[section].annotation
        shape = SCHEMA["properties"][section]
        if isinstance(value, list):  # entries of a list section, checked one by one
            (annotation,) = getattr(annotation, "__args__", (Any,))
            shape = shape["items"]
            entries = value
        else:
            entries = [value]
        for entry in entries:
            TypeAdapter(annotation).validate_python(entry)
            _json_check(_as_json(entry), shape)


def _mod_example(text: str, tmp_path: Path) -> None:
    """A file of a mod: its `mod` section is a valid description, and its other sections,
    laid over October, give a valid scenario."""
    data = yaml.safe_load(text)
    folder = tmp_path / "example"
    folder.mkdir()
    if "mod" in data:
        ModMeta.model_validate(data["mod"])
        (folder / "mod.yaml").write_text(text)
    else:
        (folder / "mod.yaml").write_text(
            "mod: {id: example, name: Example, extends: october1917}\n"
        )
        (folder / "changes.yaml").write_text(text)
    scenario = load_scenario(folder)
    assert scenario.layers and not scenario.warnings


def test_the_guide_shows_a_mod_of_each_kind() -> None:
    mods = [t for t in EXAMPLES if t.startswith(MOD_FILE)]
    assert any("mod:" in t for t in mods) and any("delete: true" in t for t in mods)

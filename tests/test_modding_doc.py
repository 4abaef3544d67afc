"""docs/modding.md must keep up with the scenario format.

Every key a modder can write (every field of every pydantic model reachable
from ScenarioModel, the effect models included), every effect kind and every
expression function must be mentioned in the guide in backticks, and every
top-level section must have a heading of its own. A new key added to the
schema without a word in the guide fails here.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from game.scenario import expr, schema

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "modding.md"


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def models_inside(annotation: object) -> list[type[BaseModel]]:
    """The pydantic models an annotation mentions, through Annotated, unions, lists and maps."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found.extend(models_inside(argument))
    return found


def models_reachable_from_the_scenario() -> list[type[BaseModel]]:
    """ScenarioModel and every model reachable from its fields, plus every effect model."""
    seen: list[type[BaseModel]] = []
    waiting: list[type[BaseModel]] = [schema.ScenarioModel, *schema.EFFECT_MODELS.values()]
    while waiting:
        model = waiting.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            waiting.extend(models_inside(field.annotation))
    return seen


def documented_field_names() -> set[str]:
    """Every key a modder may write; `kind` only where it is not the effects' internal tag."""
    effect_models = set(schema.EFFECT_MODELS.values())
    names: set[str] = set()
    for model in models_reachable_from_the_scenario():
        for name in model.model_fields:
            if name == "kind" and model in effect_models:
                continue
            names.add(name)
    return names


def missing_from_guide(words: typing.Iterable[str]) -> list[str]:
    text = guide_text()
    return sorted(word for word in set(words) if f"`{word}`" not in text)


def test_the_model_walk_reaches_nested_models_and_every_effect_model() -> None:
    reached = set(models_reachable_from_the_scenario())
    nested = {
        schema.ScenarioModel,
        schema.Meta,
        schema.Calendar,
        schema.Turn,
        schema.Settings,
        schema.Faction,
        schema.Goals,
        schema.Region,
        schema.MapShape,
        schema.Event,
        schema.Choice,
        schema.Ending,
        schema.CodexEntry,
    }
    assert nested <= reached, f"not reached: {sorted(m.__name__ for m in nested - reached)}"
    assert set(schema.EFFECT_MODELS.values()) <= reached


def test_every_scenario_key_appears_in_backticks_in_the_modding_guide() -> None:
    missing = missing_from_guide(documented_field_names())
    assert not missing, f"docs/modding.md never mentions these keys in backticks: {missing}"


def test_every_effect_kind_appears_in_backticks_in_the_modding_guide() -> None:
    missing = missing_from_guide(schema.EFFECT_MODELS)
    assert not missing, f"docs/modding.md never mentions these effects in backticks: {missing}"


def test_every_expression_function_appears_in_backticks_in_the_modding_guide() -> None:
    missing = missing_from_guide(expr.FUNCTIONS)
    assert not missing, f"docs/modding.md never mentions these functions in backticks: {missing}"


def test_every_top_level_section_has_a_heading_in_the_modding_guide() -> None:
    headings = re.findall(r"^#{1,6} .*$", guide_text(), flags=re.MULTILINE)
    missing = [
        section
        for section in schema.SECTIONS
        if not any(f"`{section}`" in heading for heading in headings)
    ]
    assert not missing, f"docs/modding.md has no heading for these sections: {missing}"


def test_the_calendar_table_and_the_limits_table_give_the_schemas_turn_limit() -> None:
    from annotated_types import MaxLen

    limit = next(
        m.max_length
        for m in schema.Calendar.model_fields["turns"].metadata
        if isinstance(m, MaxLen)
    )
    text = guide_text()
    [row] = [line for line in text.splitlines() if line.startswith("| `turns` |")]
    assert f"1 to {limit}" in row
    assert f"| Turns in the calendar | {limit} |" in text

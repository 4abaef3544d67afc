"""The schema documents itself: every field a modder can write has a description."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from game.scenario.schema import EFFECT_MODELS, ScenarioModel


def models(root: type[BaseModel]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo: list[Any] = [root, *EFFECT_MODELS.values()]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item in seen:
                continue
            seen.add(item)
            todo.extend(f.annotation for f in item.model_fields.values())
        else:
            todo.extend(get_args(item))
    return seen


def test_every_field_of_every_model_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in models(ScenarioModel)
        for name, field in model.model_fields.items()
        if name != "kind" and not (field.description or "").strip()
    ]
    assert missing == []


def test_the_walk_reaches_nested_models() -> None:
    names = {m.__name__ for m in models(ScenarioModel)}
    assert {"Goals", "MapShape", "Choice", "Turn", "Contest", "IfEffect"} <= names

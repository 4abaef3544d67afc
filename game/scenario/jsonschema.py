"""The scenario format as JSON Schema, in the shape modders write it.

pydantic's own schema describes the models after loading: effects carry a
`kind` key and every section is required at the top. A modder's editor sees
single files, where an effect is written `- shift_support: {...}` (or
`- set_flag: x`) and a file holds only some sections; this schema says so.
"""

from __future__ import annotations

import copy
from typing import Any

from game.scenario.schema import _SHORT_FORMS, EFFECT_MODELS, ScenarioModel

# In YAML, IfEffect's `otherwise` is written `else`.
_YAML_NAMES = {"if": {"otherwise": "else"}}


def editor_schema() -> dict[str, Any]:
    schema = ScenarioModel.model_json_schema()
    schema.pop("required", None)  # each file holds some of the sections
    schema["description"] = (
        "One file of a Dual Power scenario folder: any of the top-level sections. "
        + str(schema.get("description", ""))
    ).strip()
    defs = schema["$defs"]
    for kind, model in EFFECT_MODELS.items():
        name = model.__name__
        internal = defs[name]
        args = copy.deepcopy(internal)
        args["properties"].pop("kind", None)
        args["required"] = [r for r in args.get("required", []) if r != "kind"]
        if not args["required"]:
            args.pop("required")
        for old, new in _YAML_NAMES.get(kind, {}).items():
            if old in args["properties"]:
                args["properties"][new] = args["properties"].pop(old)
        value: dict[str, Any] = args
        if kind in _SHORT_FORMS:
            value = {"anyOf": [args, args["properties"][_SHORT_FORMS[kind]]]}
        defs[name] = {
            "type": "object",
            "title": kind,
            "description": (model.__doc__ or "").strip() or f"The {kind} effect.",
            "properties": {kind: value},
            "required": [kind],
            "additionalProperties": False,
        }
    return schema

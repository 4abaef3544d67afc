"""The scenario format as JSON Schema, in the shape modders write it.

pydantic's own schema describes the models after loading: effects carry a
`kind` key and every section is required at the top. A modder's editor sees
single files, where an effect is written `- shift_support: {...}` (or
`- set_flag: x`) and a file holds only some sections; this schema says so.
"""

from __future__ import annotations

import copy
from typing import Any

from game.scenario.layering import LIST_SECTIONS, PLACED, noun
from game.scenario.schema import _SHORT_FORMS, EFFECT_MODELS, ModMeta, ScenarioModel

# In the keyed form, IfEffect's `otherwise` may also be written `else`.
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
        # The long form, `{kind: track, track: legitimacy, amount: 4}`, is pydantic's own.
        defs[f"{name}LongForm"] = copy.deepcopy(internal)
        args = copy.deepcopy(internal)
        args["properties"].pop("kind", None)
        args["required"] = [r for r in args.get("required", []) if r != "kind"]
        if not args["required"]:
            args.pop("required")
        for old, new in _YAML_NAMES.get(kind, {}).items():
            if old in args["properties"]:
                args["properties"][new] = args["properties"][old]
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
    _allow_long_forms(schema, {m.__name__ for m in EFFECT_MODELS.values()})
    return schema


def _allow_long_forms(node: Any, effects: set[str]) -> None:
    """Every list of effects takes each effect in either form, chosen by its key."""
    if isinstance(node, dict):
        found = node.get("oneOf")
        branches: list[Any] = found if isinstance(found, list) else []
        names = [_ref_name(b) for b in branches]
        # (pydantic may share one node between places: replace it once)
        if names and all(n in effects for n in names):
            node.pop("discriminator", None)
            node.pop("oneOf")
            node.update(_keyed_effect(names))
        for value in node.values():
            _allow_long_forms(value, effects)
    elif isinstance(node, list):
        for value in node:
            _allow_long_forms(value, effects)


def _keyed_effect(names: list[str]) -> dict[str, Any]:
    """An effect chosen by the key it is written with (`- track: {...}`, or the long form's
    `kind: track`) rather than "one of": an editor then reports what is wrong with the
    effect (an unknown kind, a misspelt argument), not only that it is "not valid under
    any of the given schemas"."""
    kinds = {_KIND_OF[n]: n for n in names}
    return {
        "type": "object",
        "if": {"required": ["kind"]},
        "then": {
            "properties": {"kind": {"enum": list(kinds)}},
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": kind}}},
                    "then": {"$ref": f"#/$defs/{name}LongForm"},
                }
                for kind, name in kinds.items()
            ],
        },
        "else": {
            "minProperties": 1,
            "maxProperties": 1,
            "propertyNames": {"enum": list(kinds)},
            "allOf": [
                {"if": {"required": [kind]}, "then": {"$ref": f"#/$defs/{name}"}}
                for kind, name in kinds.items()
            ],
        },
    }


_KIND_OF = {model.__name__: kind for kind, model in EFFECT_MODELS.items()}


def _ref_name(branch: Any) -> str:
    ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
    return str(ref).rsplit("/", 1)[-1]


def mod_schema() -> dict[str, Any]:
    """One file of a mod: its `mod` section, and sections whose entries add (complete),
    change (an id and any keys) or delete (`{id: x, delete: true}`) an entry."""
    schema = editor_schema()
    schema["description"] = (
        "One file of a Dual Power mod: its `mod` section (in mod.yaml) or any sections, "
        "whose entries add, change or delete the entries of the scenario it extends."
    )
    defs = schema["$defs"]
    meta = ModMeta.model_json_schema()
    defs["ModMeta"] = meta
    schema["properties"]["mod"] = {"$ref": "#/$defs/ModMeta", "description": meta["description"]}
    defs["Deletion"] = {
        "type": "object",
        "title": "Deletion",
        "description": "Removes the entry with this id from the scenario the mod extends.",
        "properties": {"id": {"type": "string"}, "delete": {"const": True}},
        "required": ["id", "delete"],
        "additionalProperties": False,
    }
    for section, model in LIST_SECTIONS.items():
        name = model.__name__
        change = copy.deepcopy(defs[name])
        change["required"] = ["id"]  # a change gives only the keys it changes
        change["title"] = f"{name} (new, or a change of one)"
        if section in PLACED:
            # Its place among the entries already there: one of before and after.
            for key, where in (("before", "just before"), ("after", "just after")):
                change["properties"][key] = {
                    "type": "string",
                    "description": f"Puts this {noun(section)} {where} the one with this id.",
                }
            change["not"] = {"required": ["before", "after"]}
        defs[f"{name}Change"] = change
        listed = schema["properties"][section]
        listed.pop("minItems", None)  # a mod may give one entry of any section
        # Chosen by the `delete` key rather than "any of": an editor then reports what
        # is wrong with the entry (a misspelt key, a missing id), not only that it is
        # "not valid under any of the given schemas".
        listed["items"] = {
            "if": {"type": "object", "required": ["delete"]},
            "then": {"$ref": "#/$defs/Deletion"},
            "else": {"$ref": f"#/$defs/{name}Change"},
        }
    for section, value in schema["properties"].items():
        if section not in LIST_SECTIONS and section != "mod" and "$ref" in value:
            # A mapping section: a mod gives only the keys it changes.
            target = defs[value["$ref"].rsplit("/", 1)[-1]]
            relaxed = copy.deepcopy(target)
            relaxed.pop("required", None)
            defs[f"{target.get('title', section)}Change"] = relaxed
            value["$ref"] = f"#/$defs/{target.get('title', section)}Change"
    return schema

"""What a modder reads about a mistake in mod.yaml's `mod` section: each message names the
key at its own line and says what the key takes, in words rather than pydantic's (no
patterns, no model names)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from pydantic import ValidationError

from game.scenario.layering import did_you_mean
from game.scenario.schema import ModMeta
from game.scenario.yamlio import Document, LoadError

SECTION = "mod"
_KEYS = ", ".join(ModMeta.model_fields)
_ID_WORDS = "lowercase letters, digits and _, starting with a letter"
_TAKES = {
    "id": f"the mod's own id, {_ID_WORDS} (at most 48), e.g. 'stronger_kornilov'",
    "extends": (
        f"the id of a scenario or mod ({_ID_WORDS}), e.g. 'october1917', not its title or folder"
    ),
    "name": "the mod's name as players see it: text of 1 to 100 characters",
    "version": "the mod's version: text or a number, at most 40 characters",
    "description": "a sentence or two of text",
    "author": "text, at most 200 characters",
}


def meta_error(doc: Document, invalid: ValidationError) -> LoadError:
    """The first mistake of a `mod` section, at the line of the key it concerns."""
    # A misspelt key also shows as a missing one: name the misspelling.
    first = min(invalid.errors(), key=lambda e: e["type"] != "extra_forbidden")
    key = str(first["loc"][0]) if first["loc"] else ""
    given = first.get("input")
    if not key:
        return LoadError(
            doc.key_mark((SECTION,)),
            f"mod: should be a mapping of {_KEYS} (each 'key: value' on its own line, "
            f"indented below 'mod:'); found {_found(given)}",
        )
    if first["type"] == "extra_forbidden":
        hint = did_you_mean(key, list(ModMeta.model_fields))
        return LoadError(
            doc.key_mark((SECTION, key)),
            f"unknown key '{key}'{hint} (the mod section takes {_KEYS})",
        )
    if first["type"] == "missing":
        return LoadError(
            doc.key_mark((SECTION,)),
            f"missing required key '{key}': {_TAKES.get(key, 'a value')}",
        )
    return LoadError(
        doc.key_mark((SECTION, key)),
        f"{key}: takes {_TAKES.get(key, 'another value')}; found {_found(given)}",
    )


def _found(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:56] + "..." + text[0]


def extends_hint(given: object, known: Iterable[tuple[str, str, str]]) -> str:
    """The id meant, when `extends` gives a known scenario's or mod's title or folder
    rather than its id, or its id in capitals: "; did you mean 'x'?", or nothing.
    `known` holds the (id, title or name, folder name) of each scenario and mod found."""
    if not isinstance(given, str) or not given.strip():
        return ""
    text = given.strip()
    last = PurePosixPath(text.replace("\\", "/").rstrip("/")).name
    for ident, name, folder in known:
        if text.casefold() in (name.casefold(), ident.casefold()) or last in (ident, folder):
            return f"; did you mean '{ident}'?"
    return ""

"""Putting a scenario's files together, and laying mods over it, remembering who wrote what.

A scenario's folder is merged first: each section may be spread over several files,
list sections in file order, mapping sections one key per file. Each mod is then laid
over the result by id (see `lay_mod`). `Origins` records, for every part of the
merged data, the file and the path there that wrote it, so that every message about
the merged scenario names the file and line a modder has to open.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, get_args

from pydantic import BaseModel

from game.scenario.schema import SECTIONS, ScenarioModel
from game.scenario.yamlio import Document, LoadError, Mark

Path = tuple[str | int, ...]

# The section a mod's own description lives in (mod.yaml); no scenario section has its name.
MOD_SECTION = "mod"


def _entry_model(section: str) -> type[BaseModel] | None:
    """The model of one entry of a list section, or None for a mapping section."""
    annotation = ScenarioModel.model_fields[section].annotation
    if getattr(annotation, "__origin__", None) is not list:
        return None
    (item,) = get_args(annotation)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


# Sections made of entries with ids, merged by id when a mod is laid over them.
LIST_SECTIONS: dict[str, type[BaseModel]] = {
    name: model for name in SECTIONS if (model := _entry_model(name)) is not None
}


# What one entry of each list section is called in messages ("no difficulty 'hardd'"),
# kept here once so that every message names entries alike.
NOUNS: dict[str, str] = {
    "resources": "resource",
    "tracks": "track",
    "flags": "flag",
    "ai_profiles": "AI profile",
    "difficulties": "difficulty",
    "factions": "faction",
    "groups": "group",
    "regions": "region",
    "sites": "site",
    "units": "unit",
    "actions": "action",
    "events": "event",
    "endings": "ending",
    "codex": "codex entry",
}


def noun(section: str) -> str:
    """What one entry of `section` is called: "difficulty" for `difficulties`."""
    return NOUNS.get(section, section.replace("_", " "))


# The list sections whose order is a rule of play: the events due in a turn fire in order,
# and the first ending that holds is the one taken. A mod's entry may name its place there.
PLACED = ("events", "endings")
PLACES = ("before", "after")


def required_keys(section: str) -> list[str]:
    """The keys a new entry of a list section must give."""
    model = LIST_SECTIONS[section]
    return [info.alias or name for name, info in model.model_fields.items() if info.is_required()]


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True)
class Written:
    """Where a value was written: the file, the path inside it, and the mod (if any)."""

    doc: Document
    path: Path
    layer: str = ""  # the mod's id; "" for the scenario's own files

    def mark(self) -> Mark:
        return self.doc.mark_of(self.path)

    def key_mark(self) -> Mark:
        return self.doc.key_mark(self.path)


@dataclass
class Origins:
    """Who wrote each part of the merged data.

    A list section keeps, for each entry in merged order, a table from a path inside
    the entry to the place that wrote it: `()` is the entry itself, and a mod that
    changes a key adds that key's path. Mapping sections keep one such table each.
    A path is found by its longest recorded prefix.
    """

    sections: dict[str, Document] = field(default_factory=dict)  # where each first appears
    entries: dict[str, list[dict[Path, Written]]] = field(default_factory=dict)
    values: dict[str, dict[Path, Written]] = field(default_factory=dict)

    @property
    def first(self) -> Document | None:
        return next(iter(self.sections.values()), None)

    def table(self, path: Sequence[str | int]) -> tuple[dict[Path, Written], Path] | None:
        """The table that covers `path`, and the rest of the path inside it."""
        section, rest = str(path[0]), tuple(path[1:])
        rows = self.entries.get(section)
        if rows is not None and rest and isinstance(rest[0], int) and 0 <= rest[0] < len(rows):
            return rows[rest[0]], rest[1:]
        values = self.values.get(section)
        return (values, rest) if values is not None else None

    def written(self, path: Sequence[str | int]) -> Written | None:
        """The deepest recorded place that wrote `path` or a value holding it."""
        found = self.locate(path)
        return None if found is None else Written(found[0], found[1])

    def locate(self, path: Sequence[str | int]) -> tuple[Document, Path] | None:
        """The file that wrote `path` (a path in the merged data) and the path there."""
        if not path:
            return None
        covering = self.table(path)
        if covering is not None:
            table, rest = covering
            for n in range(len(rest), -1, -1):
                written = table.get(rest[:n])
                if written is not None:
                    return written.doc, (*written.path, *rest[n:])
        section = str(path[0])
        whole = self.sections.get(section)
        return (whole, (section,)) if whole is not None else None

    def mark(self, path: Sequence[str | int]) -> Mark | None:
        found = self.locate(path)
        return found[0].mark_of(found[1]) if found else None

    def key_mark(self, path: Sequence[str | int]) -> Mark | None:
        found = self.locate(path)
        return found[0].key_mark(found[1]) if found else None


@dataclass
class Merged:
    """The data of a scenario (and its mods) put together, with who wrote what."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: Origins = field(default_factory=Origins)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    # (section, id) -> where a mod deleted it, to explain references left behind.
    deleted: dict[tuple[str, str], Written] = field(default_factory=dict)
    # Each mod laid so far -> the mods it builds on, through `extends`, all the way down.
    beneath: dict[str, frozenset[str]] = field(default_factory=dict)

    def builds_on(self, mod_id: str, other: str) -> bool:
        """Whether `mod_id` is `other` or extends it, directly or through other mods: such a
        mod changes what `other` wrote on purpose."""
        return other == mod_id or other in self.beneath.get(mod_id, frozenset())

    def sections_of(self, doc: Document, allow_mod: bool = False) -> Iterator[tuple[str, Any]]:
        """A file's sections, reporting unknown ones."""
        if not isinstance(doc.data, dict):
            return
        for key, value in doc.data.items():
            if key == MOD_SECTION and allow_mod:
                continue
            if key not in SECTIONS:
                hint = did_you_mean(str(key), SECTIONS)
                where = " (a mod's `mod` section belongs in its mod.yaml)" if key == "mod" else ""
                self.errors.append(
                    LoadError(doc.key_mark((key,)), f"unknown section '{key}'{hint}{where}")
                )
                continue
            yield str(key), value

    def first_sight(self, section: str, doc: Document) -> None:
        if section not in self.data:
            self.origins.sections[section] = doc

    def wrong_shape(self, doc: Document, section: str) -> None:
        first = self.origins.sections[section].key_mark((section,))
        self.errors.append(
            LoadError(
                doc.key_mark((section,)),
                f"section '{section}' is already given in {first.file}:{first.line}, "
                "in another shape",
            )
        )


def merge_folder(documents: Sequence[Document]) -> Merged:
    """Put one folder's files together: list sections in file order, mapping sections one
    key per file."""
    merged = Merged()
    data, origins = merged.data, merged.origins
    for doc in documents:
        for section, value in merged.sections_of(doc):
            before = data.get(section)
            merged.first_sight(section, doc)
            if isinstance(value, list) and (before is None or isinstance(before, list)):
                rows = origins.entries.setdefault(section, [])
                rows.extend({(): Written(doc, (section, i))} for i in range(len(value)))
                data.setdefault(section, []).extend(value)
            elif isinstance(value, dict) and (before is None or isinstance(before, dict)):
                keys = data.setdefault(section, {})
                table = origins.values.setdefault(section, {})
                for name, item in value.items():
                    if name in keys:
                        first = table[(name,)].key_mark()
                        merged.errors.append(
                            LoadError(
                                doc.key_mark((section, name)),
                                f"'{name}' of the section '{section}' is already given in "
                                f"{first.file}:{first.line}",
                            )
                        )
                        continue
                    keys[name] = item
                    table[(name,)] = Written(doc, (section, name))
            elif before is None:
                data[section] = value
                origins.values[section] = {(): Written(doc, (section,))}
            else:
                merged.wrong_shape(doc, section)
    return merged


def lay_mod(
    merged: Merged,
    documents: Sequence[Document],
    mod_id: str,
    base: str,
    extends: str | None = None,
) -> None:
    """Lay one mod's files over `merged`, in place.

    In a list section an entry with a new id is added, one with an existing id changes
    only the keys it gives (mappings key by key, anything else replaced), and one with
    `delete: true` is removed. Mapping sections merge key by key. `base` names what the
    mod is laid over, for messages; `extends` is the id the mod extends, so that what it
    changes of the mods beneath it is not taken for a clash with a mod beside it.
    """
    below = merged.beneath.get(extends, frozenset()) if extends else frozenset()
    merged.beneath[mod_id] = below | {extends} if extends else frozenset()
    for n, doc in enumerate(documents):
        later = documents[n + 1 :]
        for section, value in merged.sections_of(doc, allow_mod=True):
            if section in LIST_SECTIONS and section in merged.data:
                if not isinstance(value, list) or not isinstance(merged.data[section], list):
                    merged.wrong_shape(doc, section)
                    continue
                _lay_entries(merged, doc, section, value, mod_id, base, later)
            elif section in LIST_SECTIONS:
                # A section the base does not have: the mod's entries are simply its own.
                if not isinstance(value, list):
                    merged.first_sight(section, doc)
                    merged.data[section] = value
                    merged.origins.values[section] = {(): Written(doc, (section,), mod_id)}
                    continue
                merged.first_sight(section, doc)
                merged.data[section] = []
                merged.origins.entries[section] = []
                _lay_entries(merged, doc, section, value, mod_id, base, later)
            else:
                merged.first_sight(section, doc)
                before = merged.data.get(section)
                table = merged.origins.values.setdefault(section, {})
                if isinstance(value, dict) and isinstance(before, dict):
                    merged.data[section] = _overlay(
                        before,
                        value,
                        table,
                        (),
                        Written(doc, (section,), mod_id),
                        merged,
                        f"the section '{section}'",
                    )
                elif before is None:
                    merged.data[section] = value
                    table[()] = Written(doc, (section,), mod_id)
                else:
                    merged.wrong_shape(doc, section)


def _lay_entries(
    merged: Merged,
    doc: Document,
    section: str,
    entries: list[Any],
    mod_id: str,
    base: str,
    later: Sequence[Document],
) -> None:
    """Lay one file's entries of a list section; `later` are the mod's files read after."""
    rows = merged.data[section]
    tables = merged.origins.entries[section]
    singular = noun(section)
    for i, entry in enumerate(entries):
        here = Written(doc, (section, i), mod_id)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            merged.errors.append(
                LoadError(
                    here.mark(),
                    f"each entry a mod gives in '{section}' needs an id: the id of the "
                    f"{singular} it adds, changes or deletes",
                )
            )
            continue
        ident = entry["id"]
        ids = [row.get("id") if isinstance(row, dict) else None for row in rows]
        position = ids.index(ident) if ident in ids else None
        known = [x for x in ids if isinstance(x, str)]
        deleting = "delete" in entry
        if deleting and entry["delete"] is not True:
            merged.errors.append(
                LoadError(
                    Written(doc, (section, i, "delete"), mod_id).mark(),
                    "'delete' takes only true: leave it out to keep the entry",
                )
            )
            continue
        if deleting:
            others = sorted(set(entry) - {"id", "delete"})
            if others:
                merged.errors.append(
                    LoadError(
                        Written(doc, (section, i, others[0]), mod_id).key_mark(),
                        f"an entry with 'delete: true' is removed, so it takes no other keys "
                        f"(found {', '.join(others)})",
                    )
                )
            elif position is None:
                why = _absence(merged, doc, later, section, ident, known)
                merged.errors.append(
                    LoadError(
                        Written(doc, (section, i, "id"), mod_id).mark(),
                        f"no {singular} '{ident}' in {base} to delete{why}",
                    )
                )
            else:
                del rows[position]
                del tables[position]
                merged.deleted[(section, ident)] = here
            continue
        place = {key: entry[key] for key in PLACES if key in entry}
        entry = {key: value for key, value in entry.items() if key not in PLACES}
        if position is None:
            missing = [key for key in required_keys(section) if key not in entry]
            if missing:
                # Not a whole new entry: a change of an entry that is not there.
                why = _absence(merged, doc, later, section, ident, known)
                needs = ", ".join(missing)
                message = (
                    f"no {singular} '{ident}' in {base} to change{why} (a new {singular} "
                    f"would also need {needs})"
                    if why
                    # Nothing suggests a change that went astray: most likely a new entry.
                    else f"no {singular} '{ident}' in {base}: a new {singular} also needs {needs}"
                )
                merged.errors.append(
                    LoadError(Written(doc, (section, i, "id"), mod_id).mark(), message)
                )
                continue
            rows.append(entry)
            tables.append({(): here})
        else:
            subject = f"the {singular} '{ident}'"
            owner = tables[position][()]
            whole = all(key in entry for key in required_keys(section))
            if owner.layer and not merged.builds_on(mod_id, owner.layer) and whole:
                # Two mods side by side each add this id: told once, not key by key.
                laid = _overlay(rows[position], entry, tables[position], (), here, merged, None)
                if laid != rows[position]:
                    first, second = owner.mark(), here.mark()
                    merged.warnings.append(
                        LoadError(
                            Written(doc, (section, i, "id"), mod_id).mark(),
                            f"{subject} is added by both '{owner.layer}' ({first.file}:"
                            f"{first.line}) and '{mod_id}' ({second.file}:{second.line}); "
                            f"'{mod_id}' is laid over '{owner.layer}' and its keys win",
                        )
                    )
                rows[position] = laid
            else:
                rows[position] = _overlay(
                    rows[position], entry, tables[position], (), here, merged, subject, True
                )
        if place:
            _place(merged, Written(doc, (section, i), mod_id), ident, place, base)


def _place(merged: Merged, at: Written, ident: str, place: dict[str, Any], base: str) -> None:
    """Move the entry `ident` just laid to the place its `before` or `after` gives."""
    section = str(at.path[0])
    rows, tables = merged.data[section], merged.origins.entries[section]
    singular = noun(section)
    key, target = next(iter(place.items()))
    mark = Written(at.doc, (*at.path, key), at.layer)
    if section not in PLACED:
        problem = (
            f"'{key}' places an entry only in {' and '.join(PLACED)}, whose order decides "
            "which comes first; leave it out"
        )
        merged.errors.append(LoadError(mark.key_mark(), problem))
        return
    if len(place) > 1:
        merged.errors.append(
            LoadError(mark.key_mark(), "give 'before' or 'after', not both: one place")
        )
        return
    ids = [row.get("id") if isinstance(row, dict) else None for row in rows]
    known = [x for x in ids if isinstance(x, str) and x != ident]
    if not isinstance(target, str) or target not in known:
        shown = f"'{target}'" if isinstance(target, str) else "that"
        hint = did_you_mean(target, known) if isinstance(target, str) else ""
        merged.errors.append(
            LoadError(
                mark.mark(),
                f"'{key}' takes the id of another {singular}, and there is no {singular} "
                f"{shown} in {base}{hint}",
            )
        )
        return
    index = ids.index(ident)
    row, table = rows.pop(index), tables.pop(index)
    del ids[index]
    slot = ids.index(target) + (1 if key == "after" else 0)
    rows.insert(slot, row)
    tables.insert(slot, table)


def _absence(
    merged: Merged,
    doc: Document,
    later: Sequence[Document],
    section: str,
    ident: str,
    known: Sequence[str],
) -> str:
    """What to add to "no <entry> 'x' in <base>": why it is absent, else the id meant and
    another section that has it, else nothing."""
    return _why_absent(merged, doc, later, section, ident) or (
        did_you_mean(ident, known) + _elsewhere(merged, section, ident)
    )


def _why_absent(
    merged: Merged, doc: Document, later: Sequence[Document], section: str, ident: str
) -> str:
    """Why a mod finds no entry `ident` in `section` to change or delete, when a likelier
    reason than a typo is known: a mod beneath deleted it, or the mod itself adds it in a
    file read later."""
    gone = merged.deleted.get((section, ident))
    if gone is not None:
        at = gone.mark()
        return f": '{gone.layer}' deletes it at {at.file}:{at.line}"
    for after in later:
        given = after.data.get(section) if isinstance(after.data, dict) else None
        entries = given if isinstance(given, list) else []
        if any(isinstance(e, dict) and e.get("id") == ident and "delete" not in e for e in entries):
            return (
                f": this mod adds it in {PurePath(after.file).name}, which is read after "
                f"{PurePath(doc.file).name} (a mod's files are read in name order)"
            )
    return ""


def _elsewhere(merged: Merged, section: str, ident: str) -> str:
    """Which other section has `ident`, missing from `section`: "; there is an event 'x'"."""
    for other in LIST_SECTIONS:
        rows = merged.data.get(other) if other != section else None
        if isinstance(rows, list) and any(
            isinstance(r, dict) and r.get("id") == ident for r in rows
        ):
            kind = noun(other)
            article = "an" if kind[0].lower() in "aeio" else "a"  # an event, a unit
            return f"; there is {article} {kind} '{ident}'"
    return ""


def _overlay(
    target: dict[str, Any],
    patch: dict[str, Any],
    table: dict[Path, Written],
    prefix: Path,
    written: Written,
    merged: Merged,
    subject: str | None,
    entry: bool = False,
) -> dict[str, Any]:
    """`target` with `patch` laid over it: mappings merge key by key, anything else is
    replaced. Records in `table` who wrote each replaced value, and warns of a value
    another mod beside this one changed (`subject` names what is changed; None: do not
    warn). In an `entry` of a list section the id names the entry and is left alone."""
    result = dict(target)  # the base's data is left as its file wrote it
    for key, value in patch.items():
        here = (*prefix, key)
        at = Written(written.doc, (*written.path, key), written.layer)
        before = result.get(key)
        if isinstance(value, dict) and isinstance(before, dict):
            result[key] = _overlay(before, value, table, here, at, merged, subject)
            continue
        if entry and key == "id" and not prefix:
            continue
        if subject is not None and before != value:
            _note_conflict(merged, table, here, at, subject)
        for path in [p for p in table if p[: len(here)] == here]:
            del table[path]  # replaced whole: what was written beneath it is gone
        table[here] = at
        result[key] = value
    return result


def _note_conflict(
    merged: Merged, table: dict[Path, Written], here: Path, at: Written, subject: str
) -> None:
    """Warn when two mods laid side by side change the same value differently: the later
    wins, but a modder should know. A mod that extends another overrides it on purpose."""
    for path, earlier in table.items():
        related = path[: len(here)] == here or here[: len(path)] == path
        if related and earlier.layer and not merged.builds_on(at.layer, earlier.layer):
            first = earlier.key_mark()
            key = ".".join(map(str, here))
            merged.warnings.append(
                LoadError(
                    at.key_mark(),
                    f"{subject}, its {key}: the mod '{earlier.layer}' changes it too, to "
                    f"another value, at {first.file}:{first.line}; '{at.layer}' is laid over "
                    "it and wins",
                )
            )
            return

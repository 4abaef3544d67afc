"""Loading a scenario folder: YAML files -> validated, cross-checked `Scenario`.

Every problem found is collected and reported together as `LoadError`s that
name the file, line and column, so a modder fixes a whole batch at once.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import itertools
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from game.scenario import assets, crossref, texts
from game.scenario.catalogue import MOD_FILE, Catalogue, CatalogueError, Found, describe, is_mod
from game.scenario.layering import (
    LIST_SECTIONS,
    MOD_SECTION,
    NOUNS,
    Origins,
    Written,
    lay_mod,
    merge_folder,
    noun,
)
from game.scenario.schema import EFFECT_MODELS, SECTIONS, ScenarioModel
from game.scenario.yamlio import (
    MAX_NODES,
    Document,
    LoadError,
    Mark,
    YamlLoadFailed,
    load_yaml_file,
)

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 200
# Bounds on a whole folder, not only each file, so that validating any folder costs
# a few seconds and a few hundred MB at most (the October scenario is 0.25 MiB and
# about 13,000 values; a valid 2 MiB scenario validates in about 3 s and 110 MB).
MAX_SCENARIO_BYTES = 4 * 1024 * 1024
MAX_SCENARIO_NODES = 2 * MAX_NODES
MAX_LAYERS = 21  # a scenario and 20 mods
# What the resolved scenario may take inside a save (block-style YAML, every default
# written out: about 1.04 times the October files' size, more for terse flow style).
# A save may hold this and its record (game/saves/format.py), so that every valid
# scenario's saves load.
MAX_EMBEDDED_BYTES = 8 * 1024 * 1024
MAX_EMBEDDED_NODES = 3 * MAX_NODES


class ScenarioError(Exception):
    """A scenario that could not be loaded, with every problem found."""

    def __init__(self, errors: Sequence[LoadError]) -> None:
        # In file order, so a modder can work down the list.
        self.errors = sorted(errors, key=lambda e: (e.mark.file, e.mark.line, e.mark.column))
        super().__init__("\n".join(map(str, self.errors)))


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario: the validated model and the hash of its content."""

    model: ScenarioModel
    content_hash: str
    source: str
    layers: tuple[str, ...] = ()  # the mods laid over the scenario, in order
    # Each layer's name and version, for players (a layer whose mod gives the scenario
    # its own id is the scenario itself, built on another: see `mod_labels`).
    layer_labels: tuple[str, ...] = ()
    warnings: tuple[LoadError, ...] = ()  # e.g. two mods changing one value
    # The checked real file of each picture or font path the scenario writes (see
    # game.scenario.assets): only a scenario loaded from its folder has them; one built
    # from documents, or kept in a save, has none.
    assets: Mapping[str, Path] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model.scenario.id

    @property
    def mod_labels(self) -> tuple[str, ...]:
        """The name and version of each mod laid over the scenario played, in load order:
        the layers, less one that is the scenario itself (Moscow First over October)."""
        # Not strict: a Scenario built with layers and no labels (a test's) names none.
        pairs = zip(self.layers, self.layer_labels, strict=False)
        return tuple(label for layer, label in pairs if layer != self.id)


@dataclass(frozen=True)
class Source:
    """Where a scenario is read from: a scenario or mod folder and the mods laid over it.
    Plain enough to pickle, so that the lab's workers and a reload read the same files."""

    folder: Path
    mods: tuple[Path, ...] = ()

    def load(self) -> Scenario:
        return load_scenario(self.folder, self.mods)


def content_hash(model: ScenarioModel, dumped: dict[str, Any] | None = None) -> str:
    """A hash of what the scenario says, blind to file layout, comments and key order."""
    data = model.model_dump(mode="json") if dumped is None else dumped
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def embedded_size(data: Any) -> tuple[int, int]:
    """(bytes, values) that bound `data` written as a save writes it (block-style YAML,
    wrapped at 100 columns): an upper bound, cheap enough for every load (4 ms for
    October, whose estimate is 1.4 times its real size)."""
    size = nodes = 0
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        indent = 2 * depth + 4
        if type(value) is dict:
            for key, item in value.items():
                size += indent + len(key)
                stack.append((item, depth + 1))
        elif type(value) is list:
            size += indent * len(value)
            stack.extend((item, depth + 1) for item in value)
        elif type(value) is str:
            n = len(value.encode())
            size += n + 2 + (n // 80 + 1) * indent
        else:
            size += len(str(value))
    return size, nodes


def load_scenario(
    folder: Path | str, mods: Sequence[Path | str] = (), catalogue: Catalogue | None = None
) -> Scenario:
    """Load and check a scenario folder, or a mod folder laid over what it extends, with
    `mods` laid over that in order; raises ScenarioError listing every problem."""
    return load_traced(folder, mods, catalogue)[0]


def load_traced(
    folder: Path | str, mods: Sequence[Path | str] = (), catalogue: Catalogue | None = None
) -> tuple[Scenario, Origins]:
    """`load_scenario`, with the Origins that say which file and line wrote each part."""
    folder = Path(folder)
    display = str(folder)
    if not folder.exists():
        raise ScenarioError([LoadError(Mark(display, 0, 0), "no such folder")])
    if not folder.is_dir():
        raise ScenarioError(
            [LoadError(Mark(display, 0, 0), "not a folder; give the scenario's folder")]
        )
    budget = _Budget()
    if not mods and not is_mod(folder):
        merged = merge_folder(_read_folder(folder, budget))
        layers: tuple[str, ...] = ()
        labels: tuple[str, ...] = ()
    else:
        found = _layers(folder, mods, catalogue)
        merged = merge_folder(_read_folder(found[0].folder, budget))
        for below, mod in itertools.pairwise(found):
            lay_mod(
                merged, _read_folder(mod.folder, budget), mod.id, f"'{below.id}'", mod.extends
            )
        layers = tuple(mod.id for mod in found[1:])
        labels = tuple(_label(mod) for mod in found[1:])
    if merged.errors:
        raise ScenarioError(merged.errors)
    scenario = _validate(merged.data, merged.origins, display, deleted=merged.deleted)
    scenario = _with_assets(scenario, merged.origins, folder)
    warned = scenario.warnings + tuple(merged.warnings)
    laid = replace(scenario, layers=layers, layer_labels=labels, warnings=warned)
    return laid, merged.origins


def _label(mod: Found) -> str:
    name = mod.name or mod.id
    return f"{name} (version {mod.version})" if mod.version else name


def _layers(folder: Path, mods: Sequence[Path | str], catalogue: Catalogue | None) -> list[Found]:
    """What is laid in order, the base scenario first: `folder`'s chain, then each mod's
    chain, each layer once."""
    catalogue = catalogue or Catalogue.search([folder, *mods])
    try:
        top = describe(folder)
        if top is None:
            raise ScenarioError(
                [LoadError(Mark(str(folder), 0, 0), "no .yaml files in this folder")]
            )
        layers = catalogue.chain(top)
        for given in mods:
            mod = describe(Path(given))
            if mod is None or mod.kind != "mod":
                raise ScenarioError(
                    [
                        LoadError(
                            Mark(str(given), 0, 0),
                            f"not a mod: a mod's folder holds {MOD_FILE} (a scenario is given "
                            "with --scenario)",
                        )
                    ]
                )
            chain = catalogue.chain(mod)
            if chain[0].folder.resolve() != layers[0].folder.resolve():
                raise ScenarioError(
                    [
                        LoadError(
                            Mark(str(Path(given) / MOD_FILE), 1, 1),
                            f"'{mod.id}' is laid over the scenario '{chain[0].id}', but this "
                            f"game is of '{layers[0].id}'",
                        )
                    ]
                )
            done = {layer.folder.resolve() for layer in layers}
            layers.extend(layer for layer in chain if layer.folder.resolve() not in done)
    except CatalogueError as failed:
        raise ScenarioError([failed.error]) from None
    if len(layers) > MAX_LAYERS:
        raise ScenarioError(
            [
                LoadError(
                    Mark(str(folder), 0, 0), f"{len(layers) - 1} mods; at most {MAX_LAYERS - 1}"
                )
            ]
        )
    return layers


@dataclass
class _Budget:
    """What is left of the bytes and values all the folders of one scenario may hold."""

    nodes: int = field(default_factory=lambda: MAX_SCENARIO_NODES)
    size: int = field(default_factory=lambda: MAX_SCENARIO_BYTES)


def _read_folder(folder: Path, budget: _Budget) -> list[Document]:
    """Every YAML file of one folder, checked against the limits; raises ScenarioError."""
    display = str(folder)
    named = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)
    broken = [error for error in map(_broken_link, named) if error is not None]
    if broken:
        raise ScenarioError(broken)
    files = [p for p in named if p.is_file()]
    if not files:
        raise ScenarioError([LoadError(Mark(display, 0, 0), "no .yaml files in this folder")])
    if len(files) > MAX_FILES:
        raise ScenarioError(
            [LoadError(Mark(display, 0, 0), f"{len(files)} YAML files; at most {MAX_FILES}")]
        )
    errors: list[LoadError] = []
    inside = []
    root = folder.resolve()
    for path in files:
        # A link out of the folder would read (and echo in errors) any file the user can.
        real = path.resolve()
        if real.is_relative_to(root):
            inside.append(path)
        else:
            errors.append(
                LoadError(
                    Mark(str(path), 1, 1),
                    f"a link to {real}, outside the scenario folder; copy the file into the "
                    "folder instead",
                )
            )
    total = sum(path.stat().st_size for path in inside)
    if total > budget.size:
        shared = " with the folders it is laid over" if budget.size < MAX_SCENARIO_BYTES else ""
        raise ScenarioError(
            [
                LoadError(
                    Mark(display, 0, 0),
                    f"the scenario's YAML files hold {total} bytes together{shared}, over the "
                    f"{MAX_SCENARIO_BYTES // (1024 * 1024)} MiB a scenario may hold",
                )
            ]
        )
    budget.size -= total
    documents: list[Document] = []
    mod = is_mod(folder)  # asked of the disk once, not for every file
    for path in inside:
        left = budget.nodes
        note = (
            f", what is left of the {MAX_SCENARIO_NODES} the scenario may hold"
            if left < MAX_NODES
            else ""
        )
        try:
            doc = load_yaml_file(
                path,
                display_name=str(path),
                max_nodes=min(MAX_NODES, left),
                budget=note,
                comments_only=True,
            )
        except YamlLoadFailed as failed:
            errors.append(failed.error)
            continue
        errors.extend(_misplaced(doc, path.name, mod))
        documents.append(doc)
        budget.nodes -= doc.nodes
    if errors:
        raise ScenarioError(errors)
    return documents


def _broken_link(path: Path) -> LoadError | None:
    """A YAML file name that is a link leading to no file: said, never skipped unread."""
    if not path.is_symlink() or path.exists():
        return None
    target = os.readlink(path)
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError) as failed:
        loop = isinstance(failed, RuntimeError) or failed.errno == errno.ELOOP
        if loop:
            return LoadError(
                Mark(str(path), 1, 1),
                f"a link to {target}, in a loop of links that never reaches a file; link it "
                "to the file meant, or delete it",
            )
    return LoadError(
        Mark(str(path), 1, 1),
        f"a link to {target}, which does not exist; link it to a file that does, or delete it",
    )


def _misplaced(doc: Document, name: str, mod: bool) -> list[LoadError]:
    """A mod's description outside its mod.yaml (it would be ignored), and sections of the
    wrong shape: a list section must be a list of entries, any other a mapping."""
    if not isinstance(doc.data, dict):
        return []
    errors = []
    for section, value in doc.data.items():
        at = doc.key_mark((section,))
        if section == MOD_SECTION and name != MOD_FILE:
            why = (
                "this one would be ignored"
                if mod
                else "this folder has none, so it is read as a scenario"
            )
            errors.append(LoadError(at, f"the mod's description belongs in {MOD_FILE}; {why}"))
        elif section in LIST_SECTIONS and not isinstance(value, list):
            errors.append(
                LoadError(
                    at,
                    f"{section}: should be a list of entries (- id: ...), found {_shape(value)}",
                )
            )
        elif section in SECTIONS and section not in LIST_SECTIONS and not isinstance(value, dict):
            errors.append(
                LoadError(at, f"{section}: should be a mapping (key: value), found {_shape(value)}")
            )
    return errors


def _shape(value: Any) -> str:
    if value is None:
        return "nothing (is the section empty, or are its lines not indented under it?)"
    if isinstance(value, dict):
        return "a mapping (key: value); write each entry as '- id: ...'"
    if isinstance(value, list):
        return "a list"
    return f"the single value {value!r}"[:80]


def _with_assets(scenario: Scenario, origins: Origins, fallback: Path) -> Scenario:
    """The scenario with the real file of every picture and font it names, each checked
    inside the folder of the file that wrote its path (a mod's pictures in the mod)."""
    found, errors = assets.scenario_assets(
        scenario.model,
        lambda path: origins.mark(path) or Mark(str(fallback), 1, 1),
        lambda mark: Path(mark.file).parent if mark.file.endswith(YAML_SUFFIXES) else fallback,
    )
    if errors:
        raise ScenarioError(errors)
    return replace(scenario, assets=found)


def load_documents(
    documents: Sequence[Document], source: str = "<memory>", *, require_wording: bool = True
) -> Scenario:
    """Build a scenario from already parsed documents (tests and tools use this).

    `require_wording=False` is for a scenario kept inside a save, which may
    predate the player wording that new scenarios must give their flags.
    """
    misplaced = [e for doc in documents for e in _misplaced(doc, Path(doc.file).name, False)]
    if misplaced:
        raise ScenarioError(misplaced)
    merged = merge_folder(documents)
    if merged.errors:
        raise ScenarioError(merged.errors)
    return _validate(merged.data, merged.origins, source, require_wording)


def _validate(
    merged: dict[str, Any],
    origins: Origins,
    source: str,
    require_wording: bool = True,
    deleted: Mapping[tuple[str, str], Written] | None = None,
) -> Scenario:
    first = origins.first

    def mark_for(path: Sequence[str | int]) -> Mark:
        found = origins.mark(path)
        if found is not None:
            return found
        if first is not None:
            return Mark(first.file, 1, 1)
        return Mark(source, 1, 1)

    try:
        model = ScenarioModel.model_validate(merged)
    except ValidationError as invalid:
        errors = _one_per_union(_without_renamed_keys(invalid.errors()))
        raise ScenarioError(
            [_pydantic_error(err, mark_for, origins, source) for err in errors]
        ) from None
    problems = crossref.check(model, require_wording)
    if problems:
        errors = []
        users = _Users()
        for problem in problems:
            mark = mark_for(problem.path)
            if problem.column:
                mark = Mark(mark.file, mark.line, mark.column + problem.column - 1)
            if not users.add(problem, mark, merged, deleted or {}):
                errors.append(LoadError(mark, problem.message))
        raise ScenarioError(errors + users.errors())
    dumped = model.model_dump(mode="json")
    size, values = embedded_size(dumped)
    if size > MAX_EMBEDDED_BYTES or values > MAX_EMBEDDED_NODES:
        raise ScenarioError(
            [
                LoadError(
                    mark_for(("scenario",)),
                    f"the scenario would take up to {size:,} bytes and {values:,} values inside "
                    f"a save, over the {MAX_EMBEDDED_BYTES // 2**20} MiB and "
                    f"{MAX_EMBEDDED_NODES:,} values a save keeps for it; make it smaller",
                )
            ]
        )
    warned = tuple(texts.unshown(model, mark_for))
    return Scenario(model, content_hash(model, dumped), source, warnings=warned)


# The nouns of crossref's "unknown <noun> 'id'" messages, and the sections they name.
_SECTION_OF_NOUN = {name: section for section, name in NOUNS.items()}
_UNKNOWN = re.compile(r"unknown (" + "|".join(_SECTION_OF_NOUN) + r") '([^']*)'")


# The entries named, one line each, as still using an entry a mod deletes; the rest are
# counted in one more line, so that deleting a faction used everywhere reads in a screenful.
MAX_USERS_SHOWN = 8


@dataclass
class _Users:
    """Unknown names that a mod deleted, gathered by what is deleted and by the entry that
    still uses it, to be said at the deletion: one line per entry, however many places."""

    # what is deleted -> (where it is deleted, {the user -> (its section, its places)})
    found: dict[str, tuple[Written, dict[str, tuple[str, list[Mark]]]]] = field(
        default_factory=dict
    )

    def add(
        self,
        problem: crossref.Problem,
        mark: Mark,
        merged: dict[str, Any],
        deleted: Mapping[tuple[str, str], Written],
    ) -> bool:
        """Gather `problem` if it is a use of a deleted entry; False if it is not."""
        match = _UNKNOWN.match(problem.message)
        if match is None:
            return False
        kind, ident = match.groups()
        gone = deleted.get((_SECTION_OF_NOUN[kind], ident))
        if gone is None:
            return False
        section = str(problem.path[0])
        user = f"the section '{section}'"
        if len(problem.path) > 1 and isinstance(problem.path[1], int):
            entry = merged.get(section, [])[problem.path[1]]
            name = entry.get("id") if isinstance(entry, dict) else None
            user = f"the {noun(section)} '{name}'" if name else user
        users = self.found.setdefault(f"the {kind} '{ident}'", (gone, {}))[1]
        users.setdefault(user, (section, []))[1].append(mark)
        return True

    def errors(self) -> list[LoadError]:
        errors = []
        for what, (gone, users) in self.found.items():
            at = gone.mark()
            for user, (_, marks) in list(users.items())[:MAX_USERS_SHOWN]:
                first = min(marks, key=lambda m: (m.file, m.line, m.column))
                place = f"{first.file}:{first.line}"
                uses = (
                    f"uses it ({place}); delete or change that too"
                    if len(marks) == 1
                    else f"uses it in {len(marks)} places, the first at {place}; delete or "
                    "change them too"
                )
                errors.append(LoadError(at, f"{what} is deleted here, but {user} still {uses}"))
            rest = list(users.values())[MAX_USERS_SHOWN:]
            if rest:
                sections: dict[str, int] = {}
                for section, _ in rest:
                    sections[section] = sections.get(section, 0) + 1
                counts = ", ".join(f"{n} in {section}" for section, n in sections.items())
                errors.append(
                    LoadError(
                        at,
                        f"{what} is deleted here, and {len(rest)} more "
                        f"{'entry' if len(rest) == 1 else 'entries'} still use it ({counts})",
                    )
                )
        return errors


def _pydantic_error(err: Any, mark_for: Any, origins: Origins, source: str) -> LoadError:
    loc = tuple(err["loc"])
    kind = err["type"]
    where = _describe_loc(loc)
    if kind == "missing" and len(loc) == 1:
        # A whole section is absent: no file is to blame, the folder is.
        return LoadError(
            Mark(source, 1, 1),
            f"no file in this folder gives the section '{loc[0]}' (e.g. in {loc[0]}.yaml)",
        )
    if kind == "missing":
        message = f"missing required key '{loc[-1]}'" + (
            f" in {_describe_loc(loc[:-1])}" if len(loc) > 1 else ""
        )
        return LoadError(mark_for(loc[:-1]), message)
    if kind == "extra_forbidden":
        mark = origins.key_mark(loc) or mark_for(loc)
        return LoadError(mark, f"unknown key '{loc[-1]}'{_field_hint(loc)}")
    if kind == "unknown_effect":
        value = err.get("input")
        name = value.get("kind", "?") if isinstance(value, dict) else value
        hint = crossref.did_you_mean(str(name), EFFECT_MODELS)
        known = ", ".join(EFFECT_MODELS)
        return LoadError(
            mark_for(loc), f"unknown effect '{name}'{hint or f'; expected one of {known}'}"
        )
    message = str(err["msg"])
    message = message.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.startswith("int_") or kind.startswith("literal"):
        got = err.get("input")
        shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
        message = f"{message} (got {shown})"
    return LoadError(mark_for(loc), f"{where}: {message}" if where else message)


def _without_renamed_keys(errors: list[Any]) -> list[Any]:
    """Drop "missing key 'x'" where the same mapping has an unknown key that is a misspelt x.

    The "did you mean" on the unknown key already says everything; two errors
    for one typo would read as two problems.
    """
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            unknown.setdefault(tuple(err["loc"][:-1]), []).append(str(err["loc"][-1]))
    kept = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc[:-1] in unknown:
            close = difflib.get_close_matches(str(loc[-1]), unknown[loc[:-1]], n=1, cutoff=0.6)
            if close:
                continue
        kept.append(err)
    return kept


# What pydantic names the branches of a union in an error's location, as a modder reads them.
_BRANCHES = {
    "str": "text",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "date": "a date",
    "none": "nothing (null)",
    "list": "a list",
    "dict": "a mapping",
    "tuple": "a list",
}


def _branch(part: str | int) -> str | None:
    """The reading of a union branch's tag in a location (`str`, `list[...]`,
    `function-after[...]`), or None for a key of the scenario (ids never hold [ or -)."""
    if isinstance(part, int):
        return None
    if part in _BRANCHES:
        return _BRANCHES[part]
    if "[" in part or "-" in part:
        return _BRANCHES.get(part.split("[", 1)[0], "")
    return None


def _one_per_union(errors: list[Any]) -> list[Any]:
    """One error where pydantic gives one per branch of a union (`when.str`, `when.bool`):
    "expected text or true or false", at the location without the branches' tags."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    out: list[Any] = []
    for err in errors:
        loc = tuple(err["loc"])
        branches = [b for b in map(_branch, loc) if b is not None]
        if not branches or not err["type"].endswith(("_type", "_parsing")):
            out.append(err)
            continue
        plain = tuple(p for p in loc if _branch(p) is None)
        found = merged.get(plain)
        if found is None:
            found = merged[plain] = {**err, "loc": plain, "expected": []}
            out.append(found)
        if branches[-1] and branches[-1] not in found["expected"]:
            found["expected"].append(branches[-1])
    for err in merged.values():
        if err["expected"]:
            err["type"] = "union_type"
            err["msg"] = "expected " + ", or ".join(err["expected"])
    return out


def _describe_loc(loc: Sequence[str | int]) -> str:
    parts = []
    for part in loc:
        if _branch(part) is not None:
            continue  # pydantic's name for a branch of a union: not a place in the file
        parts.append(f"[{part + 1}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".")


def _field_hint(loc: Sequence[str | int]) -> str:
    """Suggest the nearest allowed key for a misspelt one at `loc`."""
    model: Any = ScenarioModel
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part in fields:
            model = _inner_model(fields[part].annotation)
        else:  # pydantic puts an effect's kind into the location of its errors
            model = EFFECT_MODELS.get(str(part))
        if model is None:
            return ""
    allowed = [f for f in getattr(model, "model_fields", {}) if f != "kind"]
    return crossref.did_you_mean(str(loc[-1]), allowed)


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None

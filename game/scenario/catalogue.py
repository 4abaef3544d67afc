"""Finding scenarios and mods: the bundled ones, the player's mods folder, and folders
named on the command line; and the order in which a mod's layers are laid.

A folder holding `mod.yaml` is a mod; any other folder of YAML files whose `scenario`
section gives an id is a scenario. Only each folder's description is read here; whether
it is valid is the loader's business.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from game.paths import scenarios_dir
from game.scenario.layering import did_you_mean
from game.scenario.modmeta import extends_hint, meta_error
from game.scenario.schema import ModMeta
from game.scenario.yamlio import Document, LoadError, Mark, YamlLoadFailed, load_yaml_file

MOD_FILE = "mod.yaml"
SCENARIO_FILE = "scenario.yaml"
MAX_FOLDERS = 500  # folders looked at in one place, so a huge mods folder stays quick


def user_mods_dir() -> Path:
    """Where a player's mods live: $DUAL_POWER_MODS, else $XDG_DATA_HOME/dual-power/mods,
    else ~/.local/share/dual-power/mods."""
    given = os.environ.get("DUAL_POWER_MODS")
    if given:
        return Path(given).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "dual-power" / "mods"


@dataclass(frozen=True)
class Found:
    """A scenario or mod folder and what its description says."""

    id: str
    folder: Path
    kind: Literal["scenario", "mod"]
    name: str = ""
    version: str = ""
    extends: str | None = None
    description: str = ""
    author: str = ""
    error: LoadError | None = None  # its description could not be read
    # A mod's mod.yaml as read, for messages at the line of its `id` or `extends`.
    meta: Document | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.name or self.id} {self.version}".strip()


def is_mod(folder: Path) -> bool:
    return (folder / MOD_FILE).is_file()


def describe(folder: Path) -> Found | None:
    """What `folder` holds, or None when it is neither a scenario nor a mod."""
    folder = Path(folder)
    if is_mod(folder):
        return _describe_mod(folder)
    if not folder.is_dir():
        return None
    return _describe_scenario(folder)


def _read(path: Path, section: str) -> tuple[object, Document | None, LoadError | None]:
    try:
        doc = load_yaml_file(path, display_name=str(path))
    except YamlLoadFailed as failed:
        return None, None, failed.error
    data = doc.data.get(section) if isinstance(doc.data, dict) else None
    if data is None:
        return None, doc, LoadError(Mark(str(path), 1, 1), f"no '{section}' section in this file")
    return data, doc, None


def _describe_mod(folder: Path) -> Found:
    path = folder / MOD_FILE
    _, doc, error = _read(path, "mod")
    if doc is not None and isinstance(doc.data, dict) and "mod" in doc.data:
        try:
            meta = ModMeta.model_validate(doc.data["mod"])
        except ValidationError as invalid:
            error = meta_error(doc, invalid)
        else:
            if meta.id == meta.extends:
                error = LoadError(
                    doc.key_mark(("mod", "id")),
                    f"the mod's id '{meta.id}' is also the id it extends: the ids clash (a mod "
                    f"cannot extend itself); give the mod an id of its own, e.g. "
                    f"'{meta.id[:40]}_mod'",
                )
            else:
                return Found(
                    meta.id,
                    folder,
                    "mod",
                    meta.name,
                    meta.version,
                    meta.extends,
                    meta.description,
                    meta.author,
                    meta=doc,
                )
    return Found(folder.name, folder, "mod", error=error, meta=doc)


def _describe_scenario(folder: Path) -> Found | None:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        return None
    # The `scenario` section is usually in scenario.yaml; look there first.
    files.sort(key=lambda p: p.name != SCENARIO_FILE)
    for path in files:
        data, _, error = _read(path, "scenario")
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return Found(
                data["id"],
                folder,
                "scenario",
                str(data.get("title", "")),
                str(data.get("version", "")),
                description=str(data.get("description", "")),
                author=str(data.get("author", "")),
            )
        if (
            error is not None
            and path.name == SCENARIO_FILE
            and "no 'scenario'" not in error.message
        ):
            return Found(folder.name, folder, "scenario", error=error)
    return None


def why_passed_over(folder: Path) -> str:
    """Why a folder is neither a scenario nor a mod, with the fix where one is plain."""
    try:
        entries = list(itertools.islice(folder.iterdir(), MAX_FOLDERS))
    except OSError as failed:
        return f"cannot be read ({failed.strerror or failed})"
    names = sorted(p.name for p in entries if p.is_file())
    near = [n for n in names if n.lower() == MOD_FILE] or difflib.get_close_matches(
        MOD_FILE, names, n=1, cutoff=0.8
    )
    if near:
        return f"no {MOD_FILE} (found {near[0]}: rename it)"
    inner = sorted(p.name for p in entries if p.is_dir() and is_mod(p))
    if inner:
        return (
            f"no {MOD_FILE} (found {inner[0]}/{MOD_FILE}: move {inner[0]} up, out of this folder)"
        )
    if not any(Path(n).suffix in (".yaml", ".yml") for n in names):
        return "no .yaml files"
    return (
        f"no {MOD_FILE} (a mod needs one), and no `scenario` section with an id in its "
        ".yaml files (a scenario needs one)"
    )


class UnknownName(Exception):
    """A scenario or mod named on the command line that is neither a folder nor an id found."""


class CatalogueError(Exception):
    """A scenario or mod that cannot be put together, with a message saying why."""

    def __init__(self, error: LoadError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class Catalogue:
    """Every scenario and mod found, first found first; later ones with the same id are
    kept in `shadowed` so that a listing can say which folder is used."""

    found: list[Found] = field(default_factory=list)
    shadowed: list[tuple[Found, Found]] = field(default_factory=list)  # (unused, used)
    # Folders of the places searched that hold neither, and why: a mod whose mod.yaml is
    # missing or misnamed would otherwise vanish without a word.
    passed_over: list[tuple[Path, str]] = field(default_factory=list)

    @classmethod
    def search(
        cls, folders: Sequence[Path | str] = (), places: Iterable[Path] | None = None
    ) -> Catalogue:
        """Folders named on the command line first (and their neighbours, so that a mod
        may extend another beside it), then the bundled scenarios, then the player's mods."""
        catalogue = cls()
        for folder in folders:
            found = describe(Path(folder))
            if found is not None:
                catalogue.add(found)
        roots = list(places) if places is not None else [scenarios_dir(), user_mods_dir()]
        neighbours = [Path(f).resolve().parent for f in folders]
        for root in [*roots, *neighbours]:
            catalogue.scan(root)
        return catalogue

    def scan(self, root: Path) -> None:
        if not root.is_dir():
            return
        try:
            folders = sorted(p for p in root.iterdir() if p.is_dir())[:MAX_FOLDERS]
        except OSError:
            return
        for folder in folders:
            found = describe(folder)
            if found is not None:
                self.add(found)
            elif not folder.name.startswith((".", "__")):
                self.pass_over(folder)

    def pass_over(self, folder: Path) -> None:
        if all(f.resolve() != folder.resolve() for f, _ in self.passed_over):
            self.passed_over.append((folder, why_passed_over(folder)))

    def add(self, found: Found) -> None:
        for known in self.found:
            if known.folder.resolve() == found.folder.resolve():
                return
            if known.id == found.id:
                self.shadowed.append((found, known))
                return
        self.found.append(found)

    def get(self, ident: str) -> Found | None:
        return next((f for f in self.found if f.id == ident), None)

    def locate(self, given: str | Path) -> Path:
        """The folder of a scenario or mod named on the command line: a scenario or mod
        folder (or its mod.yaml or scenario.yaml), else the folder of the one whose id it is.
        A folder that holds neither, with no id of that name, is given back for the loader
        to say what is wrong with it; a name that is neither raises UnknownName."""
        path = Path(given)
        if path.is_file() and path.name in (MOD_FILE, SCENARIO_FILE):
            return path.parent
        if path.exists() and describe(path) is not None:
            return path
        found = self.get(str(given))
        if found is not None:
            return found.folder
        if path.exists():
            return path
        raise UnknownName(
            f"no scenario or mod '{given}' (a folder, or an id that `mods` lists)"
            f"{self.suggest(path.name)}"
        )

    def suggest(self, ident: str) -> str:
        """ "; did you mean 'x'?" for the nearest id found, or nothing."""
        return did_you_mean(ident, [f.id for f in self.found])

    def scenarios(self) -> list[Found]:
        return [f for f in self.found if f.kind == "scenario"]

    def mods(self) -> list[Found]:
        return [f for f in self.found if f.kind == "mod"]

    def chain(self, found: Found) -> list[Found]:
        """`found` and everything beneath it, the base scenario first."""
        chain = [found]
        while chain[-1].kind == "mod":
            top = chain[-1]
            if top.error is not None:
                raise CatalogueError(self._hinted(top, top.error))
            assert top.extends is not None
            below = self.get(top.extends)
            mark = Mark(str(top.folder / MOD_FILE), 1, 1)
            if top.meta is not None:
                mark = top.meta.key_mark(("mod", "extends"))
            if below is None:
                ids = [f.id for f in self.found if f is not top]
                raise CatalogueError(
                    LoadError(
                        mark,
                        f"'{top.id}' extends '{top.extends}', but no scenario or mod with that "
                        f"id was found{did_you_mean(top.extends, ids)} (looked in "
                        f"{scenarios_dir()}, {user_mods_dir()} and beside the folders given)",
                    )
                )
            clash = next((unused for unused, used in self.shadowed if used is below), None)
            if below in chain and clash is not None:
                raise CatalogueError(
                    LoadError(
                        below.meta.key_mark(("mod", "id")) if below.meta else mark,
                        f"the id '{below.id}' is given both by {below.folder} and by "
                        f"{clash.folder}: the ids clash, so the first found is used and the "
                        "mods loop back to it; give each scenario and mod an id of its own",
                    )
                )
            if below in chain:
                loop = " -> ".join(f.id for f in [*chain, below])
                raise CatalogueError(LoadError(mark, f"mods extend each other in a loop: {loop}"))
            chain.append(below)
        return chain[::-1]

    def _hinted(self, found: Found, error: LoadError) -> LoadError:
        """`error`, with the id meant when `extends` gives a known title or folder."""
        meta = found.meta.data.get("mod") if found.meta is not None else None
        given = meta.get("extends") if isinstance(meta, dict) else None
        if not error.message.startswith("extends:"):
            return error
        others = [(f.id, f.name, f.folder.name) for f in self.found if f.folder != found.folder]
        return LoadError(error.mark, error.message + extends_hint(given, others))

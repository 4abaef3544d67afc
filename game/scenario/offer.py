"""What New game offers: the scenarios found, and for each the mods that can be laid over
it, ticked in the order they load.

A mod that gives its own `scenario.id` (one that differs from what it extends) is a
scenario of its own, offered beside the others; every other mod is an option laid over
the nearest scenario beneath it. Telling them apart reads the mod's own files for a
`scenario` section (only files that have a top-level `scenario:` line are parsed), which
is quick enough to do for every mod each time the page opens, where loading every mod
merged over its scenario would take a quarter of a second each.

`Offer` is the choice being made (which scenario, which mods in which order) and the
`Source` it stands for; the page only shows it and passes on the keys and clicks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from game.paths import scenarios_dir
from game.scenario.catalogue import Catalogue, CatalogueError, Found, user_mods_dir
from game.scenario.loader import YAML_SUFFIXES, Source
from game.scenario.yamlio import LoadError, YamlLoadFailed, load_yaml_file

Origin = Literal["bundled", "mods", "given"]
_SCENARIO_LINE = re.compile(rb"^['\"]?scenario['\"]?[ \t]*:", re.MULTILINE)
MAX_FILES_READ = 200  # as many as a folder may hold (loader.MAX_FILES)


def own_scenario_id(folder: Path) -> str | None:
    """The `scenario.id` a folder's own files give (the last file's, in name order, as the
    files are merged), or None when none gives one or the files cannot be read."""
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    except OSError:
        return None
    given = None
    for path in files[:MAX_FILES_READ]:
        try:
            if not _SCENARIO_LINE.search(path.read_bytes()):
                continue
            doc = load_yaml_file(path)
        except (OSError, YamlLoadFailed):
            continue
        section = doc.data.get("scenario") if isinstance(doc.data, dict) else None
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            given = section["id"]
    return given


def origin(found: Found) -> Origin:
    """Where a scenario or mod comes from: bundled with the game, the player's mods folder,
    or a folder named on the command line."""
    parent = found.folder.resolve().parent
    if parent == scenarios_dir().resolve():
        return "bundled"
    if parent == user_mods_dir().resolve():
        return "mods"
    return "given"


@dataclass
class Kinds:
    """Which entries of a catalogue are scenarios and which are options, remembered."""

    catalogue: Catalogue
    _ids: dict[Path, str | None] = field(default_factory=dict)

    def scenario_id(self, found: Found) -> str | None:
        """The id the scenario has with `found` laid over it; None when its chain is broken."""
        key = found.folder.resolve()
        if key not in self._ids:
            try:
                chain = self.catalogue.chain(found)
            except CatalogueError:
                self._ids[key] = None
            else:
                ident: str | None = chain[0].id
                for layer in chain[1:]:
                    ident = own_scenario_id(layer.folder) or ident
                self._ids[key] = ident
        return self._ids[key]

    def is_scenario(self, found: Found) -> bool:
        """A scenario folder, or a mod that makes a new scenario (a `scenario.id` of its own
        that what it extends does not have)."""
        if found.kind == "scenario":
            return True
        if found.error is not None or found.extends is None:
            return False
        below = self.catalogue.get(found.extends)
        if below is None:
            return False
        mine = self.scenario_id(found)
        return mine is not None and mine != self.scenario_id(below)

    def base(self, found: Found) -> Found | None:
        """The scenario an option is laid over (the nearest beneath it); None when its
        chain is broken."""
        try:
            chain = self.catalogue.chain(found)
        except CatalogueError:
            return None
        return next((f for f in reversed(chain[:-1]) if self.is_scenario(f)), None)

    def needs(self, found: Found) -> list[Found]:
        """The options an option brings along (what it extends, down to its scenario),
        beneath it first, and itself last."""
        try:
            chain = self.catalogue.chain(found)
        except CatalogueError:
            return [found]
        under = [i for i, f in enumerate(chain[:-1]) if self.is_scenario(f)]
        return chain[under[-1] + 1 :] if under else [found]


def broken(catalogue: Catalogue, found: Found) -> LoadError | None:
    """Why an entry cannot even be put together (its description, or what it extends)."""
    if found.error is not None:
        return found.error
    try:
        catalogue.chain(found)
    except CatalogueError as failed:
        return failed.error
    return None


def _same(a: Found, b: Found) -> bool:
    return a.folder.resolve() == b.folder.resolve()


class Offer:
    """The scenario chosen and the mods ticked over it, in load order."""

    def __init__(self, catalogue: Catalogue, current: Source | None = None) -> None:
        self.catalogue = catalogue
        self.kinds = Kinds(catalogue)
        self.scenarios = [f for f in catalogue.found if self.kinds.is_scenario(f)]
        self.options = [f for f in catalogue.found if not self.kinds.is_scenario(f)]
        # What each option cannot do without, worked out once: the page asks every frame.
        self.problems = {f.folder: broken(catalogue, f) for f in catalogue.found}
        self._bases = {f.folder: self.kinds.base(f) for f in self.options}
        self._needs = {f.folder: self.kinds.needs(f) for f in self.options}
        self.chosen = 0  # the index of the scenario chosen
        # The mods ticked for each scenario, so that choosing another and back keeps them.
        self._ticked: dict[Path, list[Found]] = {}
        if current is not None:
            self._take(current)

    def _find(self, folder: Path) -> Found | None:
        key = Path(folder).resolve()
        return next((f for f in self.catalogue.found if f.folder.resolve() == key), None)

    def _take(self, source: Source) -> None:
        """Choose what `source` reads: its scenario (beneath it, when it names an option)
        and its mods ticked in their order."""
        top = self._find(source.folder)
        if top is None:
            return
        given = [top] if not self.kinds.is_scenario(top) else []
        scenario = top if not given else self.kinds.base(top)
        if scenario is None or scenario not in self.scenarios:
            return
        self.chosen = self.scenarios.index(scenario)
        for folder in source.mods:
            mod = self._find(folder)
            if mod is not None:
                given.append(mod)
        for mod in given:
            if mod in self.offered():
                self.tick(mod)

    @property
    def scenario(self) -> Found | None:
        return self.scenarios[self.chosen] if self.scenarios else None

    def choose(self, index: int) -> None:
        if self.scenarios:
            self.chosen = index % len(self.scenarios)

    def offered(self, scenario: Found | None = None) -> list[Found]:
        """The options laid over a scenario (by default the chosen one), in the order found."""
        scenario = scenario or self.scenario
        if scenario is None:
            return []
        return [
            f
            for f in self.options
            if self.problems[f.folder] is None
            and (base := self._bases[f.folder]) is not None
            and _same(base, scenario)
        ]

    def unplaced(self) -> list[Found]:
        """Mods that cannot be laid over anything: a broken description, or what they
        extend missing or in a loop (shown to every scenario, greyed, to say why)."""
        return [f for f in self.options if self.problems[f.folder] is not None]

    @property
    def ticked(self) -> list[Found]:
        """The mods ticked, in load order (each after the mods it needs)."""
        scenario = self.scenario
        if scenario is None:
            return []
        return self._ticked.setdefault(scenario.folder.resolve(), [])

    def listed(self) -> list[Found]:
        """The page's list: the mods offered as found, then those that cannot be used. It
        stays put as mods are ticked and reordered (their numbers give the order), so that
        a row never moves from under the pointer between two clicks."""
        return [*self.offered(), *self.unplaced()]

    def needs(self, found: Found) -> list[Found]:
        """The options `found` brings along, beneath it first, and itself last."""
        return self._needs.get(found.folder) or [found]

    def number(self, found: Found) -> int | None:
        """The place in the load order (from 1) of a ticked mod."""
        return self.ticked.index(found) + 1 if found in self.ticked else None

    def tick(self, found: Found) -> None:
        """Lay a mod over the scenario (after those ticked), with the mods it needs."""
        if found not in self.offered() or found in self.ticked:
            return
        ticked = self.ticked
        ticked.extend(f for f in self.needs(found) if f not in ticked)

    def untick(self, found: Found) -> None:
        """Take a mod off, with the mods that need it."""
        ticked = self.ticked
        ticked[:] = [f for f in ticked if found not in self.needs(f)]

    def toggle(self, found: Found) -> None:
        (self.untick if found in self.ticked else self.tick)(found)

    def move(self, found: Found, step: int) -> bool:
        """Load a ticked mod `step` places earlier (-1) or later (+1); whether it moved. A
        mod stays after the mods it needs: moving past one is refused."""
        ticked = self.ticked
        if found not in ticked:
            return False
        at = ticked.index(found)
        to = at + step
        if not 0 <= to < len(ticked):
            return False
        other = ticked[to]
        if (step < 0 and other in self.needs(found)) or (step > 0 and found in self.needs(other)):
            return False
        ticked[at], ticked[to] = other, found
        return True

    def brought_by(self, found: Found) -> list[Found]:
        """The ticked mods that need `found` (and so brought it along)."""
        return [f for f in self.ticked if f is not found and found in self.needs(f)]

    def source(self) -> Source | None:
        """What Continue reads: the chosen scenario's folder and the ticked mods in order."""
        scenario = self.scenario
        if scenario is None:
            return None
        return Source(scenario.folder, tuple(f.folder for f in self.ticked))


def choice_to_make(catalogue: Catalogue) -> bool:
    """Whether New game has anything to ask: more than one scenario, or any mod."""
    return bool(catalogue.mods()) or len(catalogue.scenarios()) > 1


def search(source: Source) -> Catalogue:
    """Everything New game may offer, the folders `source` reads first."""
    folders: Sequence[Path] = [source.folder, *source.mods]
    return Catalogue.search(folders)

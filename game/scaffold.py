"""`new-mod`: a mod folder to start from, with one example of each kind of change.

The examples are made from the scenario the mod extends (its first playable faction,
its resources, its codex), so that the new mod validates and plays at once, whatever
it is laid over.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from game.scenario.catalogue import Catalogue, Found
from game.scenario.loader import Scenario, ScenarioError, load_scenario
from game.scenario.offer import Kinds
from game.scenario.schema import ID_PATTERN


class ScaffoldError(Exception):
    """A mod that cannot be made, with a message a player can act on."""


@dataclass(frozen=True)
class Made:
    folder: Path
    files: tuple[str, ...]
    base: Found


# Russian (and Ukrainian and Belarusian) letters in Latin ones, as English usually writes
# them: a mod named in Cyrillic gets an id that reads like its name.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g u"
CYRILLIC = dict(zip(_CYRILLIC, _LATIN.split(), strict=True))  # "-": no letter
ID_LENGTH = 48
NAME_LENGTH = 100  # as ModMeta takes it


def mod_id(name: str) -> str:
    """'Stronger Kornilov!' -> 'stronger_kornilov', 'Красный Петроград' -> 'krasnyi_petrograd':
    an id the loader accepts."""
    letters = unicodedata.normalize("NFC", name).lower()  # й as one letter, not и and a breve
    latin = "".join(CYRILLIC.get(c, c).strip("-") for c in letters)
    plain = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    ident = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:ID_LENGTH].rstrip("_")
    if not ident:
        raise ScaffoldError(
            f"'{name}' gives no id in Latin letters: give one with --id, e.g. "
            f"new-mod '{name}' --id my_mod"
        )
    return ident if ident[0].isalpha() else f"mod_{ident}"[:ID_LENGTH]


def check_id(ident: str) -> str:
    """An id given with --id, as the loader will take it; ScaffoldError saying why not."""
    if not re.fullmatch(ID_PATTERN, ident) or len(ident) > ID_LENGTH:
        raise ScaffoldError(
            f"--id {ident!r} is not an id: a small Latin letter, then small letters, digits "
            f"or '_', at most {ID_LENGTH} (e.g. {mod_id(ident) if _any_id(ident) else 'my_mod'})"
        )
    return ident


def _any_id(name: str) -> bool:
    try:
        mod_id(name)
    except ScaffoldError:
        return False
    return True


def new_mod(
    name: str,
    extends: str,
    into: Path,
    catalogue: Catalogue | None = None,
    ident: str | None = None,
) -> Made:
    """Write a new mod of `extends` into `into`/<id>; never overwrites anything. The id is
    `ident` when given, else made from the name."""
    if not name.strip() or len(name) > NAME_LENGTH:
        raise ScaffoldError(
            f"a mod's name is 1 to {NAME_LENGTH} characters, e.g. new-mod 'Stronger Kornilov'"
        )
    ident = check_id(ident) if ident is not None else mod_id(name)
    catalogue = catalogue or Catalogue.search()
    kinds = Kinds(catalogue)
    base = catalogue.get(extends)
    if base is None:
        ids = ", ".join(f.id for f in catalogue.found) or "none"
        raise ScaffoldError(
            f"no scenario or mod '{extends}' to extend{catalogue.suggest(extends)} "
            f"(there are: {ids})"
        )
    if catalogue.get(ident) is not None:
        raise ScaffoldError(
            f"a scenario or mod with the id '{ident}' already exists "
            f"({catalogue.get(ident).folder}); choose another name"  # type: ignore[union-attr]
        )
    folder = into / ident
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; choose another name or folder")
    try:
        scenario = load_scenario(base.folder, catalogue=catalogue)
    except ScenarioError as broken:
        raise ScaffoldError(
            f"'{extends}' does not load, so a mod of it would not either:\n{broken}"
        ) from None
    files = {
        "mod.yaml": _mod_yaml(ident, name, base),
        "changes.yaml": _changes_yaml(ident, name, scenario),
        "README.md": _readme(name, folder, _what_it_is(base, scenario, kinds.is_scenario(base))),
    }
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return Made(folder, tuple(files), base)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mod_yaml(ident: str, name: str, base: Found) -> str:
    return f"""\
# What this mod is. Every other .yaml file in this folder holds sections as a
# scenario's files do, laid over '{base.id}' by id.
mod:
  id: {ident}
  name: {_quoted(name)}
  version: "1"
  description: >-
    A mod of {base.name or base.id}. Say in a sentence or two what it changes.
  author: ""
  extends: {base.id}
"""


def _changes_yaml(ident: str, name: str, scenario: Scenario) -> str:
    model = scenario.model
    faction = next((f for f in model.factions if f.playable), model.factions[0])
    parts = [
        """\
# Three examples of what a mod can do. Change them, add to them, or delete them;
# then check your work with:  python -m game validate <this folder>
# The reference for every section and key: docs/modding.md.
"""
    ]
    if faction.resources:
        resource, amount = next(iter(faction.resources.items()))
        others = [r for r in faction.resources if r != resource]
        kept = " and ".join([", ".join(others[:-1]), others[-1]] if len(others) > 1 else others)
        kept = f"\n#    ({kept} stay as they were)" if kept else ""
        parts.append(
            f"""
# 1. Change a key. An entry with an id the scenario already has changes only
#    the keys given here: the {faction.name} start with 5 more {resource}{kept}.
factions:
  - id: {faction.id}
    resources: {{{resource}: {amount + 5}}}
"""
        )
    parts.append(
        f"""
# 2. Add an entry. An entry with a new id is added: here, a page of the codex.
codex:
  - id: {ident}_notes
    title: {_quoted(name)}
    category: term
    text: >-
      What this mod changes, for players who open the codex.
"""
    )
    if model.codex:
        last = model.codex[-1]
        parts.append(
            f"""
# 3. Delete an entry: 'delete: true' removes it. This removes the codex page
#    {_quoted(last.title)}; delete these two lines to keep it. Anything that still
#    uses a deleted entry is reported, so delete or change that too.
  - {{id: {last.id}, delete: true}}
"""
        )
    return "".join(parts)


def _what_it_is(base: Found, scenario: Scenario, is_scenario: bool) -> str:
    """The README's first line: 'A mod of the scenario *Dual Power* (`october1917`).'"""
    title = scenario.model.scenario.title
    if is_scenario:
        return f"A mod of the scenario *{title}* (`{base.id}`)."
    return (
        f"A mod laid over the mod *{base.name or base.id}* (`{base.id}`), which changes "
        f"the scenario *{title}* (`{scenario.id}`)."
    )


def _readme(name: str, folder: Path, about: str) -> str:
    return f"""\
# {name}

{about}

- `mod.yaml` says what the mod is and what it extends.
- `changes.yaml` holds three example changes: a key changed, an entry added and
  one deleted. Any other `.yaml` file here is read too, in name order.

Try it:

```sh
python -m game validate {folder}     # every problem, with its file and line
python -m game play --scenario {folder}   # play it (add --text for the terminal)
python -m game check {folder}        # what never happens in AI games
```

While a game is open, Ctrl+R in the window (or `reload` in the terminal) reads
your files again and replays the game under the new rules.

The guide to every section, key and effect is `docs/modding.md` in the game's
folder.
"""

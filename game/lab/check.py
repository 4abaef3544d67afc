"""What in a scenario never happens: the report of `python -m game check`.

A modder's question after writing an event is whether it can fire at all. The
check answers it twice over:

- without playing, the conditions no game could meet (`game.scenario.never`), each
  named by the file and line that wrote it;
- by playing AI games across the balance lab's configurations (every faction its own
  profile, each seat at each difficulty, every faction on each profile), what never
  happened in any of them: events that never fired, with what held them back,
  choices never taken, actions never ordered, endings never reached, contests that
  never succeeded or never failed.

`report` gathers both into plain data (what `--json` prints) and `lines` writes it
for a reader. Nothing here reads files or plays: the command line does both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from game.engine.clauses import chain
from game.engine.rules import Rules
from game.lab.runner import Plan, matrix
from game.lab.tally import Tally
from game.scenario import schema as s
from game.scenario.expr import Binary, Call, Kind, Name, Node, Unary, describe, parse
from game.scenario.layering import Origins
from game.scenario.never import Finding
from game.scenario.places import Ids, effect_places
from game.scenario.yamlio import Mark

Path = tuple[str | int, ...]
# Where a path of the merged data was written; the column, from 1, inside an expression there.
Where = Callable[[Path, int], Mark]


def plans(rules: Rules, first_seed: int, runs: int) -> list[Plan]:
    """The check's games: `runs` shared among the configurations of `simulate --matrix`,
    each on seeds of its own (more games, more of the scenario seen), all watched."""
    configurations = matrix(rules, first_seed, 1)
    share, extra = divmod(runs, len(configurations))
    out: list[Plan] = []
    seed = first_seed
    for n, plan in enumerate(configurations):
        count = share + (n < extra)
        if count:
            out.append(dataclasses.replace(plan, first_seed=seed, runs=count, watch=True))
            seed += count
    return out


def where_in(origins: Origins, fallback: str) -> Where:
    """The file and line of a path as `crossref` names it, whichever way the effect was
    written: `- if: {...}` or `- kind: if`, `otherwise` or `else`."""

    def find(path: Path, column: int = 0) -> Mark:
        mark = None
        for spelt in _spellings(path):
            located = origins.locate(spelt)
            if located is not None and tuple(located[1]) in located[0].marks:
                mark = located[0].marks[tuple(located[1])]
                break
        if mark is None:
            mark = origins.mark(path) or Mark(fallback, 1, 1)
        if column:
            mark = Mark(mark.file, mark.line, mark.column + column - 1)
        return mark

    return find


def _spellings(path: Path) -> list[Path]:
    long_form = tuple(
        p
        for n, p in enumerate(path)
        if not (n and isinstance(path[n - 1], int) and p in s.EFFECT_MODELS)
    )
    found = [path, long_form]
    found += [tuple("else" if p == "otherwise" else p for p in x) for x in found]
    return list(dict.fromkeys(found))


# --- the report -----------------------------------------------------------------------------


def report(
    rules: Rules,
    source: str,
    findings: Sequence[Finding],
    tally: Tally | None,
    where: Where,
    configurations: Sequence[Plan] = (),
    mods: Sequence[str] = (),
    own: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """Everything the check found, as plain data: the warnings, and with games played, what
    never happened in them. Checking a mod, `mods` are the names of the mods laid and `own`
    tells a file of theirs from one of what they are laid over: each item says which
    (`"base": true` for the latter), and the mods' own come first."""
    m = rules.model
    out: dict[str, Any] = {
        "scenario": source,
        "title": m.scenario.title,
        "mods": list(mods),
        "valid": True,
        "warnings": _split([_warning(f, where) for f in findings], own),
        "games": None,
        "never": None,
    }
    if tally is not None:
        out["games"] = {
            "runs": tally.runs,
            "first_seed": min(p.first_seed for p in configurations) if configurations else None,
            "configurations": [{"label": p.label, "runs": p.runs} for p in configurations],
        }
        never = _Never(rules, findings, tally, where).all()
        out["never"] = {kind: _split(items, own) for kind, items in never.items()}
    out["summary"] = summary(out)
    return out


def _split(items: list[dict[str, Any]], own: Callable[[str], bool] | None) -> list[dict[str, Any]]:
    """Mark each item written in the files a mod is laid over, and put them after the mod's
    own (otherwise in order): a modder looks at their own work first."""
    for item in items:
        item["base"] = own is not None and not own(item["file"])
    return sorted(items, key=lambda item: item["base"])


def _warning(finding: Finding, where: Where) -> dict[str, Any]:
    mark = where(finding.place.path, finding.column)
    return {
        "file": mark.file,
        "line": mark.line,
        "column": mark.column,
        "where": finding.place.what,
        "expression": finding.place.text.strip(),
        "part": finding.part,
        "whole": finding.whole,
        "reasons": list(finding.reasons),
        "message": finding.message,
    }


def _at(where: Where, path: Path) -> dict[str, Any]:
    mark = where(path, 0)
    return {"file": mark.file, "line": mark.line}


def _said(value: object) -> str | None:
    """A condition as written; None for one left at its default `true`."""
    if value is True:
        return None
    if isinstance(value, bool):
        return "false"
    return " ".join(str(value).split())


class _Never:
    """What never happened in the games, with notes on why."""

    def __init__(
        self, rules: Rules, findings: Sequence[Finding], tally: Tally, where: Where
    ) -> None:
        self.rules, self.tally, self.where = rules, tally, where
        self.model = rules.model
        self.coverage = tally.coverage
        # Paths of the conditions that can never hold as a whole.
        self.impossible = {f.place.path for f in findings if f.whole}
        # The lowest and highest value each track took as turns opened and games ended.
        self.seen: dict[str, tuple[int, int]] = {}
        for k, track in enumerate(rules.ids[Kind.TRACK]):
            values = [
                int(v) for g in tally.games for v in (*g.opening_tracks[:, k], g.final_tracks[k])
            ]
            self.seen[track] = (min(values), max(values))
        self.triggers: dict[str, list[str]] = {}
        self.contests: dict[str, tuple[Path, str]] = {}
        for place in effect_places(self.model, Ids(rules.ids)):
            if isinstance(place.effect, s.TriggerEvent):
                self.triggers.setdefault(place.effect.event, []).append(place.owner)
            elif isinstance(place.effect, s.Contest):
                self.contests[place.key] = (place.path, place.owner)

    def all(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "events": self.events(),
            "choices": self.choices(),
            "actions": self.actions(),
            "endings": self.endings(),
            "contests": self.contest_list(),
        }

    def ranges(self, condition: object) -> list[str]:
        """How far the tracks a condition reads went in the games."""
        if not isinstance(condition, str):
            return []
        tracks = [t for t in _tracks_in(parse(condition)) if t in self.seen]
        return [
            f"{t} went from {self.seen[t][0]} to {self.seen[t][1]} in these games"
            for t in dict.fromkeys(tracks)
        ]

    def never(self, kind: str, ident: str) -> bool:
        return self.coverage[kind].get(ident, 0) == 0

    def events(self) -> list[dict[str, Any]]:
        out = []
        for i, e in enumerate(self.model.events):
            if not self.never("events", e.id):
                continue
            path: Path = ("events", i, "when") if isinstance(e.when, str) else ("events", i)
            out.append(
                {
                    "id": e.id,
                    "title": e.title,
                    **_at(self.where, path),
                    "when": _said(e.when),
                    "date": e.date.isoformat() if e.date else None,
                    "notes": self.event_notes(i, e),
                }
            )
        return out

    def event_notes(self, i: int, e: s.Event) -> list[str]:
        notes: list[str] = []
        if ("events", i, "when") in self.impossible:
            notes.append("its condition can never hold (see the warning)")
        if e.date is not None:
            turn = self.turn_of(e.date.toordinal())
            reached = self.tally.running(turn)
            notes.append(
                f"its date ({e.date}, turn {turn}) came in {reached} of {self.tally.runs} games"
            )
        triggers = self.triggers.get(e.id, [])
        if triggers:
            notes.append(f"effects that fire it: {', '.join(triggers)}")
        elif e.when is False:
            notes.append("its condition is false and no effect fires it")
        if isinstance(e.when, str) and ("events", i, "when") not in self.impossible:
            notes.extend(self.held_back(e))
            notes.extend(self.ranges(e.when))
        return notes

    def held_back(self, e: s.Event) -> list[str]:
        """Which parts of the condition never held while the event waited."""
        held = self.tally.waited.get(e.id)
        if held is None:
            return []  # it never waited: its date never came
        node = parse(str(e.when))
        op, parts = chain(node)
        if op != "and":
            parts = (node,)
        never = [describe(p) for n, p in enumerate(parts) if n not in held]
        if never:
            return [f"never held while it waited: '{p}'" for p in never]
        return ["each part held in some game, but never all as one turn opened"]

    def turn_of(self, ordinal: int) -> int:
        """The turn holding a day (the first from which an event with that date may fire)."""
        dates = self.rules.turn_dates
        for turn in range(len(dates)):
            if self.rules.turn_span(turn)[1] >= ordinal:
                return turn
        return len(dates) - 1

    def choices(self) -> list[dict[str, Any]]:
        out = []
        for i, e in enumerate(self.model.events):
            for j, c in enumerate(e.choices):
                ident = f"{e.id}.{c.id}"
                if not self.never("choices", ident):
                    continue
                here: Path = ("events", i, "choices", j)
                path = (*here, "condition") if isinstance(c.condition, str) else here
                notes = []
                if self.never("events", e.id):
                    notes.append("its event never fired")
                elif (*here, "condition") in self.impossible:
                    notes.append("its condition can never hold (see the warning)")
                else:
                    fired = self.coverage["events"][e.id]
                    notes.append(
                        f"its event fired in {_count(fired, 'game', 'games')}; the AI chose otherwise"
                    )
                    notes.extend(self.ranges(c.condition))
                out.append(
                    {
                        "id": ident,
                        "text": " ".join(c.text.split()),
                        **_at(self.where, path),
                        "condition": _said(c.condition),
                        "notes": notes,
                    }
                )
        return out

    def actions(self) -> list[dict[str, Any]]:
        out = []
        for i, a in enumerate(self.model.actions):
            if not self.never("actions", a.id):
                continue
            notes = [
                f"its {key} can never hold (see the warning)"
                for key in ("condition", "targets")
                if ("actions", i, key) in self.impossible
            ]
            if not notes:
                notes.append(f"no AI ever ordered it ({', '.join(a.factions)} may)")
                notes.extend(self.ranges(a.condition))
            out.append(
                {
                    "id": a.id,
                    "name": a.name,
                    **_at(self.where, ("actions", i)),
                    "condition": _said(a.condition),
                    "targets": _said(a.targets),
                    "cost": dict(a.cost),
                    "notes": notes,
                }
            )
        return out

    def endings(self) -> list[dict[str, Any]]:
        out = []
        for i, end in enumerate(self.model.endings):
            if not self.never("endings", end.id):
                continue
            path: Path = (
                ("endings", i, "condition") if isinstance(end.condition, str) else ("endings", i)
            )
            notes = []
            if ("endings", i, "condition") in self.impossible:
                notes.append("its condition can never hold (see the warning)")
            if end.fallback:
                notes.append("the fallback: every game ended sooner, in another ending")
            elif not notes:
                notes.extend(self.ranges(end.condition))
            out.append(
                {
                    "id": end.id,
                    "title": end.title,
                    **_at(self.where, path),
                    "condition": _said(end.condition),
                    "notes": notes,
                }
            )
        return out

    def contest_list(self) -> list[dict[str, Any]]:
        out = []
        for key, (won, lost) in self.tally.contests.items():
            if won and lost:
                continue
            path, owner = self.contests.get(key, ((), ""))
            if not won and not lost:
                never, note = "rolled", self.unrolled(key)
            elif not won:
                never, note = "succeeded", f"it failed {_count(lost, 'time', 'times')}"
            else:
                never, note = "failed", f"it succeeded {_count(won, 'time', 'times')}"
            out.append(
                {
                    "key": key,
                    "in": owner,
                    **_at(self.where, path),
                    "won": won,
                    "lost": lost,
                    "never": never,
                    "notes": [note],
                }
            )
        return out

    def unrolled(self, key: str) -> str:
        """Why a contest was never rolled, when its action, choice or event never happened."""
        parts = key.split(".")
        if parts[0] == "actions" and self.never("actions", parts[1]):
            return "its action was never ordered"
        if parts[0] == "events" and parts[2] == "choices":
            if self.never("choices", f"{parts[1]}.{parts[3]}"):
                return "its choice was never taken"
        elif parts[0] == "events" and self.never("events", parts[1]):
            return "its event never fired"
        return "the effects around it never came to it"


def _tracks_in(node: Node) -> list[str]:
    """The names a condition reads as tracks: bare names and `track(x)` (others are ids)."""
    found: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            found.append(n.name)
        elif isinstance(n, Call) and n.name != "track":
            stack.extend(a for a in n.args if not isinstance(a, Name))
        elif isinstance(n, Call):
            found.extend(a.name for a in n.args if isinstance(a, Name))
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack += [n.right, n.left]
    return found


# --- the summary and the text ---------------------------------------------------------------

_KINDS = (
    ("events", "event", "events", "Events that never fired"),
    ("choices", "choice", "choices", "Choices never taken"),
    ("actions", "action", "actions", "Actions never ordered"),
    ("endings", "ending", "endings", "Endings never reached"),
    ("contests", "contest", "contests", "Contests that never went both ways"),
)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(found: dict[str, Any]) -> str:
    warned = _count(len(found["warnings"]), "condition", "conditions") + " that can never hold"
    if found["never"] is None:
        return f"{warned}; no games played."
    never = found["never"]
    counts = ", ".join(_count(len(never[k]), one, many) for k, one, many, _ in _KINDS)
    return f"{warned}; in {found['games']['runs']} games, never happened: {counts}."


def lines(found: dict[str, Any]) -> list[str]:
    """The report as text, heading by heading, for a modder to read."""
    out = [f"Checking {found['scenario']}: {_what(found)} is valid.", ""]
    warnings = found["warnings"]
    out.append(f"Conditions that can never hold ({len(warnings)})")
    for w in _headed(warnings, found):
        if isinstance(w, str):
            out.append(w)
            continue
        out.append(f"  {w['file']}:{w['line']}:{w['column']}: {w['message']}")
        if not (w["whole"] and w["part"] == describe(w["expression"])):
            out.append(f"      in: {w['expression']}")
    if not warnings:
        out.append("  none found")
    games = found["games"]
    if games is None:
        out += ["", "No games played (--runs 0)."]
    else:
        out += ["", _played(games)]
        for key, _, _, heading in _KINDS:
            items = found["never"][key]
            out += ["", f"{heading} ({len(items)})"]
            for item in _headed(items, found):
                out += [item] if isinstance(item, str) else _item(key, item)
            if not items:
                out.append("  none")
    out += ["", found["summary"]]
    return out


def _what(found: dict[str, Any]) -> str:
    """ "'Dual Power'", or checking a mod "mod 'Stronger Kornilov' over 'Dual Power'"."""
    mods = found.get("mods") or []
    title = f"'{found['title']}'"
    if not mods:
        return title
    named = ", ".join(f"'{name}'" for name in mods)
    return f"{'mod' if len(mods) == 1 else 'mods'} {named} over {title}"


def _headed(items: list[dict[str, Any]], found: dict[str, Any]) -> list[dict[str, Any] | str]:
    """The items, with a line before those written in what the mod is laid over."""
    out: list[dict[str, Any] | str] = []
    for n, item in enumerate(items):
        if item.get("base") and (n == 0 or not items[n - 1].get("base")):
            out.append("  not in the mod's files but in those it is laid over:")
        out.append(item)
    return out


def _played(games: dict[str, Any]) -> str:
    first, runs = games["first_seed"], games["runs"]
    shares = [c["runs"] for c in games["configurations"]]
    each = f"{min(shares)}" if min(shares) == max(shares) else f"{min(shares)} to {max(shares)}"
    return (
        f"Played {runs} AI games (seeds {first} to {first + runs - 1}), {each} in each of "
        f"{_count(len(shares), 'configuration', 'configurations')} of the balance lab "
        "(see --json for them)."
    )


def _item(kind: str, item: dict[str, Any]) -> list[str]:
    at = f"{item['file']}:{item['line']}"
    if kind == "events":
        head = f"{item['id']} ('{item['title']}')"
        said = [f"when: {item['when']}"] if item["when"] else []
        said += [f"date: {item['date']}"] if item["date"] else []
    elif kind == "choices":
        head = f"{item['id']} ('{item['text']}')"
        said = [f"condition: {item['condition']}"] if item["condition"] else []
    elif kind == "actions":
        head = f"{item['id']} ('{item['name']}')"
        said = [f"{k}: {item[k]}" for k in ("condition", "targets") if item[k]]
    elif kind == "endings":
        head = f"{item['id']} ('{item['title']}')"
        said = [f"condition: {item['condition']}"] if item["condition"] else []
    else:
        head = f"{item['key']}, in {item['in']}: never {item['never']}"
        said = []
    return [f"  {at}: {head}", *(f"      {x}" for x in said + item["notes"])]

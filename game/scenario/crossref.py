"""Checks that need the whole scenario: names that must exist, expressions that must parse.

Each problem is reported as a `Problem` holding the path of the offending value
in the merged YAML (the same shape as a pydantic error location), so the loader
can turn it into FILE:LINE:COL. Every problem is collected; none stops the check.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from game.scenario import schema as s
from game.scenario.expr import ExprErrors, Kind, Symbols, compile_expr

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    column: int = 0  # 1-based column inside an expression, 0 when not in one


# Words the expression language reads itself: an id spelt like one could never be named.
RESERVED = frozenset(
    {"all", "none", "and", "or", "not", "true", "false", "turn", "date", "final", "unchanged"}
)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def symbols_of(model: s.ScenarioModel) -> dict[Kind, list[str]]:
    """Ids of every kind, in scenario order: the index of an id is its position here."""
    return {
        Kind.FACTION: [f.id for f in model.factions],
        Kind.GROUP: [g.id for g in model.groups],
        Kind.REGION: [r.id for r in model.regions],
        Kind.SITE: [x.id for x in model.sites],
        Kind.UNIT: [u.id for u in model.units],
        Kind.TRACK: [t.id for t in model.tracks],
        Kind.FLAG: [f.id for f in model.flags],
        Kind.RESOURCE: [r.id for r in model.resources],
        Kind.EVENT: [e.id for e in model.events],
        Kind.ENDING: [e.id for e in model.endings],
    }


# Which $parameters an action's expressions and effects may use, by target kind.
ACTION_PARAMS: dict[str, dict[str, Kind]] = {
    "none": {},
    "region": {"region": Kind.REGION},
    "site": {"site": Kind.SITE, "region": Kind.REGION},
    "unit": {"unit": Kind.UNIT, "region": Kind.REGION},
    "group_region": {"group": Kind.GROUP, "region": Kind.REGION},
}


def action_params(action: s.Action) -> dict[str, Kind]:
    return {"faction": Kind.FACTION, **ACTION_PARAMS[action.target]}


def event_params(event: s.Event) -> dict[str, Kind]:
    return {"faction": Kind.FACTION} if event.faction else {}


def where(path: Path) -> str:
    """'actions[3].condition': a place in the data as the loader's messages name it."""
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


# The October scenario's 168 expressions hold about 11,000 characters. Verifying a
# save evaluates them turn by turn, so this and the calendar's limit on turns keep
# the verification of any accepted save within a few seconds.
MAX_EXPRESSION_TEXT = 200_000
# The board's shares of support (October: 15 regions x 5 groups x 4 factions = 300). A
# save keeps the board after every turn; this bounds a save's record (saves/format.py).
MAX_BOARD = 20_000


class Checker:
    def __init__(self, model: s.ScenarioModel, require_wording: bool = True) -> None:
        self.model = model
        self.ids = symbols_of(model)
        self.problems: list[Problem] = []
        self.require_wording = require_wording
        # Actions, events and endings are read to the player; other expressions are not.
        self.shown = False
        self.shown_flags: dict[str, Path] = {}  # flag id -> the first place a player sees it
        self.expression_text = 0  # characters of every expression, for MAX_EXPRESSION_TEXT

    # -- helpers ---------------------------------------------------------

    def ref(self, path: Path, kind: Kind, value: str | None) -> None:
        if value is None or value in self.ids[kind]:
            return
        noun = kind.name.lower()
        self.problems.append(
            Problem(path, f"unknown {noun} '{value}'{did_you_mean(value, self.ids[kind])}")
        )

    def refs(self, path: Path, kind: Kind, values: Iterable[str]) -> None:
        for key in values:
            self.ref((*path, key), kind, key)

    def expr(
        self, path: Path, text: str | bool | int | float, params: dict[str, Kind], expected: Kind
    ) -> None:
        if not isinstance(text, str):
            return
        self.expression_text += len(text)
        try:
            compiled = compile_expr(text, Symbols(self.ids, params), expected)
        except ExprErrors as errors:
            for error in errors.errors:
                self.problems.append(Problem(path, error.message, error.column))
            return
        for name in sorted(n for k, n in compiled.names if k is Kind.FLAG):
            self.flag_shown(path, name)

    def flag_shown(self, path: Path, flag: str) -> None:
        if self.shown:
            self.shown_flags.setdefault(flag, path)

    def scope(
        self,
        path: Path,
        value: str | None,
        kind: Kind,
        params: dict[str, Kind],
        allow_all: bool = False,
    ) -> None:
        if value is None:
            return
        if value.startswith("$"):
            name = value[1:]
            if params.get(name) != kind:
                usable = [f"${p}" for p, k in params.items() if k == kind]
                hint = f"; here you may use {', '.join(usable)}" if usable else ""
                self.problems.append(
                    Problem(path, f"'{value}' is not a {kind.name.lower()} parameter here{hint}")
                )
        elif value == "all":
            if not allow_all:
                self.problems.append(
                    Problem(path, f"'all' is not allowed here; name one {kind.name.lower()}")
                )
        else:
            self.ref(path, kind, value)

    # -- sections ----------------------------------------------------------

    def check(self) -> list[Problem]:
        self.unique_ids()
        m = self.model
        no_params: dict[str, Kind] = {}
        for i, f in enumerate(m.factions):
            p: Path = ("factions", i)
            self.refs((*p, "resources"), Kind.RESOURCE, f.resources)
            self.refs((*p, "income"), Kind.RESOURCE, f.income)
            self.refs((*p, "appeal"), Kind.GROUP, f.appeal)
            fparams = {"faction": Kind.FACTION}
            for key, value in f.income.items():
                self.expr((*p, "income", key), value, fparams, Kind.INT)
            for key, value in f.appeal.items():
                self.expr((*p, "appeal", key), value, fparams, Kind.INT)
            self.ai_profile((*p, "ai_profile"), f.ai_profile)
            if f.seat_profile is not None:
                self.ai_profile((*p, "seat_profile"), f.seat_profile)
            g = f.goals
            self.refs((*p, "goals", "support"), Kind.GROUP, g.support)
            self.refs((*p, "goals", "tracks"), Kind.TRACK, g.tracks)
            self.refs((*p, "goals", "flags"), Kind.FLAG, g.flags)
            self.refs((*p, "goals", "mobilisation"), Kind.GROUP, g.mobilisation)
            self.refs((*p, "goals", "resources"), Kind.RESOURCE, g.resources)
        for i, d in enumerate(m.difficulties):
            if d.rivals is not None:
                self.ai_profile(("difficulties", i, "rivals"), d.rivals)
            self.refs(("difficulties", i, "profiles"), Kind.FACTION, d.profiles)
            for fid, profile in d.profiles.items():
                self.ai_profile(("difficulties", i, "profiles", fid), profile)
            self.refs(("difficulties", i, "seats"), Kind.FACTION, d.seats)
            for seat, rivals in d.seats.items():
                where: Path = ("difficulties", i, "seats", seat)
                self.refs(where, Kind.FACTION, rivals)
                for fid, profile in rivals.items():
                    if fid == seat:
                        self.problems.append(
                            Problem(
                                (*where, fid),
                                f"'{seat}' is the player's own faction here, not a rival; "
                                "a difficulty never changes how the player's side plays",
                            )
                        )
                    self.ai_profile((*where, fid), profile)
        for i, track in enumerate(m.tracks):
            self.expr(("tracks", i, "per_turn"), track.per_turn, no_params, Kind.INT)
        peopled = {g for r in m.regions for g, people in r.population.items() if people > 0}
        for i, grp in enumerate(m.groups):
            self.expr(("groups", i, "unaligned_appeal"), grp.unaligned_appeal, no_params, Kind.INT)
            if grp.id not in peopled:
                # Shares of a group nobody belongs to mean nothing, and play cannot divide them.
                self.problems.append(
                    Problem(
                        ("groups", i),
                        f"no region has any people of '{grp.id}'; give it a population "
                        "in some region, or remove the group",
                    )
                )
        for i, r in enumerate(m.regions):
            self.region(("regions", i), r)
        for i, site in enumerate(m.sites):
            self.ref(("sites", i, "region"), Kind.REGION, site.region)
            self.ref(("sites", i, "controller"), Kind.FACTION, site.controller)
            site_params = {"site": Kind.SITE, "region": Kind.REGION}
            self.expr(("sites", i, "raised"), site.raised, site_params, Kind.BOOL)
        for i, u in enumerate(m.units):
            self.ref(("units", i, "owner"), Kind.FACTION, u.owner)
            self.ref(("units", i, "region"), Kind.REGION, u.region)
            self.ref(("units", i, "follows"), Kind.GROUP, u.follows)
        self.shown = True
        # What each kind of target needs some of, and how many of it the scenario has.
        targets = {
            "site": ("sites", len(m.sites)),
            "unit": ("units", len(m.units)),
            "group_region": ("people", len(peopled)),
        }
        for i, a in enumerate(m.actions):
            self.action(("actions", i), a)
            what, count = targets.get(a.target, ("", 1))
            if count == 0:
                self.problems.append(
                    Problem(
                        ("actions", i, "target"),
                        f"the action is aimed at a {a.target.replace('_', ' in a ')}, but the "
                        f"scenario has no {what}: it could never be taken",
                    )
                )
        for i, e in enumerate(m.events):
            self.event(("events", i), e)
        for i, end in enumerate(m.endings):
            self.expr(("endings", i, "condition"), end.condition, no_params, Kind.BOOL)
            for j, w in enumerate(end.winners):
                self.ref(("endings", i, "winners", j), Kind.FACTION, w)
        self.shown = False
        board = len(m.regions) * len(m.groups) * len(m.factions)
        if board > MAX_BOARD:
            self.problems.append(
                Problem(
                    ("regions",),
                    f"{len(m.regions)} regions x {len(m.groups)} groups x {len(m.factions)} "
                    f"factions make {board:,} shares of support, over the {MAX_BOARD:,} a "
                    "scenario may have (a save keeps the board after every turn)",
                )
            )
        if self.expression_text > MAX_EXPRESSION_TEXT:
            self.problems.append(
                Problem(
                    ("scenario",),
                    f"the scenario's expressions hold {self.expression_text:,} characters "
                    f"together, over the {MAX_EXPRESSION_TEXT:,} a scenario may hold; a save "
                    "is verified by evaluating them turn by turn, so their total bounds the time",
                )
            )
        if self.require_wording:
            self.flag_wording()
        if not any(f.playable for f in m.factions):
            self.problems.append(
                Problem(("factions",), "no faction is playable; mark one 'playable: true'")
            )
        return self.problems

    def unique_ids(self) -> None:
        sections: Sequence[tuple[str, Sequence[Any]]] = [
            (name, getattr(self.model, name))
            for name in (
                "resources",
                "tracks",
                "flags",
                "ai_profiles",
                "difficulties",
                "factions",
                "groups",
                "regions",
                "sites",
                "units",
                "actions",
                "events",
                "endings",
                "codex",
            )
        ]
        for name, items in sections:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                ident = item.id
                if ident in seen:
                    self.problems.append(
                        Problem(
                            (name, i, "id"),
                            f"duplicate id '{ident}' (already used by entry {seen[ident] + 1} of {name})",
                        )
                    )
                seen.setdefault(ident, i)
                if ident in RESERVED:
                    self.problems.append(
                        Problem((name, i, "id"), f"'{ident}' is a reserved word; choose another id")
                    )

    def flag_wording(self) -> None:
        """A flag a player meets in a rule must read as words, never as its id."""
        for i, flag in enumerate(self.model.flags):
            seen = self.shown_flags.get(flag.id)
            if seen is None or flag.worded:
                continue
            missing = [
                key
                for key in ("name", "when_set", "when_clear")
                if not str(getattr(flag, key)).strip()
            ]
            self.problems.append(
                Problem(
                    ("flags", i),
                    f"flag '{flag.id}' is shown to players (in {where(seen)}) but has no "
                    f"{', '.join(missing)}: give it the words a player reads instead of its id",
                )
            )

    def ai_profile(self, path: Path, value: str) -> None:
        known = [p.id for p in self.model.ai_profiles]
        if value not in known:
            self.problems.append(
                Problem(path, f"unknown AI profile '{value}'{did_you_mean(value, known)}")
            )

    def region(self, p: Path, r: s.Region) -> None:
        self.refs((*p, "neighbours"), Kind.REGION, r.neighbours)
        for j, n in enumerate(r.neighbours):
            if n == r.id:
                self.problems.append(
                    Problem((*p, "neighbours", j), "a region cannot neighbour itself")
                )
        self.refs((*p, "population"), Kind.GROUP, r.population)
        self.refs((*p, "mobilisation"), Kind.GROUP, r.mobilisation)
        self.refs((*p, "lean"), Kind.FACTION, r.lean)
        for key, value in r.population.items():
            if value < 0:
                self.problems.append(
                    Problem((*p, "population", key), "a population cannot be negative")
                )
        for key, value in r.mobilisation.items():
            if not 0 <= value <= 100:
                self.problems.append(
                    Problem((*p, "mobilisation", key), "mobilisation runs from 0 to 100")
                )
        for group, shares in r.support.items():
            self.ref((*p, "support", group), Kind.GROUP, group)
            self.refs((*p, "support", group), Kind.FACTION, shares)
            if any(v < 0 for v in shares.values()):
                self.problems.append(Problem((*p, "support", group), "support cannot be negative"))
            total = sum(round(v * 100) for v in shares.values())
            if total > 10_000:
                self.problems.append(
                    Problem(
                        (*p, "support", group),
                        f"support shares add up to {total / 100:g}%, more than 100%",
                    )
                )

    def action(self, p: Path, a: s.Action) -> None:
        params = action_params(a)
        self.refs((*p, "factions"), Kind.FACTION, [])
        for j, f in enumerate(a.factions):
            self.ref((*p, "factions", j), Kind.FACTION, f)
        self.refs((*p, "cost"), Kind.RESOURCE, a.cost)
        self.expr((*p, "targets"), a.targets, params, Kind.BOOL)
        self.expr((*p, "condition"), a.condition, params, Kind.BOOL)
        self.effects((*p, "effects"), a.effects, params)
        self.expr((*p, "ai_weight"), a.ai_weight, {"faction": Kind.FACTION}, Kind.INT)

    def event(self, p: Path, e: s.Event) -> None:
        params = event_params(e)
        self.ref((*p, "faction"), Kind.FACTION, e.faction)
        self.expr((*p, "when"), e.when, params, Kind.BOOL)
        self.effects((*p, "effects"), e.effects, params)
        for j, c in enumerate(e.choices):
            self.expr((*p, "choices", j, "condition"), c.condition, params, Kind.BOOL)
            self.expr((*p, "choices", j, "ai_weight"), c.ai_weight, params, Kind.INT)
            self.effects((*p, "choices", j, "effects"), c.effects, params)
        if e.date is not None:
            cal = self.model.calendar
            if not cal.turns[0].date <= e.date < cal.end:
                self.problems.append(
                    Problem(
                        (*p, "date"),
                        f"{e.date} lies outside the calendar ({cal.turns[0].date} to {cal.end})",
                    )
                )

    def effects(self, p: Path, effects: Sequence[s.Effect], params: dict[str, Kind]) -> None:
        for j, effect in enumerate(effects):
            self.effect((*p, j, effect.kind), effect, params)

    def effect(self, p: Path, e: s.Effect, params: dict[str, Kind]) -> None:
        for path, field_kind, value, allow_all in effect_scopes(e):
            self.scope((*p, path), value, field_kind, params, allow_all)
        for name in ("amount", "attack", "defence", "strength", "loyalty"):
            value = getattr(e, name, None)
            if isinstance(value, str):
                self.expr((*p, name), value, params, Kind.INT)
        match e:
            case s.SetFlag() | s.ClearFlag():
                self.ref((*p, "flag"), Kind.FLAG, e.flag)
                self.flag_shown((*p, "flag"), e.flag)
            case s.MoveTrack():
                self.ref((*p, "track"), Kind.TRACK, e.track)
            case s.GainResource():
                self.ref((*p, "resource"), Kind.RESOURCE, e.resource)
            case s.TriggerEvent():
                self.ref((*p, "event"), Kind.EVENT, e.event)
            case s.Contest():
                self.effects((*p, "success"), e.success, params)
                self.effects((*p, "failure"), e.failure, params)
            case s.IfEffect():
                self.expr((*p, "condition"), e.condition, params, Kind.BOOL)
                self.effects((*p, "then"), e.then, params)
                self.effects((*p, "otherwise"), e.otherwise, params)
            case _:
                pass


def effect_scopes(e: s.Effect) -> Iterator[tuple[str, Kind, str | None, bool]]:
    """The id-or-$parameter fields of an effect: (field, kind, value, whether 'all' is allowed)."""
    match e:
        case s.ShiftSupport():
            yield "faction", Kind.FACTION, e.faction, False
            yield "group", Kind.GROUP, e.group, True
            yield "region", Kind.REGION, e.region, True
        case s.Mobilise():
            yield "group", Kind.GROUP, e.group, True
            yield "region", Kind.REGION, e.region, True
        case s.GainResource():
            yield "faction", Kind.FACTION, e.faction, False
        case s.SetControl():
            yield "site", Kind.SITE, e.site, False
            yield "faction", Kind.FACTION, e.faction, False
        case s.ChangeDefence():
            yield "site", Kind.SITE, e.site, False
        case s.ChangeUnit():
            yield "unit", Kind.UNIT, e.unit, False
            if e.owner != "unchanged":
                yield "owner", Kind.FACTION, e.owner, False
            yield "region", Kind.REGION, e.region, False
        case _:
            return


def check(model: s.ScenarioModel, require_wording: bool = True) -> list[Problem]:
    """Every problem of the scenario.

    `require_wording=False` spares the flags' player wording: a save written
    before flags had wording must still load and replay.
    """
    return Checker(model, require_wording).check()

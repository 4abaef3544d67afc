"""The scenario compiled for play: indices, numpy tables and compiled expressions.

Built once per game from a loaded Scenario. Everything here is read-only and
in scenario order; the engine's step reads it and never changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.engine.effects import (
    Amount,
    Effect,
    MoveTrack,
    carried,
    compile_effects,
    condition,
    may_roll,
)
from game.engine.state import BASIS, IntArray
from game.scenario import crossref
from game.scenario import schema as s
from game.scenario.expr import Compiled, Kind, Symbols
from game.scenario.loader import Scenario

# What each kind of action target is made of, in the order a target lists them.
TARGET_KINDS: dict[str, tuple[Kind, ...]] = {
    "none": (),
    "region": (Kind.REGION,),
    "site": (Kind.SITE,),
    "unit": (Kind.UNIT,),
    "group_region": (Kind.GROUP, Kind.REGION),
}


class Names:
    """Display names by kind and index, for descriptions."""

    def __init__(self, model: s.ScenarioModel) -> None:
        self._names: dict[Kind, list[str]] = {
            Kind.FACTION: [f.name for f in model.factions],
            Kind.GROUP: [g.name for g in model.groups],
            Kind.REGION: [r.name for r in model.regions],
            Kind.SITE: [x.name for x in model.sites],
            Kind.UNIT: [u.name for u in model.units],
            Kind.TRACK: [t.name for t in model.tracks],
            Kind.FLAG: [f.name.strip() or f.id.replace("_", " ") for f in model.flags],
            Kind.RESOURCE: [r.name for r in model.resources],
            Kind.EVENT: [e.title for e in model.events],
            Kind.ENDING: [e.title for e in model.endings],
        }
        self._one = [r.one.strip() for r in model.resources]

        # A save's scenario may predate flag wording: its flags read from their descriptions.
        self._flag_clauses: list[tuple[str, str]] = [
            (f.when_set.strip(), f.when_clear.strip())
            if f.when_set.strip() and f.when_clear.strip()
            else _legacy_clauses(f)
            for f in model.flags
        ]

    def of(self, kind: Kind, index: int) -> str:
        if index < 0:
            return "no one"
        return self._names[kind][index]

    def amount(self, resource: int, n: int) -> str:
        """'1 cadre', '3 cadres', '2 influence': a number of a resource, as costs read."""
        one = self._one[resource] if n == 1 else ""
        return f"{n} {(one or self._names[Kind.RESOURCE][resource]).lower()}"

    def costs(self, cost: Sequence[int] | IntArray) -> str:
        """A cost in words, every resource it takes; "" for none."""
        return ", ".join(self.amount(i, int(n)) for i, n in enumerate(cost) if n)

    def flag_clause(self, flag: int, value: bool) -> str:
        """The scenario's clause for the flag being set (value True) or clear."""
        return self._flag_clauses[flag][0 if value else 1]


def _legacy_clauses(flag: s.Flag) -> tuple[str, str]:
    said = flag.description.strip().rstrip(".") or f"{flag.id.replace('_', ' ')} holds"
    said = said[:1].lower() + said[1:] if said[1:2].islower() else said
    return said, f"it is not yet so that {said}"


@dataclass(frozen=True)
class ActionRule:
    index: int
    spec: s.Action
    factions: frozenset[int]
    cost: IntArray  # (resources,)
    cost_ints: tuple[int, ...]  # the same as plain ints, for the AI's inner loops
    condition: Compiled
    targets: Compiled
    effects: tuple[Effect, ...]
    candidates: tuple[tuple[int, ...], ...]  # every target in scenario order
    params_of: tuple[dict[str, int], ...]  # the $parameters each candidate binds
    # The same, as one array per parameter across candidates, for the AI's vector scoring.
    param_arrays: dict[str, IntArray]
    ai_weight: Amount  # with $faction alone bound, the same at every target
    # Each candidate's place in `candidates`: orders name their target, the step looks it up.
    candidate_of: dict[tuple[int, ...], int]
    # `effects` as the step carries them out (see effects.carried): the same changes, sooner.
    carried: tuple[Effect, ...]
    # Whether carrying it out may roll a contest (its own, or a triggered event's).
    may_roll: bool


@dataclass(frozen=True)
class ChoiceRule:
    spec: s.Choice
    condition: Compiled
    effects: tuple[Effect, ...]
    ai_weight: Amount


@dataclass(frozen=True)
class EventRule:
    index: int
    spec: s.Event
    faction: int  # who decides; -1 for news
    last_date: int  # the event may fire from the turn holding this ordinal on
    when: Compiled
    effects: tuple[Effect, ...]
    choices: tuple[ChoiceRule, ...]


@dataclass(frozen=True)
class EndingRule:
    index: int
    spec: s.Ending
    condition: Compiled


class Rules:
    """Everything the engine needs from a scenario, prepared for fast play."""

    def __init__(self, scenario: Scenario) -> None:
        m = scenario.model
        self.scenario = scenario
        self.model = m
        self.ids: dict[Kind, list[str]] = crossref.symbols_of(m)
        self.names = Names(m)
        self._target_ids: dict[tuple[int, tuple[int, ...]], tuple[str, ...]] = {}
        self._target_indices: dict[tuple[int, tuple[str, ...]], tuple[int, ...]] = {}
        # Each id's index by kind (its first, as list.index gives), for reading orders.
        self.id_index: dict[Kind, dict[str, int]] = {
            kind: {ident: i for i, ident in reversed(list(enumerate(ids)))}
            for kind, ids in self.ids.items()
        }
        self.faction_ids = self.ids[Kind.FACTION]
        self.n_factions = len(m.factions)
        gi = {g: i for i, g in enumerate(self.ids[Kind.GROUP])}
        ri = {r: i for i, r in enumerate(self.ids[Kind.REGION])}
        fi = {f: i for i, f in enumerate(self.faction_ids)}
        self.group_index, self.region_index, self.faction_index = gi, ri, fi
        self.settings = m.settings
        self.turn_dates: list[int] = [t.date.toordinal() for t in m.calendar.turns]
        self.end_date = m.calendar.end.toordinal()
        self.track_range: list[tuple[int, int]] = [(t.min, t.max) for t in m.tracks]
        # The tracks that move by themselves each turn, in scenario order.
        self.track_drift: list[MoveTrack] = [
            MoveTrack(i, Amount(t.per_turn, Symbols(self.ids, {})))
            for i, t in enumerate(m.tracks)
            if t.per_turn != 0
        ]

        pop = np.zeros((len(gi), len(ri)), dtype=np.int64)
        for r, region in enumerate(m.regions):
            for g, amount in region.population.items():
                pop[gi[g], r] = amount
        self.population: IntArray = pop
        self.total_population = int(pop.sum())
        # Each region's and each group's people, as Python ints: expressions divide by them.
        self.region_population: list[int] = pop.sum(axis=0).tolist()
        self.group_population: list[int] = pop.sum(axis=1).tolist()
        lean = np.zeros((self.n_factions, len(ri)), dtype=np.int64)
        for r, region in enumerate(m.regions):
            for f, amount in region.lean.items():
                lean[fi[f], r] = amount
        self.lean: IntArray = lean
        # How far each faction's appeal carries in each region, as drift weighs it.
        self.lean_weight: IntArray = np.maximum(100 + lean[:, None, :], 0)
        self.neighbours: list[tuple[int, ...]] = [
            tuple(ri[n] for n in region.neighbours) for region in m.regions
        ]

        faction_params = Symbols(self.ids, {"faction": Kind.FACTION})
        no_params = Symbols(self.ids, {})
        self.appeal: list[list[Amount | None]] = [
            [Amount(f.appeal[g], faction_params) if g in f.appeal else None for g in gi]
            for f in m.factions
        ]
        self.unaligned_appeal = [Amount(g.unaligned_appeal, no_params) for g in m.groups]
        res_index = {r: i for i, r in enumerate(self.ids[Kind.RESOURCE])}
        self.resource_index = res_index
        self.income: list[list[tuple[int, Amount]]] = [
            [(res_index[r], Amount(v, faction_params)) for r, v in f.income.items()]
            for f in m.factions
        ]
        self.actions_per_turn = [
            f.actions_per_turn or m.settings.actions_per_turn for f in m.factions
        ]
        self.profiles = {p.id: p for p in m.ai_profiles}
        self.site_region = np.array([ri[x.region] for x in m.sites], dtype=np.int64)
        site_params = Symbols(self.ids, {"site": Kind.SITE, "region": Kind.REGION})
        self.site_raised = tuple(condition(x.raised, site_params) for x in m.sites)
        self._param_arrays: dict[tuple[int, ...], IntArray] = {}
        self.actions = tuple(self._action(i, a) for i, a in enumerate(m.actions))
        self.events = tuple(self._event(i, e) for i, e in enumerate(m.events))
        self.endings = tuple(
            EndingRule(i, e, condition(e.condition, no_params)) for i, e in enumerate(m.endings)
        )
        self.fallback = next(i for i, e in enumerate(m.endings) if e.fallback)
        self.playable = [i for i, f in enumerate(m.factions) if f.playable]

    # -- compilation helpers ---------------------------------------------------

    def _action(self, index: int, a: s.Action) -> ActionRule:
        params = crossref.action_params(a)
        symbols = Symbols(self.ids, params)
        cost = np.zeros(len(self.ids[Kind.RESOURCE]), dtype=np.int64)
        for r, amount in a.cost.items():
            cost[self.resource_index[r]] = amount
        candidates, bound = self._candidates(a.target)
        effects = compile_effects(a.effects, symbols, f"actions.{a.id}.effects")
        return ActionRule(
            index=index,
            spec=a,
            factions=frozenset(self.faction_index[f] for f in a.factions),
            cost=cost,
            cost_ints=tuple(int(c) for c in cost),
            condition=condition(a.condition, symbols),
            targets=condition(a.targets, symbols),
            effects=effects,
            candidates=candidates,
            params_of=bound,
            param_arrays={name: self._param_array([b[name] for b in bound]) for name in bound[0]},
            ai_weight=Amount(a.ai_weight, Symbols(self.ids, {"faction": Kind.FACTION})),
            candidate_of={target: i for i, target in enumerate(candidates)},
            carried=carried(effects),
            may_roll=may_roll(effects),
        )

    def _param_array(self, values: list[int]) -> IntArray:
        """One read-only array per distinct list of indices, shared by every action aimed
        at the same targets: the AI keeps what it reads at them once per decision, by array."""
        key = tuple(values)
        found = self._param_arrays.get(key)
        if found is None:
            found = self._param_arrays[key] = np.array(values, dtype=np.int64)
            found.flags.writeable = False
        return found

    def _candidates(
        self, target: str
    ) -> tuple[tuple[tuple[int, ...], ...], tuple[dict[str, int], ...]]:
        n_groups, n_regions = self.population.shape
        sites = range(len(self.ids[Kind.SITE]))
        units = range(len(self.ids[Kind.UNIT]))
        if target == "region":
            targets: list[tuple[int, ...]] = [(r,) for r in range(n_regions)]
            bound = [{"region": r} for r in range(n_regions)]
        elif target == "site":
            targets = [(x,) for x in sites]
            bound = [{"site": x, "region": int(self.site_region[x])} for x in sites]
        elif target == "unit":
            # A unit's region moves during play; it is bound when the action is checked.
            targets = [(u,) for u in units]
            bound = [{"unit": u} for u in units]
        elif target == "group_region":
            targets = [
                (g, r)
                for g in range(n_groups)
                for r in range(n_regions)
                if self.population[g, r] > 0
            ]
            bound = [{"group": g, "region": r} for g, r in targets]
        else:
            targets, bound = [()], [{}]
        return tuple(targets), tuple(bound)

    def _event(self, index: int, e: s.Event) -> EventRule:
        symbols = Symbols(self.ids, crossref.event_params(e))
        last = e.date.toordinal() if e.date else -1
        return EventRule(
            index=index,
            spec=e,
            faction=self.faction_index[e.faction] if e.faction else -1,
            last_date=last,
            when=condition(e.when, symbols),
            effects=compile_effects(e.effects, symbols, f"events.{e.id}.effects"),
            choices=tuple(
                ChoiceRule(
                    c,
                    condition(c.condition, symbols),
                    compile_effects(c.effects, symbols, f"events.{e.id}.choices.{c.id}.effects"),
                    Amount(c.ai_weight, symbols),
                )
                for c in e.choices
            ),
        )

    # -- lookups -----------------------------------------------------------------

    def turn_span(self, turn: int) -> tuple[int, int]:
        """First and last day (ordinals) of a turn."""
        start = self.turn_dates[turn]
        after = self.turn_dates[turn + 1] if turn + 1 < len(self.turn_dates) else self.end_date
        # A turn that shares its date with the next (day, then night) still holds that day.
        return start, max(start, after - 1)

    @property
    def last_turn(self) -> int:
        return len(self.turn_dates) - 1

    def target_ids(self, action: ActionRule, target: Sequence[int]) -> tuple[str, ...]:
        key = (action.index, tuple(target))
        found = self._target_ids.get(key)
        if found is None:  # kept: the AI names a few targets every turn, mostly the same
            kinds = TARGET_KINDS[action.spec.target]
            found = tuple(self.ids[k][i] for k, i in zip(kinds, target, strict=True))
            self._target_ids[key] = found
        return found

    def target_indices(self, action: ActionRule, target: Sequence[str]) -> tuple[int, ...] | None:
        key = (action.index, tuple(target))
        found = self._target_indices.get(key)
        if found is None:  # kept, as target_ids: the step reads every order's target
            found = self._find_target_indices(action, target)
            if found is not None:  # only real ids: a bad order does not grow the table
                self._target_indices[key] = found
        return found

    def _find_target_indices(
        self, action: ActionRule, target: Sequence[str]
    ) -> tuple[int, ...] | None:
        kinds = TARGET_KINDS[action.spec.target]
        if len(target) != len(kinds):
            return None
        out = []
        for kind, ident in zip(kinds, target, strict=True):
            index = self.id_index[kind].get(ident)
            if index is None:
                return None
            out.append(index)
        return tuple(out)

    def target_name(self, action: ActionRule, target: Sequence[int]) -> str:
        kinds = TARGET_KINDS[action.spec.target]
        parts = [self.names.of(k, i) for k, i in zip(kinds, target, strict=True)]
        if action.spec.target == "group_region":
            return f"{parts[0]} in {parts[1]}"
        return ", ".join(parts)

    def date_of(self, turn: int) -> dt.date:
        return dt.date.fromordinal(self.turn_dates[min(turn, self.last_turn)])

    @cached_property
    def new_style_offset(self) -> int:
        return self.model.calendar.new_style_offset


def initial_support(rules: Rules) -> IntArray:
    """Starting support in basis points; what no faction holds is unaligned."""
    m = rules.model
    n_groups, n_regions = rules.population.shape
    support = np.zeros((rules.n_factions + 1, n_groups, n_regions), dtype=np.int64)
    for r, region in enumerate(m.regions):
        for group, shares in region.support.items():
            g = rules.group_index[group]
            for faction, pct in shares.items():
                support[rules.faction_index[faction], g, r] = round(pct * 100)
    support[-1] = BASIS - support[:-1].sum(axis=0)
    return support

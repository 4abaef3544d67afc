"""Every expression a scenario writes, with where it is and what it may read there.

The walk behind `python -m game check`'s warnings: each condition and amount of the
scenario (the places `crossref` checks) as a `Place`, with its path in the merged data
(for the file and line), the $parameters it is evaluated with and the ids each may be
bound to, and what a condition there that never holds would mean for play.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from game.scenario import schema as s
from game.scenario.expr import Kind
from game.scenario.values import Vals, exact, one

Path = tuple[str | int, ...]
Params = Mapping[str, tuple[Kind, Vals]]  # $parameter -> its type, and the ids it may be


@dataclass(frozen=True)
class Ids:
    """The scenario's ids of each kind, in scenario order: in an expression an id is its
    index (the faction `none` is -1)."""

    ids: Mapping[Kind, Sequence[str]]
    index: Mapping[Kind, Mapping[str, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {k: {name: i for i, name in enumerate(ids)} for k, ids in self.ids.items()}
        object.__setattr__(self, "index", index)

    def all_of(self, kind: Kind) -> Vals:
        """Every id of a kind; factions with `none`."""
        n = len(self.ids.get(kind, ()))
        return Vals(-1 if kind is Kind.FACTION else 0, n - 1)


@dataclass(frozen=True)
class Place:
    """One expression in the scenario, where it is and what it means there."""

    path: Path  # in the merged data, as the loader's messages name places
    text: str
    kind: Kind  # BOOL for a condition, INT for an amount
    params: Params
    what: str  # "event 'july_days', when"
    outcome: str = ""  # what a condition that never holds means: "the event never fires"


@dataclass(frozen=True)
class EffectPlace:
    effect: s._Effect
    path: Path
    params: Params
    owner: str  # "action 'seize'"
    # Names it as the engine does (game.engine.effects.compile_effects): the list it is in,
    # from the action, event or choice, and its place there from 1: "actions.seize.effects[1]".
    key: str


def effect_places(model: s.ScenarioModel, ids: Ids) -> Iterator[EffectPlace]:
    """Every effect of the scenario, nested ones too, with its path and $parameters."""
    for i, action in enumerate(model.actions):
        yield from _effects(
            action.effects, ("actions", i, "effects"), _action_params(action, ids),
            f"action '{action.id}'", f"actions.{action.id}.effects",
        )  # fmt: skip
    for i, event in enumerate(model.events):
        params = _event_params(event, ids)
        yield from _effects(
            event.effects, ("events", i, "effects"), params, f"event '{event.id}'",
            f"events.{event.id}.effects",
        )  # fmt: skip
        for j, choice in enumerate(event.choices):
            yield from _effects(
                choice.effects, ("events", i, "choices", j, "effects"), params,
                f"choice '{choice.id}' of event '{event.id}'",
                f"events.{event.id}.choices.{choice.id}.effects",
            )  # fmt: skip


def _effects(
    effects: Sequence[s._Effect], path: Path, params: Params, owner: str, key: str
) -> Iterator[EffectPlace]:
    for j, effect in enumerate(effects):
        kind = str(getattr(effect, "kind", ""))
        here, named = (*path, j, kind), f"{key}[{j + 1}]"
        yield EffectPlace(effect, here, params, owner, named)
        branches: tuple[tuple[str, Sequence[s._Effect]], ...] = ()
        if isinstance(effect, s.Contest):
            branches = (("success", effect.success), ("failure", effect.failure))
        elif isinstance(effect, s.IfEffect):
            branches = (("then", effect.then), ("otherwise", effect.otherwise))
        for branch, inner in branches:
            yield from _effects(inner, (*here, branch), params, owner, f"{named}.{branch}")


def faction_param(ids: Ids, factions: Iterable[str]) -> Params:
    index = ids.index[Kind.FACTION]
    return {"faction": (Kind.FACTION, exact(index[f] for f in factions if f in index))}


def _action_params(action: s.Action, ids: Ids) -> Params:
    params = dict(faction_param(ids, action.factions))
    target = action.target
    if target in ("region", "site", "unit", "group_region"):
        params["region"] = (Kind.REGION, ids.all_of(Kind.REGION))
    if target in ("site", "unit", "group_region"):
        kind = {"site": Kind.SITE, "unit": Kind.UNIT, "group_region": Kind.GROUP}[target]
        params[kind.value] = (kind, ids.all_of(kind))
    return params


def _event_params(event: s.Event, ids: Ids) -> Params:
    return faction_param(ids, [event.faction]) if event.faction else {}


def places(model: s.ScenarioModel, ids: Ids) -> list[Place]:
    """Every expression the scenario writes (where crossref checks them); a condition or
    amount written as plain true, false or a number is none."""
    found: list[Place] = []

    def put(
        path: Path, raw: object, kind: Kind, params: Params, what: str, outcome: str = ""
    ) -> None:
        if isinstance(raw, str):
            found.append(Place(path, raw, kind, params, what, outcome))

    boolean, number = Kind.BOOL, Kind.INT
    triggered = {
        e.effect.event for e in effect_places(model, ids) if isinstance(e.effect, s.TriggerEvent)
    }
    for i, f in enumerate(model.factions):
        params = faction_param(ids, [f.id])
        for key, value in f.income.items():
            put(("factions", i, "income", key), value, number, params,
                f"faction '{f.id}', income of {key}")  # fmt: skip
        for key, value in f.appeal.items():
            put(("factions", i, "appeal", key), value, number, params,
                f"faction '{f.id}', appeal to {key}")  # fmt: skip
    for i, t in enumerate(model.tracks):
        put(("tracks", i, "per_turn"), t.per_turn, number, {}, f"track '{t.id}', per_turn")
    for i, g in enumerate(model.groups):
        put(("groups", i, "unaligned_appeal"), g.unaligned_appeal, number, {},
            f"group '{g.id}', unaligned_appeal")  # fmt: skip
    for i, site in enumerate(model.sites):
        region = ids.index[Kind.REGION].get(site.region, 0)
        params = {"site": (Kind.SITE, one(i)), "region": (Kind.REGION, one(region))}
        put(("sites", i, "raised"), site.raised, boolean, params, f"site '{site.id}', raised",
            "the map never shows it raised")  # fmt: skip
    for i, a in enumerate(model.actions):
        params = _action_params(a, ids)
        who = f"action '{a.id}'"
        put(("actions", i, "targets"), a.targets, boolean, params, f"{who}, targets",
            "no target is ever allowed, so the action can never be taken")  # fmt: skip
        put(("actions", i, "condition"), a.condition, boolean, params, f"{who}, condition",
            "the action can never be taken")  # fmt: skip
        put(("actions", i, "ai_weight"), a.ai_weight, number, faction_param(ids, a.factions),
            f"{who}, ai_weight")  # fmt: skip
    for i, e in enumerate(model.events):
        params = _event_params(e, ids)
        who = f"event '{e.id}'"
        fires = "the event never fires"
        if e.id in triggered:
            fires = "the event fires only when an effect triggers it"
        put(("events", i, "when"), e.when, boolean, params, f"{who}, when", fires)
        for j, c in enumerate(e.choices):
            here = ("events", i, "choices", j)
            whose = f"choice '{c.id}' of {who}"
            put((*here, "condition"), c.condition, boolean, params, f"{whose}, condition",
                "the choice is never open")  # fmt: skip
            put((*here, "ai_weight"), c.ai_weight, number, params, f"{whose}, ai_weight")
    for i, end in enumerate(model.endings):
        never = "the game never ends this way"
        if end.fallback:
            never = "the game ends this way only when the calendar runs out"
        put(("endings", i, "condition"), end.condition, boolean, {},
            f"ending '{end.id}', condition", never)  # fmt: skip
    for place in effect_places(model, ids):
        effect, kind = place.effect, place.path[-1]
        for name in ("amount", "attack", "defence", "strength", "loyalty"):
            put((*place.path, name), getattr(effect, name, None), number, place.params,
                f"{place.owner}, {kind} effect, {name}")  # fmt: skip
        if isinstance(effect, s.IfEffect):
            outcome = "its 'then' effects never apply"
            if not effect.then:
                outcome = "its 'otherwise' effects always apply"
            put((*place.path, "condition"), effect.condition, boolean, place.params,
                f"{place.owner}, if effect, condition", outcome)  # fmt: skip
    return found

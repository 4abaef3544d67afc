"""The engine's entry points: `new_game` and `step`.

A turn, as `step` resolves it:
1. the event choices of every faction, in the order the events fired;
2. the actions, round-robin across factions in scenario order;
3. the endings, in scenario order; when the calendar has run out, the fallback;
4. the next turn begins: income, support drift, unit loyalty, mobilisation
   decay, then the events that have come due.
Nothing here reads a clock, a file or a hash order: the same state, decisions
and generator give the same next state on every machine.
"""

from __future__ import annotations

import copy
import operator
import weakref
from collections.abc import Callable

import numpy as np

from game.engine.context import Board, EvalCtx
from game.engine.decisions import Decisions, IllegalDecision, Orders
from game.engine.legal import (
    action_problem,
    any_choice_open,
    blocked_check,
    candidate_index,
    open_params,
)
from game.engine.rules import ActionRule, Rules, initial_support
from game.engine.shares import apportion, move_toward
from game.engine.state import BASIS, NO_ONE, ActionRecord, IntArray, State, frozen
from game.engine.wording import unmet_words
from game.engine.work import Work

Planned = list[tuple[int, ActionRule, int]]  # (faction, action, candidate) in faction order


def new_game(rules: Rules, player: int, rng: np.random.Generator) -> State:
    """The state at the start of the first turn, with its events fired."""
    known = _OPENINGS.get(rules)  # get first: setdefault makes a weak reference every call
    if known is None:
        known = _OPENINGS[rules] = {}
    found = known.get(player)
    if found is None:
        dice = rng.bit_generator.state
        found = _new_game(rules, player, rng)
        if rng.bit_generator.state != dice:
            return found  # a contest rolled: this start is this game's own
        found.digest()  # hashed once, for every copy
        known[player] = found
    # A copy, so that no two games share one object, though they share its read-only arrays.
    return copy.copy(found)


# The start of a game is the same for every seed whenever its opening events roll no dice;
# by Rules and the player's seat. Building it costs as much as a turn of play.
_OPENINGS: weakref.WeakKeyDictionary[Rules, dict[int, State]] = weakref.WeakKeyDictionary()


def _new_game(rules: Rules, player: int, rng: np.random.Generator) -> State:
    m = rules.model
    res = rules.resource_index
    resources = np.zeros((rules.n_factions, len(res)), dtype=np.int64)
    for f, faction in enumerate(m.factions):
        for resource, amount in faction.resources.items():
            resources[f, res[resource]] = amount
    mobilisation = np.zeros(rules.population.shape, dtype=np.int64)
    for r, region in enumerate(m.regions):
        for group, value in region.mobilisation.items():
            mobilisation[rules.group_index[group], r] = value
    fi, ri = rules.faction_index, rules.region_index

    def owner(ident: str | None) -> int:
        return NO_ONE if ident is None else fi[ident]

    def array(values: list[int]) -> IntArray:
        return np.array(values, dtype=np.int64).reshape(len(values))

    state = State(
        turn=0,
        support=frozen(initial_support(rules)),
        mobilisation=frozen(mobilisation),
        tracks=frozen(array([t.initial for t in m.tracks])),
        flags=frozen(np.array([f.initial for f in m.flags], dtype=np.bool_).reshape(len(m.flags))),
        resources=frozen(resources),
        site_controller=frozen(array([owner(x.controller) for x in m.sites])),
        site_defence=frozen(array([x.defence for x in m.sites])),
        unit_owner=frozen(array([owner(u.owner) for u in m.units])),
        unit_region=frozen(array([ri[u.region] for u in m.units])),
        unit_strength=frozen(array([u.strength for u in m.units])),
        unit_loyalty=frozen(array([u.loyalty for u in m.units])),
        fired=frozen(np.zeros(len(m.events), dtype=np.bool_)),
        pending=(),
        player=player,
    )
    w = Work(rules, state, rng)
    fire_due_events(w)
    return w.freeze()


def step(rules: Rules, state: State, decisions: Decisions, rng: np.random.Generator) -> State:
    """Resolve one turn. Raises IllegalDecision, applying nothing, if any decision is illegal."""
    if state.over:
        raise IllegalDecision("game", "the game is over")
    choices = _check_choices(rules, state, decisions)
    planned = _check_actions(rules, state, decisions)
    w = Work(rules, state, rng)
    w.pending = []
    for event, faction, choice in choices:
        rule = rules.events[event]
        picked = rule.choices[choice]
        w.cause = f"event:{rule.spec.id}:{picked.spec.id}"
        w.write(f"{rules.model.factions[faction].name} chose: {picked.spec.text}", faction)
        params = {"faction": faction}
        for effect in picked.effects:
            effect.apply(w, params)
    for faction, action, candidate in _round_robin(planned, rules.n_factions):
        _carry_out(w, faction, action, candidate)
    _check_endings(w)
    if w.ending == NO_ONE:
        w.turn += 1
        begin_turn(w)
    return w.freeze()


def _check_choices(rules: Rules, state: State, decisions: Decisions) -> list[tuple[int, int, int]]:
    _check_factions(rules, decisions)
    out = []
    for event, faction in state.pending:
        rule = rules.events[event]
        fid = rules.faction_ids[faction]
        orders = decisions.get(fid, Orders())
        picked = orders.choice_for(rule.spec.id)
        if picked is None:
            if not any_choice_open(rules, state, rule):
                continue  # every choice is closed: the moment passes undecided
            raise IllegalDecision(fid, f"'{rule.spec.title}' awaits a choice")
        ids = [c.spec.id for c in rule.choices]
        if picked not in ids:
            raise IllegalDecision(fid, f"'{picked}' is not a choice of '{rule.spec.title}'")
        index = ids.index(picked)
        if not rule.choices[index].condition(EvalCtx(rules, state, {"faction": faction})):
            cond = unmet_words(
                rules, rule.choices[index].condition.text, state, {"faction": faction}
            )
            raise IllegalDecision(fid, f"choice '{picked}' is closed: only when {cond}")
        out.append((event, faction, index))
    waiting = {(rules.events[e].spec.id, rules.faction_ids[f]) for e, f in state.pending}
    for fid, orders in decisions.items():
        for event_id, _ in orders.choices:
            if (event_id, fid) not in waiting:
                raise IllegalDecision(fid, f"no event '{event_id}' awaits its choice")
    return out


def _check_factions(rules: Rules, decisions: Decisions) -> None:
    for fid in decisions:
        if fid not in rules.faction_index:
            raise IllegalDecision(fid, "no such faction")


def _check_actions(rules: Rules, state: State, decisions: Decisions) -> Planned:
    """Check every faction's actions against the state it saw; all factions move at once."""
    planned: Planned = []
    actions = _actions_by_id(rules)
    for faction, fid in enumerate(rules.faction_ids):
        orders = decisions.get(fid)
        if orders is None:
            continue
        spent = [0] * len(rules.resource_index)  # plain ints: numpy costs more on a few
        taken: dict[int, int] = {}  # times each action is ordered (a dict: a Counter costs more)
        for count, order in enumerate(orders.actions):
            action = actions.get(order.action)
            if action is None:
                raise IllegalDecision(fid, f"no such action '{order.action}'")
            target = rules.target_indices(action, order.target)
            candidate = None if target is None else candidate_index(action, target)
            if candidate is None:
                shown = ", ".join(order.target) or "nothing"
                raise IllegalDecision(fid, f"'{action.spec.name}' cannot be aimed at {shown}")
            problem = action_problem(rules, state, faction, action, candidate, spent, taken, count)
            if problem is not None:
                raise IllegalDecision(fid, f"'{action.spec.name}': {problem}")
            spent = list(map(operator.add, spent, action.cost_ints))
            taken[action.index] = taken.get(action.index, 0) + 1
            planned.append((faction, action, candidate))
    return planned


# Built once per Rules rather than once a turn; weak, so that dropped rules are not kept alive.
_ACTIONS_BY_ID: weakref.WeakKeyDictionary[Rules, dict[str, ActionRule]] = (
    weakref.WeakKeyDictionary()
)


def _actions_by_id(rules: Rules) -> dict[str, ActionRule]:
    found = _ACTIONS_BY_ID.get(rules)
    if found is None:
        found = _ACTIONS_BY_ID[rules] = {a.spec.id: a for a in rules.actions}
    return found


def _round_robin(planned: Planned, n_factions: int) -> Planned:
    """Each faction's first action, then each one's second, and so on."""
    queues: list[Planned] = [[p for p in planned if p[0] == f] for f in range(n_factions)]
    out: Planned = []
    for depth in range(max((len(q) for q in queues), default=0)):
        out.extend(q[depth] for q in queues if depth < len(q))
    return out


def _carry_out(w: Work, faction: int, action: ActionRule, candidate: int) -> None:
    rules = w.rules
    target = action.candidates[candidate]
    # Another faction may have moved first: check again, now that the board has changed.
    params = open_params(rules, w, faction, action, candidate)
    if params is None:
        check = blocked_check(rules, w, faction, action, candidate)
        by, failed = check if check is not None else ("", ())
        here = len(w.ledger)
        w.actions.append(
            ActionRecord(faction, action.index, target, "blocked", here, here, by, failed)
        )
        return
    fid = rules.faction_ids[faction]
    pay_cost(w, faction, action)
    w.cause = f"action:{action.spec.id}:{fid}"
    before = len(w.ledger)
    for effect in action.carried:
        effect.apply(w, params)
    outcome = "done"
    if action.may_roll:  # the last contest decides, whether the action's or a triggered event's
        for change in w.ledger[before:]:
            if change.quantity.startswith("contest:"):
                outcome = "succeeded" if change.quantity.startswith("contest:won") else "failed"
    w.actions.append(ActionRecord(faction, action.index, target, outcome, before, len(w.ledger)))


def _check_endings(w: Work) -> None:
    ctx = w.ctx()
    for ending in w.rules.endings:
        if ending.condition(ctx):
            w.ending = ending.index
            return
    if w.turn >= w.rules.last_turn:
        w.ending = w.rules.fallback


def pay_cost(w: Work, faction: int, action: ActionRule) -> None:
    """Take an order's cost from the faction's resources, as the step does before its effects."""
    # In plain ints: numpy's call on the whole row costs more than the few it changes.
    have = w.resources[faction]
    for resource, cost in enumerate(action.cost_ints):
        if cost:
            have[resource] -= cost


def begin_turn(w: Work) -> None:
    w.cause = "turn"
    pay_income(w)
    drift_tracks(w)
    drift_support(w)
    drift_loyalty(w)
    w.mobilisation = np.maximum(w.mobilisation - w.rules.settings.mobilisation_decay, 0)
    fire_due_events(w)


def pay_income(w: Work) -> None:
    for faction in range(len(w.rules.income)):
        for resource, gain in income_on(w.rules, w, faction).items():
            w.resources[faction, resource] = max(0, int(w.resources[faction, resource]) + gain)


def income_on(rules: Rules, board: Board, faction: int) -> dict[int, int]:
    """What each resource with an income brings `faction` when a turn begins on `board`
    (by resource index). Read-only: the turn pays it, and the window shows what the
    board as it stands would bring."""
    income = rules.income[faction]
    if not income:
        return {}
    ctx = EvalCtx(rules, board, {"faction": faction})
    return {resource: amount(ctx) for resource, amount in income}


def drift_tracks(w: Work) -> None:
    """The season's pressure: each track's `per_turn`, moved as a track effect is."""
    for move in w.rules.track_drift:
        move.apply(w, {})


def drift_support(w: Work) -> None:
    """Move support toward the shares the factions' appeal gives, keeping `inertia`% of the gap."""
    rules = w.rules
    n_factions = rules.n_factions
    n_groups = rules.population.shape[0]
    rows = []
    for f, row in enumerate(rules.appeal):
        ctx = w.ctx({"faction": f})
        rows.append([0 if amount is None else max(0, amount(ctx)) for amount in row])
    appeal = np.array(rows, dtype=np.int64).reshape(n_factions, n_groups)
    ctx = w.ctx()
    unaligned = np.array([max(0, a(ctx)) for a in rules.unaligned_appeal], dtype=np.int64)
    weights = np.empty_like(w.support)
    weights[:n_factions] = appeal[:, :, None] * rules.lean_weight
    weights[n_factions] = unaligned[:, None] * 100
    totals = np.add.reduce(weights, 0)
    # Weights are never negative, so max(totals, 1) is totals with 0 made 1.
    target = apportion(weights * BASIS, np.maximum(totals, 1), BASIS)
    target = np.where(totals == 0, w.support, target)
    before = w.support
    w.support = move_toward(before, target, rules.settings.inertia, BASIS)
    w.drift = w.support - before


def drift_loyalty(w: Work) -> None:
    """Units that follow a group drift toward their owner's standing with it, and may change sides."""
    rules = w.rules
    settings = rules.settings
    # Each unit reads only its own entries and the support, which nothing here changes:
    # the units are read and written as Python lists, and the arrays written back once.
    regions = w.unit_region.tolist()
    owners = w.unit_owner.tolist()
    loyalties = w.unit_loyalty.tolist()
    for u, unit in enumerate(rules.model.units):
        if unit.follows is None:
            continue
        g = rules.group_index[unit.follows]
        r = regions[u]
        owner = owners[u]
        name = unit.name
        if owner != NO_ONE:
            target = int(w.support[owner, g, r]) // 100
            loyalty = target + (loyalties[u] - target) * settings.loyalty_inertia // 100
            loyalties[u] = loyalty
            if loyalty < settings.defect_below:
                owners[u] = NO_ONE
                w.log(f"owner:{unit.id}", -1)
                w.write(f"{name} no longer obeys the {rules.model.factions[owner].name}.")
        else:
            shares: list[int] = w.support[:-1, g, r].tolist()
            best = shares.index(max(shares))  # ties go to the faction first in scenario order
            pct = shares[best] // 100
            if pct >= settings.join_above:
                owners[u] = best
                loyalties[u] = pct
                w.log(f"owner:{unit.id}", 1)
                w.write(f"{name} declares for the {rules.model.factions[best].name}.")
    w.unit_owner[:] = owners
    w.unit_loyalty[:] = loyalties


def fire_due_events(w: Work) -> None:
    rules = w.rules
    _, last_day = rules.turn_span(w.turn)
    fired = w.fired  # written in place as events fire
    for last_date, once, index, params, when in _due_checks(rules):
        if last_date > last_day or (once and fired[index]):
            continue
        if when(EvalCtx(rules, w, params)):
            fire_event(w, index)


# Per Rules, each event's date, whether it fires once, its index, the parameters its
# condition reads (only read, so one dict serves every turn) and that condition.
_DUE: weakref.WeakKeyDictionary[
    Rules, list[tuple[int, bool, int, dict[str, int], Callable[[EvalCtx], object]]]
] = weakref.WeakKeyDictionary()


def _due_checks(
    rules: Rules,
) -> list[tuple[int, bool, int, dict[str, int], Callable[[EvalCtx], object]]]:
    found = _DUE.get(rules)
    if found is None:
        found = _DUE[rules] = [
            (
                e.last_date,
                e.spec.once,
                e.index,
                {"faction": e.faction} if e.faction >= 0 else {},
                e.when.function,
            )
            for e in rules.events
        ]
    return found


# Events that trigger events that trigger events...: past this depth a chain stops.
MAX_TRIGGER_DEPTH = 16


def fire_event(w: Work, index: int) -> None:
    """Fire an event now: its effects apply, and its choice waits for its faction.

    An event that fires only once is not fired again, so triggers cannot loop
    through it; a chain of repeatable events stops at MAX_TRIGGER_DEPTH.
    """
    event = w.rules.events[index]
    if event.spec.once and w.fired[index]:
        return
    if w.depth >= MAX_TRIGGER_DEPTH:
        w.write(f"{event.spec.title} (not fired: too many events triggered in a chain)")
        return
    cause, w.cause = w.cause, f"event:{event.spec.id}"
    w.depth += 1
    w.fired[index] = True
    w.write(event.spec.title)
    params = {"faction": event.faction} if event.faction >= 0 else {}
    for effect in event.effects:
        effect.apply(w, params)
    if event.choices and (index, event.faction) not in w.pending:
        w.pending.append((index, event.faction))
    w.depth -= 1
    w.cause = cause

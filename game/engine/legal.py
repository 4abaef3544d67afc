"""What each faction may do now, and why not when it may not.

The front ends ask here which actions and choices are open; the step asks
here before applying anything, so an illegal decision is refused with the
same reason the menu gave.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from game.engine.clauses import failing_clauses
from game.engine.context import Board, EvalCtx
from game.engine.rules import ActionRule, ChoiceRule, EventRule, Rules
from game.engine.state import IntArray, State
from game.engine.wording import unmet_words

# What a faction has spent on the orders before this one: per resource, in scenario order.
Spent = IntArray | list[int]


@dataclass(frozen=True)
class Option:
    """One action aimed at one target, with whether it is open and why not."""

    action: ActionRule
    target: tuple[int, ...]
    problem: str | None  # None when the action may be taken


@dataclass(frozen=True)
class ChoiceOption:
    choice: ChoiceRule
    problem: str | None


def bind(
    rules: Rules, board: Board, action: ActionRule, candidate: int, faction: int
) -> dict[str, int]:
    """The $parameters of an action aimed at its candidate target."""
    params = {"faction": faction, **action.params_of[candidate]}
    if "unit" in params:
        params["region"] = int(board.unit_region[params["unit"]])
    return params


def _cost_text(rules: Rules, cost: IntArray) -> str:
    return rules.names.costs(cost.tolist())


def action_problem(
    rules: Rules,
    board: Board,
    faction: int,
    action: ActionRule,
    candidate: int,
    spent: Spent | None = None,
    taken: Mapping[int, int] | None = None,
    count: int = 0,
) -> str | None:
    """Why `faction` may not take `action` at its candidate target now, or None."""
    problem = _problem(rules, board, faction, action, candidate, spent, taken, count)
    return None if problem is None else problem()


def action_open(
    rules: Rules,
    board: Board,
    faction: int,
    action: ActionRule,
    candidate: int,
    spent: Spent | None = None,
    taken: Mapping[int, int] | None = None,
    count: int = 0,
) -> bool:
    """Whether `action_problem` finds nothing, without putting a problem into words:
    menus ask this of every target, and words cost far more than the check."""
    return _problem(rules, board, faction, action, candidate, spent, taken, count) is None


def action_blocked(
    rules: Rules, board: Board, faction: int, action: ActionRule, candidate: int
) -> bool:
    """Whether `action_problem` finds a problem, without putting it into words."""
    return open_params(rules, board, faction, action, candidate) is None


def open_params(
    rules: Rules, board: Board, faction: int, action: ActionRule, candidate: int
) -> dict[str, int] | None:
    """The order's $parameters (`bind`) when `action_problem` finds nothing, else None.

    The step checks every order again just before carrying it out, and needs only
    yes or no, then the parameters to carry it out with: one binding serves both,
    and wording a condition costs more than checking it. The checks are
    `_problem`'s, in its order, for an order with nothing spent before it.
    """
    if faction not in action.factions or rules.actions_per_turn[faction] <= 0:
        return None
    params = bind(rules, board, action, candidate, faction)
    ctx = EvalCtx(rules, board, params)
    if not action.condition.function(ctx) or not action.targets.function(ctx):
        return None
    if not all(map(operator.le, action.cost_ints, board.resources[faction].tolist())):
        return None
    return params


def blocked_check(
    rules: Rules, board: Board, faction: int, action: ActionRule, candidate: int
) -> tuple[str, tuple[str, ...]] | None:
    """Which check an order fails now, for the record of a refused order, or None.

    ("condition", clauses) or ("target", clauses) with the clauses that do not hold
    (expression text, for `condition_words`), ("cost", ()) when the resources fall
    short, ("faction", ()) when the faction may not take the action at all.
    """
    if faction not in action.factions:
        return "faction", ()
    params = bind(rules, board, action, candidate, faction)
    ctx = EvalCtx(rules, board, params)
    if not action.condition(ctx):
        return "condition", failing_clauses(action.condition, ctx)
    if not action.targets(ctx):
        return "target", failing_clauses(action.targets, ctx)
    have = board.resources[faction].tolist()
    if any(c > h for c, h in zip(action.cost_ints, have, strict=True)):
        return "cost", ()
    return None


def _problem(
    rules: Rules,
    board: Board,
    faction: int,
    action: ActionRule,
    candidate: int,
    spent: Spent | None,
    taken: Mapping[int, int] | None,
    count: int,
) -> Callable[[], str] | None:
    """The first problem `action_problem` reports, as a function that words it, or None."""
    if faction not in action.factions:
        return lambda: f"the {rules.model.factions[faction].name} cannot take {action.spec.name}"
    if count >= rules.actions_per_turn[faction]:
        return lambda: f"no more than {rules.actions_per_turn[faction]} actions a turn"
    if taken is not None and taken.get(action.index, 0) >= action.spec.per_turn:
        times = "once" if action.spec.per_turn == 1 else f"{action.spec.per_turn} times"
        return lambda: f"may be taken only {times} a turn"
    params = bind(rules, board, action, candidate, faction)
    ctx = EvalCtx(rules, board, params)
    if not action.condition.function(ctx):
        return lambda: f"only when {unmet_words(rules, action.condition.text, board, params)}"
    if not action.targets.function(ctx):
        return lambda: (
            f"not a target now: only when {unmet_words(rules, action.targets.text, board, params)}"
        )
    # Plain ints: the step asks this for every action twice, and numpy's fixed costs add up.
    have = board.resources[faction].tolist()
    if spent is not None:
        used = spent if isinstance(spent, list) else np.asarray(spent).tolist()
        have = list(map(operator.sub, have, used))
    # c > h - u exactly when c + u > h: these are Python ints.
    if not all(map(operator.le, action.cost_ints, have)):
        return lambda: f"costs {_cost_text(rules, action.cost)}; not enough left"
    return None


def candidate_index(action: ActionRule, target: Sequence[int]) -> int | None:
    return action.candidate_of.get(tuple(target))


def options(rules: Rules, state: State, faction: int) -> list[Option]:
    """Every action of this faction at every target, open or not, in scenario order."""
    out = []
    for action in rules.actions:
        if faction not in action.factions:
            continue
        for i, target in enumerate(action.candidates):
            out.append(Option(action, target, action_problem(rules, state, faction, action, i)))
    return out


def legal_options(rules: Rules, state: State, faction: int) -> list[Option]:
    return [
        Option(action, target, None)
        for action in rules.actions
        if faction in action.factions
        for i, target in enumerate(action.candidates)
        if action_open(rules, state, faction, action, i)
    ]


def choice_options(rules: Rules, state: State, event: EventRule) -> list[ChoiceOption]:
    params = {"faction": event.faction} if event.faction >= 0 else {}
    ctx = EvalCtx(rules, state, params)
    return [
        ChoiceOption(
            c,
            None
            if c.condition(ctx)
            else f"only when {unmet_words(rules, c.condition.text, state, params)}",
        )
        for c in event.choices
    ]


def pending_for(rules: Rules, state: State, faction: int) -> list[EventRule]:
    """Events waiting for this faction's choice this turn, in the order they fired."""
    return [rules.events[e] for e, f in state.pending if f == faction]


def any_choice_open(rules: Rules, board: Board, event: EventRule) -> bool:
    """Whether the faction deciding an event has any choice it may take."""
    ctx = EvalCtx(rules, board, {"faction": event.faction} if event.faction >= 0 else {})
    return any(c.condition(ctx) for c in event.choices)


def raised_sites(rules: Rules, state: State) -> list[bool]:
    """Which sites the map shows raised now (bridges, by their `raised` condition)."""
    return [
        bool(raised(EvalCtx(rules, state, {"site": i, "region": int(rules.site_region[i])})))
        for i, raised in enumerate(rules.site_raised)
    ]

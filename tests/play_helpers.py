"""Ways of playing that several tests share: any legal orders, and the legal part of a plan."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import strategies as st

from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_problem, candidate_index, choice_options
from game.engine.rules import Rules
from game.engine.state import State


def random_orders(rules: Rules, state: State, faction: int, data: st.DataObject) -> Orders:
    """Any legal orders: a drawn open choice per pending event, and drawn legal actions."""
    choices = []
    for event, decider in state.pending:
        if decider != faction:
            continue
        rule = rules.events[event]
        open_ids = [
            o.choice.spec.id for o in choice_options(rules, state, rule) if o.problem is None
        ]
        if open_ids:
            choices.append((rule.spec.id, data.draw(st.sampled_from(open_ids))))
    actions: list[ActionOrder] = []
    spent = np.zeros(len(rules.resource_index), dtype=np.int64)
    taken: Counter[int] = Counter()
    for _ in range(data.draw(st.integers(0, rules.actions_per_turn[faction]))):
        legal = [
            (a, c)
            for a in rules.actions
            for c in range(len(a.candidates))
            if action_problem(rules, state, faction, a, c, spent, taken, len(actions)) is None
        ]
        if not legal:
            break
        action, candidate = data.draw(st.sampled_from(legal))
        actions.append(
            ActionOrder(action.spec.id, rules.target_ids(action, action.candidates[candidate]))
        )
        spent += action.cost
        taken[action.index] += 1
    return Orders(tuple(choices), tuple(actions))


def legal_part(
    rules: Rules, state: State, faction: str, wanted: list[ActionOrder]
) -> list[ActionOrder]:
    """The orders of `wanted` that are legal together, in order, dropping the rest."""
    me = rules.faction_index[faction]
    by_id = {a.spec.id: a for a in rules.actions}
    spent = np.zeros(len(rules.resource_index), dtype=np.int64)
    taken: Counter[int] = Counter()
    kept: list[ActionOrder] = []
    for order in wanted:
        action = by_id[order.action]
        target = rules.target_indices(action, order.target)
        candidate = None if target is None else candidate_index(action, target)
        if candidate is None:
            continue
        if action_problem(rules, state, me, action, candidate, spent, taken, len(kept)) is None:
            kept.append(order)
            spent += action.cost
            taken[action.index] += 1
    return kept

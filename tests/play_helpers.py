"""Ways of playing that several tests share: any legal orders, the legal part of a plan,
and scripted lines of play (the historical one among them).

The scripted lines live in `game.lab.scripted`, which the balance benches use too;
they are imported from there, so that a test module may keep importing them from here."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import strategies as st

from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_open, choice_options
from game.engine.rules import Rules
from game.engine.state import State
from game.lab.scripted import (
    HISTORICAL,
    HISTORICAL_CHOICES,
    HISTORICAL_LINES,
    NIGHT_SITES,
    REGIMENTS,
    Line,
    Script,
    flag,
    legal_part,
    mrc_work,
    no_actions,
    scripted_orders,
    turn_label,
)
from game.session import Session

__all__ = [
    "HISTORICAL",
    "HISTORICAL_CHOICES",
    "NIGHT_SITES",
    "REGIMENTS",
    "Line",
    "Script",
    "flag",
    "historical_turn",
    "legal_part",
    "mrc_work",
    "no_actions",
    "random_orders",
    "scripted_orders",
    "turn_label",
]


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
            if action_open(rules, state, faction, a, c, spent, taken, len(actions))
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


def historical_turn(session: Session, line: Line) -> dict[str, Orders]:
    """A turn's orders with `line` playing its side, every other side that has a
    1917 line playing it, and the AI the rest: the rivals of a history test play
    as they did, not to win."""
    lines = {**HISTORICAL_LINES, line.faction: line}
    return {
        f: scripted_orders(session, lines[f]) if f in lines else session.ai_orders(f)
        for f in session.rules.faction_ids
    }

"""Looking ahead within a turn: the board a faction's own orders will meet.

A turn settles every event choice before any order (see `turns.step`), and each
faction's orders in the order given, so an order that is open at the start of the
turn may be closed by then: by the faction's own choice (the committee it has just
formed) or by its own earlier order (the station it has just seized). The AI plans
on `after_choices`; the player's order book on it and on `after_order`, so both
see the same board. Nothing here touches the game's dice.
"""

from __future__ import annotations

from typing import cast

import numpy as np

from game.engine.legal import open_params
from game.engine.rules import ActionRule, Rules
from game.engine.state import State
from game.engine.turns import pay_cost
from game.engine.work import Work
from game.scenario.expr import Kind


class _Sure:
    """Dice that always throw 0.0, which wins every contest with any attack at all."""

    def random(self) -> float:
        return 0.0


SUCCEEDS = cast(np.random.Generator, _Sure())


def after_choices(
    rules: Rules,
    state: State,
    faction: int,
    choices: tuple[tuple[str, str], ...],
    dice: np.random.Generator | None = None,
) -> Work:
    """The board once the faction's own choices have taken effect.

    Choices are resolved before any order, so an order their effects close
    (the committee a choice has just formed, the money it has just spent) would
    be a wasted slot. Contests among the effects roll dice of their own here,
    never the game's or the AI's (seeded by the turn, or `dice`, e.g. SUCCEEDS):
    `rolled` tells whether one did. The AI only reads the board, so it stays the
    step's working copy: freezing it into a State would cost more.
    """
    # Dice seeded by the turn are made only if a contest rolls.
    w = Work(rules, state, state.turn if dice is None else dice)
    params = {"faction": faction}
    for event_id, choice_id in choices:
        event = rules.events[rules.id_index[Kind.EVENT][event_id]]
        picked = next(c for c in event.choices if c.spec.id == choice_id)
        for effect in picked.effects:
            effect.apply(w, params)
    return w


def rolled(w: Work) -> bool:
    """Whether a contest rolled on this look-ahead: its board is then one outcome of several."""
    return any(change.quantity.startswith("contest:") for change in w.ledger)


def after_order(
    rules: Rules,
    board: State,
    faction: int,
    action: ActionRule,
    candidate: int,
    *,
    effects: bool = True,
) -> Work:
    """The board once the faction's order has been carried out on `board`, as the step
    carries it out (checked again, paid for, then its effects), every contest in it
    succeeding; `board` itself when the order would not be carried out there. Without
    `effects`, only its cost is paid: all that is sure of an order that rolls dice."""
    w = Work(rules, board, SUCCEEDS)
    params = open_params(rules, w, faction, action, candidate)
    if params is None:
        return w
    pay_cost(w, faction, action)
    if effects:
        for effect in action.carried:
            effect.apply(w, params)
    return w

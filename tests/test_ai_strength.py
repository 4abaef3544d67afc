"""The AI plays well enough that a careless player loses the bundled scenario."""

from __future__ import annotations

import pytest

from game.engine.decisions import Orders
from game.engine.legal import choice_options, pending_for
from game.engine.rules import Rules
from game.session import Session


def careless_game(rules: Rules, faction: str, seed: int) -> bool:
    """A player who never acts and takes the first open choice of every event; True if they win."""
    me = rules.faction_index[faction]
    session = Session(rules, seed, player=faction)
    while not session.over:
        choices = []
        for event in pending_for(rules, session.state, me):
            open_choices = [
                o for o in choice_options(rules, session.state, event) if o.problem is None
            ]
            if open_choices:
                choices.append((event.spec.id, open_choices[0].choice.spec.id))
        session.play_turn(Orders(tuple(choices), ()))
    return faction in rules.model.endings[session.state.ending].winners


@pytest.mark.parametrize("faction", ["bolsheviks", "moderates", "government"])
def test_a_careless_player_loses_to_the_ai(october_rules: Rules, faction: str) -> None:
    wins = sum(careless_game(october_rules, faction, seed) for seed in range(12))
    assert wins <= 3, f"a careless {faction} player won {wins} of 12 games"

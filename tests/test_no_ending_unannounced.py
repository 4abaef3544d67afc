"""No ending arrives unannounced: whenever a game ends against the player, the turn before
it named that ending among the threats (what a single move of any side, or none, could bring).

The player's seat is played by the AI, as a careful player might; the forecast is asked at
the start of every turn, as the front ends ask it before the player ends the turn.
"""

from __future__ import annotations

import pytest

from game.engine.rules import Rules
from game.play import Game
from game.session import Session

SEEDS = (0, 1, 2, 3)


@pytest.mark.parametrize("faction", ["bolsheviks", "moderates", "government"])
def test_every_ending_against_the_player_was_announced_the_turn_before(
    october_rules: Rules, faction: str
) -> None:
    unannounced = []
    for seed in SEEDS:
        game = Game(Session(october_rules, seed, player=faction))
        announced: set[int] = set()
        while not game.over:
            announced = {t.ending for t in game.threats()}
            game.session.play_turn(game.session.ai_orders(faction))
        ending = game.state.ending
        winners = october_rules.model.endings[ending].winners
        if faction not in winners and ending not in announced:
            unannounced.append((seed, october_rules.model.endings[ending].title))
    assert unannounced == []

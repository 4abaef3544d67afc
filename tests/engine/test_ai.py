"""The AI's scoring: its fast whole-action scoring agrees with scoring target by target."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.ai import Valuer, _score_targets
from game.engine.legal import bind
from game.engine.rules import Rules
from game.session import Session


@pytest.mark.parametrize("turns", [0, 6, 14])
def test_vector_scores_match_scores_target_by_target(october_rules: Rules, turns: int) -> None:
    session = Session(october_rules, 3, player=None)
    for _ in range(turns):
        session.play_turn()
    state = session.state
    for faction, fid in enumerate(october_rules.faction_ids):
        profile = october_rules.profiles[october_rules.model.factions[faction].ai_profile]
        v = Valuer(october_rules, state, faction, profile)
        for action in october_rules.actions:
            if faction not in action.factions:
                continue
            fast = _score_targets(october_rules, state, faction, v, action)
            bias = v.tags(action.spec.tags) - v.cost(action.cost)
            slow = [
                bias
                + sum(
                    e.estimate(v, bind(october_rules, state, action, c, faction))
                    for e in action.effects
                )
                for c in range(len(action.candidates))
            ]
            assert np.allclose(fast, slow), f"{fid} {action.spec.id}"

"""The end-of-game score: a win, the following, the sites and the turns to spare."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from game.engine.rules import Rules
from game.engine.score import (
    SITE_POINTS,
    SPEED_POINTS,
    WIN_POINTS,
    Score,
    overall_share,
    score,
    turns_played,
)
from game.engine.state import BASIS, State
from game.session import Session


def start(rules: Rules) -> State:
    return Session(rules, 3, player="reds").state


def ended(state: State, ending: int, turn: int) -> State:
    return dataclasses.replace(state, ending=ending, turn=turn)


def parts(result: Score) -> dict[str, int]:
    return {p.label: p.points for p in result.parts}


def test_a_game_in_progress_scores_support_and_sites_only(mini_rules: Rules) -> None:
    state = start(mini_rules)
    blues = mini_rules.faction_index["blues"]
    result = score(mini_rules, state, blues)
    assert not result.won
    assert parts(result)["Outcome"] == 0 and parts(result)["Speed"] == 0
    assert parts(result)["Sites held"] == 2 * SITE_POINTS  # palace and station
    assert parts(result)["Support"] == round(overall_share(mini_rules, state, blues))
    assert result.total == sum(parts(result).values())


def test_the_overall_share_is_weighted_by_population(mini_rules: Rules) -> None:
    state = start(mini_rules)
    pop = mini_rules.population
    reds = mini_rules.faction_index["reds"]
    expected = float((state.support[reds] * pop).sum()) / pop.sum() / BASIS * 100
    assert overall_share(mini_rules, state, reds) == pytest.approx(expected)
    everyone = sum(overall_share(mini_rules, state, f) for f in range(mini_rules.n_factions + 1))
    assert everyone == pytest.approx(100.0)


def test_a_win_earns_the_bonus_and_the_turns_to_spare(mini_rules: Rules) -> None:
    red_victory = 0  # winners: reds
    state = ended(start(mini_rules), red_victory, turn=2)  # over on the third of six turns
    reds = mini_rules.faction_index["reds"]
    assert turns_played(mini_rules, state) == 3
    result = score(mini_rules, state, reds)
    assert result.won
    assert parts(result)["Outcome"] == WIN_POINTS
    assert parts(result)["Speed"] == 3 * SPEED_POINTS


def test_the_loser_of_the_same_ending_gets_neither_bonus(mini_rules: Rules) -> None:
    state = ended(start(mini_rules), 0, turn=2)
    result = score(mini_rules, state, mini_rules.faction_index["blues"])
    assert not result.won
    assert parts(result)["Outcome"] == 0 and parts(result)["Speed"] == 0


def test_a_win_on_the_last_turn_has_no_turns_to_spare(mini_rules: Rules) -> None:
    state = ended(start(mini_rules), 1, turn=mini_rules.last_turn)  # greys share this win
    result = score(mini_rules, state, mini_rules.faction_index["greys"])
    assert result.won and parts(result)["Speed"] == 0


def test_more_sites_and_more_support_score_more(mini_rules: Rules) -> None:
    state = start(mini_rules)
    reds = mini_rules.faction_index["reds"]
    support = state.support.copy()
    support[reds] += support[-1]  # the unaligned all come over
    support[-1] = 0
    richer = dataclasses.replace(
        state,
        support=support,
        site_controller=np.full_like(state.site_controller, reds),
    )
    before, after = score(mini_rules, state, reds), score(mini_rules, richer, reds)
    assert parts(after)["Sites held"] == len(mini_rules.model.sites) * SITE_POINTS
    assert parts(after)["Support"] > parts(before)["Support"]
    assert after.total > before.total

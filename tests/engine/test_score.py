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
    explain,
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


def test_the_score_explained_gives_the_same_points_and_a_line_per_part(
    october_rules: Rules,
) -> None:
    rules = october_rules
    state = Session(rules, 3, player="bolsheviks").state
    me = rules.faction_index["bolsheviks"]
    lines = explain(rules, state, me)
    result = score(rules, state, me)
    assert [line.label for line in lines] == [p.label for p in result.parts] + ["Total"]
    assert [line.points for line in lines[:-1]] == [p.points for p in result.parts]
    assert lines[-1].points == result.total
    assert lines[0].text.startswith("Outcome: the game goes on")
    share = round(overall_share(rules, state, me))
    assert lines[1].text.startswith(f"Support: {share}% of all the people of the map back you")
    held = int((state.site_controller == me).sum())
    assert f"you hold {held} of the {len(rules.model.sites)} places" in lines[2].text
    assert "only a win counts" in lines[3].text


def test_the_score_explained_names_the_ending_won_or_lost(october_rules: Rules) -> None:
    rules = october_rules
    state = Session(rules, 3, player="bolsheviks").state
    soviet = next(i for i, e in enumerate(rules.model.endings) if e.id == "soviet_power")
    over = ended(state, soviet, 10)
    me = rules.faction_index["bolsheviks"]
    won = explain(rules, over, me)
    assert (
        won[0].text
        == f"Outcome: you won 'Soviet power': {WIN_POINTS} points, more than anything else a game can bring."
    )
    left = rules.last_turn + 1 - turns_played(rules, over)
    assert won[3].text.startswith(f"Speed: you won with {left} turns of the calendar to spare")
    assert won[3].points == left * SPEED_POINTS
    lost = explain(rules, over, rules.faction_index["government"])
    assert lost[0].text.startswith("Outcome: 'Soviet power' was won by the Bolsheviks, not by you")
    assert lost[0].points == 0


def test_a_win_on_the_last_turn_is_told_it_had_none_to_spare(october_rules: Rules) -> None:
    rules = october_rules
    state = Session(rules, 3, player="bolsheviks").state
    soviet = next(i for i, e in enumerate(rules.model.endings) if e.id == "soviet_power")
    line = explain(rules, ended(state, soviet, rules.last_turn), 0)[3]
    assert line.points == 0 and "with none to spare" in line.text

"""A faction's score at the end of a game (or at any moment of one), with its breakdown.

    total = outcome + support + sites + speed

outcome  WIN_POINTS when the game has ended in an ending the faction counts a win, else 0.
support  the faction's overall share of support, in whole per cent (0-100): each group in
         each district weighs as many as live there, as on the charts' "All" line.
sites    SITE_POINTS for each site the faction holds.
speed    SPEED_POINTS for each turn of the calendar left unplayed when the faction won
         (a win on the last turn earns none; a loss never does).

Winning outweighs anything else one game can bring; among wins, a broader following,
more of the city held and an earlier finish rank higher. Pure: no I/O, no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.rules import Rules
from game.engine.state import BASIS, State

WIN_POINTS = 100
SITE_POINTS = 5
SPEED_POINTS = 5


@dataclass(frozen=True)
class ScorePart:
    label: str  # e.g. "Sites held"
    detail: str  # how the points came, e.g. "7 of 19 × 5"
    points: int


@dataclass(frozen=True)
class Score:
    won: bool
    parts: tuple[ScorePart, ...]

    @property
    def total(self) -> int:
        return sum(p.points for p in self.parts)


def turns_played(rules: Rules, state: State) -> int:
    """Turns resolved so far: a finished game stops on the turn that ended it."""
    played = state.turn + 1 if state.over else state.turn
    return min(played, rules.last_turn + 1)


def overall_share(rules: Rules, state: State, faction: int) -> float:
    """The faction's share of everyone's support, in per cent, weighted by population."""
    pop = rules.population.astype(np.float64)
    total = float(pop.sum())
    if total <= 0:
        return 0.0
    held = float((state.support[faction].astype(np.float64) * pop).sum())
    return held / total * 100.0 / BASIS


def won(rules: Rules, state: State, faction: int) -> bool:
    if not state.over or not 0 <= state.ending < len(rules.model.endings):
        return False
    return rules.faction_ids[faction] in rules.model.endings[state.ending].winners


def score(rules: Rules, state: State, faction: int) -> Score:
    """The score of the faction at `faction` (its index in the scenario); see the module."""
    victory = won(rules, state, faction)
    share = overall_share(rules, state, faction)
    sites = int((state.site_controller == faction).sum())
    left = rules.last_turn + 1 - turns_played(rules, state)
    parts = (
        ScorePart("Outcome", "victory" if victory else "no victory", WIN_POINTS if victory else 0),
        ScorePart("Support", f"{share:.0f}% of the city", round(share)),
        ScorePart(
            "Sites held",
            f"{sites} of {len(rules.model.sites)} × {SITE_POINTS}",
            sites * SITE_POINTS,
        ),
        ScorePart(
            "Speed",
            f"{left} turn{'s' if left != 1 else ''} to spare × {SPEED_POINTS}"
            if victory
            else "only a victory counts",
            left * SPEED_POINTS if victory else 0,
        ),
    )
    return Score(victory, parts)

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


@dataclass(frozen=True)
class ScoreLine:
    """One part of the score told to the player: what counts, how the points came, why."""

    label: str  # "Outcome", "Support", "Sites held", "Speed", "Total"
    points: int
    text: (
        str  # the whole line, e.g. "Support: 34% of all the people of the map back you: 34 points"
    )


def _list(names: list[str], most: int = 4) -> str:
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def explain(rules: Rules, state: State, faction: int) -> list[ScoreLine]:
    """The score of `faction`, told to the player who leads it, a line per part and the total.

    The same parts and points as `score`; the words say what each part counts, how
    this game earned it, and why it weighs what it does.
    """
    result = score(rules, state, faction)
    points = {p.label: p.points for p in result.parts}
    endings = rules.model.endings
    lines = []

    if result.won:
        title = endings[state.ending].title
        text = f"you won '{title}': {WIN_POINTS} points, more than anything else a game can bring"
    elif state.over and 0 <= state.ending < len(endings):
        ending = endings[state.ending]
        winners = [
            rules.model.factions[rules.faction_index[f]].name
            for f in ending.winners
            if f in rules.faction_index
        ]
        who = f"the {_list(winners)}" if winners else "no one"
        text = (
            f"'{ending.title}' was won by {who}, not by you: no points; "
            f"a win would have brought {WIN_POINTS}"
        )
    else:
        text = f"the game goes on, and nothing is won yet: a win will bring {WIN_POINTS} points"
    lines.append(ScoreLine("Outcome", points["Outcome"], f"Outcome: {text}."))

    share = overall_share(rules, state, faction)
    lines.append(
        ScoreLine(
            "Support",
            points["Support"],
            f"Support: {share:.0f}% of all the people of the map back you: "
            f"{points['Support']} points, one for each per cent. Every group in every district "
            "counts by how many live there, so a side must be followed, not only feared.",
        )
    )

    held = [
        x.name for i, x in enumerate(rules.model.sites) if int(state.site_controller[i]) == faction
    ]
    total_sites = len(rules.model.sites)
    if held:
        what = f"you hold {len(held)} of the {total_sites} places that matter ({_list(held)})"
    else:
        what = f"you hold none of the {total_sites} places that matter"
    lines.append(
        ScoreLine(
            "Sites held",
            points["Sites held"],
            f"Sites held: {what}: {points['Sites held']} points, {SITE_POINTS} for each. "
            "Whoever holds the stations, the bridges and the ministries holds the city.",
        )
    )

    left = rules.last_turn + 1 - turns_played(rules, state)
    if result.won and left == 0:
        text = (
            "you won on the last turn of the calendar, with none to spare: no points; "
            f"a win before it brings {SPEED_POINTS} for each turn left"
        )
    elif result.won:
        turns = "turn" if left == 1 else "turns"
        text = (
            f"you won with {left} {turns} of the calendar to spare: {points['Speed']} points, "
            f"{SPEED_POINTS} for each; a quick decision leaves the other side less time to recover"
        )
    else:
        text = (
            f"only a win counts the turns left on the calendar ({SPEED_POINTS} points each): "
            "no points"
        )
    lines.append(ScoreLine("Speed", points["Speed"], f"Speed: {text}."))
    lines.append(ScoreLine("Total", result.total, f"Total: {result.total} points."))
    return lines

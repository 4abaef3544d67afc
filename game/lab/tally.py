"""The games of one plan added up: what the JSON says and what the report shows.

Coverage maps every id of the scenario, in scenario order and zeros included, to the
number of games in which it happened at least once (an event fired, a choice was
taken, an action was ordered by anyone, the game ended so). Orders are counted
when given: an order blocked when its turn came (something earlier in the turn
changed the board) still counts as ordered, and is also counted as blocked.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from game.engine.effects import Contest, Effect, IfEffect
from game.engine.rules import Rules
from game.engine.state import IntArray
from game.lab.runner import Plan
from game.lab.summary import GameSummary, is_blocked


@dataclass(frozen=True)
class Pinned:
    """How long a track sat at one of its bounds: over the turns opened in all games."""

    turns: int  # turns opened at the bound, all games together
    games: int  # games in which it was there at least once


class Tally:
    def __init__(self, rules: Rules, plan: Plan, games: Sequence[GameSummary]) -> None:
        if not games:
            raise ValueError("a tally needs at least one game")
        self.rules = rules
        self.plan = plan
        self.games = list(games)
        m = rules.model
        self.ending_ids = [e.id for e in m.endings]
        self.event_ids = [e.id for e in m.events]
        self.choice_ids = [f"{e.id}.{c.id}" for e in m.events for c in e.choices]
        self.action_ids = [a.id for a in m.actions]
        self.flag_ids = [f.id for f in m.flags]
        self.track_ids = [t.id for t in m.tracks]
        self.resource_ids = [r.id for r in m.resources]

    @property
    def runs(self) -> int:
        return len(self.games)

    # -- outcomes ---------------------------------------------------------------------

    @cached_property
    def endings(self) -> Counter[str]:
        return Counter(g.ending for g in self.games)

    @cached_property
    def wins(self) -> Counter[str]:
        return Counter(f for g in self.games for f in g.winners)

    @property
    def seat_rate(self) -> float | None:
        """The seat's wins as a fraction of the games (0 to 1); None with no seat."""
        if self.plan.seat is None:
            return None
        return self.wins[self.plan.seat] / self.runs

    @cached_property
    def lengths(self) -> list[int]:
        return [g.turns for g in self.games]

    # -- coverage -----------------------------------------------------------------------

    def _games_with(self, ids: Sequence[str], found: Counter[str]) -> dict[str, int]:
        return {i: found[i] for i in ids}

    @cached_property
    def coverage(self) -> dict[str, dict[str, int]]:
        events: Counter[str] = Counter()
        choices: Counter[str] = Counter()
        actions: Counter[str] = Counter()
        for g in self.games:
            # Keys, not the mapping: Counter.update would add the turns up.
            events.update(g.events.keys())
            choices.update(set(g.choices))
            actions.update({action for _, action in g.ordered})
        return {
            "events": self._games_with(self.event_ids, events),
            "choices": self._games_with(self.choice_ids, choices),
            "actions": self._games_with(self.action_ids, actions),
            "endings": self._games_with(self.ending_ids, self.endings),
        }

    @cached_property
    def contests(self) -> dict[str, tuple[int, int]]:
        """Every contest the scenario writes, by key in scenario order: (won, lost), all
        games together; (0, 0) for one never rolled."""
        found = {key: (0, 0) for key in contest_keys(self.rules)}
        for g in self.games:
            for key, (won, lost) in g.contests.items():
                if key in found:
                    before = found[key]
                    found[key] = (before[0] + won, before[1] + lost)
        return found

    @cached_property
    def waited(self) -> dict[str, frozenset[int]]:
        """For each event that waited (due, not fired) in some game watched: the parts of its
        condition that held as a turn opened, in any game (see GameSummary.waited)."""
        found: dict[str, set[int]] = {}
        for g in self.games:
            for event, parts in g.waited.items():
                found.setdefault(event, set()).update(parts)
        return {event: frozenset(parts) for event, parts in found.items()}

    def never(self) -> dict[str, list[str]]:
        """The ids of each kind that happened in no game."""
        return {
            kind: [i for i, n in found.items() if n == 0] for kind, found in self.coverage.items()
        }

    # -- orders ------------------------------------------------------------------------

    @cached_property
    def ordered(self) -> Counter[str]:
        """Orders given per action, by every faction, in all games."""
        out: Counter[str] = Counter()
        for g in self.games:
            for (_, action), n in g.ordered.items():
                out[action] += n
        return out

    @cached_property
    def outcomes(self) -> Counter[tuple[str, str, str]]:
        """(faction, action, outcome) -> orders, all games together."""
        out: Counter[tuple[str, str, str]] = Counter()
        for g in self.games:
            out.update(g.outcomes)
        return out

    @cached_property
    def blocked(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for (_, action, outcome), n in self.outcomes.items():
            if is_blocked(outcome):
                out[action] += n
        return out

    def orders(self) -> dict[str, dict[str, int]]:
        """Every action, in scenario order: orders given and of them blocked."""
        return {
            a: {"ordered": self.ordered[a], "blocked": self.blocked[a]} for a in self.action_ids
        }

    def top_blocked(self, limit: int = 10) -> list[tuple[str, str, int, Counter[str]]]:
        """(faction, action, blocked orders, blocked by which check), most blocked first."""
        found: dict[tuple[str, str], Counter[str]] = {}
        for (faction, action, outcome), n in self.outcomes.items():
            if is_blocked(outcome):
                found.setdefault((faction, action), Counter())[outcome.partition(":")[2]] += n
        ranked = sorted(found.items(), key=lambda kv: (-kv[1].total(), kv[0]))
        return [(f, a, why.total(), why) for (f, a), why in ranked[:limit]]

    def ordered_by(self, faction: str, action: str) -> int:
        return sum(g.ordered.get((faction, action), 0) for g in self.games)

    # -- flags ----------------------------------------------------------------------

    def flag_turns(self, flag: str) -> list[int]:
        """The turn whose play first set the flag, one per game that set it."""
        return [g.flags[flag] for g in self.games if flag in g.flags]

    # -- over time --------------------------------------------------------------------

    @cached_property
    def longest(self) -> int:
        return max(int(g.opening_tracks.shape[0]) for g in self.games)

    def running(self, turn: int) -> int:
        """Games still going as `turn` opened."""
        return sum(1 for g in self.games if g.opening_tracks.shape[0] > turn)

    @cached_property
    def median_resources(self) -> list[IntArray]:
        """Per opened turn: the median stock (factions, resources) over the games still going."""
        return [
            _median(
                [g.opening_resources[t] for g in self.games if g.opening_resources.shape[0] > t]
            )
            for t in range(self.longest)
        ]

    @cached_property
    def median_tracks(self) -> list[IntArray]:
        return [
            _median([g.opening_tracks[t] for g in self.games if g.opening_tracks.shape[0] > t])
            for t in range(self.longest)
        ]

    def resource_budget(self) -> dict[str, IntArray]:
        """Medians over the games, each (factions, resources): the stock at the start and at
        the end, what was spent on orders carried out, and what came in (income and every
        other change: end - start + spent)."""
        start = self.games[0].opening_resources[0]
        ends = [g.final_resources for g in self.games]
        spent = [g.spent for g in self.games]
        gained = [g.final_resources - start + g.spent for g in self.games]
        return {
            "start": start,
            "end": _median(ends),
            "spent": _median(spent),
            "gained": _median(gained),
        }

    @cached_property
    def pinned(self) -> dict[str, tuple[Pinned, Pinned]]:
        """Per track: how long it sat at its minimum and at its maximum."""
        out = {}
        for k, (low, high) in enumerate(self.rules.track_range):
            at_low = [int((g.opening_tracks[:, k] <= low).sum()) for g in self.games]
            at_high = [int((g.opening_tracks[:, k] >= high).sum()) for g in self.games]
            out[self.track_ids[k]] = (
                Pinned(sum(at_low), sum(1 for n in at_low if n)),
                Pinned(sum(at_high), sum(1 for n in at_high if n)),
            )
        return out

    @property
    def turns_opened(self) -> int:
        return sum(g.opening_tracks.shape[0] for g in self.games)

    # -- JSON -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """What `simulate --json` prints for many games; `seat` is a fraction from 0 to 1."""
        lengths = self.lengths
        rate = self.seat_rate
        return {
            "runs": self.runs,
            "first_seed": self.plan.first_seed,
            "faction": self.plan.seat,
            "difficulty": self.plan.difficulty,
            "profiles": dict(sorted(self.plan.profiles.items())),
            "endings": {e: self.endings[e] for e in self.ending_ids if self.endings[e]},
            "wins": {f: self.wins[f] for f in self.rules.faction_ids},
            "seat": None if rate is None else round(rate, 4),
            "mean_turns": round(statistics.fmean(lengths), 2),
            "turns": {
                "mean": round(statistics.fmean(lengths), 2),
                "min": min(lengths),
                "max": max(lengths),
            },
            "coverage": self.coverage,
            "orders": self.orders(),
            "stocks": self.stocks(),
        }

    def stocks(self) -> dict[str, dict[str, dict[str, int]]]:
        """The resource budget by faction and resource; leaves out a resource a faction
        never holds nor receives (nothing to spend)."""
        budget = self.resource_budget()
        out: dict[str, dict[str, dict[str, int]]] = {}
        for f, faction in enumerate(self.rules.faction_ids):
            rows = {
                resource: {
                    part: int(budget[part][f, r]) for part in ("start", "gained", "spent", "end")
                }
                for r, resource in enumerate(self.resource_ids)
            }
            out[faction] = {k: v for k, v in rows.items() if v["start"] or v["gained"]}
        return out


def contest_keys(rules: Rules) -> list[str]:
    """The key of every contest in the scenario's actions, events and choices, in the order
    they are written (see `game.engine.effects.compile_effects`)."""
    keys: list[str] = []
    for action in rules.actions:
        _contests_in(action.effects, keys)
    for event in rules.events:
        _contests_in(event.effects, keys)
        for choice in event.choices:
            _contests_in(choice.effects, keys)
    return keys


def _contests_in(effects: Sequence[Effect], keys: list[str]) -> None:
    for effect in effects:
        if isinstance(effect, Contest):
            keys.append(effect.key)
            _contests_in(effect.success, keys)
            _contests_in(effect.failure, keys)
        elif isinstance(effect, IfEffect):
            _contests_in(effect.then, keys)
            _contests_in(effect.otherwise, keys)


def _median(rows: Sequence[IntArray]) -> IntArray:
    # Rounded to whole numbers: stocks and tracks are whole, and so reads the report.
    found: IntArray = np.rint(np.median(np.stack(rows), axis=0)).astype(np.int64)
    return found

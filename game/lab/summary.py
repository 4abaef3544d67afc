"""One AI game played to its end and kept as a `GameSummary`: small, picklable, plain data.

A worker process sends summaries back to the parent, so they hold ids and numpy
arrays of a few hundred integers, never states or rules.

Turns are counted from 0, as the engine counts them (`rules.turn_dates[t]` is the
first day of turn t):

- `opening_*[t]` is how things stood as turn t opened (after its income and events);
  `final_*` how they stood when the game ended.
- `events[e]` is the turn on which event e first fired: the turn it opened, or, for
  an event an order set off mid-turn, the turn after (the turn it is read about).
- `flags[f]` is the turn whose play first set flag f (its orders, its choices, or the
  events that opened the next turn); -1 when the flag held from the start.
- `contests[key]` is how often the contest the scenario writes at `key` (e.g.
  "actions.seize.effects[1]") was won and lost, wherever it was rolled.
- `waited[e]`, only when asked to watch: for each event whose date came while it had
  not fired, the parts of its `when` (the conditions it joins with `and`, by position)
  that held as some turn opened while it waited.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.engine.clauses import chain, compile_part
from game.engine.context import EvalCtx
from game.engine.rules import EventRule, Rules
from game.engine.state import IntArray, State
from game.scenario.expr import Compiled, parse
from game.session import Session

AT_START = -1  # flags[f] of a flag that held from the start

# A game that has not ended after this many turns is a bug in the scenario or the
# engine; the lab stops it rather than hang a worker.
MAX_TURNS = 10_000


@dataclass(frozen=True, eq=False)
class GameSummary:
    seed: int
    ending: str
    winners: tuple[str, ...]
    turns: int  # turns played
    events: Mapping[str, int]  # event id -> turn it first fired
    flags: Mapping[str, int]  # flag id -> turn whose play first set it (AT_START: held at start)
    choices: tuple[str, ...]  # "event.choice", each once, in the order taken
    ordered: Mapping[tuple[str, str], int]  # (faction, action) -> orders given
    # (faction, action, outcome) -> orders; outcome is "done", "succeeded", "failed" or
    # "blocked:<check>" with the engine's check that failed ("condition", "target", "cost").
    outcomes: Mapping[tuple[str, str, str], int]
    opening_resources: IntArray  # (turns, factions, resources)
    final_resources: IntArray  # (factions, resources)
    spent: IntArray  # (factions, resources): the cost of the orders carried out
    opening_tracks: IntArray  # (turns, tracks)
    final_tracks: IntArray  # (tracks,)
    contests: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # key -> (won, lost)
    waited: Mapping[str, frozenset[int]] = field(default_factory=dict)  # event -> parts that held

    @property
    def blocked(self) -> int:
        return sum(n for (_, _, outcome), n in self.outcomes.items() if is_blocked(outcome))


def is_blocked(outcome: str) -> bool:
    return outcome.startswith("blocked")


def play(
    rules: Rules,
    seed: int,
    seat: str | None = None,
    profiles: Mapping[str, str] | None = None,
    *,
    watch: bool = False,
) -> GameSummary:
    """Play the game of `seed` to its end with the AI in every seat, and sum it up.

    The game is the one `Session(rules, seed, player=seat, profiles=profiles).run()`
    plays: it is played one turn at a time through `run` only to look at every state.
    `watch` notes which parts of the waiting events' conditions held (`waited`).
    """
    session = Session(rules, seed, player=seat, profiles=profiles)
    ids = rules.model
    event_ids = [e.id for e in ids.events]
    flag_ids = [f.id for f in ids.flags]
    state = session.state
    events = {event_ids[i]: 0 for i in np.flatnonzero(state.fired)}
    flags = {flag_ids[i]: AT_START for i in np.flatnonzero(state.flags)}
    # What ever fired or held, as Python lists: a turn's few changes are found by
    # comparing lists, for less than numpy's calls on arrays this small.
    fired: list[bool] = state.fired.tolist()
    held: list[bool] = state.flags.tolist()
    choices: dict[str, None] = {}  # an ordered set
    ordered: Counter[tuple[str, str]] = Counter()
    outcomes: Counter[tuple[str, str, str]] = Counter()
    spent: list[list[int]] = np.zeros_like(state.resources).tolist()
    contests: dict[str, list[int]] = {}
    _count_contests(state, contests)  # the opening events may roll some
    waited: dict[str, set[int]] = {}
    if watch:
        _watch(rules, state, waited)
    opening_resources, opening_tracks = [state.resources], [state.tracks]
    for _ in range(MAX_TURNS):
        if session.over:
            break
        played = session.state.turn
        session.run(max_turns=1)
        after = session.state
        for fid, orders in session.records[-1].decisions.items():
            for event, choice in orders.choices:
                choices[f"{event}.{choice}"] = None
            for order in orders.actions:
                ordered[(fid, order.action)] += 1
        _count_outcomes(rules, after, outcomes, spent)
        _count_contests(after, contests)
        fired = _note_new(after.fired.tolist(), fired, event_ids, events, after.turn)
        held = _note_new(after.flags.tolist(), held, flag_ids, flags, played)
        if not after.over:
            opening_resources.append(after.resources)
            opening_tracks.append(after.tracks)
            if watch:
                _watch(rules, after, waited)
    final = session.state
    ending = rules.model.endings[final.ending] if final.over else None
    return GameSummary(
        seed=seed,
        ending=ending.id if ending is not None else "",
        winners=tuple(ending.winners) if ending is not None else (),
        turns=len(session.records),
        events=events,
        flags=flags,
        choices=tuple(choices),
        ordered=dict(ordered),
        outcomes=dict(outcomes),
        opening_resources=np.stack(opening_resources),
        final_resources=np.array(final.resources),
        spent=np.array(spent, dtype=np.int64).reshape(final.resources.shape),
        opening_tracks=np.stack(opening_tracks),
        final_tracks=np.array(final.tracks),
        contests={key: (won, lost) for key, (won, lost) in contests.items()},
        waited={event: frozenset(parts) for event, parts in waited.items()},
    )


def _count_outcomes(
    rules: Rules, after: State, outcomes: Counter[tuple[str, str, str]], spent: list[list[int]]
) -> None:
    for record in after.last_actions:
        fid = rules.faction_ids[record.faction]
        action = rules.actions[record.action]
        outcome = record.outcome
        if outcome == "blocked":
            # A blocked order costs nothing: the engine checks before it pays.
            outcome = f"blocked:{record.blocked_by or 'unknown'}"
        else:
            row = spent[record.faction]
            for resource, cost in enumerate(action.cost_ints):
                row[resource] += cost
        outcomes[(fid, action.spec.id, outcome)] += 1


def _count_contests(state: State, found: dict[str, list[int]]) -> None:
    """Add the contests rolled in the step that made `state`, by the key each is marked with."""
    for change in state.ledger:
        if change.quantity.startswith("contest:"):
            result, _, key = change.quantity.partition(":")[2].partition(":")
            found.setdefault(key, [0, 0])[result != "won"] += 1


def _watch(rules: Rules, state: State, waited: dict[str, set[int]]) -> None:
    """Note, for each event due and not fired as this turn opens, which parts of its
    condition hold (as `fire_due_events` would judge them)."""
    _, last_day = rules.turn_span(state.turn)
    for event, parts in _event_parts(rules):
        if event.last_date > last_day or state.fired[event.index]:
            continue
        ctx = EvalCtx(rules, state, {"faction": event.faction} if event.faction >= 0 else {})
        held = waited.setdefault(event.spec.id, set())
        held.update(i for i, part in enumerate(parts) if part(ctx))


# Each event's `when` cut into the conditions it joins with `and`, compiled once per Rules.
_PARTS: weakref.WeakKeyDictionary[Rules, list[tuple[EventRule, tuple[Compiled, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def _event_parts(rules: Rules) -> list[tuple[EventRule, tuple[Compiled, ...]]]:
    found = _PARTS.get(rules)
    if found is None:
        found = []
        for event in rules.events:
            if isinstance(event.spec.when, bool) or event.when.symbols is None:
                continue  # `when: true` fires when due, `false` only when triggered
            node = parse(event.when.text)
            op, parts = chain(node)
            if op != "and":
                parts = (node,)
            found.append((event, tuple(compile_part(p, event.when.symbols) for p in parts)))
        _PARTS[rules] = found
    return found


def _note_new(
    now: list[bool], before: list[bool], ids: list[str], first: dict[str, int], turn: int
) -> list[bool]:
    """Record `turn` for each id that holds now and never held before; returns what ever held."""
    if now == before:  # most turns: nothing new
        return before
    for i, (is_now, was) in enumerate(zip(now, before, strict=True)):
        if is_now and not was:
            first.setdefault(ids[i], turn)
    return [is_now or was for is_now, was in zip(now, before, strict=True)]

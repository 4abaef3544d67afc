"""The player's orders for a turn: pure bookkeeping, shared by the window and the terminal.

Which actions and targets are open is asked of the engine (`action_problem`) with the
running spent resources, the actions already taken and their count; the words come
from `game.describe`. No rule of the game's world lives here, only the rules of
queueing orders.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from game.describe import cost_text, effects_text, target_label
from game.engine.decisions import ActionOrder
from game.engine.legal import action_open, action_problem, bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import IntArray, State
from game.report import OUTCOME_WORDS, action_label


@dataclass(frozen=True)
class Queued:
    """One order in the "This turn" list."""

    action: ActionRule
    candidate: int
    label: str  # the action and its target, in words
    effects: str  # what it will do, in words


@dataclass(frozen=True)
class ActionRow:
    """One of the player's actions as the side panel lists it, given what is queued."""

    action: ActionRule
    name: str
    cost: str
    open_targets: int
    targets: int
    reason: str | None  # why it is closed, when no target is open

    @property
    def text(self) -> str:
        if self.reason is None:
            where = "" if self.targets == 1 else f": {self.open_targets} of {self.targets} targets"
            return f"{self.name} ({self.cost}), open{where}"
        return f"{self.name} ({self.cost}), closed: {self.reason}"


class OrderBook:
    """The actions queued this turn, and what is still open given them."""

    def __init__(self, rules: Rules, faction: int) -> None:
        self.rules = rules
        self.me = faction
        self.mine = [a for a in rules.actions if faction in a.factions]
        self.queued: list[tuple[ActionRule, int]] = []

    # -- the running totals the engine checks against ----------------------------------

    def spent(self, state: State) -> IntArray:
        total: IntArray = np.zeros_like(state.resources[self.me])
        for action, _ in self.queued:
            total = total + action.cost
        return total

    def taken(self) -> Counter[int]:
        return Counter(action.index for action, _ in self.queued)

    @property
    def limit(self) -> int:
        return self.rules.actions_per_turn[self.me]

    def problem(self, state: State, action: ActionRule, candidate: int) -> str | None:
        """Why the order may not be queued now, in words; None when it may."""
        return action_problem(self.rules, state, self.me, action, candidate, *self.running(state))

    def is_open(self, state: State, action: ActionRule, candidate: int) -> bool:
        """Whether the order may be queued now (`problem` without the words)."""
        return action_open(self.rules, state, self.me, action, candidate, *self.running(state))

    def running(self, state: State) -> tuple[IntArray, Counter[int], int]:
        """What the queued orders already take: resources, actions by kind, order slots."""
        return self.spent(state), self.taken(), len(self.queued)

    def open_targets(self, state: State, action: ActionRule) -> list[int]:
        spent, taken, count = self.running(state)
        return [
            c
            for c in range(len(action.candidates))
            if action_open(self.rules, state, self.me, action, c, spent, taken, count)
        ]

    def rows(self, state: State) -> list[ActionRow]:
        out = []
        for action in self.mine:
            open_count = len(self.open_targets(state, action))
            # A closed action says why in the words of its first target's problem.
            reason = None
            if not open_count:
                first = self.problem(state, action, 0) if action.candidates else None
                reason = first or "no target"
            out.append(
                ActionRow(
                    action,
                    action.spec.name,
                    cost_text(self.rules, action),
                    open_count,
                    len(action.candidates),
                    reason,
                )
            )
        return out

    # -- queueing ----------------------------------------------------------------------

    def add(self, state: State, action: ActionRule, candidate: int) -> str | None:
        """Queue the order, or say why not (and queue nothing)."""
        problem = self.problem(state, action, candidate)
        if problem is None:
            self.queued.append((action, candidate))
        return problem

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.queued):
            del self.queued[index]

    def clear(self) -> None:
        self.queued = []

    def orders(self) -> tuple[ActionOrder, ...]:
        return tuple(
            ActionOrder(a.spec.id, self.rules.target_ids(a, a.candidates[c]))
            for a, c in self.queued
        )

    def listing(self, state: State) -> list[Queued]:
        return [
            Queued(action, c, self.label(action, c), self.effects(state, action, c))
            for action, c in self.queued
        ]

    # -- words -------------------------------------------------------------------------

    def label(self, action: ActionRule, candidate: int) -> str:
        target = self.rules.target_name(action, action.candidates[candidate])
        return f"{action.spec.name}: {target}" if target else action.spec.name

    def effects(self, state: State, action: ActionRule, candidate: int) -> str:
        params = bind(self.rules, state, action, candidate, self.me)
        return effects_text(self.rules, action.effects, params, board=state)

    def target_label(self, state: State, action: ActionRule, candidate: int) -> str:
        """A target's name with what matters before aiming at it (as the terminal says it)."""
        return target_label(self.rules, state, self.me, action, action.candidates[candidate])


def news_lines(rules: Rules, state: State, faction: int) -> list[str]:
    """What the journal says since the last turn began, then what the others did (and what
    of the player's own orders did not simply go through), in the report's words."""
    since = max(0, state.turn - 1)
    lines = [e.text for e in state.journal if e.turn >= since]
    for record in state.last_actions:
        if record.faction == faction and record.outcome == "done":
            continue
        who = rules.model.factions[record.faction]
        word = "" if record.outcome == "done" else f": {OUTCOME_WORDS.get(record.outcome, record.outcome)}"
        lines.append(f"{who.short_name or who.name}: {action_label(rules, record)}{word}")
    return lines

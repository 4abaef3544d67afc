"""The player's orders for a turn: pure bookkeeping, shared by the window and the terminal.

Which actions and targets are open is asked of the engine (`action_problem`) with the
running spent resources, the actions already taken and their count; the words come
from `game.describe`. No rule of the game's world lives here, only the rules of
queueing orders.

The step settles the turn's event choices before any order, and the player's orders
in the order queued, so an order is checked twice: against the start of the turn, as
the step checks it, and against the board it will meet (`game.engine.ahead`), after
the player's own choices and earlier orders. What is sure to close it there refuses
it; what may close it (a contest that may succeed) is said beside it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from game.describe import cost_text, effects_text, target_label
from game.engine.ahead import SUCCEEDS, after_choices, after_order, rolled
from game.engine.decisions import ActionOrder
from game.engine.legal import action_open, action_problem, bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import IntArray, State
from game.report import OUTCOME_WORDS, action_label
from game.scenario.expr import Kind


@dataclass(frozen=True)
class Queued:
    """One order in the "This turn" list."""

    action: ActionRule
    candidate: int
    label: str  # the action and its target, in words
    effects: str  # what it will do, in words
    # Why it will not (or may not) be carried out, given the player's choices and the
    # orders before it; None when nothing the player has decided stands in its way.
    warning: str | None = None
    sure: bool = False  # the warning is certain: the order will not be carried out


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


@dataclass(frozen=True)
class Ahead:
    """The boards the queued orders will meet, as far as the player's own decisions tell.

    `sure[k]` is the board the order at place k meets as far as is certain: after the
    player's choices (unless a contest among them rolls) and the orders before it (only
    the cost of one that rolls dice). `hopeful[k]` is the board it meets if every contest
    before it succeeds, the choices' and the orders'. Both have one board more than the
    orders queued: the next order's.
    """

    sure: tuple[State, ...]
    hopeful: tuple[State, ...]
    choices_rolled: bool  # a contest among the choices rolled: their board is one of several


@dataclass(frozen=True)
class Later:
    """Why an order open at the start of the turn will not, or may not, be carried out."""

    problem: str  # the engine's words for what will be in its way
    sure: bool  # certain (no dice between): the order should not be queued
    choice: str  # the player's choice that puts it in the way, in words ("" for an order)
    order: str  # else the earlier order that does

    def text(self, queued: bool = False) -> str:
        """Why not, for the order about to be queued or (`queued`) one in the list."""
        if self.choice:
            if not self.sure:
                head = f"will not be carried out if the contest in {self.choice} succeeds"
            else:
                head = f"{'will not be carried out' if queued else 'no longer possible'} after {self.choice}"
            return f"{head}: {self.problem}"
        if not self.sure:
            return f"already queued: if {self.order} succeeds, this one will not be carried out ({self.problem})"
        if queued:
            return (
                f"will not be carried out once {self.order} (queued before it) is: {self.problem}"
            )
        return (
            f"already queued: no longer possible once {self.order} is carried out: {self.problem}"
        )


class OrderBook:
    """The actions queued this turn, and what is still open given them."""

    def __init__(self, rules: Rules, faction: int) -> None:
        self.rules = rules
        self.me = faction
        self.mine = [a for a in rules.actions if faction in a.factions]
        self.queued: list[tuple[ActionRule, int]] = []
        # This turn's event choices (event id -> choice id): the step settles them first.
        self.choices: dict[str, str] = {}
        self._ahead: tuple[State, tuple[object, ...], Ahead] | None = None

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

    def problem(
        self, state: State, action: ActionRule, candidate: int, *, ahead: bool = True
    ) -> str | None:
        """Why the order may not be queued now, in words; None when it may. Without
        `ahead`, only as the step checks it, against the start of the turn."""
        found = action_problem(self.rules, state, self.me, action, candidate, *self.running(state))
        if found is not None or not ahead:
            return found
        later = self.later(state, action, candidate, len(self.queued))
        return later.text() if later is not None and later.sure else None

    def is_open(self, state: State, action: ActionRule, candidate: int) -> bool:
        """Whether the order may be queued now (`problem` without the words)."""
        if not action_open(self.rules, state, self.me, action, candidate, *self.running(state)):
            return False
        return self._sure_open(state, action, candidate)

    def _sure_open(self, state: State, action: ActionRule, candidate: int) -> bool:
        """Whether nothing the player has decided is sure to close the next order."""
        board = self.ahead(state).sure[-1]
        return board is state or action_open(self.rules, board, self.me, action, candidate)

    def running(self, state: State) -> tuple[IntArray, Counter[int], int]:
        """What the queued orders already take: resources, actions by kind, order slots."""
        return self.spent(state), self.taken(), len(self.queued)

    def open_targets(self, state: State, action: ActionRule) -> list[int]:
        spent, taken, count = self.running(state)
        return [
            c
            for c in range(len(action.candidates))
            if action_open(self.rules, state, self.me, action, c, spent, taken, count)
            and self._sure_open(state, action, c)
        ]

    # -- the boards ahead ----------------------------------------------------------------

    def ahead(self, state: State) -> Ahead:
        """The boards the orders will meet (see `Ahead`), kept while nothing changes."""
        key = (*self.choices.items(), *((a.index, c) for a, c in self.queued))
        if self._ahead is not None and self._ahead[0] is state and self._ahead[1] == key:
            return self._ahead[2]
        rules, me = self.rules, self.me
        sure: list[State] = [state]
        hopeful: list[State] = [state]
        choices_rolled = False
        if self.choices:
            # Contests succeed on the hopeful board (the AI draws one outcome instead: a
            # player is better told what may happen than what one draw says will).
            w = after_choices(rules, state, me, tuple(self.choices.items()), SUCCEEDS)
            choices_rolled = rolled(w)
            hopeful[0] = w.freeze()
            if not choices_rolled:
                sure[0] = hopeful[0]
        for action, c in self.queued:
            hopeful.append(after_order(rules, hopeful[-1], me, action, c).freeze())
            w = after_order(rules, sure[-1], me, action, c)
            if rolled(w):
                w = after_order(rules, sure[-1], me, action, c, effects=False)
            sure.append(w.freeze())
        found = Ahead(tuple(sure), tuple(hopeful), choices_rolled)
        self._ahead = (state, key, found)
        return found

    def later(self, state: State, action: ActionRule, candidate: int, at: int) -> Later | None:
        """What will stand in the way of the order at place `at` once the player's choices
        and the orders before it are carried out, or None when nothing they decided does."""
        ahead = self.ahead(state)
        for boards, sure in ((ahead.sure, True), (ahead.hopeful, False)):
            board = boards[at]
            if board is state:
                continue
            problem = action_problem(self.rules, board, self.me, action, candidate)
            if problem is None:
                continue
            # The first of the player's decisions after which the order is closed (the
            # choices only when they are what the hopeful board has and the sure has not).
            start = 0 if sure or ahead.choices_rolled else 1
            first = next(
                (
                    k
                    for k in range(start, at + 1)
                    if boards[k] is not state
                    and action_problem(self.rules, boards[k], self.me, action, candidate)
                    is not None
                ),
                at,
            )
            if first == 0:
                return Later(problem, sure, self._choice_cause(state, action, candidate), "")
            earlier = self.queued[first - 1]
            same = earlier == (action, candidate)
            return Later(problem, sure, "", "the first" if same else f'"{self.label(*earlier)}"')
        return None

    def _choice_cause(self, state: State, action: ActionRule, candidate: int) -> str:
        """Which of the turn's choices closes the order, in words."""
        chosen = list(self.choices.items())
        picked = chosen[-1]
        for n in range(1, len(chosen)):
            w = after_choices(self.rules, state, self.me, tuple(chosen[:n]), SUCCEEDS)
            if action_problem(self.rules, w, self.me, action, candidate) is not None:
                picked = chosen[n - 1]
                break
        event = self.rules.events[self.rules.id_index[Kind.EVENT][picked[0]]]
        text = next(c.spec.text for c in event.choices if c.spec.id == picked[1])
        return f'your choice "{text}" ({event.spec.title})'

    def left(self, state: State) -> list[int]:
        """What the player still has to spend on this turn's orders, per resource: the
        step checks the orders against the start of the turn, then each as it comes, after
        the choices and the orders before it."""
        start = (state.resources[self.me] - self.spent(state)).tolist()
        board = self.ahead(state).sure[-1]
        return [min(a, int(b)) for a, b in zip(start, board.resources[self.me], strict=True)]

    def resource_parts(self, state: State) -> list[str]:
        """Each resource with what is left to spend this turn, and what the player's
        choices bring too late for this turn's orders ("Cadres 3 (+2 next turn)")."""
        chosen = self.ahead(state).sure[0]
        parts = []
        for i, (resource, have) in enumerate(
            zip(self.rules.model.resources, self.left(state), strict=True)
        ):
            gain = int(chosen.resources[self.me, i]) - int(state.resources[self.me, i])
            parts.append(f"{resource.name} {have}" + (f" (+{gain} next turn)" if gain > 0 else ""))
        return parts

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

    def add(
        self, state: State, action: ActionRule, candidate: int, *, ahead: bool = True
    ) -> str | None:
        """Queue the order, or say why not (and queue nothing). Without `ahead`, only as
        the step checks it (for orders already given: a save's, a reloaded game's), so
        that one the player's choices close is kept, and flagged in the listing."""
        problem = self.problem(state, action, candidate, ahead=ahead)
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
        out = []
        for at, (action, c) in enumerate(self.queued):
            later = self.later(state, action, c, at)
            warning = None if later is None else later.text(queued=True)
            sure = later is not None and later.sure
            out.append(
                Queued(
                    action,
                    c,
                    self.label(action, c),
                    self.effects(state, action, c, at),
                    warning,
                    sure,
                )
            )
        return out

    # -- words -------------------------------------------------------------------------

    def label(self, action: ActionRule, candidate: int) -> str:
        target = self.rules.target_name(action, action.candidates[candidate])
        return f"{action.spec.name}: {target}" if target else action.spec.name

    def effects(
        self, state: State, action: ActionRule, candidate: int, at: int | None = None
    ) -> str:
        """What the order will do, in words, with its odds on the board it will meet at
        place `at` (next by default), as far as the player's choices and earlier orders
        make it sure; saying so when that board changes the words."""
        board, since = self._board(state, at)

        def said(on: State) -> str:
            params = bind(self.rules, on, action, candidate, self.me)
            return effects_text(self.rules, action.effects, params, board=on)

        text = said(board)
        return text if board is state or text == said(state) else f"{text} {since}"

    def target_label(
        self, state: State, action: ActionRule, candidate: int, at: int | None = None
    ) -> str:
        """A target's name with what matters before aiming at it (as the terminal says it),
        on the board the order will meet (see `effects`)."""
        target = action.candidates[candidate]
        board, since = self._board(state, at)
        text = target_label(self.rules, board, self.me, action, target)
        if board is state or text == target_label(self.rules, state, self.me, action, target):
            return text
        if text.endswith(")"):  # inside the target's own brackets: "(..., 74% chance, with ...)"
            return f"{text[:-1]}, {since[1:]}"
        return f"{text} {since}"

    def _board(self, state: State, at: int | None) -> tuple[State, str]:
        """The sure board for the order at place `at`, and the words for what made it."""
        at = len(self.queued) if at is None else at
        ahead = self.ahead(state)
        board = ahead.sure[at]
        chose = ahead.sure[0] is not state
        if chose and at:
            return board, "(with your choices and earlier orders this turn)"
        return board, "(with your choices this turn)" if chose else "(with your earlier orders)"


def news_lines(rules: Rules, state: State, faction: int) -> list[str]:
    """What the journal says since the last turn began, then what the others did (and what
    of the player's own orders did not simply go through), in the report's words."""
    since = max(0, state.turn - 1)
    lines = [e.text for e in state.journal if e.turn >= since]
    for record in state.last_actions:
        if record.faction == faction and record.outcome == "done":
            continue
        who = rules.model.factions[record.faction]
        word = (
            ""
            if record.outcome == "done"
            else f": {OUTCOME_WORDS.get(record.outcome, record.outcome)}"
        )
        lines.append(f"{who.short_name or who.name}: {action_label(rules, record)}{word}")
    return lines

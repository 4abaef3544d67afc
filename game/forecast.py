"""The road to every ending, and the warning before one arrives.

`roads(rules, state, me)` gives, for every ending of the scenario, its
title, who wins it, its condition split into clauses (the and/or tree as
written) and where each clause stands now; and for the fallback ending,
when the calendar runs out.

`threats(rules, state, me)` answers the rule that no ending may arrive
unannounced: before the player ends a turn, every ending some side could
bring about in that turn is listed, with who could do it, how likely it is
when dice decide, and what could stop it. See `threats` for what it tries.

Clauses are judged by compiling each part of an ending's condition with the
symbols the whole was compiled with (game.engine.clauses), and worded with
`Wording(rules, params).words(node)`, so the forecast reads the same rules
the engine applies. Pure: no I/O, no printing, no pygame.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from game.describe import both_styles
from game.engine.clauses import chain, compile_part
from game.engine.context import Board, EvalCtx
from game.engine.effects import Contest, Effect, IfEffect, chance_text
from game.engine.legal import action_blocked, bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import NO_ONE, State
from game.engine.wording import Wording, join
from game.engine.work import Work
from game.scenario.expr import (
    Binary,
    Compiled,
    ExprErrors,
    IntLit,
    Kind,
    Name,
    Node,
    Symbols,
    Unary,
    parse,
)

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


# -- the clauses of a condition --------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One part of an ending's condition and where it stands now.

    A leaf has `op` "" and no parts; "and"/"or" join `parts`. `now` is the value
    a comparison reads today ("now 22"), empty where there is no number to show.
    """

    text: str
    holds: bool
    now: str = ""
    op: str = ""
    parts: tuple[Clause, ...] = ()
    negated: bool = False  # a "not ..." in the rule: failing, it has stopped holding

    @property
    def status(self) -> str:
        if self.op == "and":
            return "all of these hold" if self.holds else "all of these must hold"
        if self.op == "or":
            return "one of these holds" if self.holds else "any one of these will do"
        if self.holds:
            return "holds"
        return "no longer" if self.negated else "not yet"

    def lines(self, indent: str = "") -> list[str]:
        if self.op:
            out = [f"{indent}{self.status}:"]
            for part in self.parts:
                out.extend(part.lines(indent + "  "))
            return out
        now = f"{self.now}, " if self.now else ""
        return [f"{indent}{self.text}: {now}{self.status}"]

    def leaves(self) -> list[Clause]:
        if not self.op:
            return [self]
        return [leaf for part in self.parts for leaf in part.leaves()]


@dataclass(frozen=True)
class _Part:
    """A clause compiled once per scenario: its node, its test and, for a comparison,
    the sides whose values are shown."""

    node: Node
    test: Compiled
    op: str
    parts: tuple[_Part, ...]
    sides: tuple[Compiled | None, ...]  # left and right of a comparison, when they have values


def _value_of(node: Node, symbols: Symbols) -> Compiled | None:
    """One side of a comparison compiled for its value, whatever its kind."""
    for kind in (Kind.INT, Kind.DATE, Kind.FACTION, Kind.SITE, Kind.REGION, Kind.UNIT):
        try:
            return compile_part(node, symbols, kind)
        except ExprErrors:
            continue
    return None


def _prepare(node: Node, condition: Compiled) -> _Part:
    symbols = condition.symbols
    assert symbols is not None
    op, children = chain(node)
    if op:
        parts = tuple(_prepare(child, condition) for child in children)
        return _Part(node, compile_part(node, symbols), op, parts, ())
    sides: tuple[Compiled | None, ...] = ()
    if isinstance(node, Binary) and node.op in COMPARISONS:
        left = _value_of(node.left, symbols)
        right = None if isinstance(node.right, IntLit) else _value_of(node.right, symbols)
        sides = (left, right)
    return _Part(node, compile_part(node, symbols), "", (), sides)


# Compiled once per Rules; weak, so that dropped rules are not kept alive.
_PREPARED: weakref.WeakKeyDictionary[Rules, list[_Part]] = weakref.WeakKeyDictionary()


def _prepared(rules: Rules) -> list[_Part]:
    found = _PREPARED.get(rules)
    if found is None:
        found = _PREPARED[rules] = [
            _prepare(parse(e.condition.text), e.condition) for e in rules.endings
        ]
    return found


def _shown(rules: Rules, compiled: Compiled, ctx: EvalCtx) -> str:
    value = int(compiled(ctx))
    if compiled.kind is Kind.INT:
        return str(value)
    if compiled.kind is Kind.DATE:
        day = dt.date.fromordinal(value)
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return Wording(rules, {}).name(compiled.kind, value)


def _judge(rules: Rules, part: _Part, ctx: EvalCtx, wording: Wording) -> Clause:
    holds = bool(part.test(ctx))
    text = wording.words(part.node)
    if part.op:
        parts = tuple(_judge(rules, p, ctx, wording) for p in part.parts)
        return Clause(text, holds, "", part.op, parts)
    now = ""
    left, right = (*part.sides, None, None)[:2]
    if left is not None:
        now = f"now {_shown(rules, left, ctx)}"
        if right is not None:
            now += f" against {_shown(rules, right, ctx)}"
    negated = isinstance(part.node, Unary) and part.node.op == "not"
    return Clause(text, holds, now, negated=negated)


def ending_clause(rules: Rules, board: Board, ending: int) -> Clause:
    """An ending's condition as a tree of clauses, each judged on `board`."""
    return _judge(rules, _prepared(rules)[ending], EvalCtx(rules, board), Wording(rules, {}))


# -- the roads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Road:
    """One ending: who wins it, what brings it, and how near it is."""

    ending: int
    title: str
    winners: tuple[str, ...]  # the winning sides' names
    yours: bool  # whether the player's side is among the winners
    condition: Clause | None  # None for the fallback, which has no condition
    holds: bool
    fallback: bool = False
    when: str = ""  # for the fallback: when the calendar runs out

    def lines(self) -> list[str]:
        who = " and ".join(self.winners) or "no one"
        head = f"{self.title} (won by {who}{', you among them' if self.yours else ''})"
        if self.fallback:
            return [head, f"  {self.when}"]
        assert self.condition is not None
        if self.holds:
            head += ": its conditions hold now"
        return [head, *self.condition.lines("  ")]


def _winners(rules: Rules, ending: int) -> tuple[str, ...]:
    ids = rules.model.endings[ending].winners
    return tuple(
        f"the {rules.model.factions[rules.faction_index[f]].name}"
        for f in ids
        if f in rules.faction_index
    )


def _yours(rules: Rules, ending: int, me: int) -> bool:
    return me != NO_ONE and rules.faction_ids[me] in rules.model.endings[ending].winners


def calendar_end(rules: Rules, state: State) -> str:
    """When the fallback ending comes, in words."""
    last = rules.last_turn
    day = both_styles(rules.date_of(last), rules.new_style_offset)
    left = last - state.turn
    # The date after a comma, not in brackets: it may hold brackets of its own (the
    # New Style date), and "((...))" reads as a slip.
    if left <= 0:
        return f"if no other ending comes first, at the end of this turn, the last: {day}"
    turns = "turn" if left == 1 else "turns"
    return (
        f"if no other ending comes first, at the end of turn {last + 1}, {day}, "
        f"{left} {turns} after this one"
    )


def roads(rules: Rules, state: State, me: int) -> list[Road]:
    """Every ending in the order the engine checks them (the first that holds wins), each with
    its condition judged on `state`; the fallback with when the calendar runs out."""
    out = []
    for ending, spec in enumerate(rules.model.endings):
        named = (ending, spec.title, _winners(rules, ending), _yours(rules, ending, me))
        if ending == rules.fallback:
            out.append(Road(*named, None, False, fallback=True, when=calendar_end(rules, state)))
        else:
            clause = ending_clause(rules, state, ending)
            out.append(Road(*named, clause, clause.holds))
    return out


# -- the threats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threat:
    """An ending that could arrive at the end of this turn, and how."""

    ending: int
    title: str
    winners: tuple[str, ...]
    yours: bool  # the player's side would win it
    faction: int  # who could bring it about; NO_ONE when no one need do anything
    cause: str  # "the Bolsheviks: Seize a building (Winter Palace)", in words
    chance: float | None = None  # when dice decide: the best chance among the ways listed
    stops: tuple[str, ...] = ()  # clauses that would have to stay false (or be made false)
    counters: tuple[str, ...] = field(default=())  # the player's open orders touching the same
    # What would close the order that brings it: each part of its condition that holds
    # now, said as what would have to come to hold instead ("Socialist bloc is less than 40").
    levers: tuple[str, ...] = field(default=())

    def line(self) -> str:
        who = " and ".join(self.winners) or "no one"
        among = ", you among them" if self.yours else ""
        text = (
            f"'{self.title}' (won by {who}{among}) could come at the end of this turn: {self.cause}"
        )
        if self.chance is not None:
            text += f", {chance_text(self.chance)}"
        if self.yours:  # a win of the player's: nothing to stop
            return text + "."
        if self.stops and self.faction == NO_ONE:
            text += ". To stop it, one of these must be undone first: " + "; ".join(self.stops)
        elif self.levers:
            text += ". To stop it, one of these must come to hold before their order is "
            text += "carried out: " + join(list(self.levers), "or")
        elif self.stops:
            text += ". To stop it, this must not come to hold: " + "; ".join(self.stops)
        if self.counters:
            text += ". Of your orders and choices, these would stop it if they came first: "
            text += "; ".join(self.counters)
        return text + "."


class _Fixed:
    """A stand-in for the dice that always throws the same: 0.0 wins every contest
    with any attack at all, just under 1.0 loses every one."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


WIN = cast(np.random.Generator, _Fixed(0.0))
LOSE = cast(np.random.Generator, _Fixed(1.0 - 2**-53))


def _first_ending(rules: Rules, board: Board) -> int:
    """The ending the step would pick now (as `turns._check_endings`), or NO_ONE."""
    ctx = EvalCtx(rules, board)
    for ending in rules.endings:
        if ending.condition(ctx):
            return ending.index
    return NO_ONE


def _contest_odds(effects: Sequence[Effect], ctx: EvalCtx) -> float | None:
    """The odds of the first contest the effects would roll, as the dice see it now."""
    for effect in effects:
        if isinstance(effect, Contest):
            return effect.odds(ctx)
        if isinstance(effect, IfEffect):
            branch = effect.then if effect.condition(ctx) else effect.otherwise
            found = _contest_odds(branch, ctx)
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class _Move:
    """One thing a side may do this turn: an action at a target, or a choice at an event."""

    faction: int
    key: str  # groups the targets of one action, or names one choice
    what: str  # the action's name, or the event and the choice in words
    target: str  # the target's name, "" for none
    effects: Sequence[Effect]
    params: dict[str, int]
    cause: str
    action: ActionRule | None = None
    candidate: int = 0


@dataclass(frozen=True)
class _Way:
    """A move that would bring an ending, with the dice as they must fall for it."""

    move: _Move
    ending: int
    dice: np.random.Generator  # WIN or LOSE
    chance: float | None
    changed: tuple[str, ...]  # the clauses of the ending it makes hold
    after: _Move | None = None  # a choice of this turn the move brings the ending with


def _apply(rules: Rules, board: State, move: _Move, dice: np.random.Generator) -> Work:
    w = Work(rules, board, dice)
    w.cause = move.cause
    for effect in move.effects:
        effect.apply(w, move.params)
    return w


def _ways(rules: Rules, state: State, move: _Move, base: int) -> tuple[list[_Way], State]:
    """The endings a move would bring (a contest tried won, then lost), and the board it
    leaves when it goes its way (won)."""
    won = _apply(rules, state, move, WIN)
    contested = any(c.quantity.startswith("contest:") for c in won.ledger)
    odds = _contest_odds(move.effects, EvalCtx(rules, state, move.params)) if contested else None
    tries = [(won, WIN, odds)]
    if contested:
        tries.append((_apply(rules, state, move, LOSE), LOSE, None if odds is None else 1 - odds))
    out = []
    for w, dice, chance in tries:
        ending = _first_ending(rules, w)
        if ending not in (NO_ONE, base):
            changed = _changed_clauses(rules, state, w, ending)
            out.append(_Way(move, ending, dice, chance, changed))
    return out, won.freeze()


def _changed_clauses(rules: Rules, state: State, w: Work, ending: int) -> tuple[str, ...]:
    before = ending_clause(rules, state, ending).leaves()
    after = ending_clause(rules, w, ending).leaves()
    made = [a.text for b, a in zip(before, after, strict=True) if a.holds and not b.holds]
    return tuple(made or [a.text for a in after if a.holds])


def _moves(rules: Rules, state: State) -> list[_Move]:
    """Every open choice of every event awaiting one, then every legal action of every side."""
    out = []
    for event_index, faction in state.pending:
        event = rules.events[event_index]
        params = {"faction": event.faction} if event.faction >= 0 else {}
        ctx = EvalCtx(rules, state, params)
        for choice in event.choices:
            if choice.condition(ctx):
                cause = f"event:{event.spec.id}:{choice.spec.id}"
                what = f"at '{event.spec.title}', to choose: {choice.spec.text.strip()}"
                out.append(_Move(faction, cause, what, "", choice.effects, params, cause))
    for faction in range(rules.n_factions):
        fid = rules.faction_ids[faction]
        for action in rules.actions:
            if faction not in action.factions:
                continue
            for candidate, target in enumerate(action.candidates):
                if action_blocked(rules, state, faction, action, candidate):
                    continue
                out.append(
                    _Move(
                        faction,
                        f"{faction}:{action.index}",
                        action.spec.name,
                        rules.target_name(action, target),
                        action.effects,
                        bind(rules, state, action, candidate, faction),
                        f"action:{action.spec.id}:{fid}",
                        action,
                        candidate,
                    )
                )
    return out


def _after_choices(
    rules: Rules, state: State, ways: list[_Way], moves: list[_Move], base: int
) -> list[_Way]:
    """The endings an order that ends the game would bring instead together with one of
    this turn's choices (settled before any order): a Palace stormed on the night the
    Congress votes one way or the other. Only orders that end the game on their own are
    tried, so a threat they bring is already listed; this names the other ending it may be."""
    choices = [m for m in moves if m.action is None]
    out: list[_Way] = []
    boards: dict[str, State | None] = {}
    for way in ways:
        if way.move.action is None:
            continue
        for choice in choices:
            if choice.key not in boards:
                after = _apply(rules, state, choice, WIN)
                # A choice that ends the game on its own is a threat of its own.
                boards[choice.key] = (
                    after.freeze() if _first_ending(rules, after) == NO_ONE else None
                )
            board = boards[choice.key]
            if board is None:
                continue
            w = _apply(rules, board, way.move, way.dice)
            ending = _first_ending(rules, w)
            if ending not in (NO_ONE, way.ending, base):
                changed = _changed_clauses(rules, state, w, ending)
                out.append(_Way(way.move, ending, way.dice, way.chance, changed, choice))
    return out


def _stops(rules: Rules, board: State, way: _Way) -> bool:
    """Whether, on a board one of the player's moves has left, a way no longer ends the game
    as it would: its order is refused when its turn comes, or it brings no such ending."""
    if way.after is not None:
        board = _apply(rules, board, way.after, WIN).freeze()
    move = way.move
    if move.action is not None and action_blocked(
        rules, board, move.faction, move.action, move.candidate
    ):
        return True
    return _first_ending(rules, _apply(rules, board, move, way.dice)) != way.ending


def threats(rules: Rules, state: State, me: int) -> list[Threat]:
    """Every ending some side could bring about at the end of this turn, before it is ended.

    Tried, each on its own scratch copy of the state: nothing at all (an ending whose
    condition already holds, and on the last turn the fallback); every open choice of
    every event awaiting a choice; every legal action of every side at every target.
    A contest is tried won and lost, and its chance is the odds attack/(attack+defence)
    as they stand now. Single moves only, never two together: a combination of orders
    (or of sides) that only together would end the game is not foreseen. The turn's
    pressures (drift, income, new events) come after the endings are checked, so they
    cannot bring an ending this turn; what they set up shows in next turn's forecast.

    A threat the player does not bring lists the player's open orders that would stop
    it if carried out before it (each tried on its own: after it, the threatening order
    is refused or no longer brings that ending). Orders go round by round in the
    scenario's faction order, so "before it" is not always in the player's hands.
    """
    if state.over:
        return []
    out: list[Threat] = []
    base = _first_ending(rules, state)
    if base != NO_ONE:
        clause = ending_clause(rules, state, base)
        held = tuple(leaf.text for leaf in clause.leaves() if leaf.holds)
        cause = "its conditions already hold, and it comes at the end of this turn"
        out.append(_threat(rules, base, me, NO_ONE, cause, None, held, ()))
    elif state.turn >= rules.last_turn:
        cause = "this is the last turn, and the calendar runs out at its end"
        out.append(_threat(rules, rules.fallback, me, NO_ONE, cause, None, (), ()))
    ways: list[_Way] = []
    mine: list[tuple[str, State, bool]] = []  # the player's moves: label, board, is an order
    moves = _moves(rules, state)
    for move in moves:
        found, board = _ways(rules, state, move, base)
        ways.extend(found)
        if move.faction == me:
            label = f"{move.what} ({move.target})" if move.target else move.what
            mine.append((label, board, move.action is not None))
    ways.extend(_after_choices(rules, state, ways, moves, base))
    groups: dict[tuple[int, str, str], list[_Way]] = {}
    for way in ways:
        key = (way.ending, way.move.key, way.after.key if way.after else "")
        groups.setdefault(key, []).append(way)
    for (ending, _, _), group in groups.items():
        out.append(_grouped(rules, state, me, ending, group, mine))
    return out


MAX_TARGETS_SHOWN = 4
MAX_COUNTERS = 6


def _grouped(
    rules: Rules,
    state: State,
    me: int,
    ending: int,
    group: list[_Way],
    mine: list[tuple[str, State, bool]],
) -> Threat:
    """One threat for one ending and one move (an action with all its targets, or a choice)."""
    first = group[0].move
    targets = list(dict.fromkeys(w.move.target for w in group if w.move.target))
    shown = ", ".join(targets[:MAX_TARGETS_SHOWN])
    if len(targets) > MAX_TARGETS_SHOWN:
        shown += " and others"
    who = "you" if first.faction == me else f"the {rules.model.factions[first.faction].name}"
    cause = f"{who}: {first.what}" + (f" ({shown})" if shown else "")
    after = group[0].after
    if after is not None:
        chooser = (
            "you" if after.faction == me else f"the {rules.model.factions[after.faction].name}"
        )
        # `what` of a choice reads "at 'Title', to choose: text".
        cause += f", if {chooser} choose {after.what.replace(', to choose: ', ': ', 1)}"
    chances = [w.chance for w in group]
    chance = None if None in chances else max(c for c in chances if c is not None)
    stops = tuple(dict.fromkeys(c for w in group for c in w.changed))
    counters: list[str] = []
    if first.faction != me:
        # Every choice is settled before any order is carried out: against a choice,
        # only the player's own choices may come in time.
        against_choice = first.action is None
        for label, board, is_order in mine:
            if is_order and against_choice:
                continue
            if all(_stops(rules, board, w) for w in group):
                counters.append(label)
                if len(counters) == MAX_COUNTERS:
                    break
    found = _threat(rules, ending, me, first.faction, cause, chance, stops, tuple(counters))
    if first.action is None or found.yours:
        return found
    levers = tuple(lever for lever in _levers(rules, state, first) if lever not in stops)
    return dataclasses.replace(found, levers=levers)


# The board's clock: a part of a condition that reads it is no lever anyone can pull.
_CLOCK = ("date", "turn", "final")


def _levers(rules: Rules, state: State, move: _Move) -> list[str]:
    """What would close the action of `move` before it is carried out: each part of its
    condition (the parts joined by 'and') said the other way round, with its value now.
    Parts that read the calendar are left out: nothing a side does moves them."""
    action = move.action
    if action is None:
        return []
    try:
        node = parse(action.condition.text)
    except Exception:  # checked when loaded: a fallback only
        return []
    wording = Wording(rules, move.params)
    ctx = EvalCtx(rules, state, move.params)
    out = []
    op, parts = chain(node)
    for part in parts if op == "and" else (node,):
        if _reads(part, _CLOCK):
            continue
        said = wording.negated(part)
        try:
            judged = _judge(rules, _prepare(part, action.condition), ctx, wording)
        except Exception:  # a part that cannot be judged alone: said without its value
            judged = None
        out.append(f"{said} ({judged.now})" if judged is not None and judged.now else said)
    return out


def _reads(node: Node, names: tuple[str, ...]) -> bool:
    """Whether an expression reads any of the board's built-in `names`."""
    if isinstance(node, Name):
        return node.name in names
    children = [getattr(node, a) for a in ("left", "right", "operand") if hasattr(node, a)]
    children += list(getattr(node, "args", ()))
    return any(_reads(child, names) for child in children)


def _threat(
    rules: Rules,
    ending: int,
    me: int,
    faction: int,
    cause: str,
    chance: float | None,
    stops: tuple[str, ...],
    counters: tuple[str, ...],
) -> Threat:
    return Threat(
        ending,
        rules.model.endings[ending].title,
        _winners(rules, ending),
        _yours(rules, ending, me),
        faction,
        cause,
        chance,
        stops,
        counters,
    )


def warnings(rules: Rules, state: State, me: int) -> list[str]:
    """The threats as lines for the player, those that would end the game against them first."""
    found = threats(rules, state, me)
    found.sort(key=lambda t: t.yours)
    return [t.line() for t in found]

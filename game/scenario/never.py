"""Conditions that can never hold, found without playing a game.

`python -m game check` warns a modder of a condition no game could make true:
`soviet_authority > 150` on a track that runs from 0 to 100, `flag(x) and not
flag(x)`, a resource compared with a negative number, a flag that nothing ever
sets. It warns only of what it has proved: a warning about a condition that some
game could meet would teach modders to ignore the warnings.

How it proves it:

1. Every value an expression reads has a *domain*, from the scenario (`Facts`): a
   track its declared range (narrowed when nothing moves it, or every move goes one
   way), a flag both set and clear (one of them when no effect changes it), support
   0 to 100, a resource 0 or more (only 0 when nothing ever gives it), the turn and
   the date those of the calendar, a $parameter the ids it can be bound to there.
2. The expression is evaluated over sets of values (`Vals`): each node gives a set
   holding every value it could take in some game, exactly when the set is small,
   else as an interval that holds it. A condition whose set lacks `true` never holds.
3. Sets forget that two reads of one value agree (`x > 5 and x < 3`, `flag(a) and
   not flag(a)`). So a value read more than once is held in turn to each piece of
   its domain (each value, or the stretches between the numbers it is compared
   with), and the expression evaluated again: it never holds if it holds in no piece.

Each step can only widen a set, never lose a value a game could produce, which is
what makes a "never" safe to say. Nothing here reads files or knows of pygame.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.scenario import schema as s
from game.scenario.expr import (
    ENTITY_KINDS,
    FUNCTIONS,
    Binary,
    BoolLit,
    Call,
    DateLit,
    ExprError,
    IntLit,
    Kind,
    Name,
    Node,
    Param,
    Unary,
    describe,
    parse,
)
from game.scenario.places import Ids, Params, Place, effect_places, places
from game.scenario.values import (
    ANY,
    EITHER,
    FALSE,
    INF,
    MAX_POINTS,
    NATURAL,
    PERCENT,
    TRUE,
    Bound,
    Vals,
    absolute,
    arithmetic,
    both,
    compare,
    either,
    exact,
    larger,
    meet,
    negate,
    negation,
    one,
    pick,
    smaller,
    union,
)

MAX_COMBOS = 2048  # pieces tried, all values read more than once together
# Nodes evaluated for one expression at most, its parts and pieces together: a few
# tenths of a second, so that no expression a scenario may hold keeps `check` long.
# An ordinary condition needs a few hundred.
MAX_WORK = 100_000
SINGLES = 16  # a domain this small is cut into its values
CUTS = 40  # at most this many numbers to cut a larger domain at


# --- what the scenario allows -------------------------------------------------------------


@dataclass(frozen=True)
class Facts(Ids):
    """The domain of everything an expression reads, from the scenario alone."""

    tracks: tuple[Vals, ...]
    track_notes: tuple[str, ...]  # e.g. "legitimacy runs from 0 to 100"
    flags: tuple[Vals, ...]
    flag_notes: tuple[str, ...]  # why a flag is always clear or always set; "" when it changes
    resources: tuple[Vals, ...]
    resource_notes: tuple[str, ...]
    turn_dates: tuple[int, ...]  # day ordinals of the turns
    sites: int

    @property
    def last_turn(self) -> int:
        return len(self.turn_dates) - 1


def facts_of(model: s.ScenarioModel) -> Facts:
    """What the scenario lets each value be, from its declared ranges and what its effects
    can change."""
    from game.scenario.crossref import symbols_of

    ids = symbols_of(model)
    loose = Facts(
        ids,
        tracks=tuple(Vals(t.min, t.max) for t in model.tracks),
        track_notes=("",) * len(model.tracks),
        flags=(EITHER,) * len(model.flags),
        flag_notes=("",) * len(model.flags),
        resources=(NATURAL,) * len(model.resources),
        resource_notes=("",) * len(model.resources),
        turn_dates=tuple(t.date.toordinal() for t in model.calendar.turns),
        sites=len(model.sites),
    )
    # What the effects may do, judged with the declared ranges alone: a move's sign
    # may depend on a track, but not on what this is about to find about the tracks.
    moves: dict[int, list[Vals]] = {}
    gains: dict[int, list[Vals]] = {}
    sets: set[int] = set()
    clears: set[int] = set()
    for i, track in enumerate(model.tracks):
        if track.per_turn != 0:
            moves.setdefault(i, []).append(_amount(track.per_turn, loose, {}))
    for f, faction in enumerate(model.factions):
        for resource, stock in faction.resources.items():
            if stock > 0:
                gains.setdefault(loose.index[Kind.RESOURCE][resource], []).append(one(stock))
        params: Params = {"faction": (Kind.FACTION, one(f))}
        for resource, income in faction.income.items():
            gains.setdefault(loose.index[Kind.RESOURCE][resource], []).append(
                _amount(income, loose, params)
            )
    for place in effect_places(model, loose):
        effect = place.effect
        if isinstance(effect, s.MoveTrack):
            amount = _amount(effect.amount, loose, place.params)
            moves.setdefault(loose.index[Kind.TRACK][effect.track], []).append(amount)
        elif isinstance(effect, s.GainResource):
            amount = _amount(effect.amount, loose, place.params)
            gains.setdefault(loose.index[Kind.RESOURCE][effect.resource], []).append(amount)
        elif isinstance(effect, s.SetFlag):
            sets.add(loose.index[Kind.FLAG][effect.flag])
        elif isinstance(effect, s.ClearFlag):
            clears.add(loose.index[Kind.FLAG][effect.flag])
    tracks = [_track(t, moves.get(i, [])) for i, t in enumerate(model.tracks)]
    flags = [_flag(f, i in sets, i in clears) for i, f in enumerate(model.flags)]
    resources = [_resource(r, gains.get(i, [])) for i, r in enumerate(model.resources)]
    return Facts(
        ids,
        tracks=tuple(v for v, _ in tracks),
        track_notes=tuple(n for _, n in tracks),
        flags=tuple(v for v, _ in flags),
        flag_notes=tuple(n for _, n in flags),
        resources=tuple(v for v, _ in resources),
        resource_notes=tuple(n for _, n in resources),
        turn_dates=loose.turn_dates,
        sites=loose.sites,
    )


def _amount(raw: int | float | str, facts: Facts, params: Params) -> Vals:
    """The values an amount written in the scenario may take."""
    if isinstance(raw, int | float):
        return exact([math.floor(raw), math.ceil(raw)])
    try:
        kind, found, _ = _Eval(facts, params).eval(parse(raw))
    except (ExprError, _CannotTell):
        return ANY
    return found if kind is Kind.INT and not found.empty else ANY


def _track(track: s.Track, moves: list[Vals]) -> tuple[Vals, str]:
    # A move is kept within the range, so a track only ever moved up stays at or above
    # where it began, and one never moved stays there.
    span = f"from {track.min} to {track.max}"
    if not moves:
        return one(track.initial), f"{track.id} stays at {track.initial}: nothing moves it"
    if all(m.lo >= 0 for m in moves):
        return (
            Vals(track.initial, track.max),
            f"{track.id} only rises, from {track.initial} (it runs {span})",
        )
    if all(m.hi <= 0 for m in moves):
        return (
            Vals(track.min, track.initial),
            f"{track.id} only falls, from {track.initial} (it runs {span})",
        )
    return Vals(track.min, track.max), f"{track.id} runs {span}"


def _flag(flag: s.Flag, set_somewhere: bool, cleared_somewhere: bool) -> tuple[Vals, str]:
    if not flag.initial and not set_somewhere:
        return FALSE, f"flag({flag.id}) is never set: it starts clear and no effect sets it"
    if flag.initial and not cleared_somewhere:
        return TRUE, f"flag({flag.id}) is never cleared: it starts set and no effect clears it"
    return EITHER, ""


def _resource(resource: s.Resource, gains: list[Vals]) -> tuple[Vals, str]:
    if not any(g.hi > 0 for g in gains):
        return FALSE, f"no faction ever has any {resource.id}: nothing gives it"
    return NATURAL, f"{resource.id} is never below 0"


# --- evaluation over sets ----------------------------------------------------------------

Key = tuple[object, ...]  # names one value an expression reads: a track, a call, the turn
TURN: Key = ("turn",)  # the turn, and the date and `final` that follow from it


class _CannotTell(Exception):
    """Something this analysis does not know (never in a scenario that validated)."""


# What each reading function can give, whatever its arguments.
_RANGES: Mapping[str, Vals] = {
    "support": PERCENT,
    "mobilisation": PERCENT,
    "loyalty": PERCENT,
    "defence": NATURAL,
    "strength": NATURAL,
    "controls": EITHER,
    "fired": EITHER,
    "is_player": EITHER,
}


class Budget:
    """What is left of the nodes one expression's analysis may evaluate (MAX_WORK)."""

    def __init__(self, left: int = MAX_WORK) -> None:
        self.left = left


class _Eval:
    """One evaluation of an expression over sets, with some reads held to a piece of their
    domain (`pins`). It notes what it reads, for the pieces and for the reasons given."""

    def __init__(
        self,
        facts: Facts,
        params: Params,
        pins: Mapping[Key, Vals] | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.facts = facts
        self.params = params
        self.pins = pins or {}
        self.budget = budget or Budget()
        self.reads: Counter[Key] = Counter()
        self.domains: dict[Key, Vals] = {}
        self.nodes: dict[Key, Node] = {}
        self.against: dict[Key, list[Vals]] = {}  # what each read is compared with

    def read(self, key: Key, domain: Vals, node: Node) -> Vals:
        self.reads[key] += 1
        self.domains.setdefault(key, domain)
        self.nodes.setdefault(key, node)
        pinned = self.pins.get(key)
        return domain if pinned is None else pinned

    def eval(self, node: Node, hint: Kind | None = None) -> tuple[Kind, Vals, Key | None]:
        """The node's type, its values, and the key of the value when it is a read."""
        self.budget.left -= 1
        if self.budget.left < 0:
            raise _CannotTell("too long to tell")
        if isinstance(node, IntLit):
            return Kind.INT, one(node.value), None
        if isinstance(node, BoolLit):
            return Kind.BOOL, one(int(node.value)), None
        if isinstance(node, DateLit):
            return Kind.DATE, one(node.value.toordinal()), None
        if isinstance(node, Name):
            return self.name(node, hint)
        if isinstance(node, Param):
            found = self.params.get(node.name)
            if found is None:
                raise _CannotTell(node.name)
            key: Key = ("param", node.name)
            return found[0], self.read(key, found[1], node), key
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            value = self.eval(node.operand)[1]
            if node.op == "not":
                return Kind.BOOL, negation(value), None
            return Kind.INT, negate(value), None
        return self.binary(node)

    def name(self, node: Name, hint: Kind | None) -> tuple[Kind, Vals, Key | None]:
        # Resolved as the compiler resolves it: an id where one is expected, then the
        # words of the language, then a track.
        facts, name = self.facts, node.name
        if hint in ENTITY_KINDS and name in facts.index.get(hint, {}):
            return hint, one(facts.index[hint][name]), None
        if name in ("turn", "date", "final"):
            turns = self.read(TURN, Vals(0, facts.last_turn), node)
            if name == "turn":
                return Kind.INT, turns, TURN
            if name == "date":
                dates = facts.turn_dates
                return (
                    Kind.DATE,
                    exact(dates[min(t, facts.last_turn)] for t in turns.values()),
                    TURN,
                )
            return Kind.BOOL, exact(int(t >= facts.last_turn) for t in turns.values()), TURN
        if name == "none":
            return Kind.FACTION, one(-1), None
        track = facts.index[Kind.TRACK].get(name)
        if track is None:
            raise _CannotTell(name)
        key: Key = ("track", track)
        return Kind.INT, self.read(key, facts.tracks[track], node), key

    def call(self, node: Call) -> tuple[Kind, Vals, Key | None]:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise _CannotTell(node.name)
        args: list[Vals | None] = []  # None: `all`, or left out
        for arg, kind in zip(node.args, spec.params, strict=False):
            if kind in ENTITY_KINDS and isinstance(arg, Name):
                args.append(self.entity(arg.name, kind))
            else:
                args.append(self.eval(arg, kind)[1])
        args += [None] * (len(spec.params) - len(args))
        name = spec.name
        if name in ("min", "max", "abs", "if"):
            values = [ANY if a is None else a for a in args]
            if name == "min":
                return Kind.INT, smaller(values[0], values[1]), None
            if name == "max":
                return Kind.INT, larger(values[0], values[1]), None
            if name == "abs":
                return Kind.INT, absolute(values[0]), None
            return Kind.INT, pick(values[0], values[1], values[2]), None
        # A function given the faction `none` gives 0 or false (see expr.py).
        default = FALSE
        factions = [a for a, k in zip(args, spec.params, strict=True) if a and k is Kind.FACTION]
        if any(a.only(-1) for a in factions):
            return spec.returns, default, None
        if name == "track":
            key: Key = ("track", _index_of(args[0]))
        else:
            key = ("call", node)
        found = self.read(key, self.domain(name, args), node)
        if any(-1 in a for a in factions):
            found = union(found, default)
        return spec.returns, found, key

    def entity(self, name: str, kind: Kind) -> Vals | None:
        if name == "all":
            return None
        found = self.facts.index.get(kind, {}).get(name)
        if found is not None:
            return one(found)
        if name == "none" and kind is Kind.FACTION:
            return one(-1)
        raise _CannotTell(name)

    def domain(self, name: str, args: list[Vals | None]) -> Vals:
        facts = self.facts
        if name in _RANGES:
            return _RANGES[name]
        if name == "track":
            return facts.tracks[_index_of(args[0])]
        if name == "flag":
            return facts.flags[_index_of(args[0])]
        if name == "resource":
            return facts.resources[_index_of(args[1])]
        if name in ("control", "owner"):
            return facts.all_of(Kind.FACTION)
        if name == "unit_region":
            return Vals(0, len(facts.ids[Kind.REGION]) - 1)
        if name == "sites_held":
            return Vals(0, facts.sites)
        raise _CannotTell(name)

    def binary(self, node: Binary) -> tuple[Kind, Vals, Key | None]:
        op, ln, rn = node.op, node.left, node.right
        if op in ("and", "or"):
            a, b = self.eval(ln)[1], self.eval(rn)[1]
            return Kind.BOOL, both(a, b) if op == "and" else either(a, b), None
        if op in ("==", "!="):
            # As the compiler does: a bare name takes its meaning from the other side.
            swap = isinstance(ln, Name) and not (isinstance(rn, Name) and not self.plain(rn.name))
            first, second = (rn, ln) if swap else (ln, rn)
            k1, v1, key1 = self.eval(first)
            _, v2, key2 = self.eval(second, k1)
            self.compared(key1, v2)
            self.compared(key2, v1)
            return Kind.BOOL, compare(op, v1, v2), None
        k1, v1, key1 = self.eval(ln)
        k2, v2, key2 = self.eval(rn)
        if op in ("<", "<=", ">", ">="):
            self.compared(key1, v2)
            self.compared(key2, v1)
            return Kind.BOOL, compare(op, v1, v2), None
        dated = op in ("+", "-") and Kind.DATE in (k1, k2) and not (op == "-" and k1 is k2)
        return Kind.DATE if dated else Kind.INT, arithmetic(op, v1, v2), None

    def plain(self, name: str) -> bool:
        return name in ("turn", "date", "final", "none") or name in self.facts.index[Kind.TRACK]

    def compared(self, key: Key | None, other: Vals) -> None:
        if key is not None:
            self.against.setdefault(key, []).append(other)


def _index_of(value: Vals | None) -> int:
    if value is None or value.lo != value.hi:
        raise _CannotTell("an id that is not one")
    return int(value.lo)


# --- proving a condition never holds --------------------------------------------------


@dataclass(frozen=True)
class Proof:
    """That a condition never holds, with what it reads (for saying why)."""

    reads: Mapping[Key, tuple[Vals, Node]]
    # Only holding a value read twice to each piece of its domain proved it: the parts
    # contradict one another, rather than one part being impossible by itself.
    split: bool


def never_holds(
    node: Node,
    facts: Facts,
    params: Params,
    hint: Kind | None = None,
    budget: Budget | None = None,
) -> Proof | None:
    """A proof that `node`, a condition, holds in no game; None when it may hold (or when
    this cannot tell, within the budget)."""
    budget = budget or Budget()
    ev = _Eval(facts, params, budget=budget)
    try:
        kind, found, _ = ev.eval(node, hint)
    except _CannotTell:
        return None
    if kind is not Kind.BOOL:
        return None
    reads = {key: (ev.domains[key], ev.nodes[key]) for key in ev.reads}
    if not found.can(True):
        return Proof(reads, split=False)
    splits: list[tuple[Key, list[Vals]]] = []
    combos = 1
    for key, count in ev.reads.most_common():
        if count < 2:
            break
        pieces = _pieces(key, ev.domains[key], ev.against.get(key, []))
        if len(pieces) < 2 or combos * len(pieces) > MAX_COMBOS:
            continue
        splits.append((key, pieces))
        combos *= len(pieces)
    if not splits:
        return None
    for combo in itertools.product(*(pieces for _, pieces in splits)):
        pins = {key: piece for (key, _), piece in zip(splits, combo, strict=True)}
        try:
            _, found, _ = _Eval(facts, params, pins, budget).eval(node, hint)
        except _CannotTell:
            return None
        if found.can(True):
            return None
    return Proof(reads, split=True)


def _pieces(key: Key, domain: Vals, against: Sequence[Vals]) -> list[Vals]:
    """Pieces that together make up the domain: its values when it has few, else the
    numbers it is compared with (and their neighbours) and the stretches between."""
    size = domain.size
    if size <= SINGLES or (key == TURN and size <= MAX_POINTS):
        return [one(v) for v in domain.values()]
    marks: set[int] = set()
    for other in against:
        near = (
            other.values() if other.size <= 8 else [x for x in (other.lo, other.hi) if abs(x) < INF]
        )
        marks.update(int(x) + d for x in near for d in (-1, 0, 1))
    cuts = sorted(x for x in marks if x in domain)
    if not cuts or len(cuts) > CUTS:
        return [domain]
    pieces = []
    start: Bound = domain.lo
    for cut in cuts:
        if start < cut:
            pieces.append(meet(domain, Vals(start, cut - 1)))
        pieces.append(meet(domain, one(cut)))
        start = cut + 1
    if start <= domain.hi:
        pieces.append(meet(domain, Vals(start, domain.hi)))
    return [p for p in pieces if not p.empty]


# --- findings --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A condition, or a part of one, that can never hold."""

    place: Place
    part: str  # the part that never holds, re-printed; the whole when it is the whole
    column: int  # where the part starts in the expression, from 1
    reasons: tuple[str, ...]  # why, in the modder's words
    # The part decides the whole: it is the condition, or one of the conditions it joins
    # with `and`, so the whole never holds either.
    whole: bool

    @property
    def message(self) -> str:
        """One line: where, what never holds, why, and what follows (the expression itself is
        `place.text`)."""
        why = "; ".join(self.reasons)
        if self.whole and self.part == describe(self.place.text):
            head = f"'{self.part}' can never hold"
        elif self.whole:
            head = f"it can never hold, since '{self.part}' cannot"
        else:
            head = f"the part '{self.part}' can never hold"
        outcome = f"; so {self.place.outcome}" if self.whole and self.place.outcome else ""
        return f"{self.place.what}: {head}: {why}{outcome}"


def find(model: s.ScenarioModel, facts: Facts | None = None) -> list[Finding]:
    """Every condition of the scenario, and every part of one, that can never hold."""
    facts = facts or facts_of(model)
    found: list[Finding] = []
    for place in places(model, facts):
        found.extend(findings_in(place, facts))
    return found


def findings_in(place: Place, facts: Facts) -> list[Finding]:
    """What never holds in one expression: the whole condition, or else the largest parts."""
    try:
        node = parse(place.text)
    except ExprError:
        return []
    if isinstance(node, BoolLit | IntLit):
        return []  # `false` written as such is meant (an event only triggered)
    budget = Budget()
    if place.kind is Kind.BOOL:
        proof = never_holds(node, facts, place.params, budget=budget)
        if proof is not None:
            part, proof = _culprit(node, proof, facts, place.params, budget)
            reasons = _reasons(proof, facts, place.params)
            return [Finding(place, describe(part), part.column, reasons, True)]
    found: list[Finding] = []
    _parts(place, node, facts, found, budget)
    return found


def _culprit(
    node: Node, proof: Proof, facts: Facts, params: Params, budget: Budget
) -> tuple[Node, Proof]:
    """Of a never-holding `a and b and c`, the first part that cannot hold by itself, if one
    cannot: it is what to fix. Else the whole."""
    for part in _conjuncts(node):
        if part is node or isinstance(part, BoolLit):
            continue
        alone = never_holds(part, facts, params, budget=budget)
        if alone is not None:
            return part, alone
    return node, proof


def _conjuncts(node: Node) -> list[Node]:
    if isinstance(node, Binary) and node.op == "and":
        return [*_conjuncts(node.left), *_conjuncts(node.right)]
    return [node]


def _parts(place: Place, node: Node, facts: Facts, out: list[Finding], budget: Budget) -> None:
    """The largest parts below `node` that never hold (or what in them cannot)."""
    for child, hint in _children(node):
        if budget.left <= 0:
            return
        proof = never_holds(child, facts, place.params, hint, budget)
        if proof is None:
            _parts(place, child, facts, out, budget)
            continue
        part, proof = _culprit(child, proof, facts, place.params, budget)
        reasons = _reasons(proof, facts, place.params)
        out.append(Finding(place, describe(part), part.column, reasons, False))


def _children(node: Node) -> list[tuple[Node, Kind | None]]:
    """The parts of a node that may hold a condition, with the type a call's argument has.
    Bare names are left out: none is a condition that could never hold."""
    parts: list[tuple[Node, Kind | None]]
    if isinstance(node, Unary):
        parts = [(node.operand, None)]
    elif isinstance(node, Binary):
        parts = [(node.left, None), (node.right, None)]
    elif isinstance(node, Call) and node.name in FUNCTIONS:
        kinds = FUNCTIONS[node.name].params
        parts = list(zip(node.args, kinds, strict=False))
    else:
        parts = []
    return [(n, k) for n, k in parts if not isinstance(n, Name | BoolLit | IntLit | DateLit)]


def _reasons(proof: Proof, facts: Facts, params: Params) -> tuple[str, ...]:
    said: list[str] = []
    if proof.split:
        said.append("its parts cannot all hold at once")
    for key, (domain, node) in proof.reads.items():
        fact = _fact(key, domain, node, facts, params)
        if fact and fact not in said:
            said.append(fact)
    if not said:
        said.append("no value it reads can make it true")
    return tuple(said[:4])


def _fact(key: Key, domain: Vals, node: Node, facts: Facts, params: Params) -> str:
    """What the scenario says about one value read, in the modder's words."""
    if key == TURN:
        first, last = facts.turn_dates[0], facts.turn_dates[-1]
        return f"the game runs from turn 0 ({_day(first)}) to turn {facts.last_turn} ({_day(last)})"
    what = key[0]
    if what == "track" and isinstance(key[1], int):
        return facts.track_notes[key[1]]
    if what == "param" and isinstance(node, Param) and node.name in params:
        kind, values = params[node.name]
        if kind in ENTITY_KINDS and values.size < len(facts.ids.get(kind, ())):
            names = [_id(facts, kind, v) for v in values.values()]
            return f"${node.name} is {' or '.join(names)} here"
        return ""
    if what != "call" or not isinstance(node, Call):
        return ""
    name, shown = node.name, describe(node)
    if name == "flag":
        index = _arg_index(node, 0, Kind.FLAG, facts)
        return facts.flag_notes[index] if index is not None else ""
    if name == "resource":
        index = _arg_index(node, 1, Kind.RESOURCE, facts)
        if index is not None and domain.only(0):
            return facts.resource_notes[index]
        return f"{shown} is never below 0"
    if name in ("support", "mobilisation", "loyalty"):
        return f"{shown} runs from 0 to 100"
    if name in ("defence", "strength"):
        return f"{shown} is never below 0"
    if name == "sites_held":
        return f"{shown} runs from 0 to {facts.sites}, the number of sites"
    return ""


def _id(facts: Facts, kind: Kind, index: int) -> str:
    return "none" if index < 0 else facts.ids[kind][index]


def _arg_index(node: Call, position: int, kind: Kind, facts: Facts) -> int | None:
    arg = node.args[position] if len(node.args) > position else None
    if isinstance(arg, Name):
        return facts.index[kind].get(arg.name)
    return None


def _day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()

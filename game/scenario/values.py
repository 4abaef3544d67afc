"""Sets of the values an expression may take, and the language's operations on them.

The abstract values of `game.scenario.never`: a `Vals` holds every value something
could take (a whole number, a truth value as 0 or 1, an id by its index, a date by
its day ordinal), exactly when there are few, else as an interval that holds them.
Each operation gives a set holding every result the language's operation could
give for values of its operands (see expr.py for those: `/` floors, `x / 0` is 0):
never fewer, or a "never" said from them would be wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Bound = int | float  # a float only for an unbounded end: -inf or inf
INF = math.inf

MAX_POINTS = 512  # an exact set with more values is kept as its interval
MAX_PAIRS = 4096  # operands with more pairs than this are combined as intervals


@dataclass(frozen=True)
class Vals:
    """The values something may take: every whole number from `lo` to `hi`, or, when
    `points` is given, those of them alone. Truth values are 0 and 1, ids their index
    (the faction `none` is -1), dates their day ordinal. Empty when lo > hi."""

    lo: Bound
    hi: Bound
    points: frozenset[int] | None = None

    @property
    def empty(self) -> bool:
        return self.lo > self.hi

    @property
    def size(self) -> Bound:
        if self.empty:
            return 0
        if self.points is not None:
            return len(self.points)
        return self.hi - self.lo + 1

    def values(self) -> Iterable[int]:
        """Each value, in order; only for a finite set."""
        if self.points is not None:
            return sorted(self.points)
        if self.empty:
            return ()
        return range(int(self.lo), int(self.hi) + 1)

    def __contains__(self, value: int) -> bool:
        if self.points is not None:
            return value in self.points
        return self.lo <= value <= self.hi

    def only(self, value: int) -> bool:
        return self.lo == self.hi == value

    def can(self, truth: bool) -> bool:
        return int(truth) in self


EMPTY = Vals(1, 0)
TRUE, FALSE, EITHER = Vals(1, 1), Vals(0, 0), Vals(0, 1)
ANY = Vals(-INF, INF)
NATURAL = Vals(0, INF)
PERCENT = Vals(0, 100)


def one(value: int) -> Vals:
    return Vals(value, value)


def exact(values: Iterable[int]) -> Vals:
    found = frozenset(values)
    if not found:
        return EMPTY
    lo, hi = min(found), max(found)
    if len(found) == hi - lo + 1 or len(found) > MAX_POINTS:
        return Vals(lo, hi)
    return Vals(lo, hi, found)


def hull(*sets: Vals) -> Vals:
    """The smallest interval holding every set."""
    full = [v for v in sets if not v.empty]
    if not full:
        return EMPTY
    return Vals(min(v.lo for v in full), max(v.hi for v in full))


def union(a: Vals, b: Vals) -> Vals:
    if a.empty:
        return b
    if b.empty:
        return a
    if a.size + b.size <= MAX_POINTS:
        return exact([*a.values(), *b.values()])
    return hull(a, b)


def meet(a: Vals, b: Vals) -> Vals:
    """The values in both."""
    lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
    if lo > hi:
        return EMPTY
    pts = [p for p in (a.points, b.points) if p is not None]
    if not pts:
        return Vals(lo, hi)
    found = frozenset.intersection(*pts) if len(pts) == 2 else pts[0]
    return exact(v for v in found if lo <= v <= hi)


def truth(can_true: bool, can_false: bool) -> Vals:
    if can_true and can_false:
        return EITHER
    return TRUE if can_true else FALSE if can_false else EMPTY


def _pairwise(op: Callable[[int, int], int], a: Vals, b: Vals) -> Vals | None:
    """op over every pair, when both sets are small enough to try them all."""
    if a.size * b.size > MAX_PAIRS:
        return None
    return exact(op(x, y) for x in a.values() for y in b.values())


def _times(x: Bound, y: Bound) -> Bound:
    # An end of 0 times an unbounded end is 0: the values themselves are finite.
    return 0 if x == 0 or y == 0 else x * y


def _floor_div(x: Bound, y: Bound) -> Bound:
    """x // y for y >= 1 (y may be inf), at the ends of intervals."""
    if y == INF:
        return 0 if x >= 0 else -1  # what x // y comes to for y large enough
    if x in (INF, -INF):
        return x
    return int(x) // int(y)


def _div_positive(a: Vals, p: Bound, q: Bound) -> Vals:
    """a // b for every b from p >= 1 to q: at fixed b it rises with a, and at fixed
    a it moves one way with b, so the ends come from the corners."""
    return Vals(
        min(_floor_div(a.lo, p), _floor_div(a.lo, q)),
        max(_floor_div(a.hi, p), _floor_div(a.hi, q)),
    )


def _mod_positive(a: Vals, p: Bound, q: Bound) -> Vals:
    if a.lo >= 0 and a.hi < p:
        return Vals(a.lo, a.hi)  # every a is below every b: a % b is a
    top = q - 1 if a.lo < 0 else min(q - 1, a.hi)
    return Vals(0, top)


def negate(a: Vals) -> Vals:
    if a.points is not None:
        return exact(-v for v in a.points)
    return Vals(-a.hi, -a.lo)


def divide(a: Vals, b: Vals) -> Vals:
    """The language's `/`: floor division, and 0 for a divisor of 0."""
    found = _pairwise(lambda x, y: x // y if y else 0, a, b)
    if found is not None:
        return found
    parts = [FALSE] if 0 in b else []
    if b.hi >= 1:
        parts.append(_div_positive(a, max(b.lo, 1), b.hi))
    if b.lo <= -1:  # a // b == (-a) // (-b)
        parts.append(_div_positive(negate(a), -min(b.hi, -1), -b.lo))
    return hull(*parts)


def modulo(a: Vals, b: Vals) -> Vals:
    """The language's `%`: the sign of the divisor, and 0 for a divisor of 0."""
    found = _pairwise(lambda x, y: x % y if y else 0, a, b)
    if found is not None:
        return found
    parts = [FALSE] if 0 in b else []
    if b.hi >= 1:
        parts.append(_mod_positive(a, max(b.lo, 1), b.hi))
    if b.lo <= -1:  # a % b == -((-a) % (-b))
        parts.append(negate(_mod_positive(negate(a), -min(b.hi, -1), -b.lo)))
    return hull(*parts)


def arithmetic(op: str, a: Vals, b: Vals) -> Vals:
    if a.empty or b.empty:
        return EMPTY
    if op == "/":
        return divide(a, b)
    if op == "%":
        return modulo(a, b)
    fn: Callable[[int, int], int] = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
    }[op]
    found = _pairwise(fn, a, b)
    if found is not None:
        return found
    if op == "+":
        return Vals(a.lo + b.lo, a.hi + b.hi)
    if op == "-":
        return Vals(a.lo - b.hi, a.hi - b.lo)
    corners = [_times(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Vals(min(corners), max(corners))


def compare(op: str, a: Vals, b: Vals) -> Vals:
    if a.empty or b.empty:
        return EMPTY
    tests: dict[str, Callable[[int, int], bool]] = {
        "<": lambda x, y: x < y,
        "<=": lambda x, y: x <= y,
        ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y,
        "==": lambda x, y: x == y,
        "!=": lambda x, y: x != y,
    }
    test = tests[op]
    found = _pairwise(lambda x, y: int(test(x, y)), a, b)
    if found is not None:
        return found
    if op in (">", ">="):
        return compare("<" if op == ">" else "<=", b, a)
    if op == "<":
        return truth(a.lo < b.hi, a.hi >= b.lo)
    if op == "<=":
        return truth(a.lo <= b.hi, a.hi > b.lo)
    meets = max(a.lo, b.lo) <= min(a.hi, b.hi)
    same = a.lo == a.hi == b.lo == b.hi
    return truth(meets, not same) if op == "==" else truth(not same, meets)


def both(a: Vals, b: Vals) -> Vals:
    if a.empty or b.empty:
        return EMPTY
    return truth(a.can(True) and b.can(True), a.can(False) or b.can(False))


def either(a: Vals, b: Vals) -> Vals:
    if a.empty or b.empty:
        return EMPTY
    return truth(a.can(True) or b.can(True), a.can(False) and b.can(False))


def negation(a: Vals) -> Vals:
    if a.empty:
        return EMPTY
    return truth(a.can(False), a.can(True))


def absolute(a: Vals) -> Vals:
    if a.points is not None:
        return exact(abs(v) for v in a.points)
    if a.lo >= 0:
        return a
    if a.hi <= 0:
        return negate(a)
    return Vals(0, max(-a.lo, a.hi))


def pick(test: Vals, a: Vals, b: Vals) -> Vals:
    """`if(test, a, b)`."""
    if test.empty:
        return EMPTY
    if not test.can(False):
        return a
    if not test.can(True):
        return b
    return union(a, b)


def smaller(a: Vals, b: Vals) -> Vals:
    found = _pairwise(min, a, b)
    return found if found is not None else Vals(min(a.lo, b.lo), min(a.hi, b.hi))


def larger(a: Vals, b: Vals) -> Vals:
    found = _pairwise(max, a, b)
    return found if found is not None else Vals(max(a.lo, b.lo), max(a.hi, b.hi))

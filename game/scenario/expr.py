"""The scenario condition/amount language.

Modders write conditions and amounts in YAML as strings, for example::

    support(bolsheviks, workers, vyborg) >= 40 and not flag(july_days_repeat)
    control(winter_palace) == bolsheviks or legitimacy < 30
    date >= 1917-10-10 and turn > 3
    mobilisation(workers, $region) / 10 + 2

Text goes through four stages; the modder's text never reaches eval/exec:

1. ``_tokenize``: a hand-written scanner (1-based columns on every token);
2. ``parse``: precedence climbing into a frozen-dataclass AST;
3. ``check``: resolves names against the scenario's ``Symbols`` and type-checks,
   collecting *every* error so a modder can fix a file in one pass;
4. ``compile_expr``: turns the checked AST into nested closures over a ``Ctx``
   (the engine) and, because conditions are evaluated thousands of times a
   game, into one Python lambda written from the checked tree (see
   ``_from_source``: only the compiler's own names, ``Ctx`` calls and operators
   go into its source; every value from the scenario is bound, never written).

Semantics worth knowing: arithmetic is integer-only; ``/`` is floor division
and ``%`` the matching modulo (``-7 / 2 == -4``); dividing by zero yields 0
instead of failing mid-game.  Dates are day ordinals, so ``date + 7`` is a week
later and ``date - 1917-10-25`` a number of days.  A function given the faction
``none`` (e.g. ``sites_held(owner($unit))`` for an unowned unit) yields 0/false
without consulting the engine, so ``Ctx`` never sees index -1 as an argument.
Any string gives a ``Node`` or an ``ExprError``: input is capped at
``MAX_LENGTH`` characters and ``MAX_DEPTH`` levels of nesting so recursion
in the parser, checker and closures stays far below Python's limit.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import enum
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeAlias

import numpy as np

MAX_LENGTH = 2000
MAX_DEPTH = 64
MAX_INT = 10**9
NONE = -1  # the value of the faction `none`


class Kind(enum.Enum):
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    FACTION = "faction"
    GROUP = "group"
    REGION = "region"
    SITE = "site"
    UNIT = "unit"
    TRACK = "track"
    FLAG = "flag"
    RESOURCE = "resource"
    EVENT = "event"
    ENDING = "ending"

    @property
    def noun(self) -> str:
        """Phrase used in error messages: 'a number', 'an event', ..."""
        if self is Kind.INT:
            return "a number"
        if self is Kind.BOOL:
            return "a condition (true/false)"
        word = self.name.lower()
        return ("an " if word[0] in "aeiou" else "a ") + word


ENTITY_KINDS = frozenset(Kind) - {Kind.INT, Kind.BOOL, Kind.DATE}


class ExprError(Exception):
    """One problem in an expression; ``column`` is 1-based within the text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message, column)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return f"column {self.column}: {self.message}"


class ExprErrors(Exception):
    """Every problem found while compiling one expression."""

    def __init__(self, errors: Sequence[ExprError], text: str = "") -> None:
        super().__init__(list(errors), text)
        self.errors = list(errors)
        self.text = text

    def __str__(self) -> str:
        head = f"in {self.text!r}: " if self.text else ""
        return head + "; ".join(str(e) for e in self.errors)


# --- AST -------------------------------------------------------------------
# Columns are excluded from equality so that ASTs compare structurally (a
# re-printed expression parses to an equal tree although its columns differ).


@dataclass(frozen=True)
class IntLit:
    value: int
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BoolLit:
    value: bool
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DateLit:
    value: datetime.date
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Name:
    name: str
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Param:
    name: str  # without the '$'
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Unary:
    op: str  # 'not' or '-'
    operand: Node
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    column: int = field(default=0, compare=False)  # where the whole expression starts
    op_column: int = field(default=0, compare=False)


Node: TypeAlias = IntLit | BoolLit | DateLit | Name | Param | Call | Unary | Binary


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


# --- engine interface and symbols --------------------------------------------


class Ctx(Protocol):
    """Implemented by the game engine.  Indices are positions in
    ``Symbols.ids[kind]``; ``None`` means `all` or an omitted argument."""

    def support_pct(self, faction: int, group: int | None, region: int | None) -> int: ...
    def mobilisation(self, group: int | None, region: int | None) -> int: ...
    def track(self, track: int) -> int: ...
    def flag(self, flag: int) -> bool: ...
    def controller(self, site: int) -> int: ...  # -1 = none
    def defence(self, site: int) -> int: ...
    def sites_held(self, faction: int) -> int: ...
    def resource(self, faction: int, resource: int) -> int: ...
    def strength(self, faction: int, region: int | None) -> int: ...
    def owner(self, unit: int) -> int: ...  # -1 = none
    def loyalty(self, unit: int) -> int: ...
    def unit_region(self, unit: int) -> int: ...
    def fired(self, event: int) -> bool: ...
    def is_player(self, faction: int) -> bool: ...
    def date_ordinal(self) -> int: ...
    def turn(self) -> int: ...
    def is_final(self) -> bool: ...
    def param(self, name: str) -> int: ...  # index of the bound $param


# A value for many bindings of the $parameters at once: a numpy array with one
# entry per binding, or a plain int (or bool) when it is the same for all.
Many: TypeAlias = Any


class VecCtx(Protocol):
    """``Ctx`` for many bindings of the $parameters at once (the AI's candidate
    targets): arguments and results are ``Many``; None means `all` or omitted."""

    def support_pct(self, faction: Many, group: Many | None, region: Many | None) -> Many: ...
    def mobilisation(self, group: Many | None, region: Many | None) -> Many: ...
    def track(self, track: Many) -> Many: ...
    def flag(self, flag: Many) -> Many: ...
    def controller(self, site: Many) -> Many: ...
    def defence(self, site: Many) -> Many: ...
    def sites_held(self, faction: Many) -> Many: ...
    def resource(self, faction: Many, resource: Many) -> Many: ...
    def strength(self, faction: Many, region: Many | None) -> Many: ...
    def owner(self, unit: Many) -> Many: ...
    def loyalty(self, unit: Many) -> Many: ...
    def unit_region(self, unit: Many) -> Many: ...
    def fired(self, event: Many) -> Many: ...
    def is_player(self, faction: Many) -> Many: ...
    def date_ordinal(self) -> int: ...
    def turn(self) -> int: ...
    def is_final(self) -> bool: ...
    def param(self, name: str) -> Many: ...


class VecUnsupported(Exception):
    """The vector evaluation could differ from the scalar one (a number too large for
    int64): evaluate binding by binding instead."""


@dataclass(frozen=True)
class Symbols:
    ids: Mapping[Kind, Sequence[str]]  # entity ids per kind, in scenario order
    params: Mapping[str, Kind] = field(default_factory=dict)  # names without '$'


_Fn: TypeAlias = Callable[[Ctx], int]  # bool is an int, so one closure type serves all kinds
_ArgFn: TypeAlias = Callable[[Ctx], int | None]
_VecFn: TypeAlias = Callable[[VecCtx], Many]


@dataclass(frozen=True)
class FunctionSpec:
    """One callable of the language.  ``impl(ctx, *args)`` computes the value;
    omitted optional arguments and `all` arrive as None."""

    name: str
    params: tuple[Kind, ...]
    returns: Kind
    doc: str
    impl: Callable[..., int]
    optional: int = 0  # how many trailing params may be omitted
    allow_all: frozenset[int] = frozenset()  # positions that accept the word `all`

    @property
    def signature(self) -> str:
        """E.g. 'faction, group[, region]'."""
        names = [k.value for k in self.params]
        required = len(names) - self.optional
        opt = names[required:]
        return ", ".join(names[:required]) + "".join(f"[, {n}" for n in opt) + "]" * len(opt)

    def arity_error(self, got: int) -> str:
        lo, hi = len(self.params) - self.optional, len(self.params)
        count = str(lo) if lo == hi else f"{lo} or {hi}" if hi == lo + 1 else f"{lo} to {hi}"
        noun = "argument" if hi == 1 else "arguments"
        return f"{self.name}() takes {count} {noun} ({self.signature}), got {got}"


_I, _B = Kind.INT, Kind.BOOL
_F, _G, _R, _S, _U = Kind.FACTION, Kind.GROUP, Kind.REGION, Kind.SITE, Kind.UNIT
_TABLE = (
    FunctionSpec("support", (_F, _G, _R), _I,
                 "Percent (0-100) of the group in the region backing the faction; "
                 "group may be `all`; region omitted or `all` = whole map, population-weighted.",
                 lambda c, f, g, r: c.support_pct(f, g, r), 1, frozenset({1, 2})),
    FunctionSpec("mobilisation", (_G, _R), _I,
                 "Readiness (0-100) of the group to act; group and region may be `all`.",
                 lambda c, g, r: c.mobilisation(g, r), 1, frozenset({0, 1})),
    FunctionSpec("track", (Kind.TRACK,), _I, "Value of a track (same as its bare name).",
                 lambda c, t: c.track(t)),
    FunctionSpec("flag", (Kind.FLAG,), _B, "Whether the flag is set.", lambda c, f: c.flag(f)),
    FunctionSpec("control", (_S,), _F, "Faction controlling the site, or none.",
                 lambda c, s: c.controller(s)),
    FunctionSpec("controls", (_F, _S), _B, "Whether the faction controls the site.",
                 lambda c, f, s: c.controller(s) == f),
    FunctionSpec("defence", (_S,), _I, "Defence value of the site.", lambda c, s: c.defence(s)),
    FunctionSpec("sites_held", (_F,), _I, "Number of sites the faction controls.",
                 lambda c, f: c.sites_held(f)),
    FunctionSpec("resource", (_F, Kind.RESOURCE), _I, "Amount of a resource the faction has.",
                 lambda c, f, r: c.resource(f, r)),
    FunctionSpec("strength", (_F, _R), _I,
                 "Armed strength of the faction's units; region omitted or `all` = everywhere.",
                 lambda c, f, r: c.strength(f, r), 1, frozenset({1})),
    FunctionSpec("owner", (_U,), _F, "Faction owning the unit, or none.", lambda c, u: c.owner(u)),
    FunctionSpec("loyalty", (_U,), _I, "Loyalty (0-100) of the unit.", lambda c, u: c.loyalty(u)),
    FunctionSpec("unit_region", (_U,), _R, "Region the unit is in.",
                 lambda c, u: c.unit_region(u)),
    FunctionSpec("fired", (Kind.EVENT,), _B, "Whether the event has fired this game.",
                 lambda c, e: c.fired(e)),
    FunctionSpec("is_player", (_F,), _B, "Whether a human plays the faction.",
                 lambda c, f: c.is_player(f)),
    FunctionSpec("min", (_I, _I), _I, "The smaller of two numbers.", lambda c, a, b: min(a, b)),
    FunctionSpec("max", (_I, _I), _I, "The larger of two numbers.", lambda c, a, b: max(a, b)),
    FunctionSpec("abs", (_I,), _I, "Absolute value.", lambda c, a: abs(a)),
    FunctionSpec("if", (_B, _I, _I), _I,
                 "The second number when the condition holds, else the third.",
                 lambda c, t, a, b: a if t else b),
)  # fmt: skip
FUNCTIONS: Mapping[str, FunctionSpec] = MappingProxyType({s.name: s for s in _TABLE})

# --- vector evaluation ---------------------------------------------------------
# The same semantics as the closures above, for many bindings at once. Python ints
# never overflow and int64 does: every operation that could leave the range where
# the two agree raises VecUnsupported instead, so a result is exact or absent.

_SAFE = 2**62  # |a|, |b| below this: a + b, a - b, -a and a // b fit in int64


def _is_many(x: Many) -> bool:
    return isinstance(x, np.ndarray)


def _top(x: Many) -> int:
    """The largest magnitude in x, as a Python int."""
    if isinstance(x, np.ndarray):
        return int(np.maximum.reduce(np.abs(x), None)) if x.size else 0  # x.max(), unwrapped
    return abs(int(x))


def _safe(*xs: Many) -> None:
    for x in xs:
        if _top(x) >= _SAFE:
            raise VecUnsupported("number too large for vector evaluation")


def _v_add(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a + b
    _safe(a, b)
    return np.add(a, b)


def _v_sub(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a - b
    _safe(a, b)
    return np.subtract(a, b)


def _v_mul(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a * b
    if _top(a) * _top(b) >= _SAFE:
        raise VecUnsupported("number too large for vector evaluation")
    return np.multiply(a, b)


def _v_div(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a // b if b else 0
    _safe(a, b)
    zero = np.equal(b, 0)
    return np.where(zero, 0, np.floor_divide(a, np.where(zero, 1, b)))


def _v_mod(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a % b if b else 0
    _safe(a, b)
    zero = np.equal(b, 0)
    return np.where(zero, 0, np.remainder(a, np.where(zero, 1, b)))


def _v_compare(op: Callable[[Any, Any], Any]) -> Callable[[Many, Many], Many]:
    def compare(a: Many, b: Many) -> Many:
        return op(a, b)  # numpy's comparisons of int64 and bool arrays are exact

    return compare


_VEC_OPS: Mapping[str, Callable[[Many, Many], Many]] = {
    "+": _v_add, "-": _v_sub, "*": _v_mul, "/": _v_div, "%": _v_mod,
    **{op: _v_compare(fn) for op, fn in (("<", operator.lt), ("<=", operator.le),
                                         (">", operator.gt), (">=", operator.ge),
                                         ("==", operator.eq), ("!=", operator.ne))},
}  # fmt: skip


def _v_and(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a and b
    return np.logical_and(a, b)


def _v_or(a: Many, b: Many) -> Many:
    if not (_is_many(a) or _is_many(b)):
        return a or b
    return np.logical_or(a, b)


def _v_not(a: Many) -> Many:
    return np.logical_not(a) if _is_many(a) else not a


def _v_neg(a: Many) -> Many:
    if not _is_many(a):
        return -a
    _safe(a)
    return np.negative(a)


def _v_truth(a: Many) -> Many:
    return np.not_equal(a, 0) if _is_many(a) else bool(a)


def _v_min(a: Many, b: Many) -> Many:
    return np.minimum(a, b) if _is_many(a) or _is_many(b) else min(a, b)


def _v_max(a: Many, b: Many) -> Many:
    return np.maximum(a, b) if _is_many(a) or _is_many(b) else max(a, b)


def _v_if(test: Many, a: Many, b: Many) -> Many:
    if _is_many(test) or _is_many(a) or _is_many(b):
        return np.where(test, a, b)
    return a if test else b


def _v_abs(a: Many) -> Many:
    if not _is_many(a):
        return abs(a)
    _safe(a)
    return np.abs(a)


_VEC_IMPLS: Mapping[str, Callable[..., Many]] = {
    "support": lambda c, f, g, r: c.support_pct(f, g, r),
    "mobilisation": lambda c, g, r: c.mobilisation(g, r),
    "track": lambda c, t: c.track(t),
    "flag": lambda c, f: c.flag(f),
    "control": lambda c, s: c.controller(s),
    "controls": lambda c, f, s: _VEC_OPS["=="](c.controller(s), f),
    "defence": lambda c, s: c.defence(s),
    "sites_held": lambda c, f: c.sites_held(f),
    "resource": lambda c, f, r: c.resource(f, r),
    "strength": lambda c, f, r: c.strength(f, r),
    "owner": lambda c, u: c.owner(u),
    "loyalty": lambda c, u: c.loyalty(u),
    "unit_region": lambda c, u: c.unit_region(u),
    "fired": lambda c, e: c.fired(e),
    "is_player": lambda c, f: c.is_player(f),
    "min": lambda c, a, b: _v_min(a, b),
    "max": lambda c, a, b: _v_max(a, b),
    "abs": lambda c, a: _v_abs(a),
    "if": lambda c, t, a, b: _v_if(t, a, b),
}

# Bare names that are not scenario ids; they win over track ids.
_BUILTINS: Mapping[str, tuple[Kind, _Fn]] = {
    "date": (Kind.DATE, lambda c: c.date_ordinal()),
    "turn": (Kind.INT, lambda c: c.turn()),
    "final": (Kind.BOOL, lambda c: c.is_final()),
    "none": (Kind.FACTION, lambda c: NONE),
}
_VEC_BUILTINS: Mapping[str, _VecFn] = {
    "date": lambda c: c.date_ordinal(),
    "turn": lambda c: c.turn(),
    "final": lambda c: c.is_final(),
    "none": lambda c: NONE,
}

# --- tokenizer ---------------------------------------------------------------


class _Tok(NamedTuple):
    kind: str  # int date name kw param op end
    text: str
    column: int
    value: int = 0  # int literal value, or a date's ordinal


_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
_TOKEN_RE = re.compile(
    r"(?P<date>[0-9]+-[0-9]+-[0-9]+)"  # before int: 1917-10-25 is a date, not arithmetic
    r"|(?P<int>[0-9]+(?:_[0-9]+)*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<param>\$[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-<>+*/%(),])"
)
_DATE_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# Spellings from other languages that modders will reach for.
_MISSPELLINGS = (("&", "use 'and' instead of '&&'"), ("|", "use 'or' instead of '||'"),
                 ("!", "use 'not' instead of '!'"), ("=", "use '==' to compare, not '='"),
                 ("$", "'$' must be followed by a parameter name, like $faction"))  # fmt: skip


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos] in " \t\r\n":
            pos += 1
            continue
        col = pos + 1
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = next((h for c, h in _MISSPELLINGS if c == ch), None)
            raise ExprError(hint or f"unexpected character {ch!r}", col)
        kind, s, pos = m.lastgroup or "", m.group(), m.end()
        if kind in ("int", "date") and pos < len(text) and text[pos] in _WORD_CHARS:
            raise ExprError(f"malformed number {text[col - 1 : pos + 1]!r}", col)
        if kind == "int":
            value = int(s)
            if value > MAX_INT:
                raise ExprError(f"number {s} is too large (the limit is {MAX_INT:_})", col)
            toks.append(_Tok(kind, s, col, value))
        elif kind == "date":
            toks.append(_Tok(kind, s, col, _date_ordinal(s, col)))
        else:
            toks.append(_Tok("kw" if s in _KEYWORDS else kind, s, col))
    toks.append(_Tok("end", "", len(text) + 1))
    return toks


def _date_ordinal(s: str, col: int) -> int:
    shape = _DATE_SHAPE.fullmatch(s)
    if shape is None:
        raise ExprError(
            f"{s!r} is not a date: dates are written YYYY-MM-DD "
            "(put spaces around '-' to subtract)",
            col,
        )
    try:
        return datetime.date(*(int(g) for g in shape.groups())).toordinal()
    except ValueError:
        raise ExprError(f"invalid date {s!r}", col) from None


# --- parser ------------------------------------------------------------------

_CMP_OPS = frozenset({"<", "<=", ">", ">=", "==", "!="})
_NOT_PREC, _CMP_PREC, _UNARY_PREC, _ATOM_PREC = 3, 4, 7, 8
_BINARY_PREC = {"or": 1, "and": 2, **dict.fromkeys(_CMP_OPS, _CMP_PREC),
                "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}  # fmt: skip


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.pos = 0
        self.depth = 0  # syntactic nesting: brackets, calls, 'not', unary '-'

    def peek(self) -> _Tok:
        return self.toks[self.pos]

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.toks[self.pos]
        return tok.kind in ("op", "kw") and tok.text == text

    def descend(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression is nested too deeply (limit {MAX_DEPTH} levels)", column)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError("empty expression", 1)
        node = self.expr()
        tok = self.peek()
        if tok.text == ")":
            raise ExprError("unmatched ')'", tok.column)
        if tok.kind != "end":
            raise ExprError(
                f"unexpected {tok.text!r} after a complete expression (missing operator?)",
                tok.column,
            )
        return node

    def expr(self, min_prec: int = 1) -> Node:
        """Precedence climbing: parse operators binding at least as tightly as min_prec."""
        tok = self.peek()
        left: Node
        if self.at("not") and min_prec <= _NOT_PREC:
            # 'not' sits between 'and' and comparisons: `not a == b` is `not (a == b)`.
            self.take()
            self.descend(tok.column)
            left = Unary("not", self.expr(_NOT_PREC), tok.column)
            self.depth -= 1
        else:
            left = self.unary()
        while True:
            tok = self.peek()
            prec = _BINARY_PREC.get(tok.text) if tok.kind in ("op", "kw") else None
            if prec is None or prec < min_prec:
                return left
            self.take()
            right = self.expr(prec + 1)  # +1: left-associative
            left = Binary(tok.text, left, right, left.column, tok.column)
            nxt = self.peek()
            if prec == _CMP_PREC and nxt.kind == "op" and nxt.text in _CMP_OPS:
                raise ExprError(
                    "comparisons cannot be chained: write 'a < b and b < c', not 'a < b < c'",
                    nxt.column,
                )

    def unary(self) -> Node:
        tok = self.peek()
        if not self.at("-"):
            return self.atom()
        self.take()
        self.descend(tok.column)
        node = Unary("-", self.unary(), tok.column)
        self.depth -= 1
        return node

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "int":
            return IntLit(tok.value, tok.column)
        if tok.kind == "date":
            return DateLit(datetime.date.fromordinal(tok.value), tok.column)
        if tok.kind == "param":
            return Param(tok.text[1:], tok.column)
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return BoolLit(tok.text == "true", tok.column)
        if tok.kind == "name":
            return self.call(tok) if self.at("(") else Name(tok.text, tok.column)
        if tok.text == "(":
            self.descend(tok.column)
            inner = self.expr()
            # Quoted, not a column: a message's column counts in the file, this one would
            # count in the expression.
            opened = " ".join(self.text[tok.column - 1 :].split())
            opened = opened if len(opened) <= 30 else opened[:27].rstrip() + "..."
            self.expect_close(f"missing ')' to close the bracket opened at '{opened}'")
            self.depth -= 1
            return dataclasses.replace(inner, column=tok.column)  # start at the bracket
        if tok.kind == "end":
            raise ExprError("expression ends too early: expected a value", tok.column)
        if tok.text == "not":
            raise ExprError("put 'not ...' in brackets here, like 1 + (not x)", tok.column)
        raise ExprError(f"expected a value, found {tok.text!r}", tok.column)

    def call(self, name: _Tok) -> Node:
        self.descend(self.take().column)
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.expr())
            while self.at(","):
                self.take()
                args.append(self.expr())
        self.expect_close(f"expected ',' or ')' in the call to {name.text}()")
        self.depth -= 1
        return Call(name.text, tuple(args), name.column)

    def expect_close(self, message: str) -> None:
        if not self.at(")"):
            raise ExprError(message, self.peek().column)
        self.take()


def parse(text: str) -> Node:
    """Parse expression text into an AST; raises ExprError on any syntax problem."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression is too long (limit {MAX_LENGTH} characters)", MAX_LENGTH + 1)
    try:
        node = _Parser(text).parse()
    except RecursionError:  # unreachable with the depth limit; a backstop, never a crash
        raise ExprError("expression is nested too deeply", 1) from None
    # Operator chains (1 + 1 + ... + 1) deepen the tree without nesting the text;
    # bound the tree too, so checking and evaluation never recurse too far.
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        if d > MAX_DEPTH:
            col = n.op_column if isinstance(n, Binary) else n.column
            raise ExprError(f"expression is nested too deeply (limit {MAX_DEPTH} levels)", col)
        stack.extend((c, d + 1) for c in reversed(_children(n)))  # leftmost first
    return node


# --- checker and compiler ----------------------------------------------------
# One pass does both: each visit returns the node's type and its closure (or
# None after reporting an error, which suppresses follow-on errors).


class _Typed(NamedTuple):
    kind: Kind
    fn: _Fn
    const: int | None = None  # value known at load time (literals and ids)
    vec: _VecFn | None = None  # the same for many bindings at once (see VecCtx)
    src: str = ""  # the same as Python source over `c`, for _from_source; "" when there is none


def _const(kind: Kind, value: int, src: str = "") -> _Typed:
    return _Typed(kind, lambda c: value, value, None, src)


def _suggest(name: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(candidates), n=1)
    return f"; did you mean '{match[0]}'?" if match else ""


_OPS: Mapping[str, Callable[[int, int], int]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul,
    "/": lambda a, b: a // b if b else 0,  # no crash mid-game on a zero divisor
    "%": lambda a, b: a % b if b else 0,
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip
_ORDERING = ("<", "<=", ">", ">=")
# Result type of each legal (op, left, right) combination of numbers and dates.
_ARITH: Mapping[tuple[str, Kind, Kind], Kind] = {
    **{(op, _I, _I): _I for op in "+-*/%"},
    ("+", Kind.DATE, _I): Kind.DATE,
    ("+", _I, Kind.DATE): Kind.DATE,
    ("-", Kind.DATE, _I): Kind.DATE,
    ("-", Kind.DATE, Kind.DATE): _I,
    **{(op, k, k): _B for op in _ORDERING for k in (_I, Kind.DATE)},
}


def _vec_of(typed: _Typed) -> _VecFn:
    if typed.vec is not None:
        return typed.vec
    if typed.const is not None:
        value = typed.const
        return lambda c: value
    # A compiler with vector=True gives every other closure its vector twin.
    raise AssertionError("no vector form")


def _vec_unary(op: str, operand: _Typed) -> _VecFn:
    v = _vec_of(operand)
    if op == "not":
        return lambda c: _v_not(v(c))
    return lambda c: _v_neg(v(c))


def _vec_binary(op: str, left: _Typed, right: _Typed) -> _VecFn:
    va, vb = _vec_of(left), _vec_of(right)
    if op == "and":
        return lambda c: _v_and(va(c), vb(c))
    if op == "or":
        return lambda c: _v_or(va(c), vb(c))
    vf = _VEC_OPS[op]
    return lambda c: vf(va(c), vb(c))


def _vec_param(name: str, kind: Kind) -> _VecFn:
    if kind is Kind.BOOL:
        return lambda c: _v_truth(c.param(name))
    return lambda c: c.param(name)


def _vec_track(i: int) -> _VecFn:
    return lambda c: c.track(i)


def _emit_vec_call(spec: FunctionSpec, args: list[_Typed | None]) -> _VecFn:
    """The vector twin of `_Compiler.emit_call`, with the same `none` guards."""
    impl = _VEC_IMPLS[spec.name]
    default = False if spec.returns is Kind.BOOL else 0
    factions = [a for a, k in zip(args, spec.params, strict=True) if a and k is Kind.FACTION]
    if any(a.const == NONE for a in factions):
        return lambda c: default
    fns: list[_VecFn] = [(lambda c: None) if a is None else _vec_of(a) for a in args]
    guards = [_vec_of(a) for a in factions if a.const is None]

    def call(c: VecCtx) -> Many:
        values = [f(c) for f in fns]
        if not guards:
            return impl(c, *values)
        # The guarded arguments are faction arguments, evaluated again as the scalar path does.
        unowned: Many = False
        for g in guards:
            unowned = _v_or(unowned, _VEC_OPS["=="](g(c), NONE))
        if not _is_many(unowned):
            return default if unowned else impl(c, *values)
        if bool(np.all(unowned)):
            return default
        return np.where(unowned, default, impl(c, *values))

    return call


# --- Python source ------------------------------------------------------------
# The closures above cost a Python call per node of the tree. Each checked
# expression is also written out as the body of one Python lambda over the
# context `c` and compiled once, so an evaluation costs one call plus the
# context's own. No scenario data reaches compile() or eval(): the source holds
# only `c` and its Ctx methods, operators, the helpers in _SOURCE_GLOBALS and the
# names k0, k1, ... of values the compiler bound (numbers, ids' indices, dates,
# parameter names), which are passed to the compiled code as objects. Every piece
# is bracketed, and evaluates its operands in the order the closures do, so both
# give the same value (and raise the same errors).

# How each function of the language reads as source; {0}, {1}, ... are its arguments
# ("None" when omitted or `all`), each evaluated once, left to right.
_CALL_SRC: Mapping[str, str] = {
    "support": "c.support_pct({0}, {1}, {2})",
    "mobilisation": "c.mobilisation({0}, {1})",
    "track": "c.track({0})",
    "flag": "c.flag({0})",
    "control": "c.controller({0})",
    "controls": "({0} == c.controller({1}))",  # the closure's `c.controller(s) == f`
    "defence": "c.defence({0})",
    "sites_held": "c.sites_held({0})",
    "resource": "c.resource({0}, {1})",
    "strength": "c.strength({0}, {1})",
    "owner": "c.owner({0})",
    "loyalty": "c.loyalty({0})",
    "unit_region": "c.unit_region({0})",
    "fired": "c.fired({0})",
    "is_player": "c.is_player({0})",
    "min": "min({0}, {1})",
    "max": "max({0}, {1})",
    "abs": "abs({0})",
    # Both branches are evaluated, as the closures do: no branch has side effects.
    "if": "(lambda t, a, b: a if t else b)({0}, {1}, {2})",
}
_BUILTIN_SRC: Mapping[str, str] = {
    "date": "c.date_ordinal()",
    "turn": "c.turn()",
    "final": "c.is_final()",
    "none": f"({NONE!r})",
}
# Operators Python spells as the language does; `/` and `%` keep their guard against 0.
_INFIX = frozenset({"+", "-", "*", "<", "<=", ">", ">=", "==", "!="})
_SOURCE_GLOBALS: Mapping[str, object] = MappingProxyType({
    "__builtins__": {},
    "min": min, "max": max, "abs": abs, "bool": bool,
    "_div": _OPS["/"], "_mod": _OPS["%"],
})  # fmt: skip


def _binary_src(op: str, left: str, right: str) -> str:
    if not (left and right):
        return ""
    if op in _INFIX:
        return f"({left} {op} {right})"
    return f"{'_div' if op == '/' else '_mod'}({left}, {right})"


def _call_src(spec: FunctionSpec, args: list[_Typed | None]) -> str:
    """`_Compiler.emit_call` as source: the same `none` guards, the same call."""
    default = "False" if spec.returns is Kind.BOOL else "0"
    factions = [a for a, k in zip(args, spec.params, strict=True) if a and k is Kind.FACTION]
    if any(a.const == NONE for a in factions):
        return f"({default})"
    parts = ["None" if a is None else a.src for a in args]
    template = _CALL_SRC.get(spec.name)
    if template is None or not all(parts):  # a function without a template keeps the closures
        return ""
    call = template.format(*parts)
    guards = [a.src for a in factions if a.const is None]
    if not guards:
        return call
    unowned = " or ".join(f"{g} == {NONE!r}" for g in guards)
    return f"({default} if {unowned} else {call})"


def _from_source(src: str, bound: tuple[object, ...]) -> _Fn | None:
    """The expression as one compiled lambda, or None (keep the closures) if Python refuses it.

    The lambda is made inside one taking the bound values, so each reads as a
    closure cell (k0, k1, ...), as fast as a literal and never part of the source.
    """
    if not src:
        return None
    names = ", ".join(f"k{i}" for i in range(len(bound)))
    try:
        code = compile(f"lambda {names}: lambda c: {src}", "<scenario expression>", "eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    make = eval(code, dict(_SOURCE_GLOBALS))
    fn: _Fn = make(*bound)
    return fn


class _Compiler:
    def __init__(self, symbols: Symbols, vector: bool = False) -> None:
        self.symbols = symbols
        # Whether to build the vector twin of each closure too (see Compiled.many).
        self.vector = vector
        self.index = {k: {n: i for i, n in enumerate(ids)} for k, ids in symbols.ids.items()}
        self.errors: list[ExprError] = []
        self.names: set[tuple[Kind, str]] = set()
        self.params: set[str] = set()
        # Values the source refers to by name (see _from_source), in order of k0, k1, ...
        self.bound: list[object] = []

    def bind(self, value: object) -> str:
        """The name the compiled source reads `value` by."""
        self.bound.append(value)
        return f"k{len(self.bound) - 1}"

    def const(self, kind: Kind, value: int) -> _Typed:
        return _const(kind, value, self.bind(value))

    def error(self, message: str, column: int) -> None:
        self.errors.append(ExprError(message, column))

    def run(self, node: Node, expected: Kind) -> _Typed | None:
        try:
            typed = self.visit(node, expected)
        except RecursionError:  # only reachable with hand-built trees deeper than parse allows
            self.error("expression is nested too deeply", node.column)
            return None
        if typed is not None and typed.kind is not expected:
            self.error(f"this must be {expected.noun}, but it is {typed.kind.noun}", node.column)
        self.errors.sort(key=lambda e: e.column)
        return typed

    def visit(self, node: Node, hint: Kind | None = None) -> _Typed | None:
        if isinstance(node, IntLit | BoolLit):
            return self.const(Kind.BOOL if isinstance(node, BoolLit) else Kind.INT, node.value)
        if isinstance(node, DateLit):
            return self.const(Kind.DATE, node.value.toordinal())
        if isinstance(node, Name):
            return self.name(node, hint)
        if isinstance(node, Param):
            return self.param(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            return self.unary(node)
        return self.binary(node)

    def kinds_of(self, name: str) -> list[Kind]:
        return [k for k, ids in self.index.items() if name in ids]

    def entity(self, kind: Kind, name: str) -> _Typed:
        self.names.add((kind, name))
        return self.const(kind, self.index[kind][name])

    def is_plain(self, name: str) -> bool:
        return name in _BUILTINS or name in self.index.get(Kind.TRACK, {})

    def name(self, node: Name, hint: Kind | None) -> _Typed | None:
        name = node.name
        # Where an entity is expected (e.g. `control(x) == bolsheviks`) its ids come first.
        if hint in ENTITY_KINDS and name in self.index.get(hint, {}):
            return self.entity(hint, name)
        if name in _BUILTINS:
            kind, fn = _BUILTINS[name]
            vec = _VEC_BUILTINS[name] if self.vector else None
            return _Typed(kind, fn, NONE if name == "none" else None, vec, _BUILTIN_SRC[name])
        tracks = self.index.get(Kind.TRACK, {})
        if name in tracks:
            self.names.add((Kind.TRACK, name))
            i = tracks[name]
            vec = _vec_track(i) if self.vector else None
            return _Typed(Kind.INT, lambda c: c.track(i), None, vec, f"c.track({self.bind(i)})")
        other = self.kinds_of(name)
        if hint in ENTITY_KINDS and other:
            self.error(f"'{name}' is {other[0].noun}, not {hint.noun}", node.column)
        elif hint in ENTITY_KINDS:
            extra = ["none"] if hint is Kind.FACTION else []
            cands = [*self.index.get(hint, {}), *extra]
            self.error(f"unknown {hint.value} '{name}'{_suggest(name, cands)}", node.column)
        else:
            self.error(self.unknown_name(name), node.column)
        return None

    def unknown_name(self, name: str) -> str:
        if name == "all":
            users = ", ".join(f"{s.name}()" for s in _TABLE if s.allow_all)
            return f"'all' can only be a function argument, in {users}"
        if name in FUNCTIONS:
            return f"'{name}' is a function: call it like {name}({FUNCTIONS[name].signature})"
        kinds = self.kinds_of(name)
        if Kind.FLAG in kinds:
            return f"'{name}' is a flag: write flag({name})"
        if Kind.EVENT in kinds:
            return f"'{name}' is an event: write fired({name})"
        if kinds:
            return (
                f"'{name}' is {kinds[0].noun}: use it as a function argument "
                f"or compare it with '==' to {kinds[0].noun}"
            )
        cands = [*_BUILTINS, *self.index.get(Kind.TRACK, {})]
        return f"unknown name '{name}'{_suggest(name, cands)}"

    def param(self, node: Param) -> _Typed | None:
        kind = self.symbols.params.get(node.name)
        if kind is None:
            known = [f"${p}" for p in self.symbols.params]
            why = _suggest(f"${node.name}", known) if known else " (no parameters here)"
            self.error(f"unknown parameter '${node.name}'{why}", node.column)
            return None
        name = node.name
        self.params.add(name)
        vec = _vec_param(name, kind) if self.vector else None
        src = f"c.param({self.bind(name)})"
        if kind is Kind.BOOL:
            return _Typed(kind, lambda c: bool(c.param(name)), None, vec, f"bool({src})")
        return _Typed(kind, lambda c: c.param(name), None, vec, src)

    def call(self, node: Call) -> _Typed | None:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            self.error(
                f"unknown function '{node.name}'{_suggest(node.name, FUNCTIONS)}", node.column
            )
            return None
        before = len(self.errors)
        if not len(spec.params) - spec.optional <= len(node.args) <= len(spec.params):
            self.error(spec.arity_error(len(node.args)), node.column)
        args: list[_Typed | None] = []  # None = `all` or omitted
        for pos, (arg, kind) in enumerate(zip(node.args, spec.params, strict=False)):
            args.append(self.argument(arg, kind, spec, pos))
        if len(self.errors) > before:
            return None
        args += [None] * (len(spec.params) - len(args))
        vec = _emit_vec_call(spec, args) if self.vector else None
        fn, src = self.emit_call(spec, args), _call_src(spec, args)
        return _Typed(spec.returns, fn, None, vec, src)

    def argument(self, arg: Node, kind: Kind, spec: FunctionSpec, pos: int) -> _Typed | None:
        where = f"argument {pos + 1} of {spec.name}()"
        if kind in ENTITY_KINDS and isinstance(arg, Name):
            name = arg.name
            if name == "all":
                if pos not in spec.allow_all:
                    self.error(f"'all' is not allowed as {where}", arg.column)
                return None
            if name in self.index.get(kind, {}):
                return self.entity(kind, name)
            if name == "none" and kind is Kind.FACTION:
                return self.const(kind, NONE)
            other = self.kinds_of(name)
            if other:
                self.error(
                    f"'{name}' is {other[0].noun}, but {where} must be {kind.noun}", arg.column
                )
            else:
                extra = ["all"] * (pos in spec.allow_all) + ["none"] * (kind is Kind.FACTION)
                cands = [*self.index.get(kind, {}), *extra]
                self.error(f"unknown {kind.value} '{name}'{_suggest(name, cands)}", arg.column)
            return None
        typed = self.visit(arg, kind)
        if typed is not None and typed.kind is not kind:
            self.error(f"{where} must be {kind.noun}, but it is {typed.kind.noun}", arg.column)
        return typed

    @staticmethod
    def emit_call(spec: FunctionSpec, args: list[_Typed | None]) -> _Fn:
        impl = spec.impl
        default = False if spec.returns is Kind.BOOL else 0
        factions = [a for a, k in zip(args, spec.params, strict=True) if a and k is Kind.FACTION]
        if any(a.const == NONE for a in factions):
            return lambda c: default  # e.g. sites_held(none)
        fns: list[_ArgFn] = [(lambda c: None) if a is None else a.fn for a in args]
        fn: _Fn
        # Fixed-arity closures avoid building an argument list on every evaluation.
        if len(fns) == 1:
            (a0,) = fns
            fn = lambda c: impl(c, a0(c))  # noqa: E731
        elif len(fns) == 2:
            a0, a1 = fns
            fn = lambda c: impl(c, a0(c), a1(c))  # noqa: E731
        elif len(fns) == 3:
            a0, a1, a2 = fns
            fn = lambda c: impl(c, a0(c), a1(c), a2(c))  # noqa: E731
        else:
            fn = lambda c: impl(c, *[f(c) for f in fns])  # noqa: E731
        # Faction arguments computed at run time (owner($unit)) may be none.
        guards = [a.fn for a in factions if a.const is None]
        if not guards:
            return fn
        inner = fn
        return lambda c: default if any(g(c) == NONE for g in guards) else inner(c)

    def unary(self, node: Unary) -> _Typed | None:
        operand = self.visit(node.operand)
        if operand is None:
            return None
        f = operand.fn
        want = Kind.BOOL if node.op == "not" else Kind.INT
        if operand.kind is not want:
            self.error(f"'{node.op}' needs {want.noun}, but this is {operand.kind.noun}",
                       node.operand.column)  # fmt: skip
            return None
        vec = _vec_unary(node.op, operand) if self.vector else None
        if node.op == "not":
            return _Typed(Kind.BOOL, lambda c: not f(c), None, vec, f"(not {operand.src})")
        return _Typed(Kind.INT, lambda c: -f(c), None, vec, f"(-{operand.src})")

    def binary(self, node: Binary) -> _Typed | None:
        op, ln, rn = node.op, node.left, node.right
        if op in ("==", "!="):
            # For `x == bolsheviks` the bare name is resolved by the other side's
            # type, so type the non-name (or plain-name) side first.
            swap = isinstance(ln, Name) and not (
                isinstance(rn, Name) and not self.is_plain(rn.name)
            )
            first, second = (rn, ln) if swap else (ln, rn)
            t1 = self.visit(first)
            t2: _Typed | None = None
            # An id next to a failed side cannot be resolved: skip it (no follow-on error).
            if t1 is not None or not (isinstance(second, Name) and self.kinds_of(second.name)):
                t2 = self.visit(second, t1.kind if t1 else None)
            left, right = (t2, t1) if swap else (t1, t2)
        else:
            left, right = self.visit(ln), self.visit(rn)
        if op in ("and", "or"):
            typed_ok = self.sides_ok(node, left, right, (Kind.BOOL,), Kind.BOOL.noun)
            if not typed_ok or left is None or right is None:
                return None
            a, b = left.fn, right.fn
            vec = _vec_binary(op, left, right) if self.vector else None
            src = f"({left.src} {op} {right.src})"
            if op == "and":
                return _Typed(Kind.BOOL, lambda c: a(c) and b(c), None, vec, src)
            return _Typed(Kind.BOOL, lambda c: a(c) or b(c), None, vec, src)
        if left is None or right is None:
            return None
        a, b, f = left.fn, right.fn, _OPS[op]
        if op in ("==", "!="):
            if left.kind is not right.kind:
                self.error(f"'{op}' compares values of the same type, but the left side is "
                           f"{left.kind.noun} and the right side is {right.kind.noun}",
                           node.op_column)  # fmt: skip
                return None
            vec = _vec_binary(op, left, right) if self.vector else None
            src = _binary_src(op, left.src, right.src)
            return _Typed(Kind.BOOL, lambda c: f(a(c), b(c)), None, vec, src)
        # Arithmetic and ordering: numbers, plus the date combinations in _ARITH.
        dates_ok = op in ("+", "-", *_ORDERING)
        ok, wanted = ((_I, Kind.DATE), "a number or a date") if dates_ok else ((_I,), "a number")
        if not self.sides_ok(node, left, right, ok, wanted):
            return None
        kind = _ARITH.get((op, left.kind, right.kind))
        if kind is None:
            self.error(f"cannot use '{op}' on {left.kind.noun} and {right.kind.noun}",
                       node.op_column)  # fmt: skip
            return None
        vec = _vec_binary(op, left, right) if self.vector else None
        src = _binary_src(op, left.src, right.src)
        return _Typed(kind, lambda c: f(a(c), b(c)), None, vec, src)

    def sides_ok(
        self,
        node: Binary,
        left: _Typed | None,
        right: _Typed | None,
        ok: tuple[Kind, ...],
        wanted: str,
    ) -> bool:
        """Report each operand whose type is not in ``ok``; True if neither was bad."""
        good = True
        for side, t, n in (("left", left, node.left), ("right", right, node.right)):
            if t is not None and t.kind not in ok:
                self.error(f"'{node.op}' needs {wanted} on each side, but the {side} side is "
                           f"{t.kind.noun}", n.column)  # fmt: skip
                good = False
        return good


# --- public API --------------------------------------------------------------


@dataclass(frozen=True)
class Compiled:
    """A checked, compiled expression.  Values: INT -> int, BOOL -> bool,
    DATE -> day ordinal, entity -> index into Symbols.ids (none = -1)."""

    text: str
    kind: Kind
    fn: Callable[[Ctx], int | bool]
    names: frozenset[tuple[Kind, str]] = frozenset()  # every entity referenced
    params: frozenset[str] = frozenset()  # every $parameter used, without the '$'
    # What the vector form is compiled from, on first use: most expressions never need it.
    symbols: Symbols | None = field(default=None, compare=False, repr=False)
    # The same as one Python lambda's body (see _from_source); "" to keep to `fn`.
    source: str = field(default="", compare=False, repr=False)
    bound: tuple[object, ...] = field(default=(), compare=False, repr=False)  # its k0, k1, ...

    def __call__(self, ctx: Ctx) -> int | bool:
        return self.function(ctx)

    @cached_property
    def function(self) -> Callable[[Ctx], int | bool]:
        """`fn` as one compiled lambda, made on the first evaluation: compiling every
        expression of a scenario up front would slow building the rules by half.

        Calling it is calling the expression; the engine's busiest callers do, to
        spare a call through `__call__` on every evaluation.
        """
        return _from_source(self.source, self.bound) or self.fn

    def many(self, ctx: VecCtx) -> Many:
        """The value for every binding in `ctx` at once: an array, or one value for all.

        Equal, binding by binding, to calling the expression once per binding;
        raises VecUnsupported where it could not be sure of that.
        """
        return self._vec(ctx)

    @cached_property
    def _vec(self) -> _VecFn:
        if self.symbols is None:
            raise VecUnsupported("no vector form for a hand-built expression")
        typed = _Compiler(self.symbols, vector=True).run(parse(self.text), self.kind)
        if typed is None:  # it compiled once, so it compiles again
            raise AssertionError(f"cannot recompile {self.text!r}")
        return _vec_of(typed)


def check(node: Node, symbols: Symbols, expected: Kind) -> list[ExprError]:
    """All name and type errors in a parsed expression (empty if it is fine)."""
    compiler = _Compiler(symbols)
    compiler.run(node, expected)
    return compiler.errors


def compile_expr(text: str, symbols: Symbols, expected: Kind) -> Compiled:
    """Parse, check and compile; raises ExprErrors holding every problem found."""
    try:
        node = parse(text)
    except ExprError as e:
        raise ExprErrors([e], text) from None
    compiler = _Compiler(symbols)
    typed = compiler.run(node, expected)
    if compiler.errors or typed is None:
        raise ExprErrors(compiler.errors, text)
    return Compiled(
        text,
        expected,
        typed.fn,
        frozenset(compiler.names),
        frozenset(compiler.params),
        symbols,
        typed.src,
        tuple(compiler.bound),
    )


def describe(expr: str | Node) -> str:
    """The expression re-printed canonically (single spaces, minimal brackets),
    for UI lines such as "requires: ...".  Accepts text or a parsed Node."""
    return _unparse(parse(expr) if isinstance(expr, str) else expr)


def _prec(node: Node) -> int:
    if isinstance(node, Binary):
        return _BINARY_PREC[node.op]
    if isinstance(node, Unary):
        return _NOT_PREC if node.op == "not" else _UNARY_PREC
    return _ATOM_PREC


def _wrap(node: Node, min_prec: int) -> str:
    text = _unparse(node)
    return f"({text})" if _prec(node) < min_prec else text


def _unparse(node: Node) -> str:
    if isinstance(node, BoolLit):
        return "true" if node.value else "false"
    if isinstance(node, IntLit):
        return str(node.value)
    if isinstance(node, DateLit):
        return node.value.isoformat()
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Param):
        return f"${node.name}"
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_unparse(a) for a in node.args)})"
    if isinstance(node, Unary):
        if node.op == "not":
            return f"not {_wrap(node.operand, _NOT_PREC)}"
        return f"-{_wrap(node.operand, _UNARY_PREC)}"
    p = _BINARY_PREC[node.op]
    # Left-associative, and comparisons do not chain: bracket an equal-precedence
    # right operand always, and an equal-precedence left one for comparisons.
    left = _wrap(node.left, p + 1 if p == _CMP_PREC else p)
    return f"{left} {node.op} {_wrap(node.right, p + 1)}"

"""Effects compiled from scenario data: each kind knows how to apply, value and describe itself.

An effect is compiled once, when the rules are built, into an object that
holds indices and compiled expressions. `apply` changes a Work during a step;
`estimate` tells the AI what the effect is worth to it; `describe` tells the
player what it will do, in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from game.engine.context import Board, EvalCtx
from game.engine.shares import apportion, apportion_ints
from game.engine.state import BASIS, NO_ONE, IntArray
from game.engine.wording import (
    ROLES,
    amount_words,
    condition_words,
    entity_name,
    flag_sentence,
    settled_condition,
)
from game.engine.work import Work
from game.scenario import schema as s
from game.scenario.expr import (
    Binary,
    Call,
    Compiled,
    IntLit,
    Kind,
    Many,
    Name,
    Node,
    Param,
    Symbols,
    compile_expr,
    parse,
)

if TYPE_CHECKING:
    from game.engine.ai import Valuer
    from game.engine.rules import Names, Rules

FloatArray = npt.NDArray[np.float64]
Params = dict[str, int]

# The reduction np.sum makes, called without its Python wrappers: the same sum.
_sum = np.add.reduce


# Expressions compute with Python ints, which never overflow, but the board keeps
# int64. Every result is held to this magnitude before play uses it, so that no
# expression a scenario may write can overflow the board: a stock or a strength
# would need millions of turns of such gains to leave int64.
MAX_AMOUNT = 10**12


def _held(value: int) -> int:
    return value if -MAX_AMOUNT <= value <= MAX_AMOUNT else MAX_AMOUNT if value > 0 else -MAX_AMOUNT


class Amount:
    """A number or a compiled expression, with its text for descriptions."""

    __slots__ = ("compiled", "scale", "text", "value")

    def __init__(self, raw: int | str, symbols: Symbols, scale: int = 1) -> None:
        self.text = str(raw)
        self.compiled: Compiled | None = None
        self.value = 0
        if isinstance(raw, str):
            self.compiled = compile_expr(raw, symbols, Kind.INT)
        else:
            self.value = raw
        self.scale = scale

    def __call__(self, ctx: EvalCtx) -> int:
        if self.compiled is None:
            return self.value
        return _held(int(self.compiled.function(ctx)) * self.scale)

    def given(self, ctx: EvalCtx, params: Params) -> int:
        """`self(ctx.with_params(params))`, without making a context for a plain number."""
        if self.compiled is None:
            return self.value
        return _held(int(self.compiled.function(ctx.with_params(params))) * self.scale)

    def on(self, w: Work, params: Params) -> int:
        """`self(w.ctx(params))`, without making a context for a plain number."""
        if self.compiled is None:
            return self.value
        return _held(int(self.compiled.function(w.ctx(params))) * self.scale)

    @property
    def constant(self) -> bool:
        return self.compiled is None


class Scope:
    """An id, a $parameter, or 'all' (None), resolved to an index at run time."""

    __slots__ = ("index", "kind", "param", "text")

    def __init__(self, raw: str | None, kind: Kind, symbols: Symbols) -> None:
        self.text = raw or "none"
        self.kind = kind
        self.param: str | None = None
        self.index: int | None = None
        if raw is None:
            self.index = NO_ONE
        elif raw.startswith("$"):
            self.param = raw[1:]
        elif raw != "all":
            self.index = list(symbols.ids[kind]).index(raw)

    def __call__(self, params: Params) -> int | None:
        if self.param is not None:
            return params[self.param]
        return self.index

    def many(self, arrays: dict[str, IntArray | int]) -> IntArray | int | None:
        """The index for every candidate target at once: an array, one index, or None (all)."""
        if self.param is not None:
            return arrays[self.param]
        return self.index

    def ident(self, ids: dict[Kind, list[str]], params: Params) -> str:
        """The id this scope stands for under these parameters, for the ledger."""
        index = self(params)
        if index is None:
            return "all"
        return "none" if index == NO_ONE else ids[self.kind][index]

    def name(self, names: Names, params: Params) -> str:
        """The name as a label: 'Bolsheviks', 'Winter Palace'."""
        index = self(params) if (self.param is None or self.param in params) else None
        if self.param is not None and self.param not in params:
            return ROLES.get(self.param, "the target")
        if index is None:
            return {Kind.GROUP: "every group", Kind.REGION: "everywhere"}.get(self.kind, "all")
        return names.of(self.kind, index)

    def words(self, rules: Rules, params: Params) -> str:
        """The name as it reads inside a sentence: 'the Bolsheviks', 'the Winter Palace'."""
        if self.param is not None and self.param not in params:
            return ROLES.get(self.param, "the target")
        index = self(params)
        if index is None:
            return {Kind.GROUP: "every group", Kind.REGION: "everywhere"}.get(self.kind, "all")
        return entity_name(rules, self.kind, index)


class Effect(Protocol):
    def apply(self, w: Work, params: Params) -> None: ...

    def estimate(self, v: Valuer, params: Params) -> float: ...

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str: ...


def _now(rules: Rules, board: Board | None, params: Params) -> EvalCtx | None:
    """A context for computing amounts now, or None when there is no board or a target is open."""
    return None if board is None else EvalCtx(rules, board, params)


def _evaluate(amount: Amount, ctx: EvalCtx | None) -> int | None:
    if ctx is None:
        return None
    try:
        return amount(ctx)
    except KeyError:  # a $parameter not bound yet, e.g. before a target is picked
        return None


def _change(
    subject: str,
    amount: Amount,
    rules: Rules,
    params: Params,
    board: Board | None,
    show: Callable[[int], str] | None = None,
    itself: Callable[[Node], bool] | None = None,
) -> str:
    """'Legitimacy -5', 'Legitimacy +12 (worked out as ...)' or 'Legitimacy changes by ...'.

    An amount written `K - x`, where `x` is the very quantity changed (`itself` tells),
    brings it to K: said as 'loyalty to 55 (+36)', never as the sum that does it.
    """
    show = show or _signed
    if amount.constant:
        return f"{subject} {show(amount.value)}"
    value = _evaluate(amount, _now(rules, board, params))
    level = _level(amount.text, itself)
    if level is not None:
        return f"{subject} to {level}" + ("" if value is None else f" ({show(value)})")
    words = amount_words(rules, amount.text, params)
    if value is None:
        return f"{subject} changes by {words}"
    return f"{subject} {show(value)} (worked out as {words})"


def _level(text: str, itself: Callable[[Node], bool] | None) -> int | None:
    """K if the amount's text is `K - x` and `itself(x)`, else None."""
    if itself is None:
        return None
    try:
        node = parse(text)
    except Exception:  # checked when loaded: a fallback only
        return None
    if isinstance(node, Binary) and node.op == "-" and isinstance(node.left, IntLit):
        return node.left.value if itself(node.right) else None
    return None


def _same(scope: Scope, node: Node, params: Params, rules: Rules) -> bool:
    """Whether an expression's argument names the thing a scope stands for here."""
    if isinstance(node, Param):
        return node.name in params and scope(params) == params[node.name]
    if isinstance(node, Name):
        ids = rules.ids[scope.kind]
        return node.name in ids and scope(params) == ids.index(node.name)
    return False


def _described(effects: Sequence[Effect], rules: Rules, params: Params, board: Board | None) -> str:
    return "; ".join(d for e in effects if (d := e.describe(rules, params, board)))


def contest_chance(attack: int, defence: int) -> float:
    """The chance that a contest succeeds: exactly the rule `Contest.apply` rolls by.

    The roll r is uniform on [0, 1) and the attack wins when r * (a + d) < a,
    so its chance is a / (a + d); nothing is won with no attack at all.
    """
    attack, defence = max(0, attack), max(0, defence)
    return attack / (attack + defence) if attack else 0.0


def chance_text(chance: float) -> str:
    """'38% chance'; never '0%' for a chance that exists, nor '100%' for a possible failure."""
    if chance <= 0:
        return "0% chance"
    if chance >= 1:
        return "100% chance"
    percent = int(chance * 100 + 0.5)
    if percent < 1:
        return "<1% chance"
    if percent > 99:
        return ">99% chance"
    return f"{percent}% chance"


def odds_of(rules: Rules, board: Board, effects: Sequence[Effect], params: Params) -> list[float]:
    """The chance of each contest these effects would roll now, in order.

    Contests inside an `if` count where its condition holds on this board;
    contests that only follow another contest's outcome are left out, since
    their odds depend on a roll not yet made.
    """
    ctx = EvalCtx(rules, board, params)
    out: list[float] = []
    for effect in effects:
        if isinstance(effect, Contest):
            out.append(effect.odds(ctx))
        elif isinstance(effect, IfEffect):
            branch = effect.then if effect.condition(ctx) else effect.otherwise
            out.extend(odds_of(rules, board, branch, params))
    return out


def _pick(
    v: Valuer, table: str, group: IntArray | int | None, region: IntArray | int | None
) -> FloatArray | float:
    """The Valuer's table[group, region] for every candidate at once; None (all) sums over
    that axis (the sums are made once per Valuer, see `Valuer.table`)."""
    values = v.table(table, group is None, region is None)
    g = 0 if group is None else group
    r = 0 if region is None else region
    # One axis fixed: take() along the other reads the same cells as fancy indexing,
    # for a third of its cost.
    picked: FloatArray
    if isinstance(g, int) and isinstance(r, np.ndarray):
        picked = values[g].take(r)
        return picked
    if isinstance(r, int) and isinstance(g, np.ndarray):
        picked = values[:, r].take(g)
        return picked
    picked = values[g, r]
    return picked if isinstance(picked, np.ndarray) else float(picked)


def _signed(n: int) -> str:
    return f"+{n}" if n >= 0 else str(n)


def _pct(bp: int) -> str:
    return f"{bp / 100:+g} {'point' if abs(bp) == 100 else 'points'}"


@dataclass
class ShiftSupport:
    faction: Scope
    group: Scope
    region: Scope
    amount: Amount  # basis points
    # The ledger's name of the cells moved, by (faction, group, region) index: the same
    # few every game, and wording one costs more than moving the support.
    _quantities: dict[tuple[int | None, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _cells(self, params: Params) -> tuple[int, slice | int, slice | int]:
        f = self.faction(params)
        g, r = self.group(params), self.region(params)
        assert f is not None
        return f, (slice(None) if g is None else g), (slice(None) if r is None else r)

    def apply(self, w: Work, params: Params) -> None:
        f, g, r = self._cells(params)
        amount = self.amount.on(w, params)
        if amount == 0:
            return
        if isinstance(g, int) and isinstance(r, int):
            moved = _shift_one_cell(w.support, f, g, r, amount)
        else:
            moved = _shift_cells(w.support, f, g, r, amount)
        w.log(self._quantity(w, f, params), moved)

    def _quantity(self, w: Work, f: int, params: Params) -> str:
        """The ledger's name of the cells this shift moves for faction f."""
        key = (f, self.group(params), self.region(params))
        quantity = self._quantities.get(key)
        if quantity is None:
            ids = w.rules.ids
            quantity = self._quantities[key] = (
                f"support:{w.rules.faction_ids[f]}:{self.group.ident(ids, params)}:"
                f"{self.region.ident(ids, params)}"
            )
        return quantity

    def estimate(self, v: Valuer, params: Params) -> float:
        f, g, r = self._cells(params)
        amount = (
            self.amount.value if self.amount.constant else self.amount(v.ctx.with_params(params))
        )
        if f == v.faction:
            if isinstance(g, int) and isinstance(r, int):  # the common case, without numpy's sum
                return float(v.support_value[g, r]) * amount
            return float(_sum(v.support_value[g, r], None)) * amount
        if amount > 0:
            # Another faction's gain is taken partly from this one, in proportion to its share.
            mine = v.board.support[v.faction, g, r] / BASIS
            return -float(_sum(v.support_value[g, r] * mine, None)) * amount
        return 0.0

    def estimate_many(
        self, v: Valuer, arrays: dict[str, IntArray | int]
    ) -> FloatArray | float | None:
        """`estimate` for every candidate target at once, when the amount is a number."""
        if not self.amount.constant:
            return None
        f = self.faction.many(arrays)
        if not isinstance(f, int):
            return None
        if f == v.faction:
            table = "support"
        elif self.amount.value > 0:
            table = "taken"
        else:
            return 0.0
        picked = _pick(v, table, self.group.many(arrays), self.region.many(arrays))
        return picked * self.amount.value

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        names = rules.names
        who = self.faction.name(names, params)
        group = self.group.name(names, params)
        where = self.region.name(names, params)
        place = "" if where == "everywhere" else f" in {where}"
        among = f"support among {group.lower()}{place}"
        if self.amount.constant:
            return f"{who}: {_pct(self.amount.value)} {among}"
        # The expression gives percentage points; the amount holds them as basis points.
        words = amount_words(rules, self.amount.text, params)
        value = _evaluate(self.amount, _now(rules, board, params))
        if value is None:
            return f"{who}: {among} changes by {words} points"
        return f"{who}: {_pct(value)} {among} (from {words})"


def _shift_one_cell(support: IntArray, f: int, g: int, r: int, amount: int) -> int:
    """`_shift_cells` for one group in one region, the common case, in plain ints.

    numpy's fixed costs outweigh the work on a handful of rows; the arithmetic
    and the rounding (`apportion_ints`) are the same, so the result is too.
    """
    cells: list[int] = support[:, g, r].tolist()
    f %= len(cells)  # a row index as numpy reads a negative one
    own = cells[f]
    if amount > 0:
        rows = [i for i in range(len(cells)) if i != f]
        total = sum(cells[i] for i in rows)
        take = min(amount, total)
        taken = apportion_ints([cells[i] * take for i in rows], total or 1, take)
        cells[f] = own + take
        for i, t in zip(rows, taken, strict=True):
            cells[i] -= t
        moved = take
    else:
        give = min(-amount, own)
        cells[f] = own - give
        cells[-1] = cells[-1] + give
        moved = -give
    support[:, g, r] = cells
    return moved


def _shift_cells(support: IntArray, f: int, g: slice | int, r: slice | int, amount: int) -> int:
    """Move `amount` basis points of support to (or from) faction f in the chosen cells.

    A gain is taken from the other rows in proportion to their shares; a loss
    goes to the unaligned row. Returns the support moved, for the ledger.
    """
    cells = support[:, g, r]  # a view: basic indexing, written through below
    f %= len(cells)  # a row index as numpy reads a negative one
    if amount > 0:
        # Row f stays in the table with nothing to give, which spares numpy's slow
        # fancy indexing and gives the same shares: a row with no fraction is never
        # rounded up, since a column's remainder is always below its count of rows
        # with a fraction (they add up to remainder times the divisor, each below it).
        others = cells.copy()
        others[f] = 0
        totals = np.add.reduce(others, 0)
        take = np.minimum(totals, amount)
        taken = apportion(others * take, np.maximum(totals, 1), take)
        cells -= taken
        cells[f] += take
        return int(np.add.reduce(take, None))
    give = np.minimum(-amount, cells[f])
    cells[f] -= give
    cells[-1] += give
    return -int(np.asarray(give).sum())


@dataclass
class ShiftRows:
    """A run of support gains for one faction, each in a whole group everywhere, moved
    as one: what the step carries out in place of those ShiftSupport effects.

    The groups differ, so no gain reads a cell another writes, and every cell gets
    the arithmetic and rounding `_shift_cells` gives it alone: the same support, and
    the same ledger, entry by entry. Printing presses and party newspapers move three
    groups at once every turn, and numpy's fixed costs are paid once rather than per group.
    """

    shifts: tuple[ShiftSupport, ...]
    groups: list[int]
    amounts: IntArray  # (shifts, 1): each shift's gain, by its group

    def apply(self, w: Work, params: Params) -> None:
        f = self.shifts[0].faction(params)
        assert f is not None
        support = w.support
        cells = support[:, self.groups, :]  # a copy (the groups are a list), written back below
        row = f % len(cells)  # a row index as numpy reads a negative one
        others = cells.copy()
        others[row] = 0
        totals = np.add.reduce(others, 0)
        take = np.minimum(totals, self.amounts)
        taken = apportion(others * take, np.maximum(totals, 1), take)
        cells -= taken
        cells[row] += take
        support[:, self.groups, :] = cells
        for shift, moved in zip(self.shifts, np.add.reduce(take, 1).tolist(), strict=True):
            w.log(shift._quantity(w, f, params), moved)

    def estimate(self, v: Valuer, params: Params) -> float:
        return float(sum(e.estimate(v, params) for e in self.shifts))

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        return "; ".join(e.describe(rules, params, board) for e in self.shifts)


def _whole_group_gain(e: Effect) -> bool:
    """Whether the effect is a ShiftSupport of a fixed gain in one fixed group everywhere."""
    if type(e) is not ShiftSupport:
        return False
    group, region = e.group, e.region
    return (
        e.amount.constant
        and e.amount.value > 0
        and group.param is None
        and group.index is not None
        and group.index >= 0
        and region.param is None
        and region.index is None
    )


def carried(effects: Sequence[Effect]) -> tuple[Effect, ...]:
    """The effects as the step carries them out: each run of whole-group support gains
    for the same faction in different groups made one `ShiftRows`; the rest as they are."""
    out: list[Effect] = []
    run: list[ShiftSupport] = []

    def close() -> None:
        if len(run) > 1:
            groups = [e.group.index for e in run]
            amounts = np.array([[e.amount.value] for e in run], dtype=np.int64)
            out.append(ShiftRows(tuple(run), groups, amounts))  # type: ignore[arg-type]
        else:
            out.extend(run)
        run.clear()

    for e in effects:
        if _whole_group_gain(e):
            assert isinstance(e, ShiftSupport)
            first = run[0] if run else None
            if first is not None and (
                (e.faction.param, e.faction.index) != (first.faction.param, first.faction.index)
                or e.group.index in [x.group.index for x in run]
            ):
                close()
            run.append(e)
            continue
        close()
        out.append(e)
    close()
    return tuple(out)


@dataclass
class Mobilise:
    group: Scope
    region: Scope
    amount: Amount
    # The ledger's name of the cells, by (group, region) index, as ShiftSupport keeps them.
    _quantities: dict[tuple[int | None, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def apply(self, w: Work, params: Params) -> None:
        g, r = self.group(params), self.region(params)
        amount = self.amount.on(w, params)
        if isinstance(g, int) and isinstance(r, int):  # one cell: np.clip costs more than this
            w.mobilisation[g, r] = min(100, max(0, int(w.mobilisation[g, r]) + amount))
        else:
            gs = slice(None) if g is None else g
            rs = slice(None) if r is None else r
            # np.clip's own definition, without its Python wrappers.
            w.mobilisation[gs, rs] = np.minimum(100, np.maximum(w.mobilisation[gs, rs] + amount, 0))
        key = (g, r)
        quantity = self._quantities.get(key)
        if quantity is None:
            ids = w.rules.ids
            quantity = self._quantities[key] = (
                f"mobilisation:{self.group.ident(ids, params)}:{self.region.ident(ids, params)}"
            )
        w.log(quantity, amount)

    def estimate(self, v: Valuer, params: Params) -> float:
        g, r = self.group(params), self.region(params)
        amount = (
            self.amount.value if self.amount.constant else self.amount(v.ctx.with_params(params))
        )
        if g is not None and r is not None:  # the common case, without numpy's sum
            mine = int(v.board.support[v.faction, g, r]) / BASIS
            return float(v.mobilisation_value[g, r]) * mine * amount
        gs = slice(None) if g is None else g
        rs = slice(None) if r is None else r
        mine_all = v.board.support[v.faction, gs, rs] / BASIS
        return float(_sum(v.mobilisation_value[gs, rs] * mine_all, None)) * amount

    def estimate_many(
        self, v: Valuer, arrays: dict[str, IntArray | int]
    ) -> FloatArray | float | None:
        if not self.amount.constant:
            return None
        picked = _pick(v, "mobilised", self.group.many(arrays), self.region.many(arrays))
        return picked * self.amount.value

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        group = self.group.name(rules.names, params)
        where = self.region.name(rules.names, params)
        place = "" if where == "everywhere" else f" in {where}"
        return _change(f"mobilisation of {group.lower()}{place}", self.amount, rules, params, board)


@dataclass
class SetFlag:
    flag: int
    value: bool

    def apply(self, w: Work, params: Params) -> None:
        if bool(w.flags[self.flag]) != self.value:
            w.flags[self.flag] = self.value
            w.log(f"flag:{w.rules.ids[Kind.FLAG][self.flag]}", 1 if self.value else -1)

    def estimate(self, v: Valuer, params: Params) -> float:
        if bool(v.board.flags[self.flag]) == self.value:
            return 0.0
        worth = v.flag_value[self.flag]
        return float(worth if self.value else -worth)

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> float:
        return self.estimate(v, {})

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        if board is not None and bool(board.flags[self.flag]) == self.value:
            return ""  # so already: nothing changes, and saying it would read as news
        return flag_sentence(rules, self.flag, self.value)


@dataclass
class MoveTrack:
    track: int
    amount: Amount
    # The ledger's name of the track, worded on the first move (tracks move every turn).
    _quantity: str = field(default="", init=False, repr=False, compare=False)

    def apply(self, w: Work, params: Params) -> None:
        low, high = w.rules.track_range[self.track]
        before = int(w.tracks[self.track])
        after = min(high, max(low, before + self.amount.on(w, params)))
        w.tracks[self.track] = after
        if not self._quantity:
            self._quantity = f"track:{w.rules.ids[Kind.TRACK][self.track]}"
        w.log(self._quantity, after - before)

    def estimate(self, v: Valuer, params: Params) -> float:
        # The Valuer's tracks and their worth as Python numbers (numpy's float64
        # product equals Python's, so the float is the same as from the arrays).
        low, high = v.rules.track_range[self.track]
        before = v.tracks[self.track]
        after = min(high, max(low, before + self.amount.given(v.ctx, params)))
        return v.track_worth[self.track] * (after - before)

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> float | None:
        return self.estimate(v, {}) if self.amount.constant else None

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        track = rules.names.of(Kind.TRACK, self.track)
        ident = rules.ids[Kind.TRACK][self.track]

        def itself(node: Node) -> bool:
            if isinstance(node, Call) and node.name == "track" and node.args:
                node = node.args[0]
            return isinstance(node, Name) and node.name == ident

        return _change(track, self.amount, rules, params, board, itself=itself)


@dataclass
class GainResource:
    faction: Scope
    resource: int
    amount: Amount

    def apply(self, w: Work, params: Params) -> None:
        f = self.faction(params)
        assert f is not None
        before = int(w.resources[f, self.resource])
        after = max(0, before + self.amount.on(w, params))
        w.resources[f, self.resource] = after
        w.log(
            f"resource:{w.rules.faction_ids[f]}:{w.rules.ids[Kind.RESOURCE][self.resource]}",
            after - before,
        )

    def estimate(self, v: Valuer, params: Params) -> float:
        if self.faction(params) != v.faction:
            return 0.0
        return float(v.resource_value[self.resource] * self.amount.given(v.ctx, params))

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> float | None:
        faction = self.faction.many(arrays)
        if not (self.amount.constant and isinstance(faction, int)):
            return None
        return self.estimate(v, {"faction": faction})

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        who = self.faction.name(rules.names, params)
        what = rules.names.of(Kind.RESOURCE, self.resource).lower()
        return _change(f"{who}: {what}", self.amount, rules, params, board)


@dataclass
class SetControl:
    site: Scope
    faction: Scope

    def apply(self, w: Work, params: Params) -> None:
        site, f = self.site(params), self.faction(params)
        assert site is not None and f is not None
        if int(w.site_controller[site]) != f:
            w.site_controller[site] = f
            holder = w.rules.faction_ids[f] if f != NO_ONE else "none"
            w.log(f"control:{w.rules.ids[Kind.SITE][site]}:{holder}", 1)

    def estimate(self, v: Valuer, params: Params) -> float:
        site, f = self.site(params), self.faction(params)
        assert site is not None
        holder = int(v.board.site_controller[site])
        if f == v.faction and holder != v.faction:
            return v.site_value[site]
        if holder == v.faction and f != v.faction:
            return -v.site_value[site]
        return 0.0

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        site = self.site.words(rules, params)
        if self.faction.index == NO_ONE and self.faction.param is None:
            return f"{site} is held by no one"
        return f"{self.faction.words(rules, params)} take {site}"


# Defence that doubles a place's guard is worth half as much again per point as the
# first few hundred: the AI stops piling sandbags on a palace nobody can take anyway.
DEFENCE_SATURATION = 500


def defence_worth(site_value: float, before: int, amount: int) -> float:
    """What `amount` more defence on a place worth `site_value` is worth to its holder.

    The first points count a hundredth of the place each; later ones less and less
    (a logarithm), so fortifying has diminishing returns. Scalar on purpose: the AI's
    vector path calls it per target too, so both give the same float.
    """
    k = DEFENCE_SATURATION
    after = max(0, before + amount)
    return site_value * k * (math.log(k + after) - math.log(k + before)) / 100


@dataclass
class ChangeDefence:
    site: Scope
    amount: Amount

    def apply(self, w: Work, params: Params) -> None:
        site = self.site(params)
        assert site is not None
        before = int(w.site_defence[site])
        after = max(0, before + self.amount.on(w, params))
        w.site_defence[site] = after
        w.log(f"defence:{w.rules.ids[Kind.SITE][site]}", after - before)

    def estimate(self, v: Valuer, params: Params) -> float:
        site = self.site(params)
        assert site is not None
        amount = self.amount.given(v.ctx, params)
        worth = defence_worth(v.site_value[site], int(v.board.site_defence[site]), amount)
        return worth if int(v.board.site_controller[site]) == v.faction else -worth / 2

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        site = self.site.words(rules, params)

        def itself(node: Node) -> bool:
            return (
                isinstance(node, Call)
                and node.name == "defence"
                and _same(self.site, node.args[0], params, rules)
            )

        return _change(f"defence of {site}", self.amount, rules, params, board, itself=itself)


def unit_points(strength: Many, loyalty: Many, men: Many, loyal: Many) -> Many:
    """`strength * loyal + men * loyalty`, what a unit change adds in men times loyalty.

    A term whose amount is a plain 0 is left out: the integer sum is the same, and
    most changes move only one of the two, so the AI's vector path does less work.
    """
    if isinstance(strength, int) and strength == 0:
        return 0 if isinstance(loyalty, int) and loyalty == 0 else men * loyalty
    if isinstance(loyalty, int) and loyalty == 0:
        return strength * loyal
    return strength * loyal + men * loyalty


@dataclass
class ChangeUnit:
    unit: Scope
    owner: Scope | None  # None: unchanged
    region: Scope | None
    strength: Amount
    loyalty: Amount

    def apply(self, w: Work, params: Params) -> None:
        u = self.unit(params)
        assert u is not None
        name = w.rules.ids[Kind.UNIT][u]
        if self.owner is not None:
            owner = self.owner(params)
            assert owner is not None
            if int(w.unit_owner[u]) != owner:
                w.unit_owner[u] = owner
                w.log(f"owner:{name}", 1)
        if self.region is not None:
            region = self.region(params)
            assert region is not None
            w.unit_region[u] = region
        strength = self.strength.on(w, params)
        if strength:
            before = int(w.unit_strength[u])
            w.unit_strength[u] = max(0, before + strength)
            w.log(f"strength:{name}", int(w.unit_strength[u]) - before)
        loyalty = self.loyalty.on(w, params)
        if loyalty:
            before = int(w.unit_loyalty[u])
            w.unit_loyalty[u] = min(100, max(0, before + loyalty))
            w.log(f"loyalty:{name}", int(w.unit_loyalty[u]) - before)

    def estimate(self, v: Valuer, params: Params) -> float:
        u = self.unit(params)
        assert u is not None
        owner = int(v.board.unit_owner[u])
        if self.owner is not None:
            new_owner = self.owner(params)
            if new_owner != owner:
                owner_worth = v.unit_worth(u)
                if new_owner == v.faction:
                    return owner_worth
                if owner == v.faction:
                    return -owner_worth
        men = int(v.board.unit_strength[u])
        strength, loyalty = self.strength.given(v.ctx, params), self.loyalty.given(v.ctx, params)
        worth = v.strength_value * (strength * int(v.board.unit_loyalty[u]) + men * loyalty) / 100
        if owner == v.faction:
            return worth
        return -worth / 2 if owner != NO_ONE else 0.0

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> FloatArray | None:
        """`estimate` for every target at once, for the common case of strength and loyalty."""
        if self.owner is not None or not (self.strength.constant and self.loyalty.constant):
            return None
        units = self.unit.many(arrays)
        if units is None:
            return None
        table = v.units(units)  # the board's units there, made once per decision
        points = unit_points(self.strength.value, self.loyalty.value, table.men, table.loyal)
        worth = v.strength_value * points / 100
        return np.atleast_1d(
            np.where(table.mine, worth, 0.0) - np.where(table.theirs, worth / 2, 0.0)
        )

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        names = rules.names
        unit = self.unit.name(names, params)
        parts = []
        if self.owner is not None:
            if self.owner.index == NO_ONE and self.owner.param is None:
                parts.append("leaves every side")
            else:
                parts.append(f"goes over to {self.owner.words(rules, params)}")
        if self.region is not None:
            parts.append(f"moves to {self.region.name(names, params)}")

        def itself(function: str) -> Callable[[Node], bool]:
            return lambda node: (
                isinstance(node, Call)
                and node.name == function
                and _same(self.unit, node.args[0], params, rules)
            )

        if not (self.strength.constant and self.strength.value == 0):
            parts.append(
                _change("strength", self.strength, rules, params, board, itself=itself("strength"))
            )
        if not (self.loyalty.constant and self.loyalty.value == 0):
            parts.append(
                _change("loyalty", self.loyalty, rules, params, board, itself=itself("loyalty"))
            )
        return f"{unit}: {', '.join(parts) or 'no change'}"


@dataclass
class Journal:
    text: str

    def apply(self, w: Work, params: Params) -> None:
        w.write(self.text, params.get("faction", NO_ONE))

    def estimate(self, v: Valuer, params: Params) -> float:
        return 0.0

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> float:
        return 0.0

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        # A line in the journal changes nothing in play: a preview leaves it out, and the
        # journal itself shows it once it is written.
        return ""


@dataclass
class TriggerEvent:
    event: int

    def apply(self, w: Work, params: Params) -> None:
        from game.engine.turns import fire_event  # turns imports effects: break the cycle here

        fire_event(w, self.event)

    def estimate(self, v: Valuer, params: Params) -> float:
        return 0.0

    def estimate_many(self, v: Valuer, arrays: dict[str, IntArray | int]) -> float:
        return 0.0

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        return f"then {entity_name(rules, Kind.EVENT, self.event)} follows"


@dataclass
class Contest:
    attack: Amount
    defence: Amount
    success: Sequence[Effect]
    failure: Sequence[Effect]
    # Where the scenario writes it ("actions.seize.effects[1]"): the ledger's mark of each
    # roll ends with it, so that the balance lab can tell how each contest went.
    key: str = ""
    _marks: tuple[str, str] = field(
        default=("contest:won", "contest:lost"), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.key:
            self._marks = (f"contest:won:{self.key}", f"contest:lost:{self.key}")

    def apply(self, w: Work, params: Params) -> None:
        ctx = w.ctx(params)
        attack, defence = max(0, self.attack(ctx)), max(0, self.defence(ctx))
        roll = float(w.rng.random())
        won = attack > 0 and roll * (attack + defence) < attack
        w.log(self._marks[0] if won else self._marks[1], 1)
        for effect in self.success if won else self.failure:
            effect.apply(w, params)

    def odds(self, ctx: EvalCtx) -> float:
        return contest_chance(self.attack(ctx), self.defence(ctx))

    def chance(self, rules: Rules, params: Params, board: Board | None) -> float | None:
        """The chance now, from the board; without one, only if both sides are fixed numbers."""
        if self.attack.constant and self.defence.constant:
            return contest_chance(self.attack.value, self.defence.value)
        ctx = _now(rules, board, params)
        attack, defence = _evaluate(self.attack, ctx), _evaluate(self.defence, ctx)
        if attack is None or defence is None:
            return None
        return contest_chance(attack, defence)

    def estimate(self, v: Valuer, params: Params) -> float:
        p = self.odds(v.ctx.with_params(params))
        gain = sum(e.estimate(v, params) for e in self.success)
        loss = sum(e.estimate(v, params) for e in self.failure)
        return p * gain + (1 - p) * loss * (1 + v.risk_aversion / 50)

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        won = _described(self.success, rules, params, board) or "nothing"
        lost = _described(self.failure, rules, params, board) or "nothing"
        chance = self.chance(rules, params, board)
        if chance is not None:
            head = f"a contest ({chance_text(chance)})"
        else:
            attack = amount_words(rules, self.attack.text, params)
            defence = amount_words(rules, self.defence.text, params)
            head = f"a contest of {attack} against {defence}"
        return f"{head}: if it succeeds, {won}; if it fails, {lost}"


@dataclass
class IfEffect:
    condition: Compiled
    then: Sequence[Effect]
    otherwise: Sequence[Effect]

    def apply(self, w: Work, params: Params) -> None:
        for effect in self.then if self.condition(w.ctx(params)) else self.otherwise:
            effect.apply(w, params)

    def estimate(self, v: Valuer, params: Params) -> float:
        branch = self.then if self.condition(v.ctx.with_params(params)) else self.otherwise
        return sum(e.estimate(v, params) for e in branch)

    def describe(self, rules: Rules, params: Params, board: Board | None = None) -> str:
        # A condition on the bound targets alone ("$faction == government") is decided
        # already: the branch that will be taken is shown, not the rule that picks it.
        settled = settled_condition(rules, self.condition.text, params)
        if settled is not None:
            return _described(self.then if settled else self.otherwise, rules, params, board)
        then = _described(self.then, rules, params, board) or "nothing"
        # Said as a rule even with a board: effects before this one may change
        # what holds by the time it is checked, so "true now" could mislead.
        said = condition_words(rules, self.condition.text, params)
        text = f"if {said}: {then}"
        if self.otherwise:
            text += f"; otherwise: {_described(self.otherwise, rules, params, board)}"
        return text


def may_roll(effects: Sequence[Effect]) -> bool:
    """Whether applying these effects may roll a contest: one among them or in their
    branches, or any event they trigger (whose effects may hold one)."""
    for e in effects:
        if isinstance(e, Contest | TriggerEvent):
            return True
        if isinstance(e, IfEffect) and (may_roll(e.then) or may_roll(e.otherwise)):
            return True
    return False


def condition(raw: str | bool, symbols: Symbols) -> Compiled:
    return compile_expr(str(raw).lower() if isinstance(raw, bool) else raw, symbols, Kind.BOOL)


def _amount(raw: int | float | str, symbols: Symbols, scale: int = 1) -> Amount:
    if isinstance(raw, float):
        return Amount(round(raw * scale), symbols)
    if isinstance(raw, int):
        return Amount(raw * scale, symbols)
    return Amount(raw, symbols, scale)


Compiler = Callable[[s._Effect, Symbols], Effect]


def _compile_shift(e: s.ShiftSupport, sy: Symbols) -> Effect:
    return ShiftSupport(
        Scope(e.faction, Kind.FACTION, sy),
        Scope(e.group, Kind.GROUP, sy),
        Scope(e.region, Kind.REGION, sy),
        _amount(e.amount, sy, 100),
    )


def _compile_unit(e: s.ChangeUnit, sy: Symbols) -> Effect:
    owner = None if e.owner == "unchanged" else Scope(e.owner, Kind.FACTION, sy)
    region = None if e.region is None else Scope(e.region, Kind.REGION, sy)
    return ChangeUnit(
        Scope(e.unit, Kind.UNIT, sy), owner, region, _amount(e.strength, sy), _amount(e.loyalty, sy)
    )


def _index(sy: Symbols, kind: Kind, ident: str) -> int:
    return list(sy.ids[kind]).index(ident)


def compile_effect(e: s._Effect, sy: Symbols, key: str = "") -> Effect:
    """Build the effect object for one validated schema effect; `key` names where the
    scenario writes it (see `compile_effects`), for the contests in it."""
    match e:
        case s.ShiftSupport():
            return _compile_shift(e, sy)
        case s.Mobilise():
            return Mobilise(
                Scope(e.group, Kind.GROUP, sy),
                Scope(e.region, Kind.REGION, sy),
                _amount(e.amount, sy),
            )
        case s.SetFlag():
            return SetFlag(_index(sy, Kind.FLAG, e.flag), True)
        case s.ClearFlag():
            return SetFlag(_index(sy, Kind.FLAG, e.flag), False)
        case s.MoveTrack():
            return MoveTrack(_index(sy, Kind.TRACK, e.track), _amount(e.amount, sy))
        case s.GainResource():
            return GainResource(
                Scope(e.faction, Kind.FACTION, sy),
                _index(sy, Kind.RESOURCE, e.resource),
                _amount(e.amount, sy),
            )
        case s.SetControl():
            return SetControl(Scope(e.site, Kind.SITE, sy), Scope(e.faction, Kind.FACTION, sy))
        case s.ChangeDefence():
            return ChangeDefence(Scope(e.site, Kind.SITE, sy), _amount(e.amount, sy))
        case s.ChangeUnit():
            return _compile_unit(e, sy)
        case s.Journal():
            return Journal(e.text)
        case s.TriggerEvent():
            return TriggerEvent(_index(sy, Kind.EVENT, e.event))
        case s.Contest():
            return Contest(
                _amount(e.attack, sy),
                _amount(e.defence, sy),
                compile_effects(e.success, sy, _inside(key, "success")),
                compile_effects(e.failure, sy, _inside(key, "failure")),
                key,
            )
        case s.IfEffect():
            return IfEffect(
                condition(e.condition, sy),
                compile_effects(e.then, sy, _inside(key, "then")),
                compile_effects(e.otherwise, sy, _inside(key, "otherwise")),
            )
    raise TypeError(f"no compiler for effect {type(e).__name__}")


def compile_effects(effects: Sequence[s._Effect], sy: Symbols, key: str = "") -> tuple[Effect, ...]:
    """A list of effects; `key` names the list ("actions.seize.effects"), and each effect
    is named by its place in it, from 1: "actions.seize.effects[2].then[1]"."""
    return tuple(
        compile_effect(e, sy, f"{key}[{j}]" if key else "") for j, e in enumerate(effects, 1)
    )


def _inside(key: str, branch: str) -> str:
    return f"{key}.{branch}" if key else ""

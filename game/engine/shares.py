"""Exact integer arithmetic on shares that must keep adding up to the whole.

Support is a set of basis-point shares per group and region that always sum
to 10,000. Every change is computed as exact integer numerators over a
common divisor and rounded by one fixed rule, largest remainder first with
ties going to the lower row, so the sums stay whole and every machine rounds
the same way.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import IntArray

# The ufunc's own reduction: ndarray.sum first passes through Python wrappers
# that cost as much as the sum itself on these small tables.
_sum = np.add.reduce
_any = np.logical_or.reduce  # the reduction ndarray.any makes, likewise


def apportion(numerators: IntArray, divisor: IntArray | int, total: IntArray | int) -> IntArray:
    """Divide each column of numerators by divisor, rounding so each column sums to total.

    Rows are the shares, the other axes are columns. The caller guarantees the
    exact quotients of a column add up to `total`.
    """
    floor: IntArray
    floor, fraction = np.divmod(numerators, divisor)
    remainder = total - _sum(floor, 0)
    if not _any(remainder, None):
        return floor
    rounded: IntArray = floor + (_ranks(fraction) < remainder)
    return rounded


def _ranks(fraction: IntArray) -> IntArray:
    """Each row's place in its column when rows are ranked by fraction, largest first;
    a stable sort gives ties to the lower row."""
    # The methods: np.argsort passes through a Python wrapper first.
    order = (-fraction).argsort(axis=0, kind="stable")
    ranks: IntArray = order.argsort(axis=0, kind="stable")
    return ranks


def move_toward(current: IntArray, target: IntArray, keep_percent: int, total: int) -> IntArray:
    """Close (100 - keep_percent)% of the gap between shares and their target, exactly."""
    numerators = target * 100 + (current - target) * keep_percent
    return apportion(numerators, 100, total)


def take_proportionally(others: IntArray, amount: IntArray) -> IntArray:
    """How much to take from each row of `others` so that each column gives `amount`.

    Each row gives in proportion to its size; `amount` never exceeds a column's total.
    """
    totals = others.sum(axis=0)
    safe = np.where(totals == 0, 1, totals)
    # A row's rounded-up share never passes its size, since amount <= the column total.
    return apportion(others * amount, safe, amount)


def apportion_ints(numerators: list[int], divisor: int, total: int) -> list[int]:
    """`apportion` of a single column, in plain ints: the same rounding, without numpy's costs."""
    floor = [n // divisor for n in numerators]
    remainder = total - sum(floor)
    if remainder <= 0:  # as in apportion, where no rank is below a remainder of 0 or less
        return floor
    fraction = [n % divisor for n in numerators]
    # sorted() is stable, so ties go to the lower row as argsort(kind="stable") gives them.
    for row in sorted(range(len(fraction)), key=lambda i: -fraction[i])[:remainder]:
        floor[row] += 1
    return floor

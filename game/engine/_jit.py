"""The support arithmetic compiled with numba: imported only through `kernels`, and only
when numba is installed.

Each function does, cell by cell, exactly the integer arithmetic of the numpy code it
stands for (`effects._shift_cells`, `turns.drift_support` with `shares.apportion` and
`shares.move_toward`): the same floor divisions, the same ranking of remainders (largest
first, ties to the lower row), so the same support to the basis point. Only integers:
there is no floating-point order to keep. A game moves support a hundred times and drifts
it every turn; numpy spends most of that in the fixed cost of its twenty-odd calls on a
table of a few dozen cells, which one compiled loop does not pay.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _apportion_column(numerators: np.ndarray, divisor: int, total: int, out: np.ndarray) -> None:
    """`shares.apportion` of one column into `out`: floors, then one more to each of the
    rows ranked (by fraction, largest first, ties to the lower row) below the remainder."""
    rows = numerators.shape[0]
    fraction = np.empty(rows, dtype=np.int64)
    floors = 0
    for i in range(rows):
        out[i] = numerators[i] // divisor
        fraction[i] = numerators[i] % divisor
        floors += out[i]
    remainder = total - floors
    if remainder == 0:
        return
    for i in range(rows):
        rank = 0
        for j in range(rows):
            if fraction[j] > fraction[i] or (fraction[j] == fraction[i] and j < i):
                rank += 1
        if rank < remainder:
            out[i] += 1


@njit(cache=True)
def shift(
    support: np.ndarray, row: int, groups: np.ndarray, regions: np.ndarray, amounts: np.ndarray
) -> np.ndarray:
    """`_shift_cells` of faction `row` in every (group, region) given, `amounts[k]` in
    `groups[k]`, in place; returns the support moved in each group, for the ledger."""
    rows = support.shape[0]
    last = rows - 1
    moved = np.zeros(groups.shape[0], dtype=np.int64)
    others = np.empty(rows, dtype=np.int64)
    taken = np.empty(rows, dtype=np.int64)
    for k in range(groups.shape[0]):
        g = groups[k]
        amount = amounts[k]
        for r in regions:
            if amount > 0:
                total = 0
                for i in range(rows):
                    others[i] = 0 if i == row else support[i, g, r]
                    total += others[i]
                take = min(total, amount)
                for i in range(rows):
                    others[i] *= take
                _apportion_column(others, max(total, 1), take, taken)
                for i in range(rows):
                    support[i, g, r] -= taken[i]
                support[row, g, r] += take
                moved[k] += take
            else:
                give = min(-amount, support[row, g, r])
                support[row, g, r] -= give
                support[last, g, r] += give
                moved[k] -= give
    return moved


@njit(cache=True)
def drift(
    support: np.ndarray,
    appeal: np.ndarray,
    unaligned: np.ndarray,
    lean: np.ndarray,
    inertia: int,
    whole: int,
) -> np.ndarray:
    """`drift_support`'s new support: each cell's target shares by appeal (weighed by the
    region's lean; the unaligned by their own appeal), then `inertia`% of the gap kept."""
    rows, groups, regions = support.shape
    factions = rows - 1
    out = np.empty_like(support)
    weights = np.empty(rows, dtype=np.int64)
    target = np.empty(rows, dtype=np.int64)
    numerators = np.empty(rows, dtype=np.int64)
    column = np.empty(rows, dtype=np.int64)
    for g in range(groups):
        for r in range(regions):
            total = 0
            for f in range(factions):
                weights[f] = appeal[f, g] * lean[f, r]
                total += weights[f]
            weights[factions] = unaligned[g] * 100
            total += weights[factions]
            if total == 0:
                for i in range(rows):
                    target[i] = support[i, g, r]
            else:
                for i in range(rows):
                    numerators[i] = weights[i] * whole
                _apportion_column(numerators, total, whole, target)
            for i in range(rows):
                numerators[i] = target[i] * 100 + (support[i, g, r] - target[i]) * inertia
            _apportion_column(numerators, 100, whole, column)
            for i in range(rows):
                out[i, g, r] = column[i]
    return out

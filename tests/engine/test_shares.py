"""Exact share arithmetic: columns keep summing to the whole, whatever the inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.engine.shares import apportion, apportion_ints, move_toward, take_proportionally

BASIS = 10_000


def shares(rows: int, cols: int) -> st.SearchStrategy[np.ndarray]:
    """Columns of non-negative integers summing to BASIS."""

    def build(raw: np.ndarray) -> np.ndarray:
        weights = raw.astype(np.int64) + 1
        totals = weights.sum(axis=0)
        return apportion(weights * BASIS, totals, BASIS)

    return hnp.arrays(np.int64, (rows, cols), elements=st.integers(0, 1000)).map(build)


@given(shares(4, 6))
def test_apportioned_columns_sum_to_the_whole(cols: np.ndarray) -> None:
    assert (cols.sum(axis=0) == BASIS).all()
    assert (cols >= 0).all()


@given(shares(5, 3), shares(5, 3), st.integers(0, 99))
def test_moving_toward_a_target_keeps_sums_and_closes_the_gap(
    current: np.ndarray, target: np.ndarray, keep: int
) -> None:
    moved = move_toward(current, target, keep, BASIS)
    assert (moved.sum(axis=0) == BASIS).all()
    assert (moved >= 0).all()
    # Each share ends between where it was and its target, give or take the rounding unit.
    low = np.minimum(current, target) - 1
    high = np.maximum(current, target) + 1
    assert ((moved >= low) & (moved <= high)).all()


def test_moving_with_no_inertia_lands_on_the_target() -> None:
    current = np.array([[5000], [5000]], dtype=np.int64)
    target = np.array([[2000], [8000]], dtype=np.int64)
    assert (move_toward(current, target, 0, BASIS) == target).all()


def test_rounding_ties_go_to_the_lower_row() -> None:
    out = apportion(np.array([[1], [1], [1]], dtype=np.int64), 3, 1)
    assert out[:, 0].tolist() == [1, 0, 0]


@given(hnp.arrays(np.int64, (4, 3), elements=st.integers(0, 3000)), st.data())
def test_taking_proportionally_takes_exactly_the_amount(
    others: np.ndarray, data: st.DataObject
) -> None:
    totals = others.sum(axis=0)
    amount = np.array([data.draw(st.integers(0, int(t))) for t in totals], dtype=np.int64)
    taken = take_proportionally(others, amount)
    assert (taken.sum(axis=0) == amount).all()
    assert ((taken >= 0) & (taken <= others)).all()


@given(
    st.lists(st.integers(0, 10**8), min_size=1, max_size=7),
    st.integers(1, 10**4),
    st.data(),
)
def test_apportioning_plain_ints_rounds_as_numpy_does(
    numerators: list[int], divisor: int, data: st.DataObject
) -> None:
    # The engine's one-cell fast path must round exactly as the array version.
    exact = sum(numerators) // divisor
    total = data.draw(st.integers(exact - 2, exact + len(numerators) + 1))
    column = np.array(numerators, dtype=np.int64)[:, None]
    assert (
        apportion_ints(numerators, divisor, total)
        == apportion(column, divisor, total)[:, 0].tolist()
    )


def test_apportioning_plain_ints_gives_ties_to_the_lower_row() -> None:
    assert apportion_ints([1, 1, 1], 3, 1) == [1, 0, 0]

"""The compiled support arithmetic (game/engine/_jit.py) against numpy's, which it stands
in for: the same support to the basis point, and the same games."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.engine import kernels
from game.engine.effects import _shift_cells
from game.engine.rules import Rules
from game.engine.state import BASIS
from game.engine.turns import drifted
from game.session import Session

pytest.importorskip("numba")


@pytest.fixture(scope="module")
def jit() -> Iterator[object]:
    kernels.reset(True)
    compiled = kernels.jit()
    assert compiled is not None, "numba is installed, so the kernels should load"
    yield compiled
    kernels.reset(True)


@st.composite
def _support(draw: st.DrawFn) -> np.ndarray:
    """Shares of 2-6 rows in up to 3 groups and 4 regions, each column summing to BASIS,
    some with everything on one row; now and then a column that does not add up."""
    rows, groups, regions = (
        draw(st.integers(2, 6)),
        draw(st.integers(1, 3)),
        draw(st.integers(1, 4)),
    )
    raw = draw(hnp.arrays(np.int64, (rows, groups, regions), elements=st.integers(0, 50)))
    support = raw * (BASIS // 50)
    support[-1] += BASIS - support.sum(axis=0)
    support = np.where(support < 0, 0, support)
    support[0] += BASIS - support.sum(axis=0)
    if draw(st.booleans()):
        support[draw(st.integers(0, rows - 1))] += draw(st.integers(-500, 500))
    return np.ascontiguousarray(support)


@given(_support(), st.data())
def test_a_compiled_shift_moves_what_numpy_moves(
    jit: object, support: np.ndarray, data: st.DataObject
) -> None:
    rows, groups, regions = support.shape
    f = data.draw(st.integers(-rows, rows - 1))
    g = data.draw(st.none() | st.integers(-groups, groups - 1))
    r = data.draw(st.none() | st.integers(-regions, regions - 1))
    amount = data.draw(st.integers(-2 * BASIS, 2 * BASIS).filter(bool))
    gs = slice(None) if g is None else g
    rs = slice(None) if r is None else r
    expected = support.copy()
    moved = _shift_cells(expected, f, gs, rs, amount)
    compiled = support.copy()
    group_index = np.arange(groups) if g is None else np.array([g % groups])
    region_index = np.arange(regions) if r is None else np.array([r % regions])
    amounts = np.full(len(group_index), amount, dtype=np.int64)
    got = jit.shift(compiled, f % rows, group_index, region_index, amounts)  # type: ignore[attr-defined]
    assert np.array_equal(compiled, expected)
    assert int(got.sum()) == moved


@given(_support(), st.data())
def test_compiled_gains_in_several_groups_move_what_numpy_moves_group_by_group(
    jit: object, support: np.ndarray, data: st.DataObject
) -> None:
    rows, groups, regions = support.shape
    f = data.draw(st.integers(0, rows - 1))
    chosen = data.draw(st.permutations(range(groups)))
    gains = [data.draw(st.integers(1, 2 * BASIS)) for _ in chosen]
    expected = support.copy()
    moved = [
        _shift_cells(expected, f, g, slice(None), a) for g, a in zip(chosen, gains, strict=True)
    ]
    compiled = support.copy()
    index = np.array(chosen, dtype=np.int64)
    got = jit.shift(compiled, f, index, np.arange(regions), np.array(gains, dtype=np.int64))  # type: ignore[attr-defined]
    assert np.array_equal(compiled, expected)
    assert got.tolist() == moved


@given(_support(), st.data())
def test_compiled_drift_gives_numpys_support(
    jit: object, support: np.ndarray, data: st.DataObject
) -> None:
    rows, groups, regions = support.shape
    factions = rows - 1
    weights = st.integers(0, 300)
    appeal = data.draw(hnp.arrays(np.int64, (factions, groups), elements=weights))
    unaligned = data.draw(hnp.arrays(np.int64, (groups,), elements=weights))
    lean = data.draw(hnp.arrays(np.int64, (factions, regions), elements=st.integers(-150, 150)))
    lean_weight = np.maximum(100 + lean[:, None, :], 0)
    inertia = data.draw(st.integers(0, 100))
    expected = drifted(support, appeal, unaligned, lean_weight, inertia)
    rows_of_lean = np.ascontiguousarray(lean_weight[:, 0, :])
    got = jit.drift(support, appeal, unaligned, rows_of_lean, inertia, BASIS)  # type: ignore[attr-defined]
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("seed", [0, 7])
def test_a_game_is_the_same_with_or_without_the_compiled_kernels(
    october_rules: Rules, jit: object, seed: int
) -> None:
    def hashes() -> list[str]:
        session = Session(october_rules, seed)
        session.run()
        return [record.state_hash for record in session.records]

    compiled = hashes()
    kernels.reset(False)
    try:
        assert kernels.jit() is None
        plain = hashes()
    finally:
        kernels.reset(True)
    assert compiled == plain

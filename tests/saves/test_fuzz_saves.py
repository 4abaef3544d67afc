"""Fuzzing loads over mutated saves: byte flips, truncations, YAML edits, header edits.

Whatever the mutation, loading (verifying or quick, and seeking every turn) either
gives the very same game or raises SaveError, whose one line the front ends show;
nothing else escapes, and the file is never changed. The header a load screen reads
is a mapping or a SaveError too. See tests/fuzzing.py for how many examples run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine.rules import Rules
from game.saves.format import SEALED, SaveError, document, dump, read_head
from game.saves.replay import Loaded, load
from game.session import Session
from tests.fuzzing import fuzz_settings

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def original(mini_rules: Rules, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Loaded]:
    session = Session(mini_rules, 5, player="reds")
    for _ in range(3):
        session.play_turn(session.ai_orders("reds"))
    path = tmp_path_factory.mktemp("fuzz") / "original.yaml"
    data = dump(document(session, "2026-01-01T00:00:00+00:00"))
    path.write_bytes(data)
    return data, load(path)


def same_game(a: Loaded, b: Loaded) -> bool:
    return (
        a.records == b.records
        and [s.digest() for s in a.states] == [s.digest() for s in b.states]
        and a.dice == b.dice
        and a.ai == b.ai
        and a.save.model_dump(exclude={"summary", "game_version"})
        == b.save.model_dump(exclude={"summary", "game_version"})
    )


def check(data: bytes, original: Loaded, folder: Path) -> None:
    """The property: the same game or one SaveError line, for every way of loading."""
    path = folder / "mutated.yaml"
    path.write_bytes(data)
    for verify in (True, False):
        try:
            loaded = load(path, verify=verify)
            for n in range(loaded.turns + 1):
                loaded.seek(n)
        except SaveError as bad:
            assert "\n" not in str(bad) and str(bad).strip()
        else:
            assert same_game(loaded, original), "a changed save loaded as another game"
    try:
        assert isinstance(read_head(path), dict)
    except SaveError as bad:
        assert "\n" not in str(bad)
    assert path.read_bytes() == data, "loading changed the file"


@fuzz_settings(12, 600)
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6
    )
)
def test_flipped_bytes(
    original: tuple[bytes, Loaded], tmp_path: Path, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(original[0])
    # Most of a save is its scenario: flips land in the record half the time.
    record_end = data.find(b"\nscenario:")
    for where, byte in flips:
        size = record_end if where < 0.5 else len(data)
        data[int(where * 2 % 1 * size)] = byte
    check(bytes(data), original[1], tmp_path)


@fuzz_settings(8, 300)
@given(cut=st.floats(0, 1))
def test_truncated(original: tuple[bytes, Loaded], tmp_path: Path, cut: float) -> None:
    check(original[0][: int(cut * len(original[0]))], original[1], tmp_path)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 1, 2**63, 2**128, "", "reds", "x" * 300, [], {}, [0, 1, 2, 3]]),
    st.text(max_size=20),
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        out = [(*prefix, k) for k in value]
        for k, v in value.items():
            out += paths_of(v, (*prefix, k))
        return out
    if isinstance(value, list):
        out = [(*prefix, i) for i in range(len(value))]
        for i, v in enumerate(value):
            out += paths_of(v, (*prefix, i))
        return out
    return []


@fuzz_settings(15, 700)
@given(data=st.data())
def test_yaml_edits(original: tuple[bytes, Loaded], tmp_path: Path, data: st.DataObject) -> None:
    tree = yaml.safe_load(original[0])
    record = {k: v for k, v in tree.items() if k != "scenario"}
    where = data.draw(st.sampled_from(paths_of(record)), label="path")
    value = data.draw(SCALARS, label="value")
    parent = tree
    for step in where[:-1]:
        parent = parent[step]
    if data.draw(st.booleans(), label="delete") and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    check(yaml.safe_dump(tree, sort_keys=False).encode(), original[1], tmp_path)


@fuzz_settings(10, 400)
@given(field=st.sampled_from([*SEALED, "format", "seal", "summary"]), value=SCALARS)
def test_header_edits(
    original: tuple[bytes, Loaded], tmp_path: Path, field: str, value: Any
) -> None:
    tree = yaml.safe_load(original[0])
    tree[field] = value
    check(dump(tree), original[1], tmp_path)

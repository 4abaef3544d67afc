"""Fuzzing scenario folders: whatever the files hold, loading ends in a scenario or in a
ScenarioError naming file and line, and whatever loads plays a whole AI game.

A few derandomised examples here; `make fuzz` runs 200 times as many (tests/fuzzing.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.rules import Rules
from game.scenario.loader import ScenarioError, load_scenario
from game.scenario.never import find
from game.session import Session
from tests.fuzzing import fuzz_settings

pytestmark = pytest.mark.fuzz

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
FILES = sorted(p.name for p in MINI.glob("*.yaml"))
NUMBER = re.compile(r"(?<![\w.-])-?\d+(?![\w.-])")

# Values a hostile or careless hand puts where a number was.
ODD_NUMBERS = st.sampled_from(
    [
        "0", "-1", "1", "100", "-100", "999999999", "1000000000", "1000000001",
        "-1000000000", "100000000000000000000", "1.5", "1e20", ".inf", "nan", "null",
        "''", "[]", "{}", '"1 + "', '"1000000000 * 1000000000 * 100"', '"0 / 0"',
        '"turn * 1000000000"', "true", "~",
    ]
)  # fmt: skip


def _number_edits(text: str) -> st.SearchStrategy[str]:
    spots = [m.span() for m in NUMBER.finditer(text)]
    if not spots:
        return st.just(text)

    def apply(choices: list[tuple[int, str]]) -> str:
        out = text
        for index, value in sorted(choices, key=lambda c: -spots[c[0]][0]):
            start, end = spots[index]
            out = out[:start] + value + out[end:]
        return out

    picks = st.tuples(st.integers(0, len(spots) - 1), ODD_NUMBERS)
    return st.lists(picks, min_size=1, max_size=6, unique_by=lambda c: c[0]).map(apply)


def _line_edits(text: str) -> st.SearchStrategy[str]:
    lines = text.splitlines(keepends=True)

    def apply(edit: tuple[str, int, int]) -> str:
        kind, i, j = edit
        i, j = i % len(lines), j % len(lines)
        changed = list(lines)
        if kind == "delete":
            del changed[i]
        elif kind == "duplicate":
            changed.insert(i, lines[i])
        elif kind == "swap":
            changed[i], changed[j] = changed[j], changed[i]
        else:  # move a line in or out by two spaces
            changed[i] = "  " + lines[i] if kind == "indent" else lines[i].removeprefix("  ")
        return "".join(changed)

    kinds = st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent"])
    return st.tuples(kinds, st.integers(0, 10**6), st.integers(0, 10**6)).map(apply)


def _byte_edits(data: bytes) -> st.SearchStrategy[bytes]:
    def apply(edit: tuple[int, int, bool]) -> bytes:
        at, value, cut = edit
        at %= len(data)
        return data[:at] if cut else data[:at] + bytes([value]) + data[at + 1 :]

    return st.tuples(st.integers(0, 10**6), st.integers(0, 255), st.booleans()).map(apply)


@st.composite
def mutated_folder(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILES))
    original = (MINI / name).read_bytes()
    how = draw(st.sampled_from(["numbers", "lines", "bytes"]))
    if how == "bytes":
        return name, draw(_byte_edits(original))
    text = original.decode()
    changed = draw(_number_edits(text) if how == "numbers" else _line_edits(text))
    return name, changed.encode()


def _play_whole_game(folder: Path) -> None:
    try:
        scenario = load_scenario(folder)
    except ScenarioError as refused:
        # Every message names a file of the folder, with a line and column.
        for error in refused.errors:
            assert re.match(rf"{re.escape(str(folder))}(/[\w.]+)?:\d+:\d+: \S", str(error)), error
        return
    # What `check` proves of it without playing comes out as words, never a traceback.
    assert all(finding.message for finding in find(scenario.model))
    state = Session(Rules(scenario), 7).run()
    assert state.over


@fuzz_settings(30, 1000)
@given(mutated_folder())
def test_a_mutated_scenario_loads_and_plays_or_is_refused_with_a_line(
    mutation: tuple[str, bytes],
) -> None:
    name, data = mutation
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mod"
        shutil.copytree(MINI, folder)
        (folder / name).write_bytes(data)
        _play_whole_game(folder)

"""Tests for game.scenario.yamlio: safe, position-aware loading of scenario YAML."""

from __future__ import annotations

import datetime
import pathlib
import random
import time
import tracemalloc
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import yamlio
from game.scenario.yamlio import (
    MAX_DEPTH,
    MAX_NODES,
    Document,
    LoadError,
    Mark,
    YamlLoadFailed,
    load_yaml_file,
    load_yaml_text,
)

PARSERS = [
    pytest.param("c", marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="no libyaml")),
    "python",
]
FILE = "scenarios/test.yaml"


def load(text: str | bytes, parser: yamlio.ParserChoice = "auto") -> Document:
    return load_yaml_text(text, FILE, parser=parser)


def fail(text: str | bytes, parser: yamlio.ParserChoice = "auto") -> LoadError:
    with pytest.raises(YamlLoadFailed) as info:
        load_yaml_text(text, FILE, parser=parser)
    error = info.value.error
    assert error.mark.file == FILE
    assert "\n" not in error.message
    assert str(info.value) == str(error)
    return error


def test_mark_and_error_format() -> None:
    mark = Mark("a.yaml", 3, 7)
    assert str(mark) == "a.yaml:3:7"
    assert str(LoadError(mark, "boom")) == "a.yaml:3:7: boom"


# --- syntax errors and friendly hints ------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS)
def test_syntax_error_in_flow_list(parser: yamlio.ParserChoice) -> None:
    error = fail("title: x\nitems: [1, 2\nnext: 3\n", parser)
    assert error.mark.line == 3
    assert "',' or a closing bracket missing" in error.message
    assert "started at line 2" in error.message


@pytest.mark.parametrize("parser", PARSERS)
def test_tab_indentation(parser: yamlio.ParserChoice) -> None:
    error = fail("events:\n\tid: first\n", parser)
    assert (error.mark.line, error.mark.column) == (2, 1)
    assert "tabs cannot indent YAML; use spaces" in error.message


@pytest.mark.parametrize("parser", PARSERS)
def test_unclosed_quote_points_at_the_opening_quote(parser: yamlio.ParserChoice) -> None:
    error = fail('title: ok\ntext: "Comrades,\nnext: 2\n', parser)
    assert (error.mark.line, error.mark.column) == (2, 7)
    assert "unclosed quote" in error.message


@pytest.mark.parametrize("parser", PARSERS)
def test_missing_space_after_colon(parser: yamlio.ParserChoice) -> None:
    error = fail("a: 1\nb: c:d: e\n", parser)
    assert error.mark.line == 2
    assert "mapping values are not allowed here" in error.message
    assert "space missing after a ':'" in error.message


# Mis-indentations a modder makes, with the line blamed and what the message must say there:
# what was expected at that line, in words rather than the parsers' tokens.
MISINDENTED = {
    "a key between two columns": (
        "a:\n  b: 1\n c: 2\n",
        3,
        ["expected a key at column 1 as in the mapping begun at line 1", "the key 'c'"],
    ),
    "a key of a list entry in line with its '-'": (
        "events:\n  - id: a\n    choices:\n      - id: x\n        text: t\n      effects: []\n",
        6,
        ["expected another list entry ('- ...') at column 7", "the key 'effects'", "column 9"],
    ),
    "a key of a list entry short of its keys": (
        "factions:\n  - id: a\n   name: b\n",
        3,
        ["at column 3 as in the list begun at line 2", "goes at column 5, in line with its keys"],
    ),
    "a key indented further than the one above": (
        "factions:\n  - id: a\n      name: b\n",
        3,
        ["indented further than line 2", "line it up with the keys of line 2 (column 5)"],
    ),
    "a second top-level key indented": (
        "a: 1\n  b: 2\n",
        2,
        ["indented further than line 1", "(column 1)"],
    ),
    "a list entry left of its list": (
        "a:\n  - id: x\n    b: 1\n - id: y\n",
        4,
        ["expected a key at column 1", "found a list entry ('-')"],
    ),
    "a list entry among keys": (
        "a:\n  b: 1\n  - c\n",
        3,
        ["a list entry ('-') among the keys of the mapping begun at line 2", "a list is the value"],
    ),
    "a list entry indented under a value": (
        "a:\n  b: 1\n    - c: 2\n",
        3,
        ["indented further than line 2", "line its '-' up with the other entries"],
    ),
    "text under '>-' not indented": (
        "a:\n  text: >-\n  Words here\n  and more\n",
        3,
        ["expected a key and ':' here", "'Words here'", "indented wrongly"],
    ),
    "the first section indented": (
        "  factions:\n- id: a\n",
        2,
        ["lines up with nothing above it", "start at column 1"],
    ),
    "an apostrophe in single quotes": (
        "a:\n  text: 'Kerensky's flight'\n  b: 1\n",
        2,
        ["a quote inside quoted text ends it", "double quotes"],
    ),
}


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("case", list(MISINDENTED))
def test_misindentation_says_what_was_expected_there(
    parser: yamlio.ParserChoice, case: str
) -> None:
    text, line, phrases = MISINDENTED[case]
    error = fail(text, parser)
    assert error.mark.line == line
    for phrase in phrases:
        assert phrase in error.message
    # No parser token reaches the modder.
    for token in ("<block end>", "indicator", "<block", "expected key", "document start"):
        assert token not in error.message


def test_random_bytes() -> None:
    data = random.Random(1917).randbytes(4096)
    first_bad = 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    error = fail(data)
    assert error.mark.line == 1 + sum(data[:first_bad].count(c) for c in (b"\r\n", b"\n"))
    assert "not valid UTF-8" in error.message


def test_invalid_utf8_reports_line_and_column_of_bad_byte() -> None:
    error = fail("title: x\nleader: Кере".encode() + b"\xff" + "нский\n".encode())
    assert (error.mark.line, error.mark.column) == (2, 13)  # counted in characters
    assert "not valid UTF-8 (byte 0xff)" in error.message


def test_utf8_bom_is_accepted_and_utf16_is_explained() -> None:
    assert load(b"\xef\xbb\xbftitle: x\n").data == {"title": "x"}
    error = fail("title: x\n".encode("utf-16"))
    assert "UTF-16" in error.message


def test_nul_byte_reported_with_position() -> None:
    error = fail("a: 1\nb: x\x00y\n")
    assert (error.mark.line, error.mark.column) == (2, 5)
    assert "U+0000" in error.message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "---\n"])
def test_empty_file(text: str) -> None:
    error = fail(text)
    assert error.mark.line == 1
    assert error.message == "file is empty"


@pytest.mark.parametrize("parser", PARSERS)
def test_a_file_of_comments_is_nothing_to_read_or_on_request_an_empty_mapping(
    parser: yamlio.ParserChoice,
) -> None:
    text = "# only a comment\n   # and another\n"
    error = fail(text, parser)
    assert (error.mark.line, error.message) == (1, "the file holds only comments: nothing to read")
    doc = load_yaml_text(text, FILE, parser=parser, comments_only=True)
    assert doc.data == {}
    assert doc.mark_of(("anything",)) == Mark(FILE, 1, 1)
    assert fail("", parser).message == "file is empty"  # a file that is blank is still refused


@pytest.mark.parametrize("parser", PARSERS)
def test_top_level_must_be_a_mapping(parser: yamlio.ParserChoice) -> None:
    error = fail("# intro\n- a\n- b\n", parser)
    assert error.mark.line == 2
    assert "expected a mapping at the top of the file, found a list" in error.message
    assert "found a string" in fail("just words\n", parser).message


# --- limits and hostile input ---------------------------------------------------------------


def test_oversized_file_fails_fast(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (3 * 1024 * 1024))
    start = time.perf_counter()
    with pytest.raises(YamlLoadFailed) as info:
        load_yaml_file(path, display_name="mods/huge.yaml")
    assert time.perf_counter() - start < 0.5
    error = info.value.error
    assert str(error.mark) == "mods/huge.yaml:1:1"
    assert f"file is {3 * 1024 * 1024 + 5} bytes, over the 2 MiB limit" in error.message


def test_load_file_and_unreadable_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("title: Ten Days\n", encoding="utf-8")
    doc = load_yaml_file(path)
    assert doc.data == {"title": "Ten Days"}
    assert doc.file == str(path)
    with pytest.raises(YamlLoadFailed) as info:
        load_yaml_file(tmp_path / "missing.yaml", display_name="missing.yaml")
    assert str(info.value).startswith("missing.yaml:1:1: cannot read the file")


def billion_laughs() -> str:
    lines = ["lol0: &lol0 [" + ", ".join(["lol"] * 10) + "]"]
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("parser", PARSERS)
def test_billion_laughs_fails_fast_and_small(parser: yamlio.ParserChoice) -> None:
    text = billion_laughs()
    start = time.perf_counter()
    error = fail(text, parser)
    assert time.perf_counter() - start < 0.5
    # lol5 is the first level whose expansion (10 x 111111 nodes) crosses the limit.
    assert error.mark.line == 6
    assert "alias bomb" in error.message
    assert f"over {MAX_NODES} nodes" in error.message
    tracemalloc.start()
    try:
        fail(text, parser)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("opener", ["[", "{", "a: ["])
def test_deep_flow_nesting(parser: yamlio.ParserChoice, opener: str) -> None:
    start = time.perf_counter()
    error = fail(opener * 100_000, parser)
    assert time.perf_counter() - start < 2
    assert error.mark.line == 1
    # Depth errors come from us (precise column) or from libyaml's scanner, which gives up at
    # 1000 levels before handing over any events; a "{{" key is refused even earlier.
    assert "nesting is too deep" in error.message or "mapping key must be" in error.message


@pytest.mark.parametrize("parser", PARSERS)
def test_depth_limit_is_exact(parser: yamlio.ParserChoice) -> None:
    def nested(depth: int) -> str:
        return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"

    assert load(nested(MAX_DEPTH), parser).data["a"] is not None
    error = fail(nested(MAX_DEPTH + 1), parser)
    assert (error.mark.line, error.mark.column) == (1, 3 + MAX_DEPTH)
    assert f"more than {MAX_DEPTH} levels" in error.message


def deep_block_mappings(levels: int) -> str:
    return "".join(" " * level + "k:\n" for level in range(levels))


@pytest.mark.parametrize("parser", PARSERS)
def test_deep_block_mappings(parser: yamlio.ParserChoice, monkeypatch: pytest.MonkeyPatch) -> None:
    text = deep_block_mappings(10_000)  # 50 MB of indentation: refused for its size alone
    assert "over the 2 MiB limit" in fail(text, parser).message
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(text) + 1)  # now the depth limit acts
    start = time.perf_counter()
    error = fail(text, parser)
    assert time.perf_counter() - start < 5
    assert (error.mark.line, error.mark.column) == (MAX_DEPTH + 1, MAX_DEPTH + 1)
    assert "nesting is too deep" in error.message


@pytest.mark.parametrize("parser", PARSERS)
def test_alias_chain_cannot_exceed_depth(parser: yamlio.ParserChoice) -> None:
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 100)]
    error = fail("\n".join(lines), parser)
    assert error.mark.line == MAX_DEPTH
    assert "once aliases are expanded" in error.message


def test_too_many_nodes_without_aliases() -> None:
    error = fail("a: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n")
    assert error.mark.line == 1
    assert f"over {MAX_NODES} values" in error.message


# --- semantic errors ------------------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS)
def test_duplicate_key(parser: yamlio.ParserChoice) -> None:
    error = fail("title: x\nevents:\n  - id: a\n    text: hi\n    id: b\n", parser)
    assert (error.mark.line, error.mark.column) == (5, 5)
    assert "duplicate key 'id' (first defined at line 3)" in error.message


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: !!python/object/apply:os.system ['echo hi']\n",
        "a: 1\nb: !!str 5\n",
        "a: 1\nb: !custom {x: 1}\n",
    ],
)
def test_tags_are_refused(parser: yamlio.ParserChoice, text: str) -> None:
    error = fail(text, parser)
    assert (error.mark.line, error.mark.column) == (2, 4)
    assert "tags are not allowed" in error.message


def test_python_tag_is_named_in_the_error() -> None:
    assert (
        "'!!python/object/apply:os.system'" in fail("x: !!python/object/apply:os.system []").message
    )


@pytest.mark.parametrize("parser", PARSERS)
def test_multiple_documents(parser: yamlio.ParserChoice) -> None:
    error = fail("a: 1\n---\nb: 2\n", parser)
    assert (error.mark.line, error.mark.column) == (2, 1)
    assert "second YAML document" in error.message


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("a: 1\nb: *nowhere\n", 2, "unknown alias '*nowhere'"),
        ("a: &x [*x]\n", 1, "unknown alias '*x'"),
        ("a: 1\n? [x, y]\n: 2\n", 2, "mapping key must be a plain name"),
        ("a: &k x\n*k : 2\n", 2, "alias cannot be used as a mapping key"),
        ("a: 1\nb: 1917-02-30\n", 2, "not a valid date"),
        ("a: 1\nb: " + "9" * 5000 + "\n", 2, "is too long"),
        ("a: 1\nb:\n  <<: 5\n", 3, "'<<' (merge) needs a mapping"),
    ],
)
def test_semantic_errors(text: str, line: int, phrase: str) -> None:
    error = fail(text)
    assert error.mark.line == line
    assert phrase in error.message


# --- data and marks ------------------------------------------------------------------------

SCENARIO = """\
title: Ten Days
events:
  - id: first
    choices: []
  - id: second
    choices:
      - text: "Storm the Winter Palace"
        effect: {reds: 1}
"""


@pytest.mark.parametrize("parser", PARSERS)
def test_marks_of_nested_values(parser: yamlio.ParserChoice) -> None:
    doc = load(SCENARIO, parser)
    assert doc.data["events"][1]["choices"][0]["text"] == "Storm the Winter Palace"
    assert doc.mark_of(("events", 1, "choices", 0, "text")) == Mark(FILE, 7, 15)
    assert doc.mark_of(["events", 1, "choices", 0, "effect", "reds"]) == Mark(FILE, 8, 24)
    assert doc.mark_of(("events", 1)) == Mark(FILE, 5, 5)
    assert doc.mark_of(("events",)) == Mark(FILE, 3, 3)
    assert doc.mark_of(()) == Mark(FILE, 1, 1)


@pytest.mark.parametrize("parser", PARSERS)
def test_key_mark(parser: yamlio.ParserChoice) -> None:
    doc = load(SCENARIO, parser)
    assert doc.key_mark(("events", 1, "choices", 0, "text")) == Mark(FILE, 7, 9)
    assert doc.key_mark(("events",)) == Mark(FILE, 2, 1)
    # Not a mapping entry (a list item): falls back to the value's mark.
    assert doc.key_mark(("events", 1)) == doc.mark_of(("events", 1))


@pytest.mark.parametrize("parser", PARSERS)
def test_mark_of_missing_child_is_the_parents_mark(parser: yamlio.ParserChoice) -> None:
    doc = load(SCENARIO, parser)
    parent = doc.mark_of(("events", 1, "choices", 0))
    assert parent == Mark(FILE, 7, 9)
    assert doc.mark_of(("events", 1, "choices", 0, "missing")) == parent
    assert doc.mark_of(("events", 7, "id")) == doc.mark_of(("events",))
    assert doc.key_mark(("events", 1, "nope")) == doc.mark_of(("events", 1))


@pytest.mark.parametrize("parser", PARSERS)
def test_scalar_resolution(parser: yamlio.ParserChoice) -> None:
    doc = load(
        "date: 1917-10-25\nwhen: 1917-10-25 21:45:00\nclock: 10:30\nint: 1_000\nhex: 0x1F\n"
        "neg: -7\nfloat: 2.5\nexp: 1.0e+3\nyes_: yes\noff_: off\nt: true\nnull_: ~\nempty:\n"
        "quoted: '42'\ndq: \"true\"\nblock: |\n  line\nyes: key\n12: twelve\n'13': str\n",
        parser,
    )
    assert doc.data == {
        "date": datetime.date(1917, 10, 25),
        "when": "1917-10-25 21:45:00",
        "clock": "10:30",
        "int": 1000,
        "hex": 31,
        "neg": -7,
        "float": 2.5,
        "exp": 1000.0,
        "yes_": True,
        "off_": False,
        "t": True,
        "null_": None,
        "empty": None,
        "quoted": "42",
        "dq": "true",
        "block": "line\n",
        "yes": "key",
        12: "twelve",
        "13": "str",
    }
    assert type(doc.data["date"]) is datetime.date
    assert type(doc.data["yes_"]) is bool


@pytest.mark.parametrize("parser", PARSERS)
def test_aliases_are_equal_but_independent(parser: yamlio.ParserChoice) -> None:
    doc = load("base: &b {tags: [red, guard], n: 1}\none: *b\ntwo: *b\n", parser)
    base, one, two = doc.data["base"], doc.data["one"], doc.data["two"]
    assert base == one == two == {"tags": ["red", "guard"], "n": 1}
    one["tags"].append("changed")
    assert base["tags"] == ["red", "guard"] and two["tags"] == ["red", "guard"]
    assert one is not two and one["tags"] is not two["tags"]
    # Inside an expansion, marks point at the alias.
    assert doc.mark_of(("two", "tags", 0)) == Mark(FILE, 3, 6)


@pytest.mark.parametrize("parser", PARSERS)
def test_merge_keys(parser: yamlio.ParserChoice) -> None:
    doc = load(
        "base: &b {x: 1, y: 2}\nother: &o {z: 3, x: 9}\nm:\n  <<: [*b, *o]\n  y: 5\n", parser
    )
    assert doc.data["m"] == {"x": 1, "z": 3, "y": 5}
    assert doc.mark_of(("m", "z")) == Mark(FILE, 4, 7)
    assert doc.mark_of(("m", "y")) == Mark(FILE, 5, 6)


def test_default_parser_matches_pure_python() -> None:
    assert load(SCENARIO).data == load(SCENARIO, "python").data


# --- properties -----------------------------------------------------------------------------


def check_never_raises_other(data: str | bytes, parser: yamlio.ParserChoice) -> None:
    try:
        doc = load(data, parser)
    except YamlLoadFailed as exc:
        assert exc.error.mark.line >= 1 and exc.error.mark.column >= 1
        assert "\n" not in exc.error.message
    else:
        assert isinstance(doc.data, dict)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=2000))
@pytest.mark.parametrize("parser", PARSERS)
def test_arbitrary_bytes_only_raise_load_failed(parser: yamlio.ParserChoice, data: bytes) -> None:
    check_never_raises_other(data, parser)


@FUZZ
@given(text=st.text(max_size=2000))
@pytest.mark.parametrize("parser", PARSERS)
def test_arbitrary_text_only_raises_load_failed(parser: yamlio.ParserChoice, text: str) -> None:
    check_never_raises_other(text, parser)


@FUZZ
@given(text=st.text(alphabet="ab1:-[]{},&*!|>?<'\"#% \t\n\\", max_size=300))
@pytest.mark.parametrize("parser", PARSERS)
def test_yaml_like_text_only_raises_load_failed(parser: yamlio.ParserChoice, text: str) -> None:
    check_never_raises_other(text, parser)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates(min_value=datetime.date(1000, 1, 1))
)
keys = st.text() | st.integers()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@FUZZ
@given(data=st.dictionaries(keys, values, min_size=1, max_size=6))
@pytest.mark.parametrize("parser", PARSERS)
def test_round_trip_through_safe_dump(parser: yamlio.ParserChoice, data: dict[Any, Any]) -> None:
    for flow in (False, None):
        text = yaml.safe_dump(data, default_flow_style=flow)
        assert load(text, parser).data == data

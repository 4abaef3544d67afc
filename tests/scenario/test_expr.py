"""Tests for the scenario expression language (game/scenario/expr.py)."""

from __future__ import annotations

import datetime
import functools
import io
import keyword
import re
import tokenize
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.expr import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_INT,
    NONE,
    Binary,
    BoolLit,
    Call,
    Compiled,
    DateLit,
    ExprError,
    ExprErrors,
    IntLit,
    Kind,
    Name,
    Param,
    Symbols,
    Unary,
    check,
    compile_expr,
    describe,
    parse,
)

FACTIONS = ["bolsheviks", "mensheviks", "srs", "kadets"]
GROUPS = ["workers", "soldiers", "sailors"]
REGIONS = ["vyborg", "centre", "kronstadt"]
SITES = ["winter_palace", "smolny", "telegraph"]
UNITS = ["red_guard_1", "cossacks_4", "cadets_2"]
TRACKS = ["legitimacy", "bread", "order"]
FLAGS = ["july_days_repeat", "kornilov_defeated", "congress_open"]
RESOURCES = ["rifles", "funds"]
EVENTS = ["kornilov_affair", "aurora_fires"]

SYMBOLS = Symbols(
    ids={
        Kind.FACTION: FACTIONS,
        Kind.GROUP: GROUPS,
        Kind.REGION: REGIONS,
        Kind.SITE: SITES,
        Kind.UNIT: UNITS,
        Kind.TRACK: TRACKS,
        Kind.FLAG: FLAGS,
        Kind.RESOURCE: RESOURCES,
        Kind.EVENT: EVENTS,
        Kind.ENDING: ["soviet_power"],
    },
    params={"faction": Kind.FACTION, "region": Kind.REGION, "site": Kind.SITE, "unit": Kind.UNIT},
)
TODAY = datetime.date(1917, 10, 20)


class FakeCtx:
    """Deterministic engine stand-in; faction arguments must never be none (-1)."""

    def __init__(self, **params: int) -> None:
        self.params = {"faction": 1, "region": 2, "site": 0, "unit": 2, **params}
        self.controllers = [0, 1, -1]
        self.owners = [0, 2, -1]
        self.calls: list[str] = []

    def support_pct(self, faction: int, group: int | None, region: int | None) -> int:
        assert faction >= 0
        self.calls.append("support")
        g = 10 if group is None else group
        r = 20 if region is None else region
        return (13 * faction + 7 * g + 3 * r) % 101

    def mobilisation(self, group: int | None, region: int | None) -> int:
        return (
            11 * (10 if group is None else group) + 5 * (20 if region is None else region)
        ) % 101

    def track(self, track: int) -> int:
        return [40, 25, 70][track]

    def flag(self, flag: int) -> bool:
        return flag % 2 == 0

    def controller(self, site: int) -> int:
        return self.controllers[site]

    def defence(self, site: int) -> int:
        return [30, 10, 5][site]

    def sites_held(self, faction: int) -> int:
        assert faction >= 0
        return self.controllers.count(faction)

    def resource(self, faction: int, resource: int) -> int:
        assert faction >= 0
        return 100 * faction + resource

    def strength(self, faction: int, region: int | None) -> int:
        assert faction >= 0
        return 10 * faction + (50 if region is None else region)

    def owner(self, unit: int) -> int:
        return self.owners[unit]

    def loyalty(self, unit: int) -> int:
        return [90, 40, 10][unit]

    def unit_region(self, unit: int) -> int:
        return [0, 1, 2][unit]

    def fired(self, event: int) -> bool:
        return event == 1

    def is_player(self, faction: int) -> bool:
        assert faction >= 0
        return faction == 0

    def date_ordinal(self) -> int:
        return TODAY.toordinal()

    def turn(self) -> int:
        return 5

    def is_final(self) -> bool:
        return False

    def param(self, name: str) -> int:
        return self.params[name]


def run(text: str, kind: Kind = Kind.BOOL, ctx: FakeCtx | None = None) -> int | bool:
    return compile_expr(text, SYMBOLS, kind)(ctx or FakeCtx())


def errors(text: str, kind: Kind = Kind.BOOL) -> list[ExprError]:
    with pytest.raises(ExprErrors) as info:
        compile_expr(text, SYMBOLS, kind)
    assert info.value.errors
    return info.value.errors


def only_error(text: str, kind: Kind = Kind.BOOL) -> tuple[int, str]:
    (err,) = errors(text, kind)
    return err.column, err.message


# --- parsing -------------------------------------------------------------------


def test_precedence() -> None:
    assert run("1 + 2 * 3 == 7") is True
    assert run("(1 + 2) * 3", Kind.INT) == 9
    assert run("10 - 3 - 2", Kind.INT) == 5  # left-associative
    assert run("-2 * 3 + -1", Kind.INT) == -7
    assert run("2 * -3", Kind.INT) == -6
    assert run("--4", Kind.INT) == 4
    assert parse("not a and b") == Binary("and", Unary("not", Name("a")), Name("b"))
    assert parse("not a == b") == Unary("not", Binary("==", Name("a"), Name("b")))
    assert parse("a or b and c") == Binary("or", Name("a"), Binary("and", Name("b"), Name("c")))
    assert parse("not not true") == Unary("not", Unary("not", BoolLit(True)))
    assert parse("1_000") == IntLit(1000)
    assert parse("$faction") == Param("faction")
    assert parse("f()") == Call("f", ())
    assert parse("1917-10-25") == DateLit(datetime.date(1917, 10, 25))


def test_columns() -> None:
    node = parse("  a +  (b * c)")
    assert isinstance(node, Binary)
    assert (node.column, node.op_column, node.right.column) == (3, 5, 8)


def test_arithmetic() -> None:
    assert run("7 / 2", Kind.INT) == 3
    assert run("-7 / 2", Kind.INT) == -4  # floor division
    assert run("7 % 3", Kind.INT) == 1
    assert run("7 / 0", Kind.INT) == 0  # division by zero yields 0
    assert run("7 % 0", Kind.INT) == 0
    assert run("min(3, 9) + max(3, 9) + abs(-4)", Kind.INT) == 16
    assert run(f"{MAX_INT} * {MAX_INT}", Kind.INT) == MAX_INT**2


def test_booleans() -> None:
    assert run("true and not false") is True
    assert run("false or 1 != 1") is False
    assert run("(1 < 2) == true") is True
    assert run("1 <= 1 and 2 >= 3 or 4 > 3") is True


# --- names, functions, dates --------------------------------------------------


def test_every_function() -> None:
    expected: dict[str, int | bool] = {
        "support(mensheviks, soldiers, kronstadt)": (13 + 7 + 6) % 101,
        "support(bolsheviks, all)": (70 + 60) % 101,
        "support(srs, workers, all)": (26 + 0 + 60) % 101,
        "mobilisation(all, centre)": (110 + 5) % 101,
        "mobilisation(sailors)": (22 + 100) % 101,
        "track(bread)": 25,
        "defence(smolny)": 10,
        "sites_held(bolsheviks)": 1,
        "resource(srs, funds)": 201,
        "strength(mensheviks)": 60,
        "strength(mensheviks, all)": 60,
        "strength(kadets, vyborg)": 30,
        "loyalty(cossacks_4)": 40,
        "abs(-3)": 3,
    }
    for text, value in expected.items():
        assert run(text, Kind.INT) == value, text
    for text, truth in {
        "flag(july_days_repeat)": True,
        "flag(kornilov_defeated)": False,
        "controls(bolsheviks, winter_palace)": True,
        "controls(bolsheviks, smolny)": False,
        "fired(aurora_fires)": True,
        "fired(kornilov_affair)": False,
        "is_player(bolsheviks)": True,
        "control(smolny) == mensheviks": True,
        "control(telegraph) == none": True,
        "owner(cossacks_4) == srs": True,
        "unit_region(cadets_2) == kronstadt": True,
    }.items():
        assert run(text) is truth, text
    assert run("control(winter_palace)", Kind.FACTION) == 0
    assert run("control(telegraph)", Kind.FACTION) == -1
    assert run("unit_region(cossacks_4)", Kind.REGION) == 1
    assert set(FUNCTIONS) >= {"support", "mobilisation", "min", "max", "abs", "is_player"}
    assert FUNCTIONS["support"].signature == "faction, group[, region]"


def test_builtins_tracks_and_params() -> None:
    assert run("turn", Kind.INT) == 5
    assert run("final") is False
    assert run("legitimacy + order", Kind.INT) == 110
    assert run("legitimacy == track(legitimacy)") is True
    assert run("none", Kind.FACTION) == -1
    assert run("$faction", Kind.FACTION) == 1
    assert run("strength($faction, $region) > defence($site)") is False  # 12 > 30
    ctx = FakeCtx(faction=3, region=2, site=2)
    assert run("strength($faction, $region) > defence($site)", ctx=ctx) is True  # 32 > 5
    assert run("mobilisation(workers, $region) / 10 + 2", Kind.INT) == 3


def test_none_faction_never_reaches_the_engine() -> None:
    # cadets_2 has no owner: functions of its owner give 0/false.
    assert run("sites_held(owner(cadets_2))", Kind.INT) == 0
    assert run("is_player(owner(cadets_2))") is False
    assert run("sites_held(none) + support(none, all)", Kind.INT) == 0
    assert run("sites_held(owner(red_guard_1))", Kind.INT) == 1
    assert run("controls(control($site), $site)") is True


def test_dates() -> None:
    assert run("date", Kind.DATE) == TODAY.toordinal()
    assert run("date >= 1917-10-10 and turn > 3") is True
    assert run("date - 1917-10-01", Kind.INT) == 19
    assert run("date + 5 == 1917-10-25") is True
    assert run("2 + date == 1917-10-22") is True
    assert run("date - 20 < 1917-10-01") is True
    assert run("1917-10-25", Kind.DATE) == datetime.date(1917, 10, 25).toordinal()
    assert only_error("1917-02-30") == (1, "invalid date '1917-02-30'")
    assert only_error("date > 1917-13-01")[0] == 8
    col, msg = only_error("10-3-2", Kind.INT)
    assert col == 1 and "YYYY-MM-DD" in msg
    assert run("10 - 3 - 2", Kind.INT) == 5
    col, msg = only_error("date + date")
    assert (col, msg) == (6, "cannot use '+' on a date and a date")
    assert only_error("1 - date", Kind.DATE)[0] == 3
    assert only_error("date < 3")[0] == 6


def test_names_collected() -> None:
    compiled = compile_expr(
        "support(bolsheviks, all, vyborg) > legitimacy and control(smolny) == srs",
        SYMBOLS,
        Kind.BOOL,
    )
    assert isinstance(compiled, Compiled)
    assert compiled.names == {
        (Kind.FACTION, "bolsheviks"),
        (Kind.REGION, "vyborg"),
        (Kind.TRACK, "legitimacy"),
        (Kind.SITE, "smolny"),
        (Kind.FACTION, "srs"),
    }
    assert compiled.kind is Kind.BOOL and compiled.text.startswith("support")


# --- errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "empty expression"),
        ("   ", 1, "empty expression"),
        ("a = b", 3, "use '==' to compare, not '='"),
        ("a && b", 3, "use 'and' instead of '&&'"),
        ("a || b", 3, "use 'or' instead of '||'"),
        ("!flag(x)", 1, "use 'not' instead of '!'"),
        ("$ == 1", 1, "'$' must be followed by a parameter name, like $faction"),
        ("1 # 2", 3, "unexpected character '#'"),
        ("1 < 2 < 3", 7, "comparisons cannot be chained: write 'a < b and b < c', not 'a < b < c'"),
        ("turn == 1 2", 11, "unexpected '2' after a complete expression (missing operator?)"),
        ("(turn == 1", 11, "missing ')' to close the bracket opened at '(turn == 1'"),
        (
            "turn > 2 and (not flag(rising_begun) or  turn < 5",
            50,
            "missing ')' to close the bracket opened at '(not flag(rising_begun) or...'",
        ),
        ("turn == 1)", 10, "unmatched ')'"),
        ("flag(x y)", 8, "expected ',' or ')' in the call to flag()"),
        ("min(1,)", 7, "expected a value, found ')'"),
        ("turn ==", 8, "expression ends too early: expected a value"),
        ("1 + not true", 5, "put 'not ...' in brackets here, like 1 + (not x)"),
        ("12abc", 1, "malformed number '12a'"),
        ("1_ == 1", 1, "malformed number '1_'"),
        ("10000000000 > 1", 1, "number 10000000000 is too large (the limit is 1_000_000_000)"),
    ],
)
def test_syntax_errors(text: str, column: int, message: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert (info.value.column, info.value.message) == (column, message)
    assert only_error(text) == (column, message)


def test_limits() -> None:
    assert parse(f"{MAX_INT} > 0") == Binary(">", IntLit(MAX_INT), IntLit(0))
    too_long = "1 + " * 500 + "1"
    assert only_error(too_long, Kind.INT) == (
        2001,
        "expression is too long (limit 2000 characters)",
    )
    ok = "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1)
    assert run(ok, Kind.INT) == 1
    deep = "(" * 70 + "1" + ")" * 70
    assert only_error(deep, Kind.INT) == (65, "expression is nested too deeply (limit 64 levels)")
    for text in ["(" * 900 + "1" + ")" * 900, "not " * 400 + "true", "-" * 1900 + "1", "f(" * 900]:
        assert "nested too deeply" in only_error(text)[1]
    # A flat chain still makes a deep tree; it is bounded too.
    chain = " + ".join(["1"] * MAX_DEPTH)
    assert run(chain, Kind.INT) == MAX_DEPTH
    assert "nested too deeply" in only_error(chain + " + 1", Kind.INT)[1]
    assert "nested too deeply" in only_error("1" + "+1" * 990, Kind.INT)[1]


def test_unknown_names_with_suggestions() -> None:
    assert only_error("suport(bolsheviks, workers) > 3") == (
        1,
        "unknown function 'suport'; did you mean 'support'?",
    )
    assert only_error("support(bolshevics, workers) > 3") == (
        9,
        "unknown faction 'bolshevics'; did you mean 'bolsheviks'?",
    )
    assert only_error("legitimcy < 30") == (
        1,
        "unknown name 'legitimcy'; did you mean 'legitimacy'?",
    )
    assert only_error("zzz < 30") == (1, "unknown name 'zzz'")
    assert only_error("control(smolny) == bolshevik") == (
        20,
        "unknown faction 'bolshevik'; did you mean 'bolsheviks'?",
    )
    assert only_error("$fation == srs") == (
        1,
        "unknown parameter '$fation'; did you mean '$faction'?",
    )
    assert only_error("flag(july_days_repeet)") == (
        6,
        "unknown flag 'july_days_repeet'; did you mean 'july_days_repeat'?",
    )
    assert only_error("july_days_repeat") == (
        1,
        "'july_days_repeat' is a flag: write flag(july_days_repeat)",
    )
    assert only_error("kornilov_affair") == (
        1,
        "'kornilov_affair' is an event: write fired(kornilov_affair)",
    )
    assert "is a faction" in only_error("bolsheviks")[1]
    assert "is a function" in only_error("flag")[1]
    assert "'all' can only be a function argument" in only_error("all")[1]
    # In a check against a scenario without params, any $param is unknown.
    empty = Symbols(ids={})
    (err,) = check(parse("$faction == none"), empty, Kind.BOOL)
    assert err.message == "unknown parameter '$faction' (no parameters here)"


def test_argument_errors() -> None:
    assert only_error("support(bolsheviks, workers, vyborg, vyborg) > 1") == (
        1,
        "support() takes 2 or 3 arguments (faction, group[, region]), got 4",
    )
    assert only_error("flag()") == (1, "flag() takes 1 argument (flag), got 0")
    assert only_error("min(1) > 0") == (1, "min() takes 2 arguments (int, int), got 1")
    assert only_error("support(workers, workers) > 1") == (
        9,
        "'workers' is a group, but argument 1 of support() must be a faction",
    )
    assert only_error("control(all) == none") == (
        9,
        "'all' is not allowed as argument 1 of control()",
    )
    assert only_error("sites_held($region) > 1") == (
        12,
        "argument 1 of sites_held() must be a faction, but it is a region",
    )
    assert only_error("min(true, 1) > 1") == (
        5,
        "argument 1 of min() must be a number, but it is a condition (true/false)",
    )
    assert only_error("control(smolny) == workers") == (20, "'workers' is a group, not a faction")


def test_type_errors() -> None:
    errs = errors("support(bolsheviks, workers) and 3")
    assert [(e.column, e.message) for e in errs] == [
        (1, "'and' needs a condition (true/false) on each side, but the left side is a number"),
        (34, "'and' needs a condition (true/false) on each side, but the right side is a number"),
    ]
    assert only_error("legitimacy") == (
        1,
        "this must be a condition (true/false), but it is a number",
    )
    assert only_error("true", Kind.INT) == (
        1,
        "this must be a number, but it is a condition (true/false)",
    )
    assert only_error("not 3") == (5, "'not' needs a condition (true/false), but this is a number")
    assert only_error("-true", Kind.INT) == (
        2,
        "'-' needs a number, but this is a condition (true/false)",
    )
    assert only_error("1 + true", Kind.INT)[0] == 5
    assert only_error("true * 2", Kind.INT)[0] == 1
    assert only_error("control(smolny) == 3") == (
        17,
        "'==' compares values of the same type, but the left side is a faction "
        "and the right side is a number",
    )
    assert [e.column for e in errors("true < false")] == [1, 8]


def test_all_errors_reported_in_column_order() -> None:
    errs = errors("support(bolshevics, wokers) > 40 and flag(jully) and zzz(1)")
    assert [e.column for e in errs] == [9, 21, 43, 54]
    assert "did you mean 'workers'" in errs[1].message
    assert str(errs[0]).startswith("column 9: ")
    text = "support(bolshevics, wokers) > 40"
    with pytest.raises(ExprErrors) as info:
        compile_expr(text, SYMBOLS, Kind.BOOL)
    assert text in str(info.value)
    # check() returns the same list without raising.
    assert [e.column for e in check(parse(text), SYMBOLS, Kind.BOOL)] == [9, 21]
    assert check(parse("turn > 1"), SYMBOLS, Kind.BOOL) == []


def test_describe() -> None:
    assert (
        describe("support( bolsheviks,workers ,vyborg)>=40")
        == "support(bolsheviks, workers, vyborg) >= 40"
    )
    assert describe("(1 + 2) * 3") == "(1 + 2) * 3"
    assert describe("((1 * 2)) + 3") == "1 * 2 + 3"
    assert describe("1 - (2 - 3)") == "1 - (2 - 3)"
    assert describe("(1 - 2) - 3") == "1 - 2 - 3"
    assert describe("(not a) == b") == "(not a) == b"
    assert describe("(a < b) == c") == "(a < b) == c"
    assert describe("-(-(1))") == "--1"
    assert describe("1_000 + date") == "1000 + date"
    assert describe(parse("not (a and b)")) == "not (a and b)"


# --- properties -----------------------------------------------------------------

# Fragments that tokenize, so random soups reach the parser and checker often.
FRAGMENTS = [
    "1", "0", "42", "1_000", "1917-10-25", "date", "turn", "final", "none", "all", "true",
    "false", "legitimacy", "bolsheviks", "workers", "vyborg", "smolny", "$faction", "$region",
    "$nope", "support(", "flag(", "min(", "control(", "owner(", "sites_held(", "x", "(", ")",
    ",", "+", "-", "*", "/", "%", "<", "<=", "==", "!=", " and ", " or ", "not ", " ", "=",
    "&&", "!",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def _any_text_behaves(text: str) -> None:
    try:
        node = parse(text)
    except ExprError as e:
        assert 1 <= e.column <= len(text) + 1
    else:
        assert parse(describe(node)) == node
    try:
        compiled = compile_expr(text, SYMBOLS, Kind.BOOL)
    except ExprErrors as e:
        assert e.errors and all(isinstance(x, ExprError) for x in e.errors)
    else:
        assert isinstance(compiled(FakeCtx()), bool)


@given(st.text())
def test_any_text_gives_node_or_error(text: str) -> None:
    _any_text_behaves(text)


@given(SOUP)
def test_any_token_soup_gives_node_or_error(text: str) -> None:
    _any_text_behaves(text)


# Typed expression trees as tuples: (tag, *parts).  The test prints them fully
# bracketed and evaluates them itself, independently of the module.
Tree = tuple[Any, ...]
CMP = ["<", "<=", ">", ">=", "==", "!="]
ints_0_1e9 = st.integers(0, MAX_INT)
dates = st.dates(datetime.date(1900, 1, 1), datetime.date(1950, 12, 31))


def opt(names: list[str]) -> st.SearchStrategy[str | None]:
    return st.sampled_from([*names, "all", None])


INT_LEAVES: st.SearchStrategy[Tree] = st.one_of(
    st.tuples(st.just("int"), ints_0_1e9),
    st.tuples(st.just("track"), st.sampled_from(TRACKS)),
    st.tuples(st.just("trackfn"), st.sampled_from(TRACKS)),
    st.just(("turn",)),
    st.tuples(st.just("days"), dates),
    st.tuples(
        st.just("support"), st.sampled_from([*FACTIONS, "$faction"]), opt(GROUPS), opt(REGIONS)
    ),
    st.tuples(
        st.just("mobilisation"), st.sampled_from([*GROUPS, "all"]), opt([*REGIONS, "$region"])
    ),
    st.tuples(st.just("defence"), st.sampled_from([*SITES, "$site"])),
    st.tuples(st.just("held_by_owner"), st.sampled_from([*UNITS, "$unit"])),
    st.tuples(st.just("resource"), st.sampled_from(FACTIONS), st.sampled_from(RESOURCES)),
    st.tuples(st.just("strength"), st.sampled_from(FACTIONS), opt(REGIONS)),
    st.tuples(st.just("loyalty"), st.sampled_from(UNITS)),
)
BOOL_LEAVES: st.SearchStrategy[Tree] = st.one_of(
    st.tuples(st.just("bool"), st.booleans()),
    st.just(("final",)),
    st.tuples(st.just("flag"), st.sampled_from(FLAGS)),
    st.tuples(st.just("fired"), st.sampled_from(EVENTS)),
    st.tuples(st.just("is_player"), st.sampled_from(FACTIONS)),
    st.tuples(st.just("controls"), st.sampled_from(FACTIONS), st.sampled_from(SITES)),
    st.tuples(st.just("control_is"), st.sampled_from(SITES), st.sampled_from([*FACTIONS, "none"])),
    st.tuples(st.just("date_cmp"), st.sampled_from(CMP), st.integers(-50, 50), dates),
)


@functools.cache
def int_trees(depth: int) -> st.SearchStrategy[Tree]:
    if depth == 0:
        return INT_LEAVES
    sub = int_trees(depth - 1)
    return st.one_of(
        INT_LEAVES,
        st.tuples(st.just("bin"), st.sampled_from(["+", "-", "*", "/", "%"]), sub, sub),
        st.tuples(st.just("neg"), sub),
        st.tuples(st.sampled_from(["min", "max"]), sub, sub),
        st.tuples(st.just("abs"), sub),
    )


@functools.cache
def bool_trees(depth: int) -> st.SearchStrategy[Tree]:
    if depth == 0:
        return BOOL_LEAVES
    sub, isub = bool_trees(depth - 1), int_trees(depth - 1)
    return st.one_of(
        BOOL_LEAVES,
        st.tuples(st.just("cmp"), st.sampled_from(CMP), isub, isub),
        st.tuples(st.just("bin"), st.sampled_from(["and", "or", "==", "!="]), sub, sub),
        st.tuples(st.just("not"), sub),
    )


def arg(name: str | None) -> str:
    return "" if name is None else f", {name}"


def show(t: Tree) -> str:
    tag = t[0]
    simple: dict[str, Callable[[], object]] = {
        "int": lambda: f"{t[1]:_}" if t[1] % 3 == 0 else str(t[1]),
        "bool": lambda: "true" if t[1] else "false",
        "track": lambda: t[1],
        "trackfn": lambda: f"track({t[1]})",
        "turn": lambda: "turn",
        "final": lambda: "final",
        "days": lambda: f"(date - {t[1].isoformat()})",
        "support": lambda: f"support({t[1]}, {t[2] or 'all'}{arg(t[3])})",
        "mobilisation": lambda: f"mobilisation({t[1]}{arg(t[2])})",
        "defence": lambda: f"defence({t[1]})",
        "held_by_owner": lambda: f"sites_held(owner({t[1]}))",
        "resource": lambda: f"resource({t[1]}, {t[2]})",
        "strength": lambda: f"strength({t[1]}{arg(t[2])})",
        "loyalty": lambda: f"loyalty({t[1]})",
        "flag": lambda: f"flag({t[1]})",
        "fired": lambda: f"fired({t[1]})",
        "is_player": lambda: f"is_player({t[1]})",
        "controls": lambda: f"controls({t[1]}, {t[2]})",
        "control_is": lambda: f"(control({t[1]}) == {t[2]})",
        "date_cmp": lambda: f"((date + {t[2]}) {t[1]} {t[3].isoformat()})",
        "neg": lambda: f"-{show(t[1])}",
        "not": lambda: f"(not {show(t[1])})",
        "abs": lambda: f"abs({show(t[1])})",
    }
    if tag in simple:
        return str(simple[tag]())
    if tag in ("min", "max"):
        return f"{tag}({show(t[1])}, {show(t[2])})"
    return f"({show(t[2])} {t[1]} {show(t[3])})"  # "cmp" and "bin": (tag, op, left, right)


def index(names: list[str], name: str | None, ctx: FakeCtx) -> int | None:
    if name is None or name == "all":
        return None
    if name.startswith("$"):
        return ctx.params[name[1:]]
    return names.index(name)


def value(t: Tree, ctx: FakeCtx) -> int | bool:
    """Reference semantics, written from the spec rather than the module."""
    tag = t[0]
    if tag in ("int", "bool"):
        return t[1]  # type: ignore[no-any-return]
    if tag in ("track", "trackfn"):
        return ctx.track(TRACKS.index(t[1]))
    if tag == "turn":
        return ctx.turn()
    if tag == "final":
        return ctx.is_final()
    if tag == "days":
        return ctx.date_ordinal() - t[1].toordinal()  # type: ignore[no-any-return]
    if tag == "support":
        f = index(FACTIONS, t[1], ctx)
        assert f is not None
        return ctx.support_pct(f, index(GROUPS, t[2], ctx), index(REGIONS, t[3], ctx))
    if tag == "mobilisation":
        return ctx.mobilisation(index(GROUPS, t[1], ctx), index(REGIONS, t[2], ctx))
    if tag == "defence":
        return ctx.defence(index(SITES, t[1], ctx) or 0)
    if tag == "held_by_owner":
        owner = ctx.owner(index(UNITS, t[1], ctx) or 0)
        return 0 if owner == -1 else ctx.sites_held(owner)
    if tag == "resource":
        return ctx.resource(FACTIONS.index(t[1]), RESOURCES.index(t[2]))
    if tag == "strength":
        return ctx.strength(FACTIONS.index(t[1]), index(REGIONS, t[2], ctx))
    if tag == "loyalty":
        return ctx.loyalty(UNITS.index(t[1]))
    if tag == "flag":
        return ctx.flag(FLAGS.index(t[1]))
    if tag == "fired":
        return ctx.fired(EVENTS.index(t[1]))
    if tag == "is_player":
        return ctx.is_player(FACTIONS.index(t[1]))
    if tag == "controls":
        return ctx.controller(SITES.index(t[2])) == FACTIONS.index(t[1])
    if tag == "control_is":
        want = -1 if t[2] == "none" else FACTIONS.index(t[2])
        return ctx.controller(SITES.index(t[1])) == want
    if tag == "date_cmp":
        return compare(t[1], ctx.date_ordinal() + t[2], t[3].toordinal())
    if tag == "neg":
        return -value(t[1], ctx)
    if tag == "not":
        return not value(t[1], ctx)
    if tag == "abs":
        return abs(value(t[1], ctx))
    if tag in ("min", "max"):
        a, b = value(t[1], ctx), value(t[2], ctx)
        return min(a, b) if tag == "min" else max(a, b)
    if tag == "cmp":
        return compare(t[1], value(t[2], ctx), value(t[3], ctx))
    op, a, b = t[1], value(t[2], ctx), value(t[3], ctx)
    if op in ("and", "or", "==", "!="):
        return {"and": a and b, "or": a or b, "==": a == b, "!=": a != b}[op]
    if op in ("/", "%"):
        return 0 if b == 0 else (a // b if op == "/" else a % b)
    return {"+": a + b, "-": a - b, "*": a * b}[op]


def compare(op: str, a: int, b: int) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


CTXS = st.builds(
    FakeCtx,
    faction=st.integers(0, 3),
    region=st.integers(0, 2),
    site=st.integers(0, 2),
    unit=st.integers(0, 2),
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.one_of(int_trees(4), bool_trees(4)), CTXS)
def test_round_trip_against_reference(tree: Tree, ctx: FakeCtx) -> None:
    text = show(tree)
    want = value(tree, ctx)
    kind = Kind.BOOL if isinstance(want, bool) else Kind.INT
    compiled = compile_expr(text, SYMBOLS, kind)
    got = compiled(ctx)
    assert got == want and type(got) is type(want), text
    # The closures, kept as the fallback of the compiled source, agree with it.
    closures = compiled.fn(ctx)
    assert closures == got and type(closures) is type(got), text
    # The canonical form parses to the same tree and means the same thing.
    node = parse(text)
    canonical = describe(node)
    assert parse(canonical) == node, canonical
    assert describe(canonical) == canonical
    assert compile_expr(canonical, SYMBOLS, kind)(ctx) == want


def test_ast_equality_ignores_columns() -> None:
    node = parse("support(bolsheviks, all) > 3 and not final")
    assert node == parse("  " + describe(node))


def test_every_function_compiles_to_source() -> None:
    """A function without a source template would leave its expressions on the closures."""
    from game.scenario.expr import _CALL_SRC

    assert set(_CALL_SRC) == set(FUNCTIONS)
    text = "support($faction, workers) > 3 and controls(kadets, smolny)"
    compiled = compile_expr(text, SYMBOLS, Kind.BOOL)
    assert compiled(FakeCtx()) == compiled.fn(FakeCtx())
    assert compiled.function is not compiled.fn


# What the compiled source of any expression may be made of (see expr._from_source):
# the context `c` and its methods, the bound values' names k0, k1, ..., the helpers
# the source is evaluated with, and Python's own keywords. Never a scenario name,
# number, date or string.
_SOURCE_NAMES = frozenset(
    {"c", "lambda", "t", "a", "b", "if", "else", "and", "or", "not", "None", "True", "False"}
    | {"min", "max", "abs", "bool", "_div", "_mod"}
    | {name for name in dir(FakeCtx) if not name.startswith("_")}
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.one_of(int_trees(4), bool_trees(4)))
def test_no_scenario_data_reaches_the_compiled_source(tree: Tree) -> None:
    text = show(tree)
    kind = Kind.BOOL if isinstance(value(tree, FakeCtx()), bool) else Kind.INT
    compiled = compile_expr(text, SYMBOLS, kind)
    tokens = list(tokenize.generate_tokens(io.StringIO(compiled.source).readline))
    for token in tokens:
        if token.type == tokenize.NAME:
            assert (
                token.string in _SOURCE_NAMES
                or keyword.iskeyword(token.string)
                or re.fullmatch(r"k[0-9]+", token.string)
            ), (token.string, compiled.source)
        # Only the compiler's own constants: 0 as a default, and `none`'s value.
        assert token.type != tokenize.STRING, compiled.source
        if token.type == tokenize.NUMBER:
            assert token.string in {"0", str(abs(NONE))}, (token.string, compiled.source)

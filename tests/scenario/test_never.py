"""The static half of `check`: conditions that can never hold, proved without playing.

The rule that matters most is that it never warns of a condition some game could
meet: the property tests evaluate every condition it calls impossible, with the
real compiler, on boards drawn from the scenario's ranges, and find it never true.
"""

from __future__ import annotations

import itertools
import operator
import random
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.rules import Rules
from game.lab.tally import contest_keys
from game.scenario import schema as s
from game.scenario.crossref import symbols_of
from game.scenario.expr import Kind, Symbols, compile_expr, parse
from game.scenario.loader import Scenario, load_scenario
from game.scenario.never import Facts, facts_of, find, findings_in, never_holds
from game.scenario.places import Params, Place, effect_places, places
from game.scenario.values import (
    INF,
    Vals,
    arithmetic,
    compare,
    divide,
    exact,
    modulo,
    one,
)

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def facts(mini: Scenario) -> Facts:
    return facts_of(mini.model)


REDS_OR_BLUES: Params = {"faction": (Kind.FACTION, exact([0, 1]))}


def never(text: str, facts: Facts, params: Params = REDS_OR_BLUES) -> bool:
    return never_holds(parse(text), facts, params) is not None


# --- each kind of condition that never holds ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "legitimacy > 100",  # a track runs 0 to 100
        "unrest < 0",
        "track(legitimacy) == 101",
        "legitimacy + unrest > 200",
        "flag(committee_formed) and not flag(committee_formed)",
        "not (flag(committee_formed) or not flag(committee_formed))",
        "flag(rising)",  # nothing sets it
        "resource(reds, arms) < 0",  # stocks never fall below 0
        "resource($faction, influence) < -3",
        "support(reds, workers) > 100",
        "mobilisation(workers, north) < 0",
        "loyalty(guards) > 100",
        "sites_held(blues) > 3",  # three sites
        "strength(reds) < 0",
        "turn > 5",  # six turns
        "date > 1917-10-25",
        "date == 1917-10-02",  # between turns
        "final and turn < 5",
        "legitimacy > 60 and legitimacy < 40",
        "legitimacy / 0 != 0",  # x / 0 is 0
        "legitimacy % 7 > 6",
        "abs(unrest - 200) < 100",
        "min(legitimacy, 5) > 5",
        "if(flag(rising), 1, 0) == 1",
        "$faction == greys",  # reds or blues here
        "sites_held(none) > 0",  # `none` holds nothing
        "control(palace) == none and control(palace) == reds",
    ],
)
def test_a_condition_no_game_can_meet_is_found(text: str, facts: Facts) -> None:
    assert never(text, facts), text


@pytest.mark.parametrize(
    "text",
    [
        "legitimacy >= 100",
        "legitimacy <= 0",
        "unrest > 60 or unrest < 40",
        "flag(committee_formed)",
        "not flag(committee_formed)",
        "not flag(rising)",
        "resource(reds, arms) == 0",
        "resource(reds, arms) > 1000000",  # nothing bounds a stock above
        "support(reds, workers) == 100",
        "sites_held(blues) == 3",
        "turn == 5",
        "final",
        "date == 1917-10-25 and final",
        "date >= 1917-10-24 and turn == 4",
        "legitimacy / unrest > 50",  # unrest may be 1
        "legitimacy * unrest == 10000",
        "$faction == blues",
        "control(palace) == none",
        "legitimacy > 60 and unrest < 40",  # two tracks, not one
        "fired(aftermath) and not flag(committee_formed)",
    ],
)
def test_a_condition_some_game_can_meet_is_left_alone(text: str, facts: Facts) -> None:
    assert not never(text, facts), text


def test_track_moved_only_one_way_or_not_at_all(tmp_path: Path) -> None:
    folder = _copy_mini(tmp_path)
    _add(folder / "scenario.yaml", "tracks:", "  - {id: morale, name: Morale, initial: 30}\n"
         "  - {id: fear, name: Fear, initial: 40, per_turn: 2}")  # fmt: skip
    model = load_scenario(folder).model
    facts = facts_of(model)
    index = {t.id: i for i, t in enumerate(model.tracks)}
    assert facts.tracks[index["morale"]] == one(30)
    assert facts.tracks[index["fear"]] == Vals(40, 100)
    assert "only rises" in facts.track_notes[index["fear"]]
    assert never("morale != 30", facts) and never("fear < 40", facts)
    assert not never("fear == 100", facts)


def test_a_resource_nothing_gives_is_always_zero(tmp_path: Path) -> None:
    folder = _copy_mini(tmp_path)
    _add(folder / "scenario.yaml", "resources:", "  - {id: gold, name: Gold}")
    facts = facts_of(load_scenario(folder).model)
    assert never("resource(reds, gold) > 0", facts)
    assert not never("resource(reds, arms) > 2", facts)


def test_findings_name_the_part_and_why(mini: Scenario, facts: Facts) -> None:
    place = Place(("events", 2, "when"), "flag(committee_formed) and unrest > 150",
                  Kind.BOOL, {}, "event 'crackdown', when", "the event never fires")  # fmt: skip
    (found,) = findings_in(place, facts)
    assert found.whole and found.part == "unrest > 150"
    assert found.column == len("flag(committee_formed) and ") + 1
    assert "unrest runs from 0 to 100" in found.reasons
    assert found.message.endswith("so the event never fires")
    # A part that never holds, in a condition that may: named, and the whole is not.
    place = dataclasses_replace(place, text="flag(committee_formed) or unrest > 150")
    (found,) = findings_in(place, facts)
    assert not found.whole and found.part == "unrest > 150"
    assert "the part 'unrest > 150' can never hold" in found.message
    # Parts of an amount too, and a contradiction says so.
    place = Place(("actions", 0, "ai_weight"), "if(flag(rising) and true, 5, 0) + 1",
                  Kind.INT, {}, "action 'agitate', ai_weight")  # fmt: skip
    (found,) = findings_in(place, facts)
    assert found.part == "flag(rising)"
    place = Place(("endings", 0, "condition"), "unrest > 50 and unrest < 50", Kind.BOOL, {}, "x")
    (found,) = findings_in(place, facts)
    assert found.reasons[0] == "its parts cannot all hold at once"


def dataclasses_replace(place: Place, **changes: object) -> Place:
    import dataclasses

    return dataclasses.replace(place, **changes)  # type: ignore[arg-type]


def test_literal_false_is_meant_and_never_warned(facts: Facts) -> None:
    place = Place(("events", 3, "when"), "false", Kind.BOOL, {}, "event 'aftermath', when")
    assert findings_in(place, facts) == []


def test_every_kind_of_place_is_checked(tmp_path: Path) -> None:
    """One impossible condition in each place a scenario writes one; each is found, at its
    own path."""
    folder = _copy_mini(tmp_path)
    story = folder / "story.yaml"
    actions = folder / "actions.yaml"
    _sub(story, 'when: "flag(committee_formed) and legitimacy > 40"',
         'when: "flag(committee_formed) and legitimacy > 140"')  # fmt: skip
    _sub(story, 'condition: "flag(rising)"', 'condition: "unrest < -1"')
    _sub(story, 'condition: "legitimacy < 10"', 'condition: "legitimacy < 0"')
    _sub(actions, 'condition: "flag(committee_formed)"', 'condition: "turn > 9"')
    _sub(actions, 'targets: "owner($unit) != $faction"',
         'targets: "loyalty($unit) > 100"')  # fmt: skip
    _sub(actions, 'condition: "loyalty($unit) < 30"', 'condition: "loyalty($unit) < 0"')
    _sub(actions, 'attack: "strength($faction, $region) + mobilisation(workers, $region) * 10"',
         'attack: "if(date < 1917-09-01, 100, 1)"')  # fmt: skip
    _sub(folder / "factions.yaml", 'appeal: {workers: "30 + unrest / 2"',
         'appeal: {workers: "if(unrest > 999, 1, 30)"')  # fmt: skip
    model = load_scenario(folder).model
    found = {f.place.path: f for f in find(model)}
    assert set(found) == {
        ("events", 2, "when"),
        ("events", 1, "choices", 2, "condition"),
        ("endings", 1, "condition"),
        ("actions", 1, "condition"),
        ("actions", 2, "targets"),
        ("actions", 2, "effects", 1, "if", "condition"),
        ("actions", 1, "effects", 0, "contest", "attack"),
        ("factions", 0, "appeal", "workers"),
    }
    assert found[("events", 2, "when")].part == "legitimacy > 140"
    assert not found[("factions", 0, "appeal", "workers")].whole


def test_the_places_cover_every_expression_crossref_checks(october: Scenario) -> None:
    """Each expression of the bundled scenario is a place (the ones written as text)."""
    model = october.model
    facts = facts_of(model)
    paths = {p.path for p in places(model, facts)}
    for i, a in enumerate(model.actions):
        for key in ("condition", "targets", "ai_weight"):
            assert isinstance(getattr(a, key), bool | int) or ("actions", i, key) in paths
    for i, e in enumerate(model.events):
        assert not isinstance(e.when, str) or ("events", i, "when") in paths
    written = sum(1 for p in places(model, facts))
    assert written >= 160  # 168 at the time of writing


def test_contest_keys_match_the_engines(mini_rules: Rules, october_rules: Rules) -> None:
    for rules in (mini_rules, october_rules):
        ids = facts_of(rules.model)
        walked = [p.key for p in effect_places(rules.model, ids) if isinstance(p.effect, s.Contest)]
        assert walked == contest_keys(rules)


# --- the sets of values -----------------------------------------------------------------

SMALL = st.integers(-12, 12)


def sets() -> st.SearchStrategy[Vals]:
    points = st.sets(SMALL, min_size=1, max_size=6).map(exact)
    spans = st.tuples(SMALL, SMALL).map(lambda ab: Vals(min(ab), max(ab)))
    wide = st.tuples(st.integers(-(10**6), 10**6), st.integers(0, 10**6)).map(
        lambda ab: Vals(ab[0], ab[0] + ab[1])
    )
    unbounded = st.one_of(
        SMALL.map(lambda a: Vals(a, INF)),
        SMALL.map(lambda a: Vals(-INF, a)),
        st.just(Vals(-INF, INF)),
    )
    return st.one_of(points, spans, wide, unbounded)


def _members(v: Vals) -> list[int]:
    """Every member of a small set; of a large one, its ends, its middle and around 0 (an
    unbounded end by numbers far out)."""
    if v.size <= 40:
        return list(v.values())
    lo = int(v.lo) if v.lo > -INF else -(10**12)
    hi = int(v.hi) if v.hi < INF else 10**12
    near = {lo, lo + 1, lo + 7, hi - 7, hi - 1, hi, 0, 1, -1, 7, -7, (lo + hi) // 2}
    return sorted(x for x in near if x in v)


TESTS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
OPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if b else 0,
    "%": lambda a, b: a % b if b else 0,
}


@settings(max_examples=250, deadline=None, derandomize=True, database=None)
@given(sets(), sets(), st.sampled_from(sorted(OPS)))
def test_every_result_of_an_operation_lies_in_its_set(a: Vals, b: Vals, op: str) -> None:
    found = arithmetic(op, a, b)
    for x, y in itertools.product(_members(a), _members(b)):
        assert OPS[op](x, y) in found, (a, b, op, x, y)
    for fn, name in ((divide, "/"), (modulo, "%")):
        for x, y in itertools.product(_members(a), _members(b)):
            assert OPS[name](x, y) in fn(a, b)
    for cmp, test in TESTS.items():
        verdicts = compare(cmp, a, b)
        for x, y in itertools.product(_members(a), _members(b)):
            assert int(test(x, y)) in verdicts, (a, b, cmp, x, y)


# --- no false warnings, on random conditions -----------------------------------------------

TRACKS = ("legitimacy", "unrest")
LEAVES = [
    "legitimacy",
    "track(unrest)",
    "turn",
    "(date - 1917-10-01)",
    "resource(reds, arms)",
    "resource($faction, influence)",
    "support(reds, workers)",
    "mobilisation(workers, north)",
    "sites_held(blues)",
    "sites_held(owner(regiment))",
]


def int_leaves() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-3, 105).map(str), st.sampled_from(LEAVES))


def int_exprs() -> st.SearchStrategy[str]:
    return st.recursive(
        int_leaves(),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from("+-*/%"), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            inner.map(lambda x: f"abs({x})"),
            inner.map(lambda x: f"-{x}"),
        ),
        max_leaves=4,
    )


DATES = [
    "1917-09-30",
    "1917-10-01",
    "1917-10-02",
    "1917-10-15",
    "1917-10-24",
    "1917-10-25",
    "1917-10-26",
]


CMP = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])


def bool_exprs() -> st.SearchStrategy[str]:
    ints = int_exprs()
    # A value against a number near its range: the commonest condition, and where a range
    # that is too narrow would show.
    plain = st.tuples(int_leaves(), CMP, st.integers(-5, 110)).map(
        lambda t: f"{t[0]} {t[1]} {t[2]}"
    )
    leaves = st.one_of(
        plain,
        st.sampled_from(
            [
                "flag(committee_formed)",
                "flag(rising)",
                "final",
                "$faction == reds",
                "$faction != blues",
                "control(palace) == none",
                "owner(guards) == reds",
            ]
        ),
        st.tuples(ints, CMP, ints).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(["<", ">=", "=="]), st.sampled_from(DATES)).map(
            lambda t: f"date {t[0]} {t[1]}"
        ),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda x: f"not ({x})"),
            inner.map(lambda x: f"if({x}, 1, 0) == 1"),
        ),
        max_leaves=5,
    )


class Board:
    """A Ctx over values drawn from the mini scenario's domains (as `Facts` gives them)."""

    def __init__(self, values: Mapping[str, int], dates: list[int]) -> None:
        self.v = values
        self.dates = dates

    def support_pct(self, faction: int, group: int | None, region: int | None) -> int:
        return self.v["support"]

    def mobilisation(self, group: int | None, region: int | None) -> int:
        return self.v["mobilisation"]

    def track(self, track: int) -> int:
        return self.v[TRACKS[track]]

    def flag(self, flag: int) -> bool:
        return bool(self.v["committee"]) if flag == 0 else False  # `rising` is never set

    def controller(self, site: int) -> int:
        return self.v["controller"]

    def defence(self, site: int) -> int:
        return 0

    def sites_held(self, faction: int) -> int:
        return self.v["held"]

    def resource(self, faction: int, resource: int) -> int:
        return self.v["arms"] if resource == 1 else self.v["influence"]

    def strength(self, faction: int, region: int | None) -> int:
        return 0

    def owner(self, unit: int) -> int:
        return self.v["owner"]

    def loyalty(self, unit: int) -> int:
        return 50

    def unit_region(self, unit: int) -> int:
        return 0

    def fired(self, event: int) -> bool:
        return False

    def is_player(self, faction: int) -> bool:
        return False

    def date_ordinal(self) -> int:
        return self.dates[min(self.v["turn"], len(self.dates) - 1)]

    def turn(self) -> int:
        return self.v["turn"]

    def is_final(self) -> bool:
        return self.v["turn"] >= len(self.dates) - 1

    def param(self, name: str) -> int:
        return self.v["faction"]


def _candidates(text: str) -> dict[str, list[int]]:
    """For each value a board holds: its bounds, and the numbers near those in the text."""
    near = {int(n) + d for n in re.findall(r"(?<![-\d])\d+(?!-)", text) for d in (-1, 0, 1)}
    near |= {-int(n) + d for n in re.findall(r"-(\d+)", text) for d in (-1, 0, 1)}

    def within(lo: int, hi: int, *more: int) -> list[int]:
        return sorted({lo, hi, *more} | {x for x in near if lo <= x <= hi})

    return {
        "legitimacy": within(0, 100, 50),
        "unrest": within(0, 100, 20),
        "support": within(0, 100),
        "mobilisation": within(0, 100),
        "held": within(0, 3),
        "arms": within(0, 10**6, 1, 2),
        "influence": within(0, 10**6, 1, 3),
        "turn": list(range(6)),
        "committee": [0, 1],
        "controller": [-1, 0, 1, 2],
        "owner": [-1, 0, 1, 2],
        "faction": [0, 1],
    }


BOARDS = st.fixed_dictionaries(
    {
        "legitimacy": st.integers(0, 100),
        "unrest": st.integers(0, 100),
        "support": st.integers(0, 100),
        "mobilisation": st.integers(0, 100),
        "held": st.integers(0, 3),
        "arms": st.integers(0, 10**9),
        "influence": st.integers(0, 10**9),
        "turn": st.integers(0, 5),
        "committee": st.integers(0, 1),
        "controller": st.integers(-1, 2),
        "owner": st.integers(-1, 2),
        "faction": st.integers(0, 1),
    }
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(bool_exprs(), BOARDS)
def test_what_is_called_impossible_never_holds(
    mini: Scenario, text: str, board: dict[str, int]
) -> None:
    """No false warnings: a condition called impossible is false on every board drawn from
    the scenario's domains, and on many more built from the numbers it is written with."""
    facts = facts_of(mini.model)
    node = parse(text)
    if never_holds(node, facts, REDS_OR_BLUES) is None:
        return
    symbols = Symbols(symbols_of(mini.model), {"faction": Kind.FACTION})
    compiled = compile_expr(text, symbols, Kind.BOOL)
    dates = [t.date.toordinal() for t in mini.model.calendar.turns]
    assert not compiled(Board(board, dates)), (text, board)
    candidates = _candidates(text)
    pick = random.Random(text)
    for _ in range(300):
        tried = {name: pick.choice(values) for name, values in candidates.items()}
        assert not compiled(Board(tried, dates)), (text, tried)


def test_no_value_against_a_number_is_called_impossible_wrongly(mini: Scenario) -> None:
    """Every value a board holds, against every number near its range, by every comparison:
    what is called impossible is false on boards at the ends of the range and around the
    number (a domain drawn too narrow shows here)."""
    facts = facts_of(mini.model)
    symbols = Symbols(symbols_of(mini.model), {"faction": Kind.FACTION})
    dates = [t.date.toordinal() for t in mini.model.calendar.turns]
    called = 0
    for leaf, op, number in itertools.product(LEAVES, TESTS, range(-3, 106)):
        text = f"{leaf} {op} {number}"
        if never_holds(parse(text), facts, REDS_OR_BLUES) is None:
            continue
        called += 1
        compiled = compile_expr(text, symbols, Kind.BOOL)
        candidates = _candidates(text)
        for name, values in candidates.items():
            for value in values:
                board = {n: v[0] for n, v in candidates.items()} | {name: value}
                assert not compiled(Board(board, dates)), (text, board)
    assert called > 500  # the numbers outside each range, mostly


def test_the_random_conditions_find_impossible_ones(mini: Scenario) -> None:
    """The property above has something to test: some random conditions are impossible."""
    facts = facts_of(mini.model)
    found = sum(
        never_holds(parse(_fixed_example(n)), facts, REDS_OR_BLUES) is not None for n in range(300)
    )
    assert found > 20


def _fixed_example(n: int) -> str:
    pick = random.Random(n)
    track = pick.choice(["legitimacy", "unrest", "support(reds, workers)"])
    a, b = pick.randint(-5, 110), pick.randint(-5, 110)
    op1, op2 = pick.choice(["<", ">", "==", "<=", ">="]), pick.choice(["<", ">", "==", "!="])
    return f"{track} {op1} {a} and {track} {op2} {b}"


# --- helpers -------------------------------------------------------------------------------


def _copy_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "mod"
    shutil.copytree(MINI, folder)
    return folder


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add(path: Path, section: str, lines: str) -> None:
    _sub(path, f"{section}\n", f"{section}\n{lines}\n")

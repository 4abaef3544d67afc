"""Mods laid over a scenario and over each other: what each message says about the entry,
the key and the mods involved."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

from game.scenario import loader
from game.scenario.jsonschema import mod_schema
from game.scenario.layering import LIST_SECTIONS, NOUNS, noun
from game.scenario.loader import load_scenario
from tests.scenario.test_mods import MINI, errors_of, line_of, write_mod


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def test_every_list_section_has_its_own_noun() -> None:
    assert set(NOUNS) == set(LIST_SECTIONS)
    assert noun("difficulties") == "difficulty"
    assert noun("ai_profiles") == "AI profile"
    assert noun("codex") == "codex entry"


def test_a_message_names_an_entry_by_its_sections_noun(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "typo",
        {"f.yaml": "ai_profiles:\n  - {id: cautios, risk_aversion: 80}\n"},
    )
    [error] = errors_of(mod)
    assert "no AI profile 'cautios' in 'mini' to change; did you mean 'cautious'?" in error
    assert "a new AI profile would also need name" in error


def test_a_mod_overriding_the_mods_it_extends_is_not_warned(base: Path) -> None:
    write_mod(base.parent, "lower", {"f.yaml": "factions:\n  - {id: reds, name: Crimson}\n"})
    middle = "factions:\n  - {id: reds, name: Scarlet}\n"
    write_mod(base.parent, "middle", {"f.yaml": middle}, extends="lower")
    upper = write_mod(
        base.parent,
        "upper",
        {"f.yaml": "factions:\n  - {id: reds, name: Ruby, resources: {influence: 1}}\n"},
        extends="middle",
    )
    scenario = load_scenario(upper)
    assert scenario.model.factions[0].name == "Ruby"
    assert scenario.warnings == ()


def test_two_mods_side_by_side_giving_one_value_alike_are_not_warned(base: Path) -> None:
    same = "factions:\n  - {id: reds, name: Crimson}\n"
    first = write_mod(base.parent, "first", {"f.yaml": same})
    second = write_mod(base.parent, "second", {"f.yaml": same})
    assert load_scenario(base, (first, second)).warnings == ()


def test_a_nested_value_two_mods_change_is_named_by_its_keys(base: Path) -> None:
    first = write_mod(
        base.parent, "first", {"f.yaml": "factions:\n  - {id: blues, resources: {arms: 4}}\n"}
    )
    second = write_mod(
        base.parent, "second", {"f.yaml": "factions:\n  - {id: blues, resources: {arms: 5}}\n"}
    )
    [warning] = map(str, load_scenario(base, (first, second)).warnings)
    assert "the faction 'blues', its resources.arms: the mod 'first' changes it too" in warning


NEW_FLAG = """\
flags:
  - id: strike
    name: the strike
    when_set: {set}
    when_clear: no strike
"""


def test_two_mods_adding_one_id_are_told_once_for_the_entry(base: Path) -> None:
    first = write_mod(base.parent, "first", {"s.yaml": NEW_FLAG.format(set="a strike")})
    second = write_mod(base.parent, "second", {"s.yaml": NEW_FLAG.format(set="the strike")})
    scenario = load_scenario(base, (first, second))
    [warning] = map(str, scenario.warnings)
    assert warning.startswith(f"{second / 's.yaml'}:2:")
    assert (
        f"the flag 'strike' is added by both 'first' ({first / 's.yaml'}:2) and 'second' "
        f"({second / 's.yaml'}:2); 'second' is laid over 'first' and its keys win"
    ) in warning
    assert scenario.model.flags[-1].when_set == "the strike"
    assert [f.id for f in scenario.model.flags].count("strike") == 1


def test_two_mods_adding_one_entry_alike_are_not_warned(base: Path) -> None:
    first = write_mod(base.parent, "first", {"s.yaml": NEW_FLAG.format(set="a strike")})
    second = write_mod(base.parent, "second", {"s.yaml": NEW_FLAG.format(set="a strike")})
    assert load_scenario(base, (first, second)).warnings == ()


def test_an_entry_still_using_a_deleted_one_is_named_once_with_its_count(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_USERS_SHOWN", 100)
    mod = write_mod(base.parent, "cut", {"f.yaml": "factions:\n  - {id: reds, delete: true}\n"})
    errors = errors_of(mod)
    world = base / "world.yaml"
    users = [e.split(", but ")[1].split(" still uses")[0] for e in errors]
    assert len(users) == len(set(users))  # each entry still using reds is one line
    assert all(e.startswith(f"{mod / 'f.yaml'}:2:") for e in errors)
    support = line_of(world, "support: {workers: {reds: 40")
    assert (
        f"{mod / 'f.yaml'}:2:5: the faction 'reds' is deleted here, but the region 'north' "
        f"still uses it in 3 places, the first at {world}:{support}; delete or change them too"
    ) in errors
    assert f"but the unit 'guards' still uses it ({world}:{line_of(world, 'id: guards')})" in (
        "\n".join(errors)
    )


def test_the_entries_still_using_a_deleted_one_are_counted_past_a_screenful(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_USERS_SHOWN", 2)
    mod = write_mod(base.parent, "cut", {"f.yaml": "factions:\n  - {id: reds, delete: true}\n"})
    north, centre, rest = errors_of(mod)
    assert "the region 'north'" in north
    assert "the region 'centre' still uses it in 2 places" in centre
    assert rest.endswith(
        "the faction 'reds' is deleted here, and 7 more entries still use it "
        "(1 in units, 3 in actions, 1 in events, 2 in endings)"
    )


def test_changing_an_entry_a_mod_beneath_deleted_says_who_deleted_it(base: Path) -> None:
    lower = write_mod(base.parent, "lower", {"u.yaml": "units:\n  - {id: cadets, delete: true}\n"})
    beside = write_mod(base.parent, "beside", {"u.yaml": "units:\n  - {id: cadets, loyalty: 50}\n"})
    [error] = errors_of(base, (lower, beside))
    assert error.startswith(f"{beside / 'u.yaml'}:2:")
    assert (
        f"no unit 'cadets' in 'lower' to change: 'lower' deletes it at {lower / 'u.yaml'}:2"
    ) in error


def test_an_incomplete_new_entry_with_no_close_id_names_what_it_lacks(base: Path) -> None:
    mod = write_mod(base.parent, "odd", {"u.yaml": "units:\n  - {id: zouaves, loyalty: 50}\n"})
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'u.yaml'}:2:")
    assert error.endswith(
        "no unit 'zouaves' in 'mini': a new unit also needs name, kind, owner, region, strength"
    )


def test_deleting_an_id_of_another_section_names_that_section(base: Path) -> None:
    mod = write_mod(base.parent, "odd", {"s.yaml": "endings:\n  - {id: committee, delete: true}\n"})
    [error] = errors_of(mod)
    assert error.endswith(
        "no ending 'committee' in 'mini' to delete; there is an event 'committee'"
    )


def test_deleting_what_the_mod_adds_in_a_later_file_says_files_go_in_name_order(
    base: Path,
) -> None:
    event = "events:\n  - {id: rumour, title: A rumour, text: Said in the queues.}\n"
    mod = write_mod(
        base.parent,
        "odd",
        {"del.yaml": "events:\n  - {id: rumour, delete: true}\n", "story.yaml": event},
    )
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'del.yaml'}:2:")
    assert error.endswith(
        "no event 'rumour' in 'mini' to delete: this mod adds it in story.yaml, which is read "
        "after del.yaml (a mod's files are read in name order)"
    )


ENDING = """\
endings:
  - id: general_strike
    title: General strike
    condition: "legitimacy < 20"
    epilogue: The city stopped.
    {place}
"""


@pytest.mark.parametrize(
    ("place", "order"),
    [
        ("", ["red_victory", "blue_collapse", "stalemate", "general_strike"]),
        ("before: red_victory", ["general_strike", "red_victory", "blue_collapse", "stalemate"]),
        ("after: red_victory", ["red_victory", "general_strike", "blue_collapse", "stalemate"]),
    ],
)
def test_a_new_ending_goes_last_or_where_it_says(base: Path, place: str, order: list[str]) -> None:
    mod = write_mod(base.parent, "strike", {"e.yaml": ENDING.format(place=place)})
    assert [e.id for e in load_scenario(mod).model.endings] == order


def test_a_changed_event_may_be_moved(base: Path) -> None:
    mod = write_mod(
        base.parent, "moved", {"e.yaml": "events:\n  - {id: opening, after: aftermath}\n"}
    )
    ids = [e.id for e in load_scenario(mod).model.events]
    assert ids.index("opening") == ids.index("aftermath") + 1
    assert len(ids) == len(load_scenario(base).model.events)


@pytest.mark.parametrize(
    ("files", "line", "expected"),
    [
        (
            {"e.yaml": ENDING.format(place="before: red_victry")},
            6,
            "'before' takes the id of another ending, and there is no ending 'red_victry' in "
            "'mini'; did you mean 'red_victory'?",
        ),
        (
            {"e.yaml": ENDING.format(place="before: red_victory\n    after: stalemate")},
            6,
            "give 'before' or 'after', not both: one place",
        ),
        (
            {"f.yaml": "factions:\n  - {id: reds, name: Crimson, before: blues}\n"},
            2,
            "'before' places an entry only in events and endings, whose order decides which "
            "comes first; leave it out",
        ),
    ],
)
def test_a_place_that_cannot_be_taken_is_said_at_its_line(
    base: Path, files: dict[str, str], line: int, expected: str
) -> None:
    mod = write_mod(base.parent, "placed", files)
    [error] = errors_of(mod)
    [name] = files
    assert error.startswith(f"{mod / name}:{line}:")
    assert error.endswith(expected)


def test_the_mod_schema_knows_where_a_place_may_be_given() -> None:
    schema = mod_schema()
    ending = {"id": "x", "before": "y"}
    jsonschema.validate({"endings": [ending]}, schema)
    jsonschema.validate({"events": [{"id": "x", "after": "y"}]}, schema)
    for refused in (
        {"endings": [{**ending, "after": "z"}]},
        {"factions": [{"id": "reds", "before": "blues"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(refused, schema)

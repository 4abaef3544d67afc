"""Mods laid over a scenario: merging by id, deleting, and messages at the mod's file and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.loader import ScenarioError, load_scenario

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A copy of the mini scenario, beside which the tests write their mods."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def write_mod(
    root: Path, name: str, files: dict[str, str], extends: str = "mini", **meta: str
) -> Path:
    folder = root / name
    folder.mkdir()
    extra = "".join(f"  {key}: {value}\n" for key, value in meta.items())
    (folder / "mod.yaml").write_text(
        f"mod:\n  id: {name}\n  name: {name.title()}\n  extends: {extends}\n{extra}"
    )
    for file, text in files.items():
        (folder / file).write_text(textwrap.dedent(text))
    return folder


def errors_of(folder: Path, mods: tuple[Path, ...] = ()) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder, mods)
    return [str(e) for e in caught.value.errors]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_a_changed_entry_keeps_every_key_the_mod_does_not_give(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "richer",
        {"factions.yaml": "factions:\n  - id: reds\n    resources: {influence: 15}\n"},
    )
    reds = load_scenario(mod).model.factions[0]
    assert reds.resources == {"influence": 15, "arms": 2}
    assert reds.name == "Reds"
    assert reds.income == load_scenario(base).model.factions[0].income


def test_a_new_entry_is_added_after_the_base_and_a_deleted_one_is_gone(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "more",
        {
            "story.yaml": """\
            events:
              - id: rumour
                title: A rumour
                date: 1917-10-08
                text: Something is said in the queues.
            codex:
              - {id: reds, delete: true}
            """
        },
    )
    scenario = load_scenario(mod)
    assert [e.id for e in scenario.model.events][-1] == "rumour"
    assert scenario.model.codex == []
    assert scenario.layers == ("more",)


def test_a_list_given_by_a_mod_replaces_the_base_list(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "fewer",
        {
            "story.yaml": """\
            events:
              - id: committee
                choices:
                  - {id: form, text: Form it at once}
            """
        },
    )
    committee = next(e for e in load_scenario(mod).model.events if e.id == "committee")
    assert [c.id for c in committee.choices] == ["form"]
    assert committee.history == "They did."


def test_mapping_sections_merge_key_by_key(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "retitled",
        {"meta.yaml": "scenario:\n  title: Mini Redux\ncalendar:\n  new_style_offset: 0\n"},
    )
    model = load_scenario(mod).model
    assert model.scenario.title == "Mini Redux"
    assert model.scenario.id == "mini"
    assert model.calendar.new_style_offset == 0
    assert model.calendar.turns == load_scenario(base).model.calendar.turns


def test_changing_an_id_that_does_not_exist_says_so_at_the_mods_line(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "typo",
        {"factions.yaml": "factions:\n  - id: redz\n    resources: {influence: 15}\n"},
    )
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'factions.yaml'}:2:")
    assert "no faction 'redz' in 'mini' to change; did you mean 'reds'?" in error


def test_deleting_an_id_that_does_not_exist_says_so_with_a_suggestion(base: Path) -> None:
    mod = write_mod(
        base.parent, "gone", {"story.yaml": "endings:\n  - {id: stalmate, delete: true}\n"}
    )
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'story.yaml'}:2:")
    assert "no ending 'stalmate' in 'mini' to delete; did you mean 'stalemate'?" in error


def test_deleting_what_something_still_uses_names_the_user(base: Path) -> None:
    mod = write_mod(
        base.parent, "cut", {"story.yaml": "events:\n  - {id: aftermath, delete: true}\n"}
    )
    [error] = errors_of(mod)
    story = base / "story.yaml"
    assert error.startswith(f"{mod / 'story.yaml'}:2:")
    assert "the event 'aftermath' is deleted here, but the event 'crackdown' still uses it" in error
    assert f"({story}:{line_of(story, 'trigger: aftermath')})" in error


def test_delete_takes_no_other_keys(base: Path) -> None:
    mod = write_mod(
        base.parent, "odd", {"story.yaml": "codex:\n  - {id: reds, delete: true, title: X}\n"}
    )
    [error] = errors_of(mod)
    assert "takes no other keys (found title)" in error


def test_an_error_in_a_value_a_mod_wrote_points_at_the_mod(base: Path) -> None:
    mod = write_mod(
        base.parent,
        "bad",
        {"factions.yaml": "factions:\n  - id: blues\n    ai_profile: cautios\n"},
    )
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'factions.yaml'}:3:")
    assert "did you mean 'cautious'" in error


def test_an_error_in_the_base_still_points_at_the_base(base: Path) -> None:
    text = (
        (base / "factions.yaml").read_text().replace("ai_profile: balanced", "ai_profile: nobody")
    )
    (base / "factions.yaml").write_text(text)
    mod = write_mod(
        base.parent, "fine", {"factions.yaml": "factions:\n  - {id: reds, name: Red}\n"}
    )
    [error] = errors_of(mod)
    assert error.startswith(
        f"{base / 'factions.yaml'}:{line_of(base / 'factions.yaml', 'nobody')}:"
    )


def test_two_mods_changing_one_value_warn_naming_both_and_the_later_wins(base: Path) -> None:
    first = write_mod(
        base.parent, "first", {"f.yaml": "factions:\n  - {id: reds, name: Crimson}\n"}
    )
    second = write_mod(
        base.parent, "second", {"f.yaml": "factions:\n  - {id: reds, name: Scarlet}\n"}
    )
    scenario = load_scenario(base, (first, second))
    assert scenario.model.factions[0].name == "Scarlet"
    [warning] = map(str, scenario.warnings)
    assert warning.startswith(f"{second / 'f.yaml'}:2:")
    assert (
        f"the faction 'reds', its name: the mod 'first' changes it too, to another value, "
        f"at {first / 'f.yaml'}:2; 'second' is laid over it and wins"
    ) in warning


def test_a_text_no_part_of_the_game_shows_is_warned_of_at_its_line_with_a_suggestion(
    base: Path,
) -> None:
    mod = write_mod(base.parent, "typo", {"t.yaml": "texts:\n  map_titel: Paris\n  notes: x\n"})
    scenario = load_scenario(base, (mod,))
    typo, other = map(str, scenario.warnings)
    assert typo.startswith(f"{mod / 't.yaml'}:2:")
    assert "no part of the game shows the text 'map_titel'; did you mean 'map_title'?" in typo
    assert other.startswith(f"{mod / 't.yaml'}:3:") and "the texts shown are masthead," in other
    assert "map_titel" in scenario.model.texts  # a warning: the mod still loads


def test_a_mod_may_extend_another_mod_and_is_laid_after_it(base: Path) -> None:
    write_mod(base.parent, "lower", {"f.yaml": "factions:\n  - {id: reds, name: Crimson}\n"})
    upper = write_mod(
        base.parent,
        "upper",
        {"f.yaml": "factions:\n  - {id: blues, name: Azure}\n"},
        extends="lower",
    )
    scenario = load_scenario(upper)
    assert scenario.layers == ("lower", "upper")
    assert [f.name for f in scenario.model.factions][:2] == ["Crimson", "Azure"]


def test_a_mod_over_nothing_known_is_refused_with_a_suggestion(base: Path) -> None:
    mod = write_mod(base.parent, "lost", {}, extends="minni")
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'mod.yaml'}:4:3: ")  # the line of `extends:`
    assert "'lost' extends 'minni', but no scenario or mod with that id was found" in error
    assert "did you mean 'mini'?" in error


def test_mods_that_extend_each_other_are_refused(base: Path) -> None:
    write_mod(base.parent, "ping", {}, extends="pong")
    pong = write_mod(base.parent, "pong", {}, extends="ping")
    [error] = errors_of(pong)
    assert "extend each other in a loop: pong -> ping -> pong" in error


def test_a_mod_for_another_scenario_is_refused(base: Path) -> None:
    other = base.parent / "other"
    shutil.copytree(MINI, other)
    (other / "scenario.yaml").write_text(
        (other / "scenario.yaml").read_text().replace("id: mini", "id: other")
    )
    mod = write_mod(base.parent, "elsewhere", {}, extends="other")
    [error] = errors_of(base, (mod,))
    assert "'elsewhere' is laid over the scenario 'other', but this game is of 'mini'" in error


def test_a_broken_mod_yaml_is_named_at_its_line(base: Path) -> None:
    folder = base.parent / "broken"
    folder.mkdir()
    (folder / "mod.yaml").write_text("mod:\n  id: broken\n  name: Broken\n  extend: mini\n")
    [error] = errors_of(folder)
    assert error.startswith(f"{folder / 'mod.yaml'}:")
    assert "extends" in error


def test_an_empty_mod_changes_nothing(base: Path) -> None:
    mod = write_mod(base.parent, "nothing", {})
    assert load_scenario(mod).content_hash == load_scenario(base).content_hash


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.dictionaries(
        st.sampled_from(["reds", "blues", "greys"]),
        st.dictionaries(st.sampled_from(["influence", "arms"]), st.integers(0, 50), min_size=1),
        min_size=1,
    )
)
def test_a_mods_changes_to_a_mapping_are_exactly_what_it_gave(
    base: Path, changes: dict[str, dict[str, int]]
) -> None:
    root = base.parent
    for old in root.glob("prop*"):
        shutil.rmtree(old)
    lines = ["factions:"]
    for faction, resources in changes.items():
        given_ = ", ".join(f"{k}: {v}" for k, v in resources.items())
        lines.append(f"  - {{id: {faction}, resources: {{{given_}}}}}")
    mod = write_mod(root, f"prop{len(list(root.iterdir()))}", {"f.yaml": "\n".join(lines) + "\n"})
    before = {f.id: f.resources for f in load_scenario(base).model.factions}
    after = {f.id: f.resources for f in load_scenario(mod).model.factions}
    for faction, resources in before.items():
        assert after[faction] == {**resources, **changes.get(faction, {})}


def test_every_bundled_scenario_and_mod_loads_without_a_warning() -> None:
    from game.paths import scenarios_dir
    from game.scenario.catalogue import Catalogue

    catalogue = Catalogue.search(places=[scenarios_dir()])
    assert {"october1917", "kornilov_unbroken"} <= {f.id for f in catalogue.found}
    for found in catalogue.found:
        assert found.error is None, found.error
        scenario = load_scenario(found.folder, catalogue=catalogue)
        assert scenario.warnings == (), found.id


def test_the_example_mod_changes_what_its_tutorial_says() -> None:
    from game.paths import default_scenario, scenarios_dir

    base = load_scenario(default_scenario()).model
    model = load_scenario(scenarios_dir() / "kornilov_unbroken").model
    right = next(f for f in model.factions if f.id == "right")
    before = next(f for f in base.factions if f.id == "right")
    assert right.resources == {**before.resources, "cadres": 3, "arms": 3}
    assert right.income == before.income
    corps = next(u for u in model.units if u.id == "third_cavalry_corps")
    assert corps.loyalty == 60
    assert [e.id for e in model.events][-1] == "bykhov_prisoners"
    assert len(model.events) == len(base.events) + 1


PICTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pictures" / "pictures"


def test_a_mods_pictures_are_found_in_the_mods_folder_and_kept_inside_it(base: Path) -> None:
    picture = next(PICTURES.glob("*.png"))
    mod = write_mod(
        base.parent,
        "pictured",
        {"codex.yaml": f"codex:\n  - id: reds\n    portrait: art/{picture.name}\n"},
    )
    (mod / "art").mkdir()
    shutil.copy(picture, mod / "art" / picture.name)
    scenario = load_scenario(mod)
    assert scenario.assets[f"art/{picture.name}"] == (mod / "art" / picture.name).resolve()
    # The same file reached from the mod by climbing out to the scenario's folder: refused.
    shutil.copy(picture, base / picture.name)
    (mod / "codex.yaml").write_text(f"codex:\n  - id: reds\n    portrait: ../mini/{picture.name}\n")
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'codex.yaml'}:3:")


def test_a_mod_section_in_a_mods_other_file_is_refused_not_ignored(base: Path) -> None:
    mod = write_mod(base.parent, "twice", {"changes.yaml": "factions: []\nmod:\n  id: other\n"})
    [error] = errors_of(mod)
    assert error == (
        f"{mod / 'changes.yaml'}:2:1: the mod's description belongs in mod.yaml; "
        "this one would be ignored"
    )


@pytest.mark.parametrize(
    ("written", "found"),
    [("factions:\n", "found nothing"), ("factions: {reds: {}}\n", "a mapping")],
)
def test_a_mods_list_section_of_the_wrong_shape_says_what_it_should_be(
    base: Path, written: str, found: str
) -> None:
    mod = write_mod(base.parent, "shape", {"z.yaml": written})
    [error] = errors_of(mod)
    assert error.startswith(
        f"{mod / 'z.yaml'}:1:1: factions: should be a list of entries (- id: ...), found"
    )
    assert found in error and "another shape" not in error


@pytest.mark.parametrize(
    ("written", "line", "expected"),
    [
        (
            "  extends: Mini\n",
            4,
            "extends: takes the id of a scenario or mod (lowercase letters, digits and _, "
            "starting with a letter), e.g. 'october1917', not its title or folder; found 'Mini'; "
            "did you mean 'mini'?",
        ),
        ("  extends: ../mini\n", 4, "found '../mini'; did you mean 'mini'?"),
        ("  extends: The Mini Revolution\n", 4, "did you mean 'mini'?"),
        ("  extends: null\n", 4, "extends: takes the id of a scenario or mod"),
        ("  extends: [mini]\n", 4, "extends: takes the id of a scenario or mod"),
        ("  extends: mini\n  author: [a, b]\n", 5, "author: takes text, at most 200 characters"),
    ],
)
def test_a_mistake_in_mod_yaml_is_said_in_words_at_its_keys_line(
    base: Path, written: str, line: int, expected: str
) -> None:
    folder = base.parent / "meta"
    folder.mkdir()
    (folder / "mod.yaml").write_text(f"mod:\n  id: meta\n  name: Meta\n{written}")
    (base / "scenario.yaml").write_text(
        (base / "scenario.yaml").read_text().replace("title: ", "title: The Mini Revolution #", 1)
    )
    [error] = errors_of(folder)
    assert error.startswith(f"{folder / 'mod.yaml'}:{line}:3: ")
    assert expected in error
    for pydantic in ("Input should", "String should", "ModMeta", "pattern", "[a-z]"):
        assert pydantic not in error


@pytest.mark.parametrize("written", ["mod: []\n", "mod:\n", "mod: mini\n"])
def test_a_mod_section_that_is_not_a_mapping_says_so(base: Path, written: str) -> None:
    folder = base.parent / "flat"
    folder.mkdir()
    (folder / "mod.yaml").write_text(f"# About.\n{written}")
    [error] = errors_of(folder)
    assert error.startswith(
        f"{folder / 'mod.yaml'}:2:1: mod: should be a mapping of id, name, version, "
        "description, author, extends"
    )


def test_a_mod_with_the_id_of_what_it_extends_is_told_the_ids_clash(base: Path) -> None:
    mod = write_mod(base.parent, "mini_too", {})
    text = (mod / "mod.yaml").read_text().replace("id: mini_too", "id: mini")
    (mod / "mod.yaml").write_text(text)
    [error] = errors_of(mod)
    assert error.startswith(
        f"{mod / 'mod.yaml'}:2:3: the mod's id 'mini' is also the id it extends"
    )
    assert "the ids clash" in error and "loop" not in error
    # The same clash two mods down: the mod named 'mini' hides the scenario it is built on.
    write_mod(base.parent, "middle", {})
    (mod / "mod.yaml").write_text(text.replace("extends: mini", "extends: middle"))
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'mod.yaml'}:2:3: the id 'mini' is given both by {mod} and by")
    assert "the ids clash" in error

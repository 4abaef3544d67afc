"""Loading scenario folders: every mistake a modder makes is named with file, line and a hint."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario.loader import ScenarioError, load_scenario

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture
def mod(tmp_path: Path) -> Path:
    """A writable copy of the mini scenario."""
    folder = tmp_path / "mod"
    shutil.copytree(MINI, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def line_of(folder: Path, name: str, needle: str) -> int:
    for n, line in enumerate((folder / name).read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ScenarioError) as failed:
        load_scenario(folder)
    return [str(e) for e in failed.value.errors]


def test_the_mini_scenario_loads(mod: Path) -> None:
    scenario = load_scenario(mod)
    assert scenario.id == "mini"
    assert len(scenario.content_hash) == 64


def test_the_content_hash_ignores_comments_and_layout(mod: Path) -> None:
    before = load_scenario(mod).content_hash
    edit(mod, "world.yaml", "groups:", "# a comment\ngroups:   ")
    assert load_scenario(mod).content_hash == before
    edit(mod, "world.yaml", "strength: 400", "strength: 401")
    assert load_scenario(mod).content_hash != before


def test_an_unknown_key_is_named_at_its_line_with_the_nearest_valid_key(mod: Path) -> None:
    edit(mod, "factions.yaml", 'color: "#0072B2"', 'colour: "#0072B2"')
    [error] = errors_of(mod)
    line = line_of(mod, "factions.yaml", "colour")
    assert error.startswith(f"{mod / 'factions.yaml'}:{line}:")
    assert "unknown key 'colour'; did you mean 'color'?" in error


def test_a_missing_key_names_what_is_missing(mod: Path) -> None:
    edit(
        mod,
        "world.yaml",
        "  - {id: guards, name: Guards, kind: red_guard,",
        "  - {id: guards, kind: red_guard,",
    )
    [error] = errors_of(mod)
    assert f"world.yaml:{line_of(mod, 'world.yaml', 'id: guards')}:" in error
    assert "missing required key 'name'" in error


def test_a_wrong_type_says_what_was_expected_and_what_was_found(mod: Path) -> None:
    edit(mod, "world.yaml", "strength: 400", "strength: lots")
    [error] = errors_of(mod)
    assert f"world.yaml:{line_of(mod, 'world.yaml', 'strength: lots')}:" in error
    assert "units[1].strength" in error and "integer" in error and "'lots'" in error


def test_a_misspelt_reference_suggests_the_nearest_id(mod: Path) -> None:
    edit(
        mod,
        "world.yaml",
        "owner: blues, region: centre, strength: 1000",
        "owner: blus, region: centre, strength: 1000",
    )
    [error] = errors_of(mod)
    assert f"world.yaml:{line_of(mod, 'world.yaml', 'owner: blus')}:" in error
    assert "unknown faction 'blus'; did you mean 'blues'?" in error


def test_an_expression_error_points_at_its_column(mod: Path) -> None:
    edit(
        mod,
        "actions.yaml",
        'condition: "flag(committee_formed)"',
        'condition: "flag(comittee_formed)"',
    )
    [error] = errors_of(mod)
    line = line_of(mod, "actions.yaml", "comittee_formed")
    text = (mod / "actions.yaml").read_text().splitlines()[line - 1]
    _, _, position = error.partition(f"actions.yaml:{line}:")
    column = int(position.split(":")[0])
    assert text[column - 1 :].startswith("comittee") or text[column:].startswith("comittee")
    assert "did you mean 'committee_formed'?" in error


def test_an_unknown_effect_suggests_the_nearest_kind(mod: Path) -> None:
    edit(mod, "actions.yaml", "- shift_support:", "- shift_suport:")
    [error] = errors_of(mod)
    assert f"actions.yaml:{line_of(mod, 'actions.yaml', 'shift_suport')}:" in error
    assert "unknown effect 'shift_suport'; did you mean 'shift_support'?" in error


def test_a_duplicate_key_names_both_lines(mod: Path) -> None:
    edit(mod, "scenario.yaml", "  title: Mini\n", "  title: Mini\n  title: Again\n")
    [error] = errors_of(mod)
    assert f"scenario.yaml:{line_of(mod, 'scenario.yaml', 'title: Again')}:" in error
    assert (
        "duplicate key 'title'" in error
        and f"line {line_of(mod, 'scenario.yaml', 'title: Mini')}" in error
    )


def test_a_duplicate_id_is_an_error(mod: Path) -> None:
    edit(mod, "world.yaml", "id: cadets", "id: guards")
    [error] = errors_of(mod)
    assert "duplicate id 'guards'" in error


def test_an_unknown_section_and_a_key_given_twice_are_errors(mod: Path) -> None:
    (mod / "zz_extra.yaml").write_text("# Extra.\nfactoins: []\ntexts: {map_subtitle: b}\n")
    errors = errors_of(mod)
    assert any(
        "zz_extra.yaml:2:1: unknown section 'factoins'; did you mean 'factions'?" in e
        for e in errors
    )
    story = f"story.yaml:{line_of(mod, 'story.yaml', 'map_subtitle: A small place')}"
    assert any(
        f"zz_extra.yaml:3:9: 'map_subtitle' of the section 'texts' is already given in "
        f"{mod / story}" in e
        for e in errors
    )


def test_a_section_may_be_spread_over_files_and_messages_name_the_file_that_wrote_it(
    mod: Path,
) -> None:
    (mod / "zz_more.yaml").write_text(
        "# More endings and texts, beside story.yaml's.\n"
        "texts:\n  masthead: More.\n"
        "endings:\n"
        '  - id: grey_dawn\n    title: Grey dawn\n    condition: "flag(committee_formed) and legitimacy > 90"\n'
        "    winners: [greys]\n    epilogue: The greys.\n"
    )
    scenario = load_scenario(mod)
    endings = [e.id for e in scenario.model.endings]
    assert endings[-1] == "grey_dawn" and "red_victory" in endings
    assert scenario.model.texts["masthead"] == "More." and "map_subtitle" in scenario.model.texts
    # A problem in the second file's entry is reported at that file's line.
    edit(mod, "zz_more.yaml", "winners: [greys]", "winners: [grays]")
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'zz_more.yaml'}:{line_of(mod, 'zz_more.yaml', 'grays')}:")
    assert "unknown faction 'grays'" in error


def test_every_problem_is_reported_not_only_the_first(mod: Path) -> None:
    edit(
        mod,
        "world.yaml",
        "owner: blues, region: centre, strength: 1000",
        "owner: blus, region: centre, strength: 1000",
    )
    edit(
        mod,
        "actions.yaml",
        'condition: "flag(committee_formed)"',
        'condition: "flag(comittee_formed)"',
    )
    edit(mod, "story.yaml", "winners: [reds]", "winners: [redz]")
    errors = errors_of(mod)
    assert len(errors) == 3
    assert {Path(e.split(":")[0]).name for e in errors} == {
        "world.yaml",
        "actions.yaml",
        "story.yaml",
    }


def test_a_missing_section_names_the_folder(mod: Path) -> None:
    text = (mod / "story.yaml").read_text()
    (mod / "story.yaml").write_text(text[: text.index("endings:")])
    errors = errors_of(mod)
    assert any(e.startswith(str(mod)) and "section 'endings'" in e for e in errors)


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"groups:\n\t- {id: x}\n", "tab"),
        (b"groups: [\n", "expected"),
        (b'title: "unclosed\n', "quote"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"- a\n- b\n", "mapping"),
        (b"a: !!python/object/apply:os.system [echo hi]\n", "tag"),
    ],
    ids=[
        "tab",
        "syntax",
        "unclosed-quote",
        "empty",
        "not-utf8",
        "top-list",
        "python-tag",
    ],
)
def test_broken_files_give_one_line_with_file_and_line(
    mod: Path, content: bytes, phrase: str
) -> None:
    (mod / "broken.yaml").write_bytes(content)
    errors = errors_of(mod)
    assert len(errors) == 1
    assert errors[0].startswith(f"{mod / 'broken.yaml'}:")
    assert phrase.lower() in errors[0].lower()
    assert "\n" not in errors[0]


def test_a_file_holding_only_comments_is_read_as_holding_nothing(mod: Path) -> None:
    # A modder may comment a whole file out while working; the folder reads as without it.
    before = load_scenario(mod).content_hash
    (mod / "later.yaml").write_text("# factions:\n#   - id: whites\n\n   # more to come\n")
    assert load_scenario(mod).content_hash == before


@pytest.mark.parametrize(
    ("section", "written", "expected"),
    [
        (
            "factions",
            "factions:\n",
            "factions: should be a list of entries (- id: ...), found nothing",
        ),
        (
            "factions",
            "factions:\n  reds: {name: Crimson}\n",
            "factions: should be a list of entries (- id: ...), found a mapping",
        ),
        (
            "settings",
            "settings:\n  - inertia\n",
            "settings: should be a mapping (key: value), found a list",
        ),
        (
            "texts",
            "texts: hello\n",
            "texts: should be a mapping (key: value), found the single value",
        ),
    ],
)
def test_a_section_of_the_wrong_shape_is_named_at_its_line(
    mod: Path, section: str, written: str, expected: str
) -> None:
    (mod / "zz.yaml").write_text(f"# More.\n{written}")
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'zz.yaml'}:2:1: {expected}")
    assert "another shape" not in error


def test_a_mod_section_outside_mod_yaml_is_refused(mod: Path) -> None:
    (mod / "about.yaml").write_text("# About.\nmod:\n  id: x\n")
    [error] = errors_of(mod)
    assert error == (
        f"{mod / 'about.yaml'}:2:1: the mod's description belongs in mod.yaml; this folder "
        "has none, so it is read as a scenario"
    )


@pytest.mark.parametrize("kind", ["missing", "loop", "self"])
def test_a_yaml_link_that_leads_to_no_file_is_an_error_not_skipped(
    mod: Path, tmp_path: Path, kind: str
) -> None:
    link = mod / "extra.yaml"
    if kind == "missing":
        link.symlink_to(tmp_path / "gone.yaml")
        expected = f"a link to {tmp_path / 'gone.yaml'}, which does not exist"
    elif kind == "loop":
        link.symlink_to("other.yaml")
        (mod / "other.yaml").symlink_to("extra.yaml")
        expected = "a link to other.yaml, in a loop of links that never reaches a file"
    else:
        link.symlink_to("extra.yaml")
        expected = "a link to extra.yaml, in a loop of links that never reaches a file"
    errors = errors_of(mod)
    assert errors[0].startswith(f"{link}:1:1: {expected}")
    assert len(errors) == (2 if kind == "loop" else 1)


def test_an_alias_bomb_is_refused_quickly(mod: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    (mod / "bomb.yaml").write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    errors = errors_of(mod)
    assert time.perf_counter() - started < 5  # generous; a real bomb would never finish
    assert len(errors) == 1 and "alias" in errors[0]


def test_deep_nesting_and_huge_files_are_refused(mod: Path) -> None:
    (mod / "deep.yaml").write_text("a: " + "[" * 100_000 + "\n")
    (mod / "huge.yaml").write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    errors = errors_of(mod)
    assert any("deep.yaml" in e and "deep" in e.lower() for e in errors)
    assert any("huge.yaml:1:1" in e and "limit" in e for e in errors)


def test_validate_prints_one_problem_per_line_then_a_count(
    mod: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        mod,
        "world.yaml",
        "owner: blues, region: centre, strength: 1000",
        "owner: blus, region: centre, strength: 1000",
    )
    edit(mod, "story.yaml", "winners: [reds]", "winners: [redz]")
    assert main(["validate", str(mod)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    for line in lines[:2]:
        file, row, column, message = line.split(":", 3)
        assert Path(file).exists() and row.isdigit() and column.isdigit() and message.strip()
    assert lines[-1] == "2 problems found"


def test_validate_says_valid_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and out.strip().endswith("0 problems found")


def test_validate_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2


def test_validate_of_a_missing_folder_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    out = capsys.readouterr().out
    assert f"no scenario or mod '{tmp_path / 'nowhere'}' (a folder, or an id" in out
    assert ":1:1" not in out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damage_to_a_file_gives_errors_or_a_scenario_never_a_crash(
    tmp_path: Path, data: st.DataObject
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "mod"
    shutil.copytree(MINI, folder)
    name = data.draw(st.sampled_from(sorted(p.name for p in folder.iterdir())))
    text = (folder / name).read_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(
        st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!'\"\t\n #$0_()")), max_size=12)
    )
    (folder / name).write_text(text[:start] + insert + text[end:])
    try:
        load_scenario(folder)
    except ScenarioError as failed:
        assert failed.errors
        for error in failed.errors:
            assert str(error).startswith(str(folder))
            assert "\n" not in str(error)


def test_an_id_spelt_like_a_word_of_the_expression_language_is_refused(mod: Path) -> None:
    edit(mod, "scenario.yaml", "{id: unrest, name: Unrest", "{id: turn, name: Unrest")
    edit(mod, "factions.yaml", "unrest", "turn")
    errors = errors_of(mod)
    assert any("'turn' is a reserved word; choose another id" in e for e in errors)


def test_negative_costs_are_refused(mod: Path) -> None:
    edit(
        mod,
        "actions.yaml",
        "cost: {influence: 2}\n    effects:\n      - track",
        "cost: {influence: -2}\n    effects:\n      - track",
    )
    [error] = errors_of(mod)
    assert "actions[4].cost.influence" in error and "greater than or equal to 0" in error


def test_a_numeric_version_is_read_as_text(mod: Path) -> None:
    edit(mod, "scenario.yaml", "  title: Mini\n", "  title: Mini\n  version: 2\n")
    assert load_scenario(mod).model.scenario.version == "2"


def test_two_turns_may_share_a_date_only_with_different_labels(mod: Path) -> None:
    edit(
        mod,
        "scenario.yaml",
        "    - {date: 1917-10-24}\n",
        "    - {date: 1917-10-24}\n    - {date: 1917-10-24}\n",
    )
    [error] = errors_of(mod)
    assert "two turns on 1917-10-24 need different labels" in error
    edit(
        mod,
        "scenario.yaml",
        "    - {date: 1917-10-24}\n    - {date: 1917-10-24}\n",
        "    - {date: 1917-10-24, label: day}\n    - {date: 1917-10-24, label: night}\n",
    )
    assert len(load_scenario(mod).model.calendar.turns) == 7


# --- Bounds on the whole folder ---------------------------------------------------------------


def test_a_file_linked_from_outside_the_folder_is_refused_unread(mod: Path, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("private_key_material: 42\n")
    (mod / "extra.yaml").symlink_to(secret)
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'extra.yaml'}:1:1: a link to {secret.resolve()}, outside")
    assert "private_key_material" not in error
    # A link that stays inside the folder is only another name for a file there.
    (mod / "extra.yaml").unlink()
    (mod / "sub").mkdir()
    (mod / "sub" / "more.yaml").write_text("# again\ntexts:\n  map_subtitle: Again.\n")
    (mod / "extra.yaml").symlink_to(mod / "sub" / "more.yaml")
    [error] = errors_of(mod)
    # extra.yaml is read before story.yaml, so story.yaml's key is the one given again.
    assert error.startswith(f"{mod / 'story.yaml'}:")
    assert (
        f"'map_subtitle' of the section 'texts' is already given in {mod / 'extra.yaml'}:3" in error
    )


def test_files_under_the_file_limit_that_are_too_large_together_are_refused_unread(
    mod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.scenario.loader as loader

    monkeypatch.setattr(loader, "MAX_SCENARIO_BYTES", 64 * 1024)
    for n in range(3):
        (mod / f"padding{n}.yaml").write_text("# padding\n" * 3000)  # 30 kB each
    read: list[Path] = []
    monkeypatch.setattr(loader, "load_yaml_file", lambda path, **_: read.append(path))
    [error] = errors_of(mod)
    assert f"{mod}: the scenario's YAML files hold" in error
    assert "bytes together, over the 0 MiB a scenario may hold" in error
    assert read == []


def test_the_files_of_a_folder_share_one_budget_of_values(
    mod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.scenario.loader as loader
    from game.scenario.yamlio import load_yaml_file

    used = sum(load_yaml_file(p).nodes for p in mod.glob("*.yaml"))
    monkeypatch.setattr(loader, "MAX_SCENARIO_NODES", used + 100)
    # Each file alone is far under the per-file limit; together they are over the folder's.
    (mod / "zz_more.yaml").write_text("endings_notes: [" + ", ".join(["1"] * 300) + "]\n")
    [error] = errors_of(mod)
    assert error.startswith(f"{mod / 'zz_more.yaml'}:1:")
    assert f"what is left of the {used + 100} the scenario may hold" in error


# --- Messages a modder reads ------------------------------------------------------------------


def test_an_unknown_effect_in_the_short_form_is_named_as_unknown(mod: Path) -> None:
    edit(
        mod,
        "story.yaml",
        '    when: "flag(committee_formed) and legitimacy > 40"\n',
        '    when: "flag(committee_formed) and legitimacy > 40"\n    effects:\n      - set_flagg: x\n',
    )
    [error] = errors_of(mod)
    assert error.endswith("unknown effect 'set_flagg'; did you mean 'set_flag'?")
    assert f"story.yaml:{line_of(mod, 'story.yaml', 'set_flagg')}:" in error


def test_a_value_of_the_wrong_type_in_a_union_is_one_message_without_internal_names(
    mod: Path,
) -> None:
    edit(mod, "story.yaml", 'when: "flag(committee_formed) and legitimacy > 40"', "when: [1, 2]")
    [error] = errors_of(mod)
    assert error.endswith("when: expected text, or true or false (got list)")
    assert ".str" not in error and ".bool" not in error

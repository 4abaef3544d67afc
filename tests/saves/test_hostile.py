"""Hostile saves and saves folders (issue 12, items 2-6): every load path reports one
line naming the file, no edit of the record verifies, nothing in the folder hangs or
floods the listing, a name never leaves the folder, and no write loses an earlier save."""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.engine.rules import Rules
from game.play import Game, PlayError
from game.play.saving import newest
from game.saves.atomic import clean_temps
from game.saves.format import HEADER_BYTES, SaveError, dump, read_head
from game.saves.replay import load, read_save
from game.saves.store import AUTOSAVES, SaveStore, autosave_name, check_name
from game.session import Session
from game.textplay import TextGame
from tests.saves.conftest import FIXTURES, write_save
from tests.saves.hostile import UNPLAYABLE, says_unplayable, unplayable_save

MINI = str(Path(__file__).parents[1] / "fixtures" / "mini")


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run `work` in a thread; fail (rather than hang the suite) if it takes too long."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as bad:
            box["error"] = bad

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# -- 2. a save whose own scenario cannot be played ----------------------------------------


@pytest.mark.parametrize("how", list(UNPLAYABLE))
@pytest.mark.parametrize("verify", [True, False])
def test_a_save_of_an_unplayable_scenario_is_a_save_error(
    mini_rules: Rules, tmp_path: Path, how: str, verify: bool
) -> None:
    path = unplayable_save(mini_rules, tmp_path / "bad.yaml", how)
    before = path.read_bytes()
    with pytest.raises(SaveError, match=r"bad\.yaml(:\d+:\d+)?: ") as error:
        load(path, verify=verify)
    assert says_unplayable(str(error.value)) and "\n" not in str(error.value)
    assert path.read_bytes() == before


def test_a_save_that_breaks_the_engine_is_a_save_error_naming_the_crash(
    mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Validation refuses every unplayable scenario known; this stands for one it misses.
    path = unplayable_save(mini_rules, tmp_path / "bad.yaml", None)
    import game.saves.replay
    import game.session

    def broken(*_: Any) -> Any:
        raise IndexError("tuple index out of range")

    monkeypatch.setattr(game.session, "new_game", broken)
    monkeypatch.setattr(game.saves.replay, "new_game", broken)
    for verify in (True, False):
        with pytest.raises(SaveError, match=r"bad\.yaml: its scenario cannot be played \(IndexError"):
            load(path, verify=verify)


@pytest.mark.parametrize("how", list(UNPLAYABLE))
def test_replay_and_play_load_report_an_unplayable_save_in_one_line(
    mini_rules: Rules, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    path = unplayable_save(mini_rules, tmp_path / "bad.yaml", how)
    for argv in (
        ["replay", "--verify", str(path)],
        ["replay", str(path)],
        ["replay", "--json", str(path)],
        ["play", "--text", "--load", str(path)],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert str(path) in one_line(err) and says_unplayable(err)


def test_the_terminal_game_goes_on_after_loading_an_unplayable_save(
    mini_rules: Rules, tmp_path: Path
) -> None:
    for n, how in enumerate(UNPLAYABLE):
        unplayable_save(mini_rules, tmp_path / f"bad{n}.yaml", how)
    out = io.StringIO()
    game = TextGame(
        Session(mini_rules, 2, player="reds"),
        io.StringIO("load bad0\nload bad1\ns\nq\n"),
        out,
        store=SaveStore(tmp_path),
    )
    assert game.run() == 0
    text = out.getvalue()
    assert text.count("Not loaded:") == 2 and says_unplayable(text)
    assert str(tmp_path / "bad0.yaml") in text and "Game left unfinished (quit)" in text


# -- 3. the seal --------------------------------------------------------------------------


def ironman_save(mini_rules: Rules, path: Path) -> Path:
    session = Session(mini_rules, 5, player="reds", ironman=True)
    for _ in range(3):
        session.play_turn(session.ai_orders("reds"))
    return write_save(session, path)


def edited(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load(path.read_text())
    change(data)
    out = path.with_name("edited.yaml")
    out.write_bytes(dump(data))
    return out


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


def _cut(data: dict[str, Any]) -> None:
    data["turns"] = data["turns"][:-1]


def _ai_state(data: dict[str, Any]) -> None:
    data["turns"][1]["ai_rng"][0] += 1


def _journal(data: dict[str, Any]) -> None:
    data["turns"][0]["snapshot"]["journal"].append({"turn": 0, "faction": -1, "text": "forged"})


def _recount(data: dict[str, Any]) -> None:
    data["turns"] = data["turns"][:-1]
    data["seal"]["turns"] -= 1


def _drop_seal(data: dict[str, Any]) -> None:
    del data["seal"]


SEAL_CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "ironman off": (_set("ironman", False), "'ironman' was changed"),
    "profiles": (_set("profiles", {"blues": "cautious"}), "'profiles' was changed"),
    "final AI state": (_set("ai_rng", [1, 3, 0, 0]), "'ai_rng' was changed"),
    "last turn cut off": (_cut, "saved with 3 turns but the file holds 2: turns were cut off"),
    "a turn's AI state": (_ai_state, "turn 2 was changed after the game was saved"),
    "a journal line": (_journal, "turn 1[ :]"),
    "turns and count cut": (_recount, "seal's chain was changed"),
    "no seal": (_drop_seal, "has no seal"),
}


@pytest.mark.parametrize("case", list(SEAL_CASES))
@pytest.mark.parametrize("verify", [True, False])
def test_an_edited_record_fails_to_load_naming_what_differs(
    mini_rules: Rules, tmp_path: Path, case: str, verify: bool
) -> None:
    change, message = SEAL_CASES[case]
    path = edited(ironman_save(mini_rules, tmp_path / "iron.yaml"), change)
    before = path.read_bytes()
    with pytest.raises(SaveError, match=message) as error:
        loaded = load(path, verify=verify)
        for n in range(loaded.turns + 1):
            loaded.seek(n)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    assert path.read_bytes() == before


def test_replay_verify_refuses_an_ironman_save_made_undoable(
    mini_rules: Rules, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ironman_save(mini_rules, tmp_path / "iron.yaml")
    assert main(["replay", "--verify", str(path)]) == 0
    capsys.readouterr()
    path.write_text(path.read_text().replace("ironman: true", "ironman: false"))
    assert main(["replay", "--verify", str(path)]) == 1
    assert "'ironman' was changed" in one_line(capsys.readouterr().err)
    with pytest.raises(PlayError, match="'ironman' was changed"):
        Game(Session(mini_rules, 1, player="reds"), SaveStore(tmp_path)).load("iron")


def test_old_unsealed_saves_still_load(tmp_path: Path) -> None:
    # Formats 1 and 3 (fixtures written by those versions): migrated without a seal.
    assert load(FIXTURES / "v1-mini.yaml").turns > 0
    old = FIXTURES / "v3-mini.yaml"
    assert "format: 3" in old.read_text()[:200]
    loaded = load(old)
    assert loaded.turns == 3 and loaded.save.seal is None


def test_a_sealed_save_says_format_4_and_links_every_turn(mini_save: Path) -> None:
    _, raw, save = read_save(mini_save)
    assert raw["format"] == 4 and save.seal is not None
    assert save.seal.turns == len(save.turns) and all(t.link for t in save.turns)


# -- 4. the saves folder ------------------------------------------------------------------


@pytest.fixture
def odd_folder(mini_save: Path, tmp_path: Path) -> Path:
    """A saves folder holding one good save beside a FIFO, a link to /dev/zero, a dangling
    link, a folder, a huge sparse file and a FIFO named like a stale temporary file."""
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "good.yaml").write_bytes(mini_save.read_bytes())
    os.mkfifo(folder / "fifo.yaml")
    os.symlink("/dev/zero", folder / "zero.yaml")
    os.symlink(folder / "nowhere", folder / "dangling.yaml")
    (folder / "folder.yaml").mkdir()
    with (folder / "huge.yaml").open("wb") as sparse:
        sparse.truncate(2**30)
    temp = folder / ".old.yaml.abc123.tmp"
    os.mkfifo(temp)
    os.utime(temp, (1, 1))
    return folder


def test_listing_reads_only_a_bounded_header_of_regular_files(odd_folder: Path) -> None:
    listed = {entry.name: entry for entry in within(20, SaveStore(odd_folder).list)}
    assert set(listed) == {"good", "fifo", "zero", "dangling", "folder", "huge"}
    assert listed["good"].problem is None and listed["good"].header is not None
    assert "a FIFO" in (listed["fifo"].problem or "")
    assert "character device" in (listed["zero"].problem or "")
    assert "a folder" in (listed["folder"].problem or "")
    assert "cannot read" in (listed["dangling"].problem or "")
    assert f"first {HEADER_BYTES // 1024} KiB" in (listed["huge"].problem or "")
    assert within(20, lambda: newest(SaveStore(odd_folder))).name == "good"
    assert (odd_folder / ".old.yaml.abc123.tmp").exists()  # not ours: left alone


def test_a_fifo_or_device_named_on_the_command_line_is_refused_at_once(
    odd_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, what in (("fifo", "a FIFO"), ("zero", "character device")):
        path = odd_folder / f"{name}.yaml"
        assert within(20, lambda p=path: main(["replay", "--verify", str(p)])) == 1
        assert what in one_line(capsys.readouterr().err)
        with pytest.raises(SaveError, match="not a regular file"):
            within(20, lambda p=path: read_head(p))
    assert within(20, lambda: SaveStore(odd_folder).owner(odd_folder / "fifo.yaml")) == "?"
    assert within(20, lambda: clean_temps(odd_folder, ".*.yaml.*.tmp")) == []


# -- 5. save names --------------------------------------------------------------------------

BAD_NAMES = [
    "../x",
    "../x.yaml",
    "/tmp/abs.yaml",
    "a/b",
    "a\\b",
    "..",
    "a..b",
    "x\x00y",
    "x\n",
    "tab\there",
    "\x1b[31mred",
    "con",
    "NUL.txt",
    "com1",
    "lpt9.yaml",
    "",
    " lead",
    "trail.",
    "trail ",
    "é",
    "x" * 65,
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_name_that_is_not_a_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError, match="not a save name") as error:
        SaveStore(tmp_path).path(name)
    assert "\n" not in str(error.value) and "\x00" not in str(error.value)


@pytest.mark.parametrize("name", ["my game", "game.yaml", "autosave-1a2b3c4d-1", "v1.2_b-3"])
def test_a_name_resolves_inside_the_folder(tmp_path: Path, name: str) -> None:
    assert check_name(name) == name
    assert SaveStore(tmp_path).path(name) == tmp_path / f"{name}.yaml"


def test_terminal_save_and_load_never_leave_the_saves_folder(
    mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here" / "deep"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    folder = tmp_path / "saves"
    outside = tmp_path / "outside.yaml"
    write_save(Session(mini_rules, 3, player="reds"), outside)
    before = outside.read_bytes()
    names = ["../x.yaml", str(tmp_path / "abs.yaml"), "new/dir/x", "../../outside", "a\x00b"]
    script = [f"save {n}" for n in names] + [f"load {n}" for n in [*names, "../outside.yaml"]]
    out = io.StringIO()
    game = TextGame(
        Session(mini_rules, 2, player="reds"),
        io.StringIO("".join(f"{line}\n" for line in [*script, "q"])),
        out,
        store=SaveStore(folder),
    )
    assert game.run() == 0
    text = out.getvalue()
    assert "Traceback" not in text and "Loaded" not in text and "Saved as" not in text
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        ["here", "deep", "outside.yaml"]
    )
    assert outside.read_bytes() == before


# -- 6. writes ------------------------------------------------------------------------------


def _full_disk(fd: int) -> None:
    raise OSError(28, "No space left on device")


def test_a_full_disk_keeps_all_five_autosaves(
    mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    session = Session(mini_rules, 2, player="reds")
    for _ in range(AUTOSAVES):
        session.play_turn(session.ai_orders("reds"))
        store.autosave(session)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert len(before) == AUTOSAVES and len(set(before.values())) == AUTOSAVES
    session.undo()  # a last turn to save (the mini game is over by the sixth)
    monkeypatch.setattr("game.saves.atomic.os.fsync", _full_disk)
    assert "No space left" in (Game(session, store).autosave() or "")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    monkeypatch.undo()
    store.autosave(session)  # and once there is room again, the rotation carries on
    assert load(store.path(autosave_name(session.game_id))).turns == len(session.records)
    moved = store.path(autosave_name(session.game_id, 2))
    assert moved.read_bytes() == before[autosave_name(session.game_id, 1) + ".yaml"]


def test_a_read_only_folder_refuses_a_save_in_one_line_and_keeps_the_others(
    mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    session = Session(mini_rules, 2, player="reds")
    session.play_turn(session.ai_orders("reds"))
    game = Game(session, store)
    game.save("kept")
    store.autosave(session)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(30, "Read-only file system")

    # Root ignores chmod; a read-only mount refuses the temporary file first, as here.
    monkeypatch.setattr("game.saves.atomic.tempfile.mkstemp", read_only)
    session.play_turn(session.ai_orders("reds"))
    with pytest.raises(PlayError, match="Not saved: Read-only file system") as error:
        game.save("kept")
    assert "\n" not in str(error.value)
    assert game.autosave() == "Autosave failed: Read-only file system"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_simulate_prints_its_result_even_when_the_save_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "a-folder.yaml"
    blocked.mkdir()  # a path that cannot be written as a file
    assert main(["simulate", "--scenario", MINI, "--seed", "4", "--save", str(blocked)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("Seed 4: ") and "Final state hash" in out
    line = one_line(err)
    assert str(blocked) in line and "cannot write the save" in line
    assert blocked.is_dir() and list(blocked.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_simulate_save_writes_a_save_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sim.yaml"
    assert main(["simulate", "--scenario", MINI, "--seed", "4", "--save", str(path)]) == 0
    assert time.time() - path.stat().st_mtime < 600
    assert load(path).turns > 0

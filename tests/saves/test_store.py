"""Where saves go and how they are written: atomically, rotating, never over another game."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine.rules import Rules
from game.saves.atomic import STALE_SECONDS, clean_temps
from game.saves.format import SaveError
from game.saves.replay import load
from game.saves.store import (
    AUTOSAVED_GAMES,
    AUTOSAVES,
    OtherGame,
    SaveStore,
    atomic_write,
    autosave_name,
    default_saves_dir,
)
from game.session import Session
from tests.saves.conftest import write_save

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from pathlib import Path
from game.saves.atomic import atomic_write
target, a, b = (Path(p) for p in sys.argv[1:4])
versions = [a.read_bytes(), b.read_bytes()]
print("ready", flush=True)
n = 0
while True:
    atomic_write(target, versions[n % 2])
    n += 1
"""


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "x.yaml"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.yaml"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_killing_a_saving_process_at_any_moment_never_loses_the_save(
    mini_rules: Rules, mini_game: Session, tmp_path: Path
) -> None:
    other = Session(mini_rules, 6, player="blues")
    other.run()
    a = write_save(mini_game, tmp_path / "a.yaml")
    b = write_save(other, tmp_path / "b.yaml")
    versions = {a.read_bytes(), b.read_bytes()}
    rng = random.Random(30)
    runs = []
    for n in range(30):
        folder = tmp_path / f"run-{n}"
        folder.mkdir()
        target = folder / "save.yaml"
        target.write_bytes(a.read_bytes())  # the previous save
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(a), str(b)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        runs.append((child, target))
    for child, _ in runs:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
    for child, target in runs:
        time.sleep(rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
        assert target.read_bytes() in versions
    # Kills that landed mid-write leave their temporary file behind, never a torn save.
    interrupted = sum(
        any(t.suffix == ".tmp" for t in target.parent.iterdir()) for _, target in runs
    )
    print(f"{interrupted} of {len(runs)} kills landed mid-write")
    for _, target in runs[:5]:  # and it loads (a full verify of a few is enough)
        assert load(target).turns > 0
    for _, target in runs:  # what the kills left is cleaned once it is stale
        age(*target.parent.glob(".*.tmp"))
        clean_temps(target.parent)
        assert [p.name for p in target.parent.iterdir()] == ["save.yaml"]


def age(*paths: Path, seconds: float = STALE_SECONDS + 60) -> None:
    for path in paths:
        then = time.time() - seconds
        os.utime(path, (then, then))


def test_temporary_files_left_by_a_crash_are_cleaned_when_stale_and_unused(
    mini_game: Session, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    store.save(mini_game, "kept")
    stale = tmp_path / ".kept.yaml.a1b2c3.tmp"
    fresh = tmp_path / ".kept.yaml.d4e5f6.tmp"
    in_use = tmp_path / ".other.yaml.g7h8i9.tmp"
    not_ours = [tmp_path / ".notes.txt.j0k1.tmp", tmp_path / "notes.yaml.tmp"]
    for path in [stale, fresh, in_use, *not_ours]:
        path.write_bytes(b"half a save")
    age(stale, in_use, *not_ours)
    with in_use.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a writer holds its file while writing
        assert [x.name for x in store.list()] == ["kept"]
        assert not stale.exists()
        assert fresh.exists() and in_use.exists() and all(p.exists() for p in not_ours)
    age(fresh)
    store.save(mini_game, "kept")  # writing cleans too
    assert not fresh.exists() and not in_use.exists()
    assert all(p.exists() for p in not_ours)
    assert load(tmp_path / "kept.yaml").turns == len(mini_game.records)


def test_a_writer_holds_its_temporary_file_until_it_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real_replace = os.replace

    def replace(src: str, dst: Path) -> None:
        age(Path(src))  # however long the write took, a cleaner now leaves it alone
        seen.append(clean_temps(tmp_path) == [])
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "x.yaml", b"whole")
    assert seen == [True]
    assert (tmp_path / "x.yaml").read_bytes() == b"whole"


def test_autosaves_rotate_through_five_slots_newest_first(
    mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    session = Session(mini_rules, 2, player="reds")
    while not session.over:
        session.play_turn(session.ai_orders("reds"))
        store.autosave(session)
    assert len(session.records) > AUTOSAVES
    names = sorted(p.name for p in tmp_path.iterdir())
    game = session.game_id
    assert names == [f"{autosave_name(game, n)}.yaml" for n in range(1, AUTOSAVES + 1)]
    turns = [load(store.path(autosave_name(game, n))).turns for n in range(1, AUTOSAVES + 1)]
    assert turns == sorted(turns, reverse=True) and turns[0] == len(session.records)


def _play_and_autosave(store: SaveStore, session: Session, turns: int) -> None:
    for _ in range(turns):
        session.play_turn(session.ai_orders("reds"))
        store.autosave(session)


def test_two_games_autosaving_in_turn_keep_each_its_own_autosaves(
    mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    first = Session(mini_rules, 2, player="reds")
    second = Session(mini_rules, 3, player="reds")
    for _ in range(3):
        _play_and_autosave(store, first, 1)
        _play_and_autosave(store, second, 1)
    games = store.autosaves()
    assert list(games) == [second.game_id[:8], first.game_id[:8]]  # the newest game first
    for session in (first, second):
        newest = load(store.path(autosave_name(session.game_id)))
        assert newest.save.game_id == session.game_id and newest.turns == 3
        assert len(games[session.game_id[:8]]) == 3


def test_the_eleventh_game_removes_the_autosaves_of_the_oldest(
    mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    sessions = [Session(mini_rules, seed, player="reds") for seed in range(AUTOSAVED_GAMES + 1)]
    for n, session in enumerate(sessions):
        _play_and_autosave(store, session, 2)
        # File times a second apart: the order must not hang on the clock's resolution.
        for path in store.autosaves()[session.game_id[:8]]:
            os.utime(path, (1_000_000 + n, 1_000_000 + n))
    store.save(sessions[0], "kept by name")  # a named save is the player's, never pruned
    _play_and_autosave(store, sessions[-1], 1)
    games = store.autosaves()
    assert len(games) == AUTOSAVED_GAMES
    assert sessions[0].game_id[:8] not in games
    assert all(s.game_id[:8] in games for s in sessions[1:])
    assert not list(tmp_path.glob(f"autosave-{sessions[0].game_id[:8]}-*"))
    assert store.path("kept by name").is_file()


def test_a_failed_autosave_prunes_nothing(
    mini_rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    for seed in range(AUTOSAVED_GAMES):
        _play_and_autosave(store, Session(mini_rules, seed, player="reds"), 1)
    before = sorted(tmp_path.iterdir())

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    # The disk fills up as the new autosave is flushed: before any older one has moved.
    monkeypatch.setattr("game.saves.atomic.os.fsync", full_disk)
    late = Session(mini_rules, 99, player="reds")
    late.play_turn(late.ai_orders("reds"))
    with pytest.raises(OSError):
        store.autosave(late)
    assert sorted(tmp_path.iterdir()) == before


def test_a_won_game_stays_in_the_list_and_replays_after_other_games(
    mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    won = Session(mini_rules, 2, player="reds")
    while not won.over:
        _play_and_autosave(store, won, 1)
    for seed in range(3, 3 + AUTOSAVED_GAMES - 1):  # nine more games: ten in all
        _play_and_autosave(store, Session(mini_rules, seed, player="reds"), 1)
    path = store.path(autosave_name(won.game_id))
    assert path in [listed.path for listed in store.list()]
    replayed = load(path)
    assert replayed.states[-1].over and replayed.turns == len(won.records)


def test_quicksave_is_one_slot_that_quickload_reads(mini_rules: Rules, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    session = Session(mini_rules, 2, player="reds")
    session.play_turn(session.ai_orders("reds"))
    store.quicksave(session)
    session.play_turn(session.ai_orders("reds"))
    store.quicksave(session)
    assert load(store.path("quicksave")).turns == 2


def test_a_named_save_of_another_game_is_not_overwritten_without_asking(
    mini_rules: Rules, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    mine, theirs = Session(mini_rules, 1, player="reds"), Session(mini_rules, 2, player="reds")
    path = store.save(theirs, "campaign")
    before = path.read_bytes()
    with pytest.raises(OtherGame, match="another game's save"):
        store.save(mine, "campaign")
    assert path.read_bytes() == before
    store.save(theirs, "campaign")  # the same game may save over itself
    store.save(mine, "campaign", overwrite=True)
    assert load(path).save.game_id == mine.game_id


def test_an_unreadable_file_counts_as_another_games(mini_rules: Rules, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    (tmp_path / "notes.yaml").write_text("my notes\n")
    with pytest.raises(OtherGame):
        store.save(Session(mini_rules, 1, player="reds"), "notes")
    assert (tmp_path / "notes.yaml").read_text() == "my notes\n"


def test_the_load_screen_lists_summaries_and_flags_bad_files(
    mini_game: Session, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    store.save(mini_game, "good")
    (tmp_path / "broken.yaml").write_bytes(b"\x00\x01")
    listed = {x.name: x for x in store.list()}
    assert listed["good"].header is not None
    assert listed["good"].header["summary"]["faction"] == "Reds"
    assert listed["broken"].problem


def test_save_names_are_checked(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    assert store.path("my game") == tmp_path / "my game.yaml"
    with pytest.raises(SaveError, match="not a save name"):
        store.path("../escape")
    # A name ending in .yaml is a name too, in the folder (hostile names: test_hostile_names).
    with pytest.raises(SaveError, match="not a save name"):
        store.path("elsewhere/x.yaml")
    assert store.path("game.yaml") == tmp_path / "game.yaml.yaml"


def test_the_saves_folder_follows_the_environment(tmp_path: Path) -> None:
    assert default_saves_dir({"DUAL_POWER_SAVES": str(tmp_path)}) == tmp_path
    checkout = default_saves_dir({})
    assert checkout == ROOT / "saves"  # running from a source checkout
    assert os.fspath(checkout)

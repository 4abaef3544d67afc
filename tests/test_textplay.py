"""Terminal play: whole games through a pipe, as a person or a script would play them."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from game.engine.rules import Rules
from game.saves.replay import load
from game.saves.store import SaveStore
from game.session import Session
from game.textplay import TextGame

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def play_scripted(
    rules: Rules, faction: str, answers: list[str], seed: int = 2
) -> tuple[str, Session]:
    session = Session(rules, seed, player=faction)
    out = io.StringIO()
    TextGame(session, io.StringIO("".join(a + "\n" for a in answers)), out).run()
    return out.getvalue(), session


def test_a_player_who_only_ends_turns_reaches_an_ending(mini_rules: Rules) -> None:
    # "1" answers the one event's prompt (form the committee), "d" ends each turn.
    text, session = play_scripted(mini_rules, "reds", ["d", "1", "d"] + ["d"] * 10)
    assert session.over
    assert "THE END:" in text
    assert "1 October 1917 (14 October New Style)" in text
    assert re.search(r"You have (won|lost)\.", text)


def test_events_show_locked_choices_with_what_they_require(mini_rules: Rules) -> None:
    text, _ = play_scripted(mini_rules, "reds", ["d", "3", "2", "d", "q"])
    assert "EVENT: A committee" in text
    assert "[locked] Only if rising (only when the rising has begun)" in text
    assert "Type one of 1, 2." in text  # 3 is locked
    assert "What really happened: They did." in text


def test_an_action_is_queued_with_its_target_and_carried_out(mini_rules: Rules) -> None:
    text, session = play_scripted(mini_rules, "reds", ["1", "1", "2", "d", "q"])
    assert "1. Workers (3 places)" in text
    assert "2. Centre (you 25%, mobilised 0)" in text
    assert "Effects: Reds: +3 points support among workers in Centre" in text
    assert "queued: Agitate: Workers in Centre" in text
    record = session.records[0]
    assert [a.target for a in record.decisions["reds"].actions] == [("workers", "centre")]


def test_help_region_view_undo_and_bad_input_are_answered(mini_rules: Rules) -> None:
    text, session = play_scripted(
        mini_rules,
        "reds",
        ["h", "r north", "r atlantis", "u", "banana", "1", "1", "1", "u", "d", "q"],
    )
    assert "Commands at the action prompt" in text
    assert "North:" in text and "Guards (400 men, Reds, loyalty 90)" in text
    assert "No region 'atlantis'" in text
    assert "Nothing queued to take back." in text
    assert "Type a number from 1 to 3" in text
    assert "Taken back: " in text
    assert session.records[0].decisions["reds"].actions == ()


def test_closed_actions_say_why(mini_rules: Rules) -> None:
    text, _ = play_scripted(mini_rules, "reds", ["2", "q"])
    assert "[closed] Seize: only when the committee sits" in text
    assert "Seize is closed: only when the committee sits" in text


def test_input_running_out_leaves_the_game_unfinished_without_a_traceback(
    mini_rules: Rules,
) -> None:
    text, session = play_scripted(mini_rules, "reds", ["d"])
    assert "Game left unfinished (input ended)" in text
    assert not session.over


class PipePlayer:
    """Plays `python -m game play --text` through real pipes, answering each prompt as it comes."""

    def __init__(self, args: list[str]) -> None:
        # Autosaves go to a scratch folder, never into the checkout's saves/.
        self.saves = tempfile.mkdtemp(prefix="dual-power-saves-")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DUAL_POWER_SAVES": self.saves}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "play", "--text", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        self.transcript = ""

    def read_prompt(self) -> str | None:
        """Read until the program waits at a prompt (a line ending ': '), or exits."""
        assert self.proc.stdout is not None
        buffer = b""
        while not buffer.endswith(b": "):
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                self.transcript += buffer.decode()
                return None
            buffer += chunk
        text = buffer.decode()
        self.transcript += text
        return text

    def answer(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        self.transcript += line + "\n"


def play_through_pipes(args: list[str]) -> str:
    player = PipePlayer(args)
    acted_this_turn = False
    for _ in range(2000):
        screen = player.read_prompt()
        if screen is None:
            break
        if "Turn " in screen:
            acted_this_turn = False
        last = screen.rstrip().splitlines()[-1]
        if last.startswith("Your choice ("):
            player.answer(re.search(r"\((\d+)", last).group(1))  # type: ignore[union-attr]
        elif last.startswith(("Target (", "Group (")):
            player.answer("1")
        elif last.startswith("Action number"):
            open_actions = re.findall(r"^  (\d+)\. (?!\[closed\])", screen, re.M)
            if not acted_this_turn and open_actions:
                acted_this_turn = True
                player.answer(open_actions[0])
            else:
                player.answer("d")
        elif last.startswith("Faction ("):
            player.answer("1")
        elif last.startswith("End the turn anyway"):
            player.answer("y")
        else:
            pytest.fail(f"unexpected prompt: {last!r}")
    player.proc.wait(timeout=60)
    shutil.rmtree(player.saves, ignore_errors=True)
    assert player.proc.stderr is not None
    errors = player.proc.stderr.read().decode()
    assert player.proc.returncode == 0, errors
    assert "Traceback" not in errors
    return player.transcript


def test_the_mini_game_is_played_whole_through_pipes() -> None:
    transcript = play_through_pipes(["--scenario", str(MINI), "--faction", "blues", "--seed", "3"])
    assert "THE END:" in transcript
    assert "You lead the Blues." in transcript


@pytest.mark.parametrize("faction", ["bolsheviks", "moderates", "government"])
def test_each_playable_side_of_the_bundled_scenario_is_played_whole_through_pipes(
    faction: str,
) -> None:
    transcript = play_through_pipes(["--faction", faction, "--seed", "17"])
    assert "THE END:" in transcript
    assert "EVENT:" in transcript
    # A report after every turn played, and no ending against the player unannounced.
    turns = int(re.search(r"The game lasted (\d+) turns", transcript).group(1))  # type: ignore[union-attr]
    assert transcript.count("What happened: Turn ") == turns
    last_turn = transcript[transcript.rfind("=" * 60 + "\nTurn ") : transcript.find("THE END:")]
    title = re.search(r"THE END: (.+)", transcript).group(1)  # type: ignore[union-attr]
    if "You have lost." in transcript:
        assert f"'{title}'" in last_turn, "the ending came without a warning"
    assert "Your score:" in transcript
    assert "(" in transcript and "New Style)" in transcript


def test_choosing_the_faction_at_the_prompt(mini_rules: Rules) -> None:
    transcript = play_through_pipes(["--scenario", str(MINI), "--seed", "3"])
    assert "Whom will you lead?" in transcript
    assert "You lead the Reds." in transcript
    assert "THE END:" in transcript


def test_an_unknown_faction_is_a_usage_error() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--text",
            "--scenario",
            str(MINI),
            "--faction",
            "greens",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert "no playable faction 'greens'; choose one of reds, blues" in done.stderr


def test_why_explains_last_turns_changes_by_cause(mini_rules: Rules) -> None:
    text, _ = play_scripted(mini_rules, "reds", ["1", "1", "1", "d", "1", "w", "q"])
    after = text.split("Action number, d to end the turn, h for help: ")[-2]
    assert "Your support, in points across the map:" in after
    assert "Workers:" in after and "from the turn's pressures" in after
    assert "Agitate (Reds)" in after


# -- saving, loading and undo ---------------------------------------------------------------


def play_with_saves(session: Session, answers: list[str], folder: Path) -> tuple[str, TextGame]:
    out = io.StringIO()
    game = TextGame(
        session, io.StringIO("".join(a + "\n" for a in answers)), out, store=SaveStore(folder)
    )
    game.run()
    return out.getvalue(), game


def test_every_turn_is_autosaved_and_a_named_save_loads_back(
    mini_rules: Rules, tmp_path: Path
) -> None:
    session = Session(mini_rules, 2, player="reds")
    text, _ = play_with_saves(session, ["d", "1", "save first", "d", "q"], tmp_path)
    assert "Saved as 'first'" in text
    game_part = session.game_id[:8]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"autosave-{game_part}-1.yaml",
        f"autosave-{game_part}-2.yaml",
        "first.yaml",
    ]
    assert load(tmp_path / "first.yaml").turns == 1
    again = Session(mini_rules, 2, player="reds")
    text, game = play_with_saves(again, ["load first", "q"], tmp_path)
    assert "Loaded" in text and "all 1 turns replayed and verified" in text
    assert game.session.game_id == session.game_id and len(game.session.records) == 1


def test_loading_a_bad_save_says_why_and_play_goes_on(mini_rules: Rules, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: 2\n")
    session = Session(mini_rules, 2, player="reds")
    text, _ = play_with_saves(session, ["load bad", "load nowhere", "q"], tmp_path)
    assert "Not loaded:" in text and "no save called 'nowhere'" in text
    assert (tmp_path / "bad.yaml").read_text() == "format: 2\n"


def test_saving_over_another_games_save_asks_first(mini_rules: Rules, tmp_path: Path) -> None:
    SaveStore(tmp_path).save(Session(mini_rules, 9, player="reds"), "mine")
    before = (tmp_path / "mine.yaml").read_bytes()
    text, _ = play_with_saves(
        Session(mini_rules, 2, player="reds"), ["save mine", "n", "q"], tmp_path
    )
    assert "Overwrite it? (y/n)" in text and "Not saved." in text
    assert (tmp_path / "mine.yaml").read_bytes() == before


def test_undo_takes_back_the_last_turn(mini_rules: Rules, tmp_path: Path) -> None:
    session = Session(mini_rules, 2, player="reds")
    text, game = play_with_saves(session, ["undo", "d", "1", "undo", "q"], tmp_path)
    assert "No turn to take back yet." in text
    assert "Your last turn is taken back" in text
    assert len(game.session.records) == 0


def test_ironman_keeps_one_save_and_refuses_undo_and_loading(
    mini_rules: Rules, tmp_path: Path
) -> None:
    session = Session(mini_rules, 2, player="reds", ironman=True)
    text, _ = play_with_saves(session, ["d", "1", "undo", "load x", "save y", "d", "q"], tmp_path)
    assert text.count("Ironman: the game keeps its one save") == 3
    files = [p.name for p in tmp_path.iterdir()]
    assert files == [f"ironman-{session.game_id[:8]}.yaml"]
    assert load(tmp_path / files[0]).turns == 2


def test_play_can_load_a_save_from_the_command_line(mini_rules: Rules, tmp_path: Path) -> None:
    session = Session(mini_rules, 2, player="reds")
    session.play_turn(session.ai_orders("reds"))
    path = SaveStore(tmp_path).save(session, "cli")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--text",
            "--load",
            str(path),
            "--saves-dir",
            str(tmp_path),
        ],
        input="q\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"Loaded {path}: turn 2." in done.stdout


def test_play_can_take_a_seat_in_an_all_ai_save_from_a_turn(
    mini_rules: Rules, tmp_path: Path
) -> None:
    session = Session(mini_rules, 2)
    session.run()
    path = SaveStore(tmp_path).save(session, "ai")
    args = [sys.executable, "-m", "game", "play", "--text", "--load", str(path)]
    args += ["--saves-dir", str(tmp_path)]
    done = subprocess.run(
        [*args, "--take-over", "2", "--faction", "blues"],
        input="1\nd\nq\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "You lead the Blues." in done.stdout
    (newest,) = tmp_path.glob("autosave-*-1.yaml")  # the new game's, the only one
    branch = load(newest)
    assert branch.save.branched_from is not None and branch.save.branched_from.turn == 2
    assert branch.turns == 3
    refused = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert refused.returncode == 2 and "--take-over N --faction ID" in refused.stderr


def test_long_lines_are_wrapped_at_words_to_the_terminal_and_left_whole_in_a_pipe(
    mini_rules: Rules,
) -> None:
    answers = "".join(a + "\n" for a in ["h", "1", "1", "2", "d", "q"])

    class Typed(io.StringIO):
        """Input as typed at a terminal: the answer ends the prompt's line."""

        def readline(self, limit: int | None = -1) -> str:
            out.write("\n")
            return super().readline(-1 if limit is None else limit)

    outputs = []
    for width in (None, 40):
        out = io.StringIO()
        session = Session(mini_rules, 2, player="reds")
        TextGame(session, Typed(answers), out, width=width).run()
        outputs.append(out.getvalue())
    whole, narrow = outputs
    assert any(len(line) > 40 for line in whole.splitlines())  # a pipe gets lines whole
    prompts = re.compile(r"^[A-Z][\w ,]*(?:\([^)]*\))?[\w ,]*: $")
    for line in narrow.splitlines():
        if prompts.match(line) or "  " in line.strip():  # a prompt; a table's row
            continue
        assert len(line) < 40 or " " not in line.strip(), line
    assert whole.split() == narrow.split()  # the same words, none cut in two
    assert "Replays page" not in whole  # the window's page, not the terminal's


def test_a_win_of_the_players_own_is_not_listed_among_the_dangers(mini_rules: Rules) -> None:
    from game.forecast import Threat

    mine = Threat(0, "Red October", ("the Reds",), True, 0, "you: Seize", 0.4, ("x",), ("y",))
    theirs = Threat(1, "Blue order", ("the Blues",), False, 1, "the Blues: Arrest", 0.3, ("z",))
    assert "To stop it" not in mine.line() and "you among them" in mine.line()
    assert "To stop it" in theirs.line()
    session = Session(mini_rules, 2, player="reds")
    out = io.StringIO()
    game = TextGame(session, io.StringIO("q\n"), out)
    game.game.threats = lambda: [mine, theirs]  # type: ignore[method-assign]
    game.threats()
    said = out.getvalue()
    against, _, wins = said.partition("with your win")
    assert "Blue order" in against and "Red October" not in against
    assert "Red October" in wins and "against you" in against


def test_orders_are_checked_against_the_players_choices_and_earlier_orders(
    october_rules: Rules,
) -> None:
    from tests.test_play import set_up

    session = Session(october_rules, 5, player="bolsheviks")
    out = io.StringIO()
    game = TextGame(session, io.StringIO(), out)
    state = set_up(game.game, flags=("rising_begun", "insurrection_agreed"), pending="mrc_debate")
    rows = [r.action.spec.id for r in game.game.book.rows(state)]
    seize = next(a for a in october_rules.actions if a.spec.id == "seize_site")
    station = [
        october_rules.model.sites[seize.candidates[c][0]].id
        for c in game.game.book.open_targets(state, seize)
    ].index("finland_station")
    number, target = str(rows.index("seize_site") + 1), str(station + 1)
    # Choose to form the committee, then seize the Finland Station twice.
    answers = ["1", number, target, number, target, "q"]
    game.inp = io.StringIO("".join(a + "\n" for a in answers))
    game.run()
    text = out.getvalue()
    assert (
        "[closed] Form a Military Revolutionary Committee: no longer possible after your choice "
        '"Make it the Soviet\'s Military Revolutionary Committee"' in text
    )
    assert (
        "Queued: Seize a building: Finland Station. Already queued: if the first succeeds" in text
    )
    assert "    Already queued: if the first succeeds, this one will not be carried out" in text
    assert "To spend this turn: Influence 20, Cadres 19, Arms 20" in text

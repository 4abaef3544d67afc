"""Hostile terminal input and hostile scenario text: every typed line gets an answer,
never a traceback, and no escape code of a scenario reaches the terminal."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.engine.rules import Rules
from game.saves.store import SaveStore
from game.session import Session
from game.terminal import (
    CONTROLS,
    MAX_LINE,
    NOT_TEXT,
    TOO_LONG,
    BadLine,
    clean,
    number,
    read_line,
    tolerate_undecodable,
)
from game.textplay import TextGame
from tests.fuzzing import fuzz_settings

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ANSWER = "Type a number from 1 to 3"  # the action prompt's answer to what it cannot use
PLAY = [sys.executable, "-m", "game", "play", "--text"]
PROMPT = "Action number, d to end the turn, h for help: "


def strict_stdin(data: bytes) -> io.TextIOWrapper:
    """Input as a strict UTF-8 locale gives it: bytes that are not UTF-8 raise."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")


def play_bytes(rules: Rules, data: bytes, store: SaveStore | None = None) -> str:
    stdin = strict_stdin(data)
    tolerate_undecodable(stdin)  # as `play --text` does with sys.stdin
    out = io.StringIO()
    TextGame(Session(rules, 2, player="reds"), stdin, out, store=store).run()
    return out.getvalue()


# -- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["²", "①", "٣", "1²", "9" * 5000, "0" * 7 + "1", "+1", "-1", " "])
def test_only_a_short_run_of_ascii_digits_is_a_number(typed: str) -> None:
    assert number(typed, 16) is None


def test_a_number_in_range_is_read() -> None:
    assert number("16", 16) == 16 and number("007", 16) == 7
    assert number("17", 16) is None and number("0", 16) is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\xff\xfe\n", NOT_TEXT),
        (b"save a\x00b\n", CONTROLS),
        (b"\x1b[A\n", CONTROLS),
        (b"r \xe2\x80\xae north\n", CONTROLS),  # U+202E, right-to-left override
        (b"x" * (MAX_LINE + 5) + b"\n", TOO_LONG),
    ],
)
def test_a_line_that_cannot_be_used_says_why_and_the_next_line_is_read(
    data: bytes, why: str
) -> None:
    stdin = strict_stdin(data + b"next\n")
    tolerate_undecodable(stdin)
    with pytest.raises(BadLine, match=why[:20]):
        read_line(stdin)
    assert read_line(stdin) == "next"
    assert read_line(stdin) is None


def test_undecodable_bytes_in_a_strict_stream_that_cannot_be_reconfigured_are_refused() -> None:
    class Strict(io.TextIOWrapper):
        def reconfigure(self, **_: object) -> None:
            raise ValueError("not here")

    stdin = Strict(io.BytesIO(b"\xff\n"), encoding="utf-8", errors="strict")
    tolerate_undecodable(stdin)
    with pytest.raises(BadLine, match="not readable text"):
        read_line(stdin)


def test_tabs_are_spaces_and_crlf_endings_are_plain_ones() -> None:
    stdin = io.StringIO("r\tnorth\r\n")
    assert read_line(stdin) == "r north"


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b[31mred\x1b[0m",
        "\x1b]0;new window title\x07",
        "\x1b]52;c;cGF5bG9hZA==\x1b\\",  # OSC 52 writes the clipboard
        "\x1bPq#0;2;0;0;0\x1b\\",  # DCS
        "\x9b2J",  # 8-bit CSI: clear the screen
        "\x1b7\x1b8\x1bc",
        "\r\x08\x07\x00\x7f\x85",
        "\u202eevil\u202c\u2066",
        "\udcff",
    ],
)
def test_clean_leaves_no_escape_sequence_or_control(hostile: str) -> None:
    shown = clean(f"a{hostile}b\nc\td")
    assert shown.startswith("a") and shown.endswith("b\nc\td")
    assert not any(
        (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E
        for c in shown
    )
    assert "\x1b" not in shown


@pytest.mark.fuzz
@given(st.text())
@fuzz_settings(quick=200, long=20_000)
def test_clean_output_never_holds_a_control_whatever_the_text(text: str) -> None:
    shown = clean(text)
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in shown)
    shown.encode("utf-8")  # no lone surrogate left to fail the terminal's encoder


# -- whole terminal games ----------------------------------------------------------------


def test_odd_numbers_at_the_action_prompt_are_answered(mini_rules: Rules) -> None:
    text = play_bytes(mini_rules, "²\n①\n".encode() + b"9" * 5000 + b"\n" + b"9" * 900 + b"\nq\n")
    assert text.count(ANSWER) == 3  # ², ① and 900 nines: not a number from 1 to 3
    assert TOO_LONG in text  # 5,000 nines: a line too long to be anything
    assert "Game left unfinished (quit)" in text


def test_odd_numbers_at_an_event_and_a_target_prompt_are_answered(mini_rules: Rules) -> None:
    # Turn 1: action 1 asks for a group, then a place; turn 2 brings the event.
    answers = ["1", "²", "1", "①", "b", "d", "²", "9" * 50, "1", "q"]
    text = play_bytes(mini_rules, "".join(a + "\n" for a in answers).encode())
    assert text.count("Type a number from 1 to 2, or b.") == 1  # the groups
    assert text.count("Type a number from 1 to 3, or b.") == 1  # the places
    assert text.count("Type one of 1, 2.") == 2
    assert "Game left unfinished (quit)" in text


def test_a_nul_in_a_save_name_is_refused_and_nothing_is_written(
    mini_rules: Rules, tmp_path: Path
) -> None:
    text = play_bytes(mini_rules, b"save a\x00b\nsave \x00\nq\n", SaveStore(tmp_path))
    assert text.count(CONTROLS) == 2
    assert list(tmp_path.iterdir()) == []


def test_invalid_utf8_is_answered_under_a_strict_locale(mini_rules: Rules) -> None:
    text = play_bytes(mini_rules, b"\xff\xfe\xfd\n\xc3\n1\xe2\x82\nq\n")
    assert text.count(NOT_TEXT) == 3
    assert text.count(PROMPT) == 4


def test_play_text_answers_every_hostile_line_through_real_pipes(tmp_path: Path) -> None:
    lines = [
        "²".encode(),
        "①".encode(),
        b"9" * 5000,
        b"\xff\xfe",
        b"save a\x00b",
        b"\x1b[A",
        b"x" * 100_000,
        b"load \xc3",
        b"q",
    ]
    env = {
        **os.environ,
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8:strict",  # a strict UTF-8 terminal, in and out
        "PYTHONUTF8": "0",
        "DUAL_POWER_SAVES": str(tmp_path),
    }
    done = subprocess.run(
        [*PLAY, "--scenario", str(MINI), "--faction", "reds", "--seed", "1"],
        input=b"\n".join(lines) + b"\n",
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=120,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert out.count(PROMPT) == len(lines)  # one answer per line: a prompt again
    assert out.count(ANSWER) == 2 and out.count(TOO_LONG) == 2
    assert out.count(NOT_TEXT) == 2 and out.count(CONTROLS) == 2
    assert "Game left unfinished (quit)" in out
    assert list(tmp_path.iterdir()) == []


def test_choosing_the_faction_answers_odd_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [*PLAY, "--scenario", str(MINI), "--seed", "1"],
        input="²\n\x00\n".encode() + b"\xff\n9999999999999\nq\n",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "DUAL_POWER_SAVES": str(tmp_path)},
        check=False,
        timeout=120,
    )
    out = done.stdout.decode()
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
    assert out.count("Type a number from 1 to 2.") == 2
    assert CONTROLS in out and NOT_TEXT in out
    assert out.count("Faction (1-2): ") == 5


# -- scenario text on the terminal -------------------------------------------------------


@pytest.fixture
def hostile_mini(tmp_path: Path) -> Path:
    """The mini scenario with escape codes in its title, an event's title and a faction."""
    folder = tmp_path / "hostile"
    shutil.copytree(MINI, folder)
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        scenario.read_text().replace(
            # (a bidirectional control is refused by the scenario's own checks)
            "title: Mini", 'title: "Mini\\e]0;pwned\\a\\e[2J\\e[31m\\x9b1m\\r"', 1
        )
    )
    story = folder / "story.yaml"
    story.write_text(
        story.read_text().replace("title: A committee", 'title: "A \\e[5mcommittee"', 1)
    )
    return folder


def no_controls(text: str) -> bool:
    return not any(
        (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in text
    )


def test_validate_prints_a_scenario_title_without_its_escape_codes(
    hostile_mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(hostile_mini)]) == 0
    out = capsys.readouterr().out
    assert "valid: 'Mini'" in out
    assert no_controls(out)


def test_play_text_prints_scenario_text_without_its_escape_codes(hostile_mini: Path) -> None:
    done = subprocess.run(
        [*PLAY, "--scenario", str(hostile_mini), "--faction", "reds", "--seed", "1"],
        input=b"d\n1\nd\nq\n",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "DUAL_POWER_SAVES": str(hostile_mini.parent / "saves")},
        check=False,
        timeout=120,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert out.startswith("Seed 1.\nMini\n")
    assert "EVENT: A committee" in out
    assert no_controls(out)


def test_replay_and_simulate_print_scenario_text_without_its_escape_codes(
    hostile_mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = hostile_mini.parent / "game.yaml"
    assert main(["simulate", "--scenario", str(hostile_mini), "--seed", "1"]) == 0
    assert main(["simulate", "--scenario", str(hostile_mini), "--seed", "1", "--save", str(save)]) == 0
    assert main(["replay", str(save)]) == 0
    captured = capsys.readouterr()
    assert "Mini: seed 1" in captured.out
    assert no_controls(captured.out) and no_controls(captured.err)


def test_main_puts_the_streams_back_as_it_found_them(capsys: pytest.CaptureFixture[str]) -> None:
    before = sys.stdout, sys.stderr
    main(["validate", str(MINI)])
    assert (sys.stdout, sys.stderr) == before


# -- fuzz: random lines, a whole game ----------------------------------------------------

COMMANDS = ["d", "1", "2", "3", "b", "u", "s", "w", "e", "h", "y", "n", "undo", "saves"]
COMMANDS += ["r north", "r ", "save x", "load x", "save", "load", "", "?", "q"]


def _line() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.sampled_from(COMMANDS).map(str.encode),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=40),
        st.integers(min_value=0, max_value=10**60).map(lambda n: str(n).encode()),
        st.integers(min_value=1, max_value=6000).map(lambda n: b"7" * n),
        st.sampled_from(["²", "①", "٣", "\u200b", "\u202e1", "\ufeff1"]).map(str.encode),
    ).map(lambda line: line.replace(b"\n", b" ").replace(b"\r", b" "))


class Watched(io.TextIOWrapper):
    """Input that checks the game wrote something between one line and the next."""

    def __init__(self, data: bytes, out: io.StringIO) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors="strict")
        self.out = out
        self.seen = -1  # the output's length when the last whole line was read
        self.lines = 0

    def readline(self, size: int = -1, /) -> str:
        if self.seen >= 0:
            assert len(self.out.getvalue()) > self.seen, "a line got no answer"
            self.seen = -1
        line = super().readline(size)
        if line.endswith("\n"):
            self.seen = len(self.out.getvalue())
            self.lines += 1
        return line


@given(lines=st.lists(_line(), max_size=60), seed=st.integers(0, 3))
@fuzz_settings(quick=25, long=3000)
@pytest.mark.fuzz
def test_fuzz_random_lines_through_a_whole_terminal_game(
    mini_rules: Rules, lines: list[bytes], seed: int
) -> None:
    out = io.StringIO()
    stdin = Watched(b"".join(line + b"\n" for line in lines), out)
    tolerate_undecodable(stdin)
    session = Session(mini_rules, seed, player="reds")
    assert TextGame(session, stdin, out).run() == 0
    text = out.getvalue()
    assert "Game left unfinished" in text or "THE END:" in text
    assert no_controls(text)

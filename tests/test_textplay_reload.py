"""`reload` at the terminal's action prompt: the game reads its scenario folder again while
it is played, as a modder edits it, and goes on under it (see tests/test_reload.py for the
rules of it; here, what the terminal says and does)."""

from __future__ import annotations

import io
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from game.engine.rules import Rules
from game.play.reload import NOTHING_TO_READ
from game.session import Session
from game.textplay import TextGame
from tests.conftest import MINI

ROOT = Path(__file__).resolve().parents[1]
CHOICE = "effects: [set_flag: committee_formed, {track: {track: unrest, amount: 10}}]"


class Terminal:
    """`play --text` in a child process, typed at line by line while its output is read."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "play", "--text", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        self.chars: queue.Queue[str] = queue.Queue()
        self.seen = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Pass on the output as it comes: a prompt ends with no newline."""
        stdout = self.process.stdout
        assert stdout is not None
        while char := stdout.read(1):
            self.chars.put(char)

    def type(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines))
        self.process.stdin.flush()

    def wait_for(self, text: str, after: int = 0, timeout: float = 60) -> int:
        """Read until `text` is shown after position `after`; where it ends."""
        end = time.monotonic() + timeout
        while text not in self.seen[after:]:
            try:
                self.seen += self.chars.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"never saw {text!r}; saw:\n{self.seen[after:]}") from None
        return self.seen.index(text, after) + len(text)

    def close(self) -> int:
        if self.process.stdin is not None:
            self.process.stdin.close()
        return self.process.wait(timeout=60)


def test_reload_at_the_prompt_tells_the_problems_then_the_first_turn_that_differs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    prompt = "Action number, d to end the turn, h for help: "
    args = ["--scenario", str(folder), "--faction", "reds", "--seed", "2"]
    term = Terminal(*args, "--saves-dir", str(tmp_path / "saves"))
    try:
        # Turn 1 ended; turn 2 forms the committee (Unrest +10) and ends; now turn 3.
        term.type("d", "1", "d")
        at = term.wait_for("Turn 3 of 6, 15 October 1917")
        at = term.wait_for(prompt, at)
        actions = folder / "actions.yaml"
        good = actions.read_text()
        actions.write_text(good.replace("name: Agitate", "nmae: Agitate"))
        term.type("reload")
        at = term.wait_for("The files do not load (1 problem). Your game goes on as it was.\n", at)
        at = term.wait_for(f"{actions}:4:5: unknown key 'nmae'; did you mean 'name'?\n", at)
        at = term.wait_for(prompt, at)
        term.type("s")  # the game is as it was: the same turn, the same numbers
        at = term.wait_for("Tracks: Legitimacy 58; Unrest 30", at)
        at = term.wait_for(prompt, at)
        actions.write_text(good)
        story = folder / "story.yaml"
        story.write_text(story.read_text().replace(CHOICE, CHOICE.replace("10", "20")))
        term.type("reload")
        at = term.wait_for(
            "Reloaded: play differs from turn 2, 8 October 1917 (21 October New Style).\n", at
        )
        at = term.wait_for("The turn now comes out otherwise: Unrest 40, was 30", at)
        at = term.wait_for("  1. Go on from turn 2: the turns before it stand as played", at)
        at = term.wait_for("  2. Replay all my moves: every decision you made", at)
        at = term.wait_for("  3. Keep the game as it was: under the rules it was played", at)
        at = term.wait_for("How will you go on? (1-3): ", at)
        term.type("4", "1")  # from turn 2: the committee is asked again, under the new rules
        at = term.wait_for("Type a number from 1 to 3.", at)
        at = term.wait_for(
            "Reloaded: back at turn 2, 8 October 1917 (21 October New Style), under the new "
            "rules.",
            at,
        )
        at = term.wait_for("Turn 2 of 6, 8 October 1917", at)
        at = term.wait_for("EVENT: A committee", at)
        term.type("1", "s")
        at = term.wait_for(prompt, at)
        term.type("q")
        at = term.wait_for("Game left unfinished (quit).", at)
    finally:
        status = term.close()
    assert status == 0
    assert "Traceback" not in term.seen


def test_with_no_folder_to_read_reload_says_so_and_the_game_goes_on(mini_rules: Rules) -> None:
    session = Session(mini_rules, 2, player="reds")
    out = io.StringIO()
    TextGame(session, io.StringIO("reload\nd\nq\n"), out).run()
    text = out.getvalue()
    assert NOTHING_TO_READ in text
    assert len(session.records) == 1  # the turn was ended after it


def test_help_lists_reload(mini_rules: Rules) -> None:
    out = io.StringIO()
    TextGame(Session(mini_rules, 2, player="reds"), io.StringIO("h\nq\n"), out).run()
    assert "  reload     read the scenario's files again and replay the game so far" in (
        out.getvalue()
    )

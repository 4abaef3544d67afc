"""Bad save files: each gives one line saying what is wrong, and no file is ever changed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from game.saves.format import SaveError
from game.saves.replay import load


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def tamper_hash(text: str) -> str:
    start = text.index("  state_hash: ", text.index("- turn: 2")) + len("  state_hash: ")
    digit = "0" if text[start] != "0" else "1"
    return text[:start] + digit + text[start + 1 :]


def tamper_decision(text: str) -> str:
    # The second turn's first action becomes another action that exists.
    at = text.index("- action: ", text.index("- turn: 1"))
    end = text.index("\n", at)
    current = text[at + len("- action: ") : end]
    other = "decree" if current != "decree" else "agitate"
    return text[:at] + f"- action: {other}" + text[end:]


CASES: dict[str, tuple[Callable[[str], str] | bytes, str]] = {
    "truncated": (lambda t: t[: len(t) // 3], r"game\.yaml:\d+"),
    "random bytes": (bytes(random.Random(4).randrange(256) for _ in range(3000)), "game.yaml"),
    "empty": (b"", "empty"),
    "a list, not a save": (b"- 1\n- 2\n", "expected a mapping"),
    "wrong shape": (b"format: 2\nseed: banana\n", r"game\.yaml:\d+:\d+: .*seed"),
    "not a save at all": (b"name: hello\n", "not a Dual Power save"),
    "unknown version": (replace_once("format: 2", "format: 0"), "unknown save format 0"),
    "newer version": (replace_once("format: 2", "format: 99"), "format 99 was made by"),
    "tampered hash": (tamper_hash, r"turn 3 \(.*\) does not replay.*recorded hash was altered"),
    "tampered decision": (tamper_decision, r"turn 2\b.*(does not replay|cannot replay)"),
    "an action that does not exist": (
        replace_once("- action: ", "- action: fly_to_the_moon_"),
        r"turn 1: cannot replay: .*fly_to_the_moon",
    ),
    "tampered scenario": (
        replace_once("    title: Mini", "    title: Maxi"),
        "(hashes to .* not the recorded|game.yaml)",
    ),
    "huge file": (b"format: 2\n" + b"#" * (3 * 1024 * 1024), "over the 2 MiB limit"),
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "alias bomb",
    ),
    "a generator state out of range": (
        replace_once("ai_rng:\n- ", "ai_rng:\n- 9999999999999999999999999999999999999999999"),
        "PCG64",
    ),
    "python tag": (b"format: !!python/object/apply:os.system ['true']\n", "tags are not allowed"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_bad_save_gives_one_line_and_is_left_as_it_was(
    case: str, mini_save: Path, tmp_path: Path
) -> None:
    make, expected = CASES[case]
    bad = tmp_path / "game.yaml"
    data = make if isinstance(make, bytes) else make(mini_save.read_text()).encode()
    bad.write_bytes(data)
    with pytest.raises(SaveError) as error:
        load(bad)
    message = str(error.value)
    assert "\n" not in message and len(message) < 400
    assert re.search(expected, message), message
    assert bad.read_bytes() == data


def test_a_divergence_names_the_first_turn_and_the_parts_that_differ(mini_save: Path) -> None:
    text = mini_save.read_text()
    # Aim the first turn's agitation at another place: legal, but not what was played.
    at = text.index("- action: agitate\n        target:\n        - soldiers\n        - centre")
    edited = text[:at] + text[at:].replace("- centre", "- north", 1)
    mini_save.write_text(edited)
    with pytest.raises(
        SaveError, match=r"turn 1 \(1917-10-01\) does not replay.*differing: support"
    ):
        load(mini_save)
    assert mini_save.read_text() == edited


def test_a_divergence_in_a_track_says_by_how_much(mini_save: Path) -> None:
    text = mini_save.read_text()
    # A recorded track value that the replay does not reach (and a hash to match it).
    at = text.index("    tracks:\n", text.index("- turn: 0")) + len("    tracks:\n")
    end = text.index("\n", at)
    name, value = text[at:end].strip().split(": ")
    edited = text[:at] + f"      {name}: {int(value) + 3}" + text[end:]
    h = edited.index("  state_hash: ", edited.index("- turn: 0")) + len("  state_hash: ")
    edited = edited[:h] + ("0" if edited[h] != "0" else "1") + edited[h + 1 :]
    mini_save.write_text(edited)
    with pytest.raises(SaveError, match=rf"turn 1 .*{name} {value} vs {int(value) + 3} \(-3\)"):
        load(mini_save)


def test_many_mutated_copies_never_crash_and_are_never_changed(
    mini_save: Path, tmp_path: Path
) -> None:
    original = mini_save.read_bytes()
    rng = random.Random(1917)
    outcomes = {"loaded": 0, "refused": 0}
    for n in range(120):
        data = bytearray(original)
        kind = n % 4
        if kind == 0:  # flip a few bytes
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:  # cut it short
            del data[rng.randrange(len(data)) :]
        elif kind == 2:  # drop a line
            lines = bytes(data).split(b"\n")
            del lines[rng.randrange(len(lines))]
            data = bytearray(b"\n".join(lines))
        else:  # swap two digits somewhere
            digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
            i = rng.choice(digits)
            data[i] = 48 + (data[i] - 48 + rng.randint(1, 9)) % 10
        path = tmp_path / f"mutant-{n}.yaml"
        path.write_bytes(bytes(data))
        try:
            load(path).resume()  # a mutant that loads must also play on
            outcomes["loaded"] += 1
        except SaveError as error:
            assert "\n" not in str(error)
            outcomes["refused"] += 1
        assert path.read_bytes() == bytes(data)
    assert outcomes["refused"] > 60

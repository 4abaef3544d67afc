"""Bad save files: each gives one line saying what is wrong, and no file is ever changed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from game.saves.format import MAX_SAVE_BYTES, SaveError, document, dump, fingerprint
from game.saves.replay import SHOWN, Divergence, load
from game.session import Session


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
    "unknown version": (replace_once("format: 4", "format: 0"), "unknown save format 0"),
    "newer version": (replace_once("format: 4", "format: 99"), "format 99 was made by"),
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
    "huge file": (b"format: 2\n" + b"#" * (MAX_SAVE_BYTES + 1), "over the 16 MiB limit for a save"),
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        b"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
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
    assert "\n" not in message and len(message) < 1000
    assert re.search(expected, message), message
    assert bad.read_bytes() == data


def test_a_divergence_names_the_first_turn_the_quantities_and_the_amounts(mini_save: Path) -> None:
    text = mini_save.read_text()
    # Aim the first turn's agitation at another place: legal, but not what was played.
    at = text.index("- action: agitate\n        target:\n        - soldiers\n        - centre")
    edited = text[:at] + text[at:].replace("- centre", "- north", 1)
    mini_save.write_text(edited)
    with pytest.raises(Divergence) as error:
        load(mini_save)
    line = str(error.value)
    assert re.search(
        r"turn 1 \(1917-10-01\) does not replay: replayed vs recorded: "
        r"support of reds among soldiers in north (\d+) vs (\d+) \(\+\d+ bp\);",
        line,
    ), line
    assert error.value.turn == 1
    detail = error.value.detail
    first = detail[0]
    assert first["quantity"] == "support of reds among soldiers in north"
    assert first["delta"] == first["replayed"] - first["recorded"] > 0 and first["unit"] == "bp"
    # The line names at most SHOWN of them and says how many more; the error carries all.
    assert len(detail) > SHOWN and line.endswith(f"; and {len(detail) - SHOWN} more")
    assert line.count(" vs ") == 1 + SHOWN  # and "replayed vs recorded"
    assert mini_save.read_text() == edited


def test_a_tampered_decision_reports_what_it_changed(mini_save: Path) -> None:
    mini_save.write_text(tamper_decision(mini_save.read_text()))
    with pytest.raises(SaveError) as error:
        load(mini_save)
    if isinstance(error.value, Divergence):  # (a decision may also be refused outright)
        assert error.value.turn == 2
        assert any(isinstance(d.get("delta"), int) and d["delta"] for d in error.value.detail)
        assert re.search(r"replayed vs recorded: .* \d+ vs \d+ \([+-]\d+", str(error.value))
    else:
        assert "cannot replay" in str(error.value)


def test_a_format_2_divergence_in_a_track_says_by_how_much(
    mini_game: Session, tmp_path: Path
) -> None:
    # Format 2 kept a fingerprint per turn instead of a snapshot.
    data = document(mini_game, "2026-01-01T00:00:00+00:00")
    track_ids = [t.id for t in mini_game.rules.model.tracks]
    states = [c.state for c in mini_game.checkpoints[1:]] + [mini_game.state]
    data["format"] = 2
    data["turns"] = [
        {k: v for k, v in t.items() if k != "snapshot"} | {"check": fingerprint(s, track_ids)}
        for t, s in zip(data["turns"], states, strict=True)
    ]
    name = track_ids[0]
    value = data["turns"][0]["check"]["tracks"][name]
    # A recorded track value that the replay does not reach (and a hash to match it).
    data["turns"][0]["check"]["tracks"][name] = value + 3
    data["turns"][0]["state_hash"] = "0" * 64
    old = tmp_path / "v2.yaml"
    old.write_bytes(dump(data))
    with pytest.raises(Divergence, match=rf"turn 1 .*{name} {value} vs {value + 3} \(-3\)") as e:
        load(old)
    assert e.value.detail == [
        {"quantity": f"track {name}", "replayed": value, "recorded": value + 3, "delta": -3}
    ]


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


def test_replay_json_lists_every_difference_of_a_diverging_save(
    mini_save: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from game.cli import main

    text = mini_save.read_text()
    at = text.index("- action: agitate\n        target:\n        - soldiers\n        - centre")
    mini_save.write_text(text[:at] + text[at:].replace("- centre", "- north", 1))
    assert main(["replay", str(mini_save), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] is False and report["turn"] == 1
    assert report["differences"][0]["quantity"] == "support of reds among soldiers in north"
    assert len(report["differences"]) > SHOWN

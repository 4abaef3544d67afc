"""Record, or check against a record, what the AI decides in many whole games.

An optimisation of the AI or of the engine must not change a single decision,
a single draw from either generator, or a single state. This plays a fixed set
of games (all-AI, AI in the player's seat for each faction, and a few profile
mixes), and keeps for each one every turn's decisions (their repr), every
turn's state hash, the final hash and both generators' final states.

    python bench/ai_reference.py --record /tmp/ai_ref.json   # before the change
    python bench/ai_reference.py --check /tmp/ai_ref.json    # after: exit 1 on any difference

`--seeds N` changes how many seeds the all-AI set plays (200 by default);
the other sets play a quarter as many; `--scenario DIR` plays another scenario.
A check reads the set of games from the record, so it always compares like
with like.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.rules import Rules  # noqa: E402
from game.paths import default_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.session import Session  # noqa: E402

Variant = tuple[str, str | None, dict[str, str]]  # name, player's seat, AI profiles


def variants(rules: Rules) -> list[Variant]:
    """All-AI; the AI in each playable seat (it changes `is_player` conditions, and so
    the game); and two mixes of profiles, each faction playing one not its own."""
    found: list[Variant] = [("all-ai", None, {})]
    playable = [rules.faction_ids[i] for i in rules.playable]
    found += [(f"seat-{fid}", fid, {}) for fid in playable]
    profiles = sorted(rules.profiles)
    for shift in (1, 2):
        mix = {fid: profiles[(i + shift) % len(profiles)] for i, fid in enumerate(rules.faction_ids)}
        found.append((f"profiles+{shift}", playable[0] if shift == 2 else None, mix))
    return found


def play(rules: Rules, seed: int, player: str | None, profiles: dict[str, str]) -> dict[str, Any]:
    """One game played to the end the way `ui.scenes.all_ai` plays it."""
    session = Session(rules, seed, player=player, profiles=profiles)
    turns = []
    while not session.over:
        decisions = {fid: session.ai_orders(fid) for fid in rules.faction_ids}
        session.apply(decisions)
        turns.append([repr(decisions), session.state.digest()])
    return {
        "turns": turns,
        "final": session.state.digest(),
        "dice": repr(session.rng.bit_generator.state),
        "ai": repr(session.ai_rng.bit_generator.state),
    }


def games(rules: Rules, seeds: int) -> list[tuple[str, int, str | None, dict[str, str]]]:
    out = []
    for name, player, profiles in variants(rules):
        count = seeds if name == "all-ai" else max(1, seeds // 4)
        out.extend((name, seed, player, profiles) for seed in range(count))
    return out


def run(rules: Rules, plan: list[tuple[str, int, str | None, dict[str, str]]]) -> dict[str, Any]:
    return {
        f"{name}/{seed}": {
            "variant": name,
            "seed": seed,
            "player": player,
            "profiles": profiles,
            **play(rules, seed, player, profiles),
        }
        for name, seed, player, profiles in plan
    }


def compare(reference: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """One line per game that differs, naming the first turn that does."""
    problems = []
    for key, want in reference.items():
        have = got[key]
        if have == want:
            continue
        first = next(
            (
                i
                for i, (a, b) in enumerate(zip(want["turns"], have["turns"], strict=False))
                if a != b
            ),
            min(len(want["turns"]), len(have["turns"])),
        )
        problems.append(f"{key}: differs from turn {first + 1}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, metavar="FILE")
    mode.add_argument("--check", type=Path, metavar="FILE")
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--scenario", type=Path, default=None)
    args = parser.parse_args()
    rules = Rules(load_scenario(args.scenario or default_scenario()))
    started = time.perf_counter()
    if args.record:
        got = run(rules, games(rules, args.seeds))
        args.record.write_text(json.dumps(got, indent=0, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(got)} games in {time.perf_counter() - started:.1f} s to {args.record}")
        return 0
    reference = json.loads(args.check.read_text(encoding="utf-8"))
    plan = [(g["variant"], g["seed"], g["player"], g["profiles"]) for g in reference.values()]
    got = run(rules, plan)
    problems = compare(reference, got)
    for line in problems:
        print(line)
    took = time.perf_counter() - started
    print(f"{len(reference)} games compared in {took:.1f} s: {len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

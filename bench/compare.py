"""Whole AI games in this checkout against another, in CPU time, alternating the two.

The machine may be shared, so wall time says little: each round plays the same
seeds in a fresh process of each checkout, one after the other, and times every
game with `time.process_time` (the CPU time of that process alone). It prints the
median game of each checkout and the ratio of the medians:

    git worktree add --detach /tmp/base main     # the build to compare against
    python bench/compare.py /tmp/base            # 5 rounds of 40 games each
    python bench/compare.py /tmp/base --rounds 9 --games 60 --lab

`--lab` plays the games as `simulate` does (`game.lab.summary.play`: the game and
its summary). Every process plays one game first, unmeasured, to warm its caches.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

# Run in a child process with the checkout's folder first on the path; prints the
# CPU time of each game in ms, as JSON.
_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from game.engine.rules import Rules
from game.lab.summary import play
from game.paths import default_scenario
from game.scenario.loader import load_scenario
from game.session import Session

rules = Rules(load_scenario(default_scenario()))
lab = sys.argv[4] == "lab"
def one(seed):
    if lab:
        play(rules, seed)
    else:
        Session(rules, seed, player=None).run()
one(10**6)
times = []
for seed in range(int(sys.argv[2]), int(sys.argv[2]) + int(sys.argv[3])):
    started = time.process_time()
    one(seed)
    times.append((time.process_time() - started) * 1000)
print(json.dumps(times))
"""


def games_ms(checkout: Path, first: int, games: int, lab: bool) -> list[float]:
    args = [str(checkout), str(first), str(games), "lab" if lab else "game"]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], check=True, capture_output=True, text=True
    )
    times: list[float] = json.loads(out.stdout)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path, help="the other checkout's folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--games", type=int, default=40, help="games a round, per checkout")
    parser.add_argument("--lab", action="store_true", help="play as the lab does, with summaries")
    args = parser.parse_args()
    base: list[float] = []
    this: list[float] = []
    ratios: list[float] = []
    for round_ in range(args.rounds):
        first = round_ * args.games
        # Alternate which goes first, so neither always meets the machine's quieter moments.
        pair: list[tuple[Path, list[float]]] = [(args.baseline, []), (HERE, [])]
        for checkout, times in pair if round_ % 2 == 0 else reversed(pair):
            times.extend(games_ms(checkout, first, args.games, args.lab))
        (_, old_round), (_, new_round) = pair
        base.extend(old_round)
        this.extend(new_round)
        # The two halves of a round ran minutes apart at most: their ratio is the steadier
        # figure on a machine whose load comes and goes.
        ratios.append(statistics.median(new_round) / statistics.median(old_round))
        print(
            f"round {round_ + 1}: baseline {statistics.median(old_round):6.2f} ms,"
            f" this checkout {statistics.median(new_round):6.2f} ms ({ratios[-1]:.3f}x)",
            flush=True,
        )
    old, new = statistics.median(base), statistics.median(this)
    kind = "lab game (with its summary)" if args.lab else "AI game"
    print(f"median CPU time of an {kind} over {len(this)} games each:")
    print(f"  baseline ({args.baseline})  {old:7.2f} ms")
    print(f"  this checkout             {new:7.2f} ms  ({new / old:.3f}x the baseline)")
    print(f"  median of the rounds' ratios   {statistics.median(ratios):.3f}x")


if __name__ == "__main__":
    main()

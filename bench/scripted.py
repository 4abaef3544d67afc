"""Scripted players against the AI: does the game have a dominant line, or let a careless
player win?

Plays every scripted player of every playable side (see game/lab/scripted.py: the
careless player, one spam player per action, the historical line, the same as a
fixed plan, the best fixed plan found, and the AI itself) over N seeds against the
AI at a difficulty, and prints each one's win rate, its three commonest endings and
its mean number of turns. The issue's bars are flagged OVER BAR: a fixed plan that
wins more than 70%, a careless player that wins more than 10%.

    python bench/scripted.py                          # 200 seeds, every side and player
    python bench/scripted.py --side moderates --player careless --player 'spam:*'
    python bench/scripted.py --json results.json      # the table's rows as JSON too
    python bench/scripted.py --search government      # look for the best fixed plan

Games run in `--jobs` processes; each game depends only on its player, seed and
difficulty, so the figures are the same whatever the number of jobs.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.rules import Rules  # noqa: E402
from game.lab.scripted import (  # noqa: E402
    HISTORICAL_LINES,
    SIDES,
    Plan,
    Result,
    Summary,
    play,
    players,
    search,
    summarise,
)
from game.paths import default_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

Task = tuple[str, str, int]  # side, player, seed

_RULES: Rules | None = None
_DIFFICULTY = "normal"


def _start(scenario: str | None, difficulty: str) -> None:
    global _RULES, _DIFFICULTY
    _RULES = Rules(load_scenario(Path(scenario) if scenario else default_scenario()))
    _DIFFICULTY = difficulty


def _rules() -> Rules:
    assert _RULES is not None, "the worker was not started"
    return _RULES


def _play(task: Task) -> Result:
    side, name, seed = task
    rules = _rules()
    return play(rules, players(rules, side)[name], seed, _DIFFICULTY)


def _play_plan(task: tuple[Plan, int]) -> Result:
    plan, seed = task
    return play(_rules(), plan, seed, _DIFFICULTY)


def run_tasks(pool: Any, tasks: Sequence[Task], jobs: int) -> list[Result]:
    """Every task's result, in the tasks' order."""
    chunk = max(1, len(tasks) // (64 * max(1, jobs)))
    return list(pool.imap(_play, tasks, chunksize=chunk))


def chosen_players(rules: Rules, side: str, patterns: Sequence[str]) -> list[str]:
    names = list(players(rules, side))
    if not patterns:
        return names
    return [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]


def table(rows: Iterable[Summary]) -> str:
    out = [
        f"{'side':<11} {'player':<32} {'won':>6}  {'turns':>5}  {'score':>5}  top endings",
    ]
    for s in rows:
        endings = ", ".join(f"{e} {n / s.games:.0%}" for e, n in s.endings[:3])
        mark = "  OVER BAR" if s.over_bar else ""
        out.append(
            f"{s.side:<11} {s.player:<32} {s.rate:>6.1%}  {s.mean_turns:>5.1f}  "
            f"{s.mean_score:>5.0f}  {endings}{mark}"
        )
    return "\n".join(out)


def bench(args: argparse.Namespace, rules: Rules) -> int:
    sides = args.side or list(SIDES)
    plan: list[tuple[str, str]] = [
        (side, name) for side in sides for name in chosen_players(rules, side, args.player)
    ]
    if not plan:
        print("no player matches", file=sys.stderr)
        return 2
    tasks = [(side, name, seed) for side, name in plan for seed in range(args.seeds)]
    started = time.perf_counter()
    with Pool(args.jobs, initializer=_start, initargs=(args.scenario, args.difficulty)) as pool:
        results = run_tasks(pool, tasks, args.jobs)
    took = time.perf_counter() - started
    rows = [summarise(results[i * args.seeds : (i + 1) * args.seeds]) for i in range(len(plan))]
    print(
        f"{len(tasks)} games ({args.seeds} seeds each, {args.difficulty}) "
        f"in {took:.0f} s on {args.jobs} jobs"
    )
    print(table(rows))
    over = [s for s in rows if s.over_bar]
    print()
    if over:
        print("Over the bars (fixed plan > 70%, careless > 10%):")
        for s in over:
            print(f"  {s.side} {s.player}: {s.rate:.1%}")
    else:
        print("No fixed plan over 70% and no careless player over 10%.")
    if args.json:
        data = {
            "seeds": args.seeds,
            "difficulty": args.difficulty,
            "rows": [
                {**asdict(s), "rate": s.rate, "over_bar": s.over_bar, "endings": dict(s.endings)}
                for s in rows
            ],
        }
        text = json.dumps(data, indent=1)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


def find_best(args: argparse.Namespace, rules: Rules) -> int:
    side = args.search
    seeds = range(args.search_from, args.search_from + args.search_seeds)
    with Pool(args.jobs, initializer=_start, initargs=(args.scenario, args.difficulty)) as pool:

        def evaluate(plan: Plan) -> tuple[float, float]:
            results = pool.map(_play_plan, [(plan, seed) for seed in seeds])
            s = summarise(results)
            return s.rate, s.mean_score

        started = time.perf_counter()
        best = search(
            rules,
            side,
            evaluate,
            start=HISTORICAL_LINES[side].choices,
            rounds=args.rounds,
            log=lambda line: print(f"[{time.perf_counter() - started:5.0f} s] {line}", flush=True),
        )
        print(best.describe(rules))
        print(repr(best))
        confirm = pool.map(_play_plan, [(best, seed) for seed in range(args.seeds)])
    s = summarise(confirm)
    print(f"confirmed on seeds 0-{args.seeds - 1}:")
    print(table([s]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="seeds per player (200)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--side", action="append", choices=SIDES, help="only this side")
    parser.add_argument(
        "--player", action="append", default=[], help="only players matching (a glob)"
    )
    parser.add_argument("--difficulty", default="normal")
    parser.add_argument("--scenario", default=None, help="a scenario folder")
    parser.add_argument("--json", metavar="FILE", help="write the rows as JSON ('-': stdout)")
    parser.add_argument("--search", choices=SIDES, help="search for the side's best fixed plan")
    parser.add_argument("--search-seeds", type=int, default=50)
    parser.add_argument(
        "--search-from", type=int, default=10_000, help="first seed of the search's own"
    )
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    _start(args.scenario, args.difficulty)
    rules = _rules()
    if args.search:
        return find_best(args, rules)
    return bench(args, rules)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmarks: scenario loading against a bare YAML parse, and whole AI-versus-AI games.

Run with `make bench` (or `python bench/run.py [SCENARIO_DIR]`). Prints medians
of CPU time and the ratio to a baseline measured in the same run, so the figures
compare across machines (`bench/compare.py` compares two builds of the game).
Aims: load and validate within 3x the bare parse; a whole AI game under 20 ms on
one core; 10,000 AI games within 60 s on two processes (measured on a short run
of games split between two worker processes).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms  # noqa: E402

from game.engine.rules import Rules  # noqa: E402
from game.lab.runner import GAME_GC_THRESHOLDS  # noqa: E402
from game.paths import default_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.session import Session, TurnRecord, replay  # noqa: E402

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bare_parse(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        loader = SafeLoader(path.read_text(encoding="utf-8"))
        try:
            loader.get_single_data()
        finally:
            loader.dispose()


def _replay(rules: Rules, seed: int, records: list[TurnRecord]) -> None:
    replay(rules, seed, None, records)


_WORKER_RULES: list[Rules] = []  # the rules a worker process plays by, once loaded


def _load_worker(folder: Path, ready: Barrier) -> None:
    """Load the scenario in a worker and play one game to warm up, then wait for the others."""
    rules = Rules(load_scenario(folder))
    Session(rules, 10**6, player=None).run()
    _WORKER_RULES.append(rules)
    gc.freeze()  # as the lab's workers do (game/lab/runner.py)
    gc.set_threshold(*GAME_GC_THRESHOLDS)
    ready.wait()


def _play_seeds(seeds: range) -> int:
    """Play whole AI games, one per seed, in a worker process; returns how many."""
    for seed in seeds:
        Session(_WORKER_RULES[0], seed, player=None).run()
    return len(seeds)


PARALLEL_GAMES = 200  # a few seconds of play: enough to see the rate, short enough for `make bench`


def parallel_rate(folder: Path, processes: int = 2, games: int = PARALLEL_GAMES) -> float:
    """Whole AI games a second with `processes` workers, each playing its share of seeds.

    The clock starts once every worker has loaded the scenario, so the rate is
    the play alone, as a long run of games would see it.
    """
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes + 1)
    share = games // processes
    jobs = [range(i * share, (i + 1) * share) for i in range(processes)]
    with context.Pool(processes, _load_worker, (folder, ready)) as pool:
        ready.wait()
        started = time.perf_counter()
        played = sum(pool.map(_play_seeds, jobs, chunksize=1))
        return played / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scenario", nargs="?", type=Path, help="a scenario folder (default: October 1917)"
    )
    folder = parser.parse_args().scenario or default_scenario()
    print(f"Scenario: {folder}")
    print(f"YAML parser: {SafeLoader.__name__}")

    cpu = time.process_time  # one process's CPU time: other work on the machine counts less
    parse = median_ms(lambda: bare_parse(folder), 30, cpu)
    load = median_ms(lambda: load_scenario(folder), 30, cpu)
    scenario = load_scenario(folder)
    build = median_ms(lambda: Rules(scenario), 30, cpu)
    print(f"bare YAML parse            {parse:8.2f} ms")
    print(
        f"load and validate          {load:8.2f} ms  ({load / parse:.2f}x the bare parse; aim <= 3x)"
    )
    print(f"compile rules for play     {build:8.2f} ms")

    rules = Rules(scenario)
    seeds = iter(range(10**6))
    game = median_ms(lambda: Session(rules, next(seeds), player=None).run(), 30, cpu)
    one = Session(rules, 0, player=None)
    one.run()
    turns = len(one.records)
    print(
        f"one AI-vs-AI game          {game:8.2f} ms  ({turns} turns, {game / turns:.2f} ms a turn;"
        f" aim < 20 ms a game)"
    )
    # The same games again from their recorded decisions: the engine's share, the AI's the rest.
    played = []
    for seed in range(31):
        session = Session(rules, seed, player=None)
        session.run()
        played.append(session.records)
    replays = iter(enumerate(played))
    engine = median_ms(lambda: _replay(rules, *next(replays)), 30, cpu)
    print(
        f"  of which the engine      {engine:8.2f} ms  (replaying the decisions;"
        f" the AI's share {game - engine:.2f} ms)"
    )
    print(f"games a minute, one core   {60_000 / game:8.0f}")
    rate = parallel_rate(folder)
    print(
        f"games a minute, 2 processes{rate * 60:8.0f}  ({PARALLEL_GAMES} games;"
        f" 10,000 games in {10_000 / rate:.0f} s; aim <= 60 s)"
    )


if __name__ == "__main__":
    main()

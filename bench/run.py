"""Benchmarks: scenario loading against a bare YAML parse, and whole AI-versus-AI games.

Run with `make bench` (or `python bench/run.py [SCENARIO_DIR]`). Prints medians
and the ratio to a baseline measured in the same run, so the figures compare
across machines. Aims: load and validate within 3x the bare parse; a whole
AI game under 20 ms on one core.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms  # noqa: E402

from game.engine.rules import Rules  # noqa: E402
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


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default_scenario()
    print(f"Scenario: {folder}")
    print(f"YAML parser: {SafeLoader.__name__}")

    parse = median_ms(lambda: bare_parse(folder), 30)
    load = median_ms(lambda: load_scenario(folder), 30)
    scenario = load_scenario(folder)
    build = median_ms(lambda: Rules(scenario), 30)
    print(f"bare YAML parse            {parse:8.2f} ms")
    print(
        f"load and validate          {load:8.2f} ms  ({load / parse:.2f}x the bare parse; aim <= 3x)"
    )
    print(f"compile rules for play     {build:8.2f} ms")

    rules = Rules(scenario)
    seeds = iter(range(10**6))
    game = median_ms(lambda: Session(rules, next(seeds), player=None).run(), 30)
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
    engine = median_ms(lambda: _replay(rules, *next(replays)), 30)
    print(
        f"  of which the engine      {engine:8.2f} ms  (replaying the decisions;"
        f" the AI's share {game - engine:.2f} ms)"
    )
    print(f"games a minute, one core   {60_000 / game:8.0f}")


if __name__ == "__main__":
    main()

"""Benchmark: the turn report and the ending forecast, once per turn of whole games.

Run with `python bench/forecast.py [SCENARIO_DIR]`. Plays a few all-AI games
with a player's seat and prints, per call, the median and the worst time of
`threats` (aim: under 200 ms on the October scenario, since a front end runs
it once a turn before the player ends it), of `roads` and of `turn_report`.
It also counts the endings that arrived without `threats` having announced
them the turn before: `threats` tries single moves, never combinations.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.rules import Rules  # noqa: E402
from game.forecast import roads, threats  # noqa: E402
from game.paths import default_scenario  # noqa: E402
from game.report import turn_report  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.session import Session  # noqa: E402

GAMES = 6


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default_scenario()
    rules = Rules(load_scenario(folder))
    timings: dict[str, list[float]] = {"threats": [], "roads": [], "turn_report": []}
    unannounced = 0
    for seed in range(GAMES):
        player = rules.faction_ids[seed % rules.n_factions]
        me = rules.faction_index[player]
        session = Session(rules, seed, player=player)
        announced: list[int] = []
        while not session.over:
            before = session.state
            started = time.perf_counter()
            announced = [t.ending for t in threats(rules, before, me)]
            timings["threats"].append(time.perf_counter() - started)
            started = time.perf_counter()
            roads(rules, before, me)
            timings["roads"].append(time.perf_counter() - started)
            session.play_turn(session.ai_orders(player))
            started = time.perf_counter()
            turn_report(rules, before, session.state, me)
            timings["turn_report"].append(time.perf_counter() - started)
        unannounced += session.state.ending not in announced
    for name, times in timings.items():
        print(
            f"{name:12} median {statistics.median(times) * 1000:6.1f} ms, "
            f"worst {max(times) * 1000:6.1f} ms over {len(times)} calls"
        )
    print(f"endings not announced the turn before: {unannounced} of {GAMES} games")


if __name__ == "__main__":
    main()

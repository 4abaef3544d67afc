"""Benchmarks for saves: saving, loading, verifying and seeking, beside simulating the game.

Run with `python bench/saves.py [SCENARIO_DIR]`. Prints medians in ms and
ratios to simulating the same game in the same run, so the figures compare
across machines. Aims: verifying a game within 1.2x simulating it; seeking to
a turn under 16 ms (a frame at 60 Hz).

- simulate game: the AI plays every seat of a whole game (rules built once).
- simulate command: what `simulate` does: load the scenario folder, build the
  rules, play the game.
- verify: replay the decisions and check every turn's hash (rules given).
- load + verify: what `replay --verify` does: read and check the file,
  rebuild and re-hash its scenario, build the rules, replay and check.
- save: the document, YAML and an atomic, fsynced write.
- seek: the state at a turn of a loaded game. take over: a new game at a turn.
- quick load: `load(path, verify=False)`: as load + verify but replaying
  nothing (the states come from the save's snapshots when asked for).
- quick open: the same from a read save and built rules (the replay's place).
- quick seek, cold: the first seek to a turn after a quick load (one
  snapshot decoded and its hash checked). quick take over: a new game at a
  turn of a quick load (every earlier snapshot decoded, for undo).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms  # noqa: E402

from game.engine.rules import Rules  # noqa: E402
from game.paths import default_scenario  # noqa: E402
from game.saves.atomic import atomic_write  # noqa: E402
from game.saves.format import document, dump  # noqa: E402
from game.saves.replay import from_snapshots, load, read_save, verify  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.session import Session  # noqa: E402

SEED = 1917


def main(folder: Path) -> None:
    rules = Rules(load_scenario(folder))
    session = Session(rules, SEED)
    session.run()
    turns = len(session.records)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bench.yaml"
        atomic_write(path, dump(document(session, "2026-01-01T00:00:00+00:00")))
        _, _, save = read_save(path)
        loaded = load(path)
        middle = turns // 2

        figures = {
            "simulate game": median_ms(lambda: Session(rules, SEED).run(), 15),
            "simulate command": median_ms(
                lambda: Session(Rules(load_scenario(folder)), SEED).run(), 7
            ),
            "verify": median_ms(lambda: verify(save, rules, str(path)), 15),
            "load + verify": median_ms(lambda: load(path), 7),
            "save": median_ms(
                lambda: atomic_write(path, dump(document(session, "2026-01-01T00:00:00+00:00"))),
                7,
            ),
            "seek": median_ms(lambda: loaded.seek(middle), 1001),
            "take over": median_ms(lambda: loaded.take_over(middle), 101),
            "quick load": median_ms(lambda: load(path, verify=False), 7),
            "quick open": median_ms(lambda: from_snapshots(save, rules, str(path)), 101),
            "quick seek, cold": median_ms(
                lambda: from_snapshots(save, rules, str(path)).seek(middle), 101
            )
            - median_ms(lambda: from_snapshots(save, rules, str(path)), 101),
            "quick take over": median_ms(
                lambda: from_snapshots(save, rules, str(path)).take_over(middle), 101
            )
            - median_ms(lambda: from_snapshots(save, rules, str(path)), 101),
        }
        size = path.stat().st_size
    base = figures["simulate game"]
    print(f"{folder.name}: a {turns}-turn all-AI game, seed {SEED}; save file {size // 1024} KiB")
    for name, ms in figures.items():
        print(f"  {name:<18} {ms:9.3f} ms  {ms / base:6.2f}x simulate game")
    cmd = figures["load + verify"] / figures["simulate command"]
    print(f"  load + verify / simulate command: {cmd:.2f}x")
    verdict = "ok" if figures["verify"] <= 1.2 * base else "OVER"
    print(f"  aim verify <= 1.2x simulate game: {figures['verify'] / base:.2f}x {verdict}")
    for key in ("seek", "quick seek, cold"):
        verdict = "ok" if figures[key] < 16 else "OVER"
        print(f"  aim {key} < 16 ms: {figures[key]:.4f} ms {verdict}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default_scenario())

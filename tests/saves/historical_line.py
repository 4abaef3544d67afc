"""The historical line of play that made saves/examples/historical.yaml.

The Bolsheviks as they played it (`HISTORICAL` in tests/play_helpers.py, the
line the scenario's tests also play): the AI plays everyone else and fills
the Bolshevik action slots the line leaves. Regenerate the example after a
deliberate change to the rules with:

    .venv/bin/python -m tests.saves.historical_line
"""

from __future__ import annotations

from pathlib import Path

from game.engine.rules import Rules
from game.session import Session
from tests.play_helpers import HISTORICAL, scripted_orders

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "saves" / "examples" / "historical.yaml"
SEED = 1917


def play_historical(rules: Rules, seed: int = SEED) -> Session:
    session = Session(rules, seed, player="bolsheviks", game_id="1917" + "0" * 28)
    while not session.over:
        session.play_turn(scripted_orders(session, HISTORICAL))
    return session


def main() -> None:
    from game.paths import default_scenario
    from game.saves.format import document, dump
    from game.saves.store import atomic_write
    from game.scenario.loader import load_scenario

    rules = Rules(load_scenario(default_scenario()))
    for seed in range(SEED, SEED + 50):
        session = play_historical(rules, seed)
        ending = rules.model.endings[session.state.ending].id
        print(f"seed {seed}: {ending}")
        if ending == "soviet_power":
            # A fixed time: the example's bytes change only when the game does.
            atomic_write(EXAMPLE, dump(document(session, "1917-10-26T00:00:00+00:00")))
            print(f"wrote {EXAMPLE}")
            return
    raise SystemExit("no seed reached soviet_power")


if __name__ == "__main__":
    main()

"""The historical line of play that made saves/examples/historical.yaml.

The Bolsheviks as they played it (the same choices as the scripted line in
tests/scenarios/test_october_play.py): the AI plays everyone else and fills
the Bolshevik action slots the line leaves. Regenerate the example after a
deliberate change to the rules with:

    .venv/bin/python -m tests.saves.historical_line
"""

from __future__ import annotations

from pathlib import Path

from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import choice_options, pending_for
from game.engine.rules import Rules
from game.engine.state import State
from game.scenario.expr import Kind
from game.session import Session
from tests.play_helpers import legal_part

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "saves" / "examples" / "historical.yaml"
SEED = 1917

CHOICES: dict[str, tuple[str, ...]] = {
    "presidium_resigns": ("trotsky",),
    "lenin_letters": ("set_aside",),
    "crisis_matured": ("refuse",),
    "pre_parliament_opens": ("walkout",),
    "mrc_debate": ("mrc",),
    "cc_vote": ("rising",),
    "enlarged_cc": ("confirm",),
    "kamenev_letter": ("resignation",),
    "fortress_meeting": ("speak",),
    "send_the_charter": ("send",),
    "mrc_answers": ("defend", "press_on"),
    "arrest_backlash": ("defend", "rally"),
    "eve_of_congress": ("strike",),
    "congress_takes_power": ("enforce",),
}
REGIMENTS = (
    "pavlovsky_regiment",
    "keksgolm_regiment",
    "lithuanian_regiment",
    "volynsky_regiment",
    "preobrazhensky_regiment",
    "semenovsky_regiment",
    "izmailovsky_regiment",
    "finland_regiment",
    "grenadier_regiment",
    "moscow_regiment",
    "fortress_garrison",
)


def _flag(rules: Rules, state: State, flag_id: str) -> bool:
    return bool(state.flags[rules.ids[Kind.FLAG].index(flag_id)])


def mrc_work(rules: Rules, state: State) -> list[ActionOrder]:
    """Commissars into the least loyal regiments before the rising; the guns during it."""
    if _flag(rules, state, "rising_begun"):
        return [ActionOrder("aurora_fires"), ActionOrder("fortress_guns")]
    if not _flag(rules, state, "mrc_formed"):
        return []
    me = rules.faction_index["bolsheviks"]
    units = rules.ids[Kind.UNIT]
    theirs = sorted(
        (int(state.unit_loyalty[units.index(u)]), u)
        for u in REGIMENTS
        if int(state.unit_owner[units.index(u)]) != me
    )
    return [ActionOrder("send_commissars", (u,)) for _, u in theirs[:2]]


def historical_orders(session: Session) -> Orders:
    rules, state = session.rules, session.state
    me = rules.faction_index["bolsheviks"]
    hint = session.ai_orders("bolsheviks")
    picks = []
    for event in pending_for(rules, state, me):
        open_ids = [
            o.choice.spec.id for o in choice_options(rules, state, event) if o.problem is None
        ]
        wanted = CHOICES.get(event.spec.id, ())
        pick = next((c for c in wanted if c in open_ids), hint.choice_for(event.spec.id))
        if pick is not None:
            picks.append((event.spec.id, pick))
    actions = mrc_work(rules, state) + list(hint.actions)
    return Orders(tuple(picks), tuple(legal_part(rules, state, "bolsheviks", actions)))


def play_historical(rules: Rules, seed: int = SEED) -> Session:
    session = Session(rules, seed, player="bolsheviks", game_id="1917" + "0" * 28)
    while not session.over:
        session.play_turn(historical_orders(session))
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

"""The rules that give the autumn its shape: the season's drift, the AI's scenario
weights, fortifying with diminishing returns, orders planned past the AI's own
choices, and a game that ends when the decisive moment has come."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from game.engine import ai
from game.engine import effects as fx
from game.engine.context import EvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_blocked
from game.engine.rules import Rules
from game.engine.state import State
from game.engine.turns import step
from game.engine.wording import condition_words
from game.scenario.expr import Kind, Symbols, compile_expr
from game.session import Session


def _flag(rules: Rules, state: State, flag: str) -> bool:
    return bool(state.flags[rules.ids[Kind.FLAG].index(flag)])


def test_if_picks_a_number_by_a_condition(october_rules: Rules) -> None:
    state = Session(october_rules, 0).state
    symbols = Symbols(october_rules.ids, {})
    ctx = EvalCtx(october_rules, state, {})
    assert compile_expr("if(turn == 0, 7, 9)", symbols, Kind.INT)(ctx) == 7
    assert compile_expr("if(flag(mrc_formed), 7, 9) + 1", symbols, Kind.INT)(ctx) == 10
    said = condition_words(october_rules, "if(flag(mrc_formed), 2, 1) > 1")
    assert "when" in said and "otherwise" in said and "if(" not in said


@pytest.mark.parametrize(("track", "moved"), [("hunger", 1), ("war_weariness", 1)])
def test_the_season_moves_a_track_each_turn(october_rules: Rules, track: str, moved: int) -> None:
    after = Session(october_rules, 1).play_turn()
    by_season = [
        c.delta for c in after.ledger if c.quantity == f"track:{track}" and c.cause == "turn"
    ]
    assert by_season == [moved]


def test_fortifying_has_diminishing_returns() -> None:
    first = fx.defence_worth(100.0, 0, 300)
    later = fx.defence_worth(100.0, 1500, 300)
    assert 0 < later < first / 2
    # The first points are worth a hundredth of the place each, as before.
    assert fx.defence_worth(100.0, 0, 1) == pytest.approx(1.0, rel=1e-2)
    assert fx.defence_worth(100.0, 400, -400) == -fx.defence_worth(100.0, 0, 400)


def test_an_action_weight_can_depend_on_the_board(october_rules: Rules) -> None:
    rising = next(a for a in october_rules.actions if a.spec.id == "launch_insurrection")
    assert not rising.ai_weight.constant
    bolsheviks = october_rules.faction_index["bolsheviks"]
    profile = october_rules.profiles["balanced"]
    state = Session(october_rules, 0).state
    weight = ai._weight(ai.Valuer(october_rules, state, bolsheviks, profile), rising)
    # Before the committee and the party's vote, the AI will not hear of it.
    assert weight < -150


def test_an_early_rising_is_a_rare_long_shot(october_rules: Rules) -> None:
    """The AI may answer Lenin's letters with a rising (every choice is sometimes
    taken), but rarely, and such a rising seldom wins."""
    seeds = range(40)
    early = []
    for seed in seeds:
        session = Session(october_rules, seed)
        for _ in range(6):
            if not session.state.over:
                session.play_turn()
        if _flag(october_rules, session.state, "rising_begun"):
            early.append(session)
    assert len(early) <= len(seeds) // 10
    won = 0
    for session in early:
        final = session.state if session.state.over else session.run()
        won += "bolsheviks" in october_rules.model.endings[final.ending].winners
    assert won <= max(1, len(early) // 3)


@pytest.mark.parametrize("seed", range(8))
def test_no_ai_order_is_closed_by_the_ais_own_choice(october_rules: Rules, seed: int) -> None:
    """Orders are planned on the board after the faction's own choices: the committee
    a choice has just formed is not formed again (it was, and blocked, every game)."""
    session = Session(october_rules, seed)
    session.run()
    mrc = [a.index for a in october_rules.actions if a.spec.id == "form_mrc"]
    for record in [c.state for c in session.checkpoints[1:]] + [session.state]:
        for done in record.last_actions:
            assert not (done.action in mrc and done.outcome == "blocked")


@pytest.mark.parametrize("seed", range(10))
def test_the_game_ends_soon_after_the_palace_falls(october_rules: Rules, seed: int) -> None:
    session = Session(october_rules, seed)
    state = session.state
    fell: int | None = None
    while not state.over:
        state = session.play_turn()
        if fell is None and _flag(october_rules, state, "government_deposed"):
            fell = state.turn
    if fell is not None:
        assert len(session.records) - 1 <= fell + 2


def test_a_congress_kept_to_its_date_meets_in_the_turn_of_the_20th(october_rules: Rules) -> None:
    """When the moderates do not put it back, the Congress opens in the turn holding the 20th."""
    session = Session(october_rules, 5, player="moderates")
    rules = october_rules
    met_on = None
    while not session.over and met_on is None:
        state = session.state
        orders = session.ai_orders("moderates")
        choices = tuple(
            (e, "keep_date" if e == "congress_postponed" else c) for e, c in orders.choices
        )
        state = session.play_turn(type(orders)(choices, orders.actions))
        if _flag(rules, state, "congress_met"):
            met_on = rules.model.calendar.turns[state.turn].date
    assert met_on is not None
    first, last = rules.turn_span(
        rules.model.calendar.turns.index(
            next(t for t in rules.model.calendar.turns if t.date == met_on)
        )
    )
    assert first <= dt.date(1917, 10, 20).toordinal() <= last


@pytest.mark.parametrize("seat", ["bolsheviks", "moderates", "government"])
def test_the_best_single_order_moves_a_shown_figure_by_a_whole_point(
    october_rules: Rules, seat: str
) -> None:
    """An order the player gives must show: of every order open on the first turn, the
    best moves the side's support in some group, map-wide in whole percent as the
    window shows it, by at least one point against giving no order at all."""
    rules = october_rules
    me = rules.faction_index[seat]
    session = Session(rules, 3, player=seat)
    others = {f: session.ai_orders(f) for f in rules.faction_ids if f != seat}
    choices = session.ai_orders(seat).choices
    dice = session.rng.bit_generator.state

    def shown(orders: Orders) -> list[int]:
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = dice
        after = step(rules, session.state, {**others, seat: orders}, rng)
        ctx = EvalCtx(rules, after, {})
        return [ctx.support_pct(me, g, None) for g in range(len(rules.model.groups))]

    before = shown(Orders(choices, ()))
    best = 0
    for action in rules.actions:
        if me not in action.factions:
            continue
        for candidate, target in enumerate(action.candidates):
            if action_blocked(rules, session.state, me, action, candidate):
                continue
            order = ActionOrder(action.spec.id, rules.target_ids(action, target))
            moved = shown(Orders(choices, (order,)))
            best = max(best, *(abs(a - b) for a, b in zip(moved, before, strict=True)))
    assert best >= 1

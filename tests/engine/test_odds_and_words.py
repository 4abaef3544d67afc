"""Contest odds as the player is told them, and effects and conditions in words."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from game.describe import effects_text, target_label
from game.engine.context import EvalCtx
from game.engine.effects import Amount, Contest, chance_text, contest_chance, odds_of
from game.engine.legal import bind, choice_options
from game.engine.rules import Rules
from game.engine.work import Work
from game.scenario.expr import Kind, Symbols
from game.scenario.loader import ScenarioError, load_scenario
from game.session import Session
from tests.rawtext import raw_rule_text

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


class Roll:
    """A generator whose one `random()` gives a chosen number."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def contest(attack: int, defence: int, rules: Rules) -> Contest:
    symbols = Symbols(rules.ids)
    return Contest(Amount(attack, symbols), Amount(defence, symbols), (), ())


def won(rules: Rules, attack: int, defence: int, roll: float) -> bool:
    state = Session(rules, 1, player="reds").state
    w = Work(rules, state, Roll(roll))  # type: ignore[arg-type]
    contest(attack, defence, rules).apply(w, {"faction": 0})
    return any(c.quantity == "contest:won" for c in w.ledger)


@pytest.mark.parametrize(("attack", "defence"), [(38, 62), (1, 2), (700, 300), (5, 0), (1, 999)])
def test_the_shown_chance_is_exactly_where_the_engines_roll_turns_from_win_to_loss(
    mini_rules: Rules, attack: int, defence: int
) -> None:
    chance = contest_chance(attack, defence)
    assert chance == attack / (attack + defence)
    below = math.nextafter(chance, 0.0)
    assert won(mini_rules, attack, defence, below)
    if chance < 1:
        assert not won(mini_rules, attack, defence, chance)


def test_no_attack_never_wins_and_no_defence_always_does(mini_rules: Rules) -> None:
    assert contest_chance(0, 10) == 0.0 and not won(mini_rules, 0, 10, 0.0)
    assert contest_chance(-5, 10) == 0.0
    assert contest_chance(10, 0) == 1.0 and won(mini_rules, 10, 0, math.nextafter(1.0, 0.0))
    assert contest_chance(10, -3) == 1.0


def test_the_shown_odds_match_how_often_seeded_rolls_win() -> None:
    rolls = np.random.default_rng(20171025).random(200_000)
    for attack, defence in [(38, 62), (3, 1), (250, 4750)]:
        chance = contest_chance(attack, defence)
        wins = float(np.mean(rolls * (attack + defence) < attack))
        tolerance = 4 * math.sqrt(chance * (1 - chance) / len(rolls))
        assert abs(wins - chance) < tolerance
        shown = int(chance_text(chance).split("%")[0])
        assert abs(wins * 100 - shown) < 0.5 + 100 * tolerance


@pytest.mark.parametrize(
    ("chance", "text"),
    [
        (0.0, "0% chance"),
        (0.001, "<1% chance"),
        (0.005, "1% chance"),
        (0.38, "38% chance"),
        (0.994, "99% chance"),
        (0.996, ">99% chance"),
        (0.9999, ">99% chance"),
        (1.0, "100% chance"),
    ],
)
def test_odds_never_round_to_certainty_or_to_nothing(chance: float, text: str) -> None:
    assert chance_text(chance) == text


def test_a_contest_says_its_chance_and_its_outcomes_with_the_board(mini_rules: Rules) -> None:
    state = Session(mini_rules, 1, player="reds").state
    seize = next(a for a in mini_rules.actions if a.spec.id == "seize")
    target = (mini_rules.ids[Kind.SITE].index("station"),)
    c = seize.candidates.index(target)
    params = bind(mini_rules, state, seize, c, 0)
    [chance] = odds_of(mini_rules, state, seize.effects, params)
    contest_effect = seize.effects[0]
    assert isinstance(contest_effect, Contest)
    assert chance == contest_effect.odds(EvalCtx(mini_rules, state, params))
    said = effects_text(mini_rules, seize.effects, params, board=state)
    assert said.startswith(f"a contest ({chance_text(chance)}): if it succeeds, the Reds take")
    assert "; if it fails, Unrest -5" in said
    assert chance_text(chance) in target_label(mini_rules, state, 0, seize, target)


def test_conditions_and_amounts_inside_effects_are_read_as_rules(mini_rules: Rules) -> None:
    state = Session(mini_rules, 1, player="reds").state
    commissar = next(a for a in mini_rules.actions if a.spec.id == "commissar")
    c = commissar.candidates.index((mini_rules.ids[Kind.UNIT].index("regiment"),))
    params = bind(mini_rules, state, commissar, c, 0)
    said = effects_text(mini_rules, commissar.effects, params)
    assert said == (
        "Regiment: loyalty -10; if the loyalty of the Regiment is less than 30: "
        "Regiment: goes over to the Reds, loyalty +40"
    )
    seize = next(a for a in mini_rules.actions if a.spec.id == "seize")
    station = seize.candidates.index((mini_rules.ids[Kind.SITE].index("station"),))
    params = bind(mini_rules, state, seize, station, 0)
    ctx = EvalCtx(mini_rules, state, params)
    contest_effect = seize.effects[0]
    assert isinstance(contest_effect, Contest)
    attack = contest_effect.attack(ctx)
    unbound = effects_text(mini_rules, seize.effects, {"faction": 0})
    assert unbound.startswith(
        "a contest of the Reds' armed strength there, plus 10 times the mobilisation "
        "of workers there against the defence of the target, plus the Blues' armed "
        "strength there: "
    )
    assert raw_rule_text(unbound) is None
    assert attack >= 0


def test_an_amount_from_the_board_is_its_number_now_with_its_reason_in_words(
    october_rules: Rules,
) -> None:
    rules = october_rules
    state = Session(rules, 1, player="bolsheviks").state
    send = next(a for a in rules.actions if a.spec.id == "send_commissars")
    unit = rules.ids[Kind.UNIT].index("semenovsky_regiment")
    params = bind(rules, state, send, send.candidates.index((unit,)), 0)
    gain = 55 - int(state.unit_loyalty[unit])
    said = effects_text(rules, send.effects, params, board=state)
    # "55 - loyalty($unit)" brings the loyalty to 55: said so, with the change it makes now.
    assert f"Semenovsky Regiment: loyalty to 55 ({gain:+d})" in said
    assert "Semenovsky Regiment: loyalty to 55;" in effects_text(rules, send.effects, params)
    assert raw_rule_text(said) is None


def test_a_formula_that_is_not_a_level_gives_its_number_and_how_it_is_worked_out(
    mini_rules: Rules,
) -> None:
    from game.engine.effects import MoveTrack

    state = Session(mini_rules, 1, player="reds").state
    track = mini_rules.ids[Kind.TRACK][0]
    amount = Amount(f"{track} / 2", Symbols(mini_rules.ids))
    said = MoveTrack(0, amount).describe(mini_rules, {"faction": 0}, state)
    now = int(state.tracks[0]) // 2
    name = mini_rules.names.of(Kind.TRACK, 0)
    assert said == f"{name} {now:+d} (worked out as half of {name})"
    level = MoveTrack(0, Amount(f"10 - {track}", Symbols(mini_rules.ids)))
    assert level.describe(mini_rules, {}, state) == f"{name} to 10 ({10 - int(state.tracks[0]):+d})"


def test_a_preview_shows_the_branch_the_acting_side_takes_and_no_journal_lines(
    october_rules: Rules,
) -> None:
    rules = october_rules
    state = Session(rules, 1, player="moderates").state
    pledge = next(a for a in rules.actions if a.spec.id == "promise_assembly")
    said = {
        fid: effects_text(rules, pledge.effects, {"faction": f}, board=state)
        for f, fid in enumerate(rules.faction_ids)
        if f in pledge.factions
    }
    assert said["government"].endswith("; Socialist bloc -3")
    assert "Socialist bloc" not in said["moderates"]
    assert not any("acting side" in text for text in said.values())
    form = next(a for a in rules.actions if a.spec.id == "form_mrc")
    preview = effects_text(rules, form.effects, {"faction": 0}, board=state)
    assert "journal" not in preview and "Government alarm +8" in preview


def test_a_unit_that_obeys_no_one_leaves_every_side(october_rules: Rules) -> None:
    rules = october_rules
    state = Session(rules, 1, player="bolsheviks").state
    agitate = next(a for a in rules.actions if a.spec.id == "barracks_agitation")
    params = bind(rules, state, agitate, 0, 0)
    said = effects_text(rules, agitate.effects, params, board=state)
    assert said.endswith(": leaves every side"), said


def test_a_locked_choice_names_what_is_missing_in_the_flags_own_words(mini_rules: Rules) -> None:
    session = Session(mini_rules, 1, player="reds")
    session.play_turn()
    event = next(e for e in mini_rules.events if e.spec.id == "committee")
    problems = {
        o.choice.spec.id: o.problem for o in choice_options(mini_rules, session.state, event)
    }
    assert problems["locked"] == "only when the rising has begun"
    set_flag = effects_text(mini_rules, event.choices[0].effects, {"faction": 0})
    assert set_flag.startswith("the committee sits; Unrest +10")


def test_a_flag_players_see_without_wording_is_refused_at_its_line(tmp_path: Path) -> None:
    mod = tmp_path / "mod"
    mod.mkdir()
    for path in MINI.iterdir():
        (mod / path.name).write_text(path.read_text())
    scenario = mod / "scenario.yaml"
    text = scenario.read_text()
    worded = "{id: rising, name: the rising, when_set: the rising has begun, when_clear: no rising has begun}"
    assert worded in text
    scenario.write_text(text.replace(worded, "{id: rising}"))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(mod)
    [error] = refused.value.errors
    line = next(
        i for i, t in enumerate(scenario.read_text().splitlines(), 1) if "{id: rising}" in t
    )
    assert str(error).startswith(f"{scenario}:{line}:5: flag 'rising' is shown to players")
    assert "no name, when_set, when_clear" in str(error)


def test_a_flag_no_rule_shows_needs_no_wording(tmp_path: Path) -> None:
    mod = tmp_path / "mod"
    mod.mkdir()
    for path in MINI.iterdir():
        (mod / path.name).write_text(path.read_text())
    scenario = mod / "scenario.yaml"
    scenario.write_text(scenario.read_text() + "  - {id: unseen}\n")
    assert "unseen" in load_scenario(mod).model.flags[-1].id


def test_every_function_of_the_expression_language_has_words(october_rules: Rules) -> None:
    from game.engine.wording import condition_words
    from game.scenario.expr import FUNCTIONS

    ids = october_rules.ids
    sample = {kind: ids[kind][0] for kind in ids} | {Kind.INT: "3", Kind.BOOL: "final"}
    for name, spec in FUNCTIONS.items():
        call = f"{name}({', '.join(sample[kind] for kind in spec.params)})"
        text = call if spec.returns is Kind.BOOL else f"{call} == {call}"
        for params in ({}, {"faction": 1}):
            said = condition_words(october_rules, text, params)
            assert raw_rule_text(said) is None, (call, said)
            assert said != "a rule of the scenario"
    for name in ("date >= 1917-10-01", "turn > 3", "final", "not final", "garrison_unrest < 5"):
        assert raw_rule_text(condition_words(october_rules, name)) is None


def test_a_flag_already_so_on_the_board_is_not_said_as_news(october_rules: Rules) -> None:
    from game.engine.effects import SetFlag
    from game.engine.turns import new_game
    from game.scenario.expr import Kind as K

    state = new_game(october_rules, 0, np.random.default_rng(1))
    flags = october_rules.ids[K.FLAG]
    off = next(i for i, f in enumerate(flags) if not state.flags[i])
    setting = SetFlag(off, True)
    assert setting.describe(october_rules, {}, None)  # as a rule: always said
    assert setting.describe(october_rules, {}, state)  # a change on this board
    assert SetFlag(off, False).describe(october_rules, {}, state) == ""  # so already
    assert effects_text(october_rules, [SetFlag(off, False)], {}, board=state) == "no effect"

"""The turn report: every order of the player with a true outcome, the others, the events, the
biggest changes; and what a report of a turn rebuilt from a save can still show."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_problem, choice_options
from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.engine.turns import step
from game.report import (
    OUTCOME_WORDS,
    biggest_changes,
    change_words,
    explained_after,
    report_of_turn,
    turn_report,
)
from game.scenario.expr import Kind
from game.session import Session
from tests.play_helpers import HISTORICAL, scripted_orders
from tests.rawtext import raw_rule_text

Turn = tuple[State, State]

NO_IDS = re.compile(r"\$|\b[a-z]+_[a-z_]+\b")  # a $parameter or a snake_case id


@pytest.fixture(scope="module")
def historical(october_rules: Rules) -> tuple[Session, list[Turn]]:
    session = Session(october_rules, 1917, player="bolsheviks")
    turns: list[Turn] = []
    while not session.over:
        before = session.state
        session.play_turn(scripted_orders(session, HISTORICAL))
        turns.append((before, session.state))
    return session, turns


def bolsheviks(rules: Rules) -> int:
    return rules.faction_index["bolsheviks"]


def test_every_order_of_the_player_is_reported_with_its_recorded_outcome(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    me = bolsheviks(october_rules)
    _, turns = historical
    for before, after in turns:
        report = turn_report(october_rules, before, after, me)
        mine = [r for r in after.last_actions if r.faction == me]
        choices = [e for e, f in before.pending if f == me]
        assert len(report.orders) == len(choices) + len(mine)
        for outcome, record in zip(report.orders[len(choices) :], mine, strict=True):
            assert outcome.outcome == OUTCOME_WORDS[record.outcome]
            assert october_rules.actions[record.action].spec.name in outcome.label
            if record.outcome != "blocked" and record.ledger_to > record.ledger_from:
                assert outcome.moved, outcome
        for outcome in report.orders[: len(choices)]:
            assert outcome.outcome in ("decided", "left undecided: no choice was open")


def test_report_lines_never_show_ids_or_parameters(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    me = bolsheviks(october_rules)
    _, turns = historical
    for before, after in turns:
        for line in turn_report(october_rules, before, after, me).lines():
            assert not NO_IDS.search(line), line


def test_the_biggest_changes_are_at_most_three_and_a_site_changing_hands_comes_first(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    _, turns = historical
    seen_site = False
    for before, after in turns:
        biggest = biggest_changes(october_rules, before, after)
        assert len(biggest) <= 3
        if (before.site_controller != after.site_controller).any():
            seen_site = True
            assert " passed from " in biggest[0]
            assert "(" in biggest[0], "a site changing hands names its cause"
    assert seen_site


def test_the_drift_is_named_as_the_turns_pressures_among_the_causes(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    _, turns = historical
    lines = [
        line
        for before, after in turns
        for line in biggest_changes(october_rules, before, after, count=50)
    ]
    assert any("the turn's pressures" in line and "Support for" in line for line in lines)


def test_the_other_sides_and_the_events_are_reported(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    me = bolsheviks(october_rules)
    _, turns = historical
    before, after = turns[0]
    report = turn_report(october_rules, before, after, me)
    others = [r for r in after.last_actions if r.faction != me]
    assert len(report.others) >= len(others) > 0
    assert all(not line.startswith("Bolsheviks:") for line in report.others)
    fired = [
        e.spec.title for e in october_rules.events if after.fired[e.index] > before.fired[e.index]
    ]
    for title in fired:
        assert any(line.startswith(title) for line in report.events), title


def mrc_debate_state(rules: Rules, turns: list[Turn]) -> State:
    """A state of the historical line where the MRC debate awaits the Bolsheviks' choice
    and the order to form the committee may still be given."""
    me = bolsheviks(rules)
    form = next(a for a in rules.actions if a.spec.id == "form_mrc")
    for before, _ in turns:
        waiting = [rules.events[e].spec.id for e, f in before.pending if f == me]
        if "mrc_debate" in waiting and action_problem(rules, before, me, form, 0) is None:
            return before
    raise AssertionError("the historical line never reached the MRC debate with the order open")


def test_an_order_made_impossible_by_an_earlier_choice_is_not_carried_out_and_says_why(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    rules = october_rules
    before = mrc_debate_state(rules, historical[1])
    event = next(e for e in rules.events if e.spec.id == "mrc_debate")
    assert any(
        o.choice.spec.id == "mrc" and o.problem is None
        for o in choice_options(rules, before, event)
    )
    orders = Orders((("mrc_debate", "mrc"),), (ActionOrder("form_mrc"),))
    after = step(rules, before, {"bolsheviks": orders}, np.random.default_rng(3))

    record = next(r for r in after.last_actions if r.faction == bolsheviks(rules))
    assert record.outcome == "blocked"
    assert record.blocked_by == "condition"
    assert record.failed == ("not flag(mrc_formed)",)

    report = turn_report(rules, before, after, bolsheviks(rules))
    formed = next(o for o in report.orders if o.label.startswith("Form a Military"))
    assert formed.outcome == "not carried out"
    assert "Military Revolutionary Committee already" in formed.why
    assert event.spec.title in formed.why, "the choice that came first is named"
    decided = report.orders[0]
    assert decided.outcome == "decided"
    assert "The Soviet has a Military Revolutionary Committee" in decided.moved


def test_an_order_another_side_made_impossible_first_names_that_side(october_rules: Rules) -> None:
    """Round by round: the Bolsheviks' first order, the government's first (the arrest of
    the MRC), then the Bolsheviks' second, which needs a committee still at liberty."""
    rules = october_rules
    state = Session(rules, 5, player="bolsheviks").state
    flags = np.array(state.flags, copy=True)
    flags[rules.ids[Kind.FLAG].index("mrc_formed")] = True
    resources = np.full_like(state.resources, 99)
    state = dataclasses.replace(state, flags=flags, resources=resources, pending=())
    me, government = bolsheviks(rules), rules.faction_index["government"]
    arrest = next(a for a in rules.actions if a.spec.id == "arrest_mrc")
    assert action_problem(rules, state, government, arrest, 0) is None
    send = next(a for a in rules.actions if a.spec.id == "send_commissars")
    open_targets = [
        rules.target_ids(send, send.candidates[c])
        for c in range(len(send.candidates))
        if action_problem(rules, state, me, send, c) is None
    ]
    decisions = {
        "bolsheviks": Orders(
            (), tuple(ActionOrder("send_commissars", unit) for unit in open_targets[:2])
        ),
        "government": Orders((), (ActionOrder("arrest_mrc"),)),
    }
    arrested = rules.ids[Kind.FLAG].index("mrc_arrested")
    for seed in range(200):
        after = step(rules, state, decisions, np.random.default_rng(seed))
        if after.flags[arrested]:
            break
    else:
        raise AssertionError("the arrest never succeeded in 200 throws")
    report = turn_report(rules, state, after, me)
    first, second = report.orders
    assert first.outcome in ("succeeded", "failed")
    assert second.outcome == "not carried out"
    assert "arrested the Military Revolutionary Committee already" in second.why
    assert "Arrest the Military Revolutionary Committee (Provisional Government)" in second.why


def test_a_turn_rebuilt_without_its_explanations_says_so_and_still_shows_the_choices(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    me = bolsheviks(october_rules)
    _, turns = historical
    before, after = next((b, a) for b, a in turns if any(f == me for _, f in b.pending))
    bare = dataclasses.replace(after, ledger=(), drift=None, last_actions=())
    report = turn_report(october_rules, before, bare, me)
    assert not report.complete
    assert report.notes
    assert report.orders and report.orders[0].outcome == "decided"
    assert report.biggest == tuple(biggest_changes(october_rules, before, bare))
    assert all("(" not in line for line in report.biggest if "passed from" in line)


def test_playing_a_turn_again_from_its_checkpoint_gives_back_the_same_report(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    session, turns = historical
    me = bolsheviks(october_rules)
    for index in (0, 5, len(turns) - 1):
        checkpoint, record = session.checkpoints[index], session.records[index]
        again = explained_after(october_rules, checkpoint.state, record.decisions, checkpoint.dice)
        before, after = turns[index]
        assert again.digest() == after.digest()
        assert turn_report(october_rules, before, again, me) == turn_report(
            october_rules, before, after, me
        )


def test_a_report_of_states_that_do_not_follow_is_refused(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    _, turns = historical
    with pytest.raises(ValueError):
        turn_report(october_rules, turns[0][0], turns[3][1], NO_ONE)


def test_changes_are_worded_with_names_and_points(october_rules: Rules) -> None:
    rules = october_rules
    said = change_words(rules, "support:bolsheviks:workers:vyborg", 320)
    assert said == "support for the Bolsheviks among workers in Vyborg side +3.2 points"
    assert change_words(rules, "control:winter_palace:bolsheviks", 1) == (
        "Winter Palace taken by the Bolsheviks"
    )
    assert change_words(rules, "track:government_legitimacy", -4) == "Government legitimacy -4"
    assert change_words(rules, "flag:mrc_formed", 1) == (
        "The Soviet has a Military Revolutionary Committee"
    )
    assert change_words(rules, "flag:mrc_formed", -1).startswith("no longer so: the Soviet")
    assert change_words(rules, "contest:won", 1) == ""
    for quantity in (
        "mobilisation:workers:vyborg",
        "defence:winter_palace",
        "strength:vyborg_red_guard",
        "loyalty:vyborg_red_guard",
        "resource:bolsheviks:influence",
        "owner:vyborg_red_guard",
    ):
        assert not NO_IDS.search(change_words(rules, quantity, 5)), quantity


def test_an_onlooker_gets_every_side_among_the_others(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    _, turns = historical
    before, after = turns[1]
    report = turn_report(october_rules, before, after, NO_ONE)
    assert report.orders == ()
    assert len(report.others) >= len(after.last_actions)


def test_the_report_of_any_turn_of_a_session_is_rebuilt_in_full(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    session, turns = historical
    me = bolsheviks(october_rules)
    for index in (0, 3, len(turns) - 1):
        before, after = turns[index]
        assert report_of_turn(session, index, me) == turn_report(october_rules, before, after, me)
    with pytest.raises(IndexError):
        report_of_turn(session, len(turns), me)


def test_a_session_restored_from_bare_states_still_reports_each_turn_in_full(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    """As a loaded save restores it: snapshots keep neither the ledger nor the records."""
    from game.session import Checkpoint

    session, turns = historical
    me = bolsheviks(october_rules)

    def bare(state: State) -> State:
        return dataclasses.replace(state, ledger=(), drift=None, last_actions=())

    loaded = Session(october_rules, 1917, player="bolsheviks")
    checkpoints = [Checkpoint(bare(c.state), c.dice, c.ai) for c in session.checkpoints]
    loaded.restore(
        session.records,
        checkpoints,
        bare(session.state),
        session.rng.bit_generator.state,
        session.ai_rng.bit_generator.state,
    )
    for index in (2, len(turns) - 1):
        before, after = turns[index]
        rebuilt = report_of_turn(loaded, index, me)
        assert rebuilt.complete
        assert rebuilt == turn_report(october_rules, before, after, me)


def test_every_turn_of_a_mini_game_reports_without_ids(mini_rules: Rules) -> None:
    session = Session(mini_rules, 11, player="reds")
    me = mini_rules.faction_index["reds"]
    while not session.over:
        before = session.state
        session.play_turn(session.ai_orders("reds"))
        lines = turn_report(mini_rules, before, session.state, me).lines()
        assert lines[0].startswith("What happened: Turn")
        assert not any("$" in line for line in lines)


def test_an_order_whose_target_was_taken_earlier_says_so_in_plain_words(
    october_rules: Rules,
) -> None:
    """Two seizures of one building: once the first has taken it, the second no longer fits,
    and the report says when the order is open, not the rule's grammar."""
    rules = october_rules
    state = Session(rules, 5, player="bolsheviks").state
    flags = np.array(state.flags, copy=True)
    flags[rules.ids[Kind.FLAG].index("rising_begun")] = True
    resources = np.full_like(state.resources, 99)
    state = dataclasses.replace(state, flags=flags, resources=resources, pending=())
    me = bolsheviks(rules)
    seize = next(a for a in rules.actions if a.spec.id == "seize_site")
    open_sites = [
        rules.target_ids(seize, seize.candidates[c])
        for c in range(len(seize.candidates))
        if action_problem(rules, state, me, seize, c) is None
    ]
    twice = Orders((), (ActionOrder("seize_site", open_sites[0]),) * 2)
    for seed in range(200):
        after = step(rules, state, {"bolsheviks": twice}, np.random.default_rng(seed))
        mine = [r for r in after.last_actions if r.faction == me]
        if mine[0].outcome == "succeeded":
            break
    else:
        raise AssertionError("the seizure never succeeded in 200 throws")
    second = turn_report(rules, state, after, me).orders[1]
    assert second.outcome == "not carried out"
    assert "the target no longer fitted: it is open only while the Bolsheviks do not hold" in (
        second.why
    )
    assert raw_rule_text(second.why) is None


def test_events_are_listed_with_what_they_did_or_whom_they_wait_for_in_sentences(
    october_rules: Rules, historical: tuple[Session, list[Turn]]
) -> None:
    rules = october_rules
    titles = {e.spec.title for e in rules.events}
    listed = 0
    for before, after in historical[1]:
        report = turn_report(rules, before, after, bolsheviks(rules))
        for line in report.events:
            listed += 1
            assert not re.search(r"[?!.]\.$", line), line  # "Strike first?." had a stray stop
            assert line.rstrip(".?!") not in titles, f"an event with nothing said of it: {line}"
        for line in report.lines():
            assert "?." not in line and "!." not in line, line
    assert listed


def test_a_choice_is_named_by_its_whole_first_sentence_never_cut_inside_a_word(
    october_rules: Rules,
) -> None:
    from game.describe import headed
    from game.report import cause_words

    for event in october_rules.events:
        for choice in event.spec.choices:
            said = cause_words(october_rules, f"event:{event.spec.id}:{choice.id}")
            first = choice.text.strip().split(". ")[0].rstrip(".")
            assert said == headed(event.spec.title, first)
            assert "..." not in said


@pytest.mark.parametrize(
    ("title", "text", "said"),
    [
        ("Strike first?", "only raise the bridges", "Strike first? Only raise the bridges"),
        (
            "The third coalition",
            "bring the Kadets back",
            "The third coalition: bring the Kadets back",
        ),
    ],
)
def test_a_choice_is_headed_by_its_event_without_a_colon_after_a_question(
    title: str, text: str, said: str
) -> None:
    from game.describe import headed

    assert headed(title, text) == said

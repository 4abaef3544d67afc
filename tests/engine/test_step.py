"""The rules of a turn, on the small test scenario."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.describe import effects_text
from game.engine.ai import decide
from game.engine.decisions import ActionOrder, IllegalDecision, Orders
from game.engine.legal import (
    any_choice_open,
    bind,
    choice_options,
    legal_options,
    options,
    pending_for,
)
from game.engine.rules import Rules
from game.engine.state import BASIS, NO_ONE, JournalEntry, State
from game.engine.turns import (
    MAX_TRIGGER_DEPTH,
    drift_loyalty,
    fire_event,
    income_on,
    new_game,
    pay_income,
    step,
)
from game.engine.wording import condition_words
from game.engine.work import Work
from game.scenario.expr import Kind
from game.scenario.loader import load_scenario
from game.session import Session, generators

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def start(
    rules: Rules, seed: int = 1, player: str | None = "reds"
) -> tuple[State, np.random.Generator]:
    rng, _ = generators(seed)
    player_index = NO_ONE if player is None else rules.faction_index[player]
    return new_game(rules, player_index, rng), rng


def idx(rules: Rules, kind: Kind, ident: str) -> int:
    return rules.ids[kind].index(ident)


def test_a_new_game_holds_the_scenario_starting_position(mini_rules: Rules) -> None:
    state, _ = start(mini_rules)
    r = mini_rules
    reds, workers, north = (
        r.faction_index["reds"],
        r.group_index["workers"],
        r.region_index["north"],
    )
    assert state.support[reds, workers, north] == 4000
    assert state.support[-1, workers, north] == 4000  # the rest of the 100% is unaligned
    assert (state.support.sum(axis=0) == BASIS).all()
    assert state.site_controller[idx(r, Kind.SITE, "bridge")] == NO_ONE
    assert state.fired[idx(r, Kind.EVENT, "opening")]  # dated on the first day
    assert "Everything starts." in [e.text for e in state.journal]


def test_states_are_read_only(mini_rules: Rules) -> None:
    state, _ = start(mini_rules)
    with pytest.raises(ValueError):
        state.tracks[0] = 99


def test_an_empty_turn_moves_the_calendar_and_pays_income(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    after = step(mini_rules, state, {}, rng)
    assert after.turn == 1
    blues = mini_rules.faction_index["blues"]
    influence = mini_rules.resource_index["influence"]
    assert after.resources[blues, influence] == state.resources[blues, influence] + 2


def test_support_drifts_toward_its_target_and_the_drift_is_recorded(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    after = step(mini_rules, state, {}, rng)
    assert after.drift is not None
    assert (after.drift == after.support - state.support).all()
    assert after.drift.any()
    assert (after.support.sum(axis=0) == BASIS).all()


def test_an_action_changes_support_and_says_why(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    orders = Orders(actions=(ActionOrder("agitate", ("workers", "centre")),))
    r = mini_rules
    after = step(r, state, {"reds": orders}, rng)
    causes = [c for c in after.ledger if c.cause == "action:agitate:reds"]
    assert [c.quantity for c in causes] == [
        "support:reds:workers:centre",
        "mobilisation:workers:centre",
    ]
    assert causes[0].delta == 300
    influence = r.resource_index["influence"]
    reds = r.faction_index["reds"]
    income = 2 + 35 // 20  # the reds' income expression, at the new support
    assert after.resources[reds, influence] in range(
        state.resources[reds, influence] - 1, state.resources[reds, influence] - 1 + income + 2
    )


@pytest.mark.parametrize(
    ("orders", "reason"),
    [
        (Orders(actions=(ActionOrder("decree"),)), "the Reds cannot take Decree"),
        (Orders(actions=(ActionOrder("nonsense"),)), "no such action"),
        (Orders(actions=(ActionOrder("agitate", ("workers", "moon")),)), "cannot be aimed at"),
        (Orders(actions=(ActionOrder("seize", ("palace",)),)), "only when the committee sits"),
        (
            Orders(actions=(ActionOrder("agitate", ("workers", "north")),) * 3),
            "only 2 times a turn",
        ),
        (Orders(actions=(ActionOrder("commissar", ("regiment",)),) * 2), "only once a turn"),
        (Orders(choices=(("committee", "form"),)), "no event 'committee' awaits"),
    ],
)
def test_illegal_decisions_are_refused_with_a_reason(
    mini_rules: Rules, orders: Orders, reason: str
) -> None:
    state, rng = start(mini_rules)
    with pytest.raises(IllegalDecision) as refused:
        step(mini_rules, state, {"reds": orders}, rng)
    assert reason in refused.value.reason


def test_an_unaffordable_action_is_refused(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    orders = Orders(
        actions=(
            ActionOrder("agitate", ("workers", "north")),
            ActionOrder("agitate", ("soldiers", "north")),
            ActionOrder("commissar", ("regiment",)),
        )
    )
    with pytest.raises(IllegalDecision, match="not enough left"):
        step(mini_rules, state, {"reds": orders}, rng)


def test_a_refused_turn_changes_nothing(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    before = state.digest()
    rng_state = rng.bit_generator.state
    with pytest.raises(IllegalDecision):
        step(mini_rules, state, {"reds": Orders(actions=(ActionOrder("nonsense"),))}, rng)
    assert state.digest() == before
    assert rng.bit_generator.state == rng_state


def advance_to_committee(rules: Rules) -> tuple[State, np.random.Generator]:
    state, rng = start(rules)
    state = step(rules, state, {}, rng)
    assert [rules.events[e].spec.id for e, _ in state.pending] == ["committee"]
    return state, rng


def test_an_event_waits_for_its_faction_and_a_missing_choice_is_refused(mini_rules: Rules) -> None:
    state, rng = advance_to_committee(mini_rules)
    with pytest.raises(IllegalDecision, match="awaits a choice"):
        step(mini_rules, state, {}, rng)


def test_locked_choices_say_what_they_require_and_are_refused(mini_rules: Rules) -> None:
    state, rng = advance_to_committee(mini_rules)
    event = pending_for(mini_rules, state, mini_rules.faction_index["reds"])[0]
    problems = {o.choice.spec.id: o.problem for o in choice_options(mini_rules, state, event)}
    assert problems == {"form": None, "wait": None, "locked": "only when the rising has begun"}
    with pytest.raises(IllegalDecision, match="closed"):
        step(mini_rules, state, {"reds": Orders(choices=(("committee", "locked"),))}, rng)


def test_a_choice_applies_its_effects_and_opens_new_actions(mini_rules: Rules) -> None:
    state, rng = advance_to_committee(mini_rules)
    reds = mini_rules.faction_index["reds"]
    assert not any(o.action.spec.id == "seize" for o in legal_options(mini_rules, state, reds))
    after = step(mini_rules, state, {"reds": Orders(choices=(("committee", "form"),))}, rng)
    assert after.flags[idx(mini_rules, Kind.FLAG, "committee_formed")]
    seizable = [o for o in legal_options(mini_rules, after, reds) if o.action.spec.id == "seize"]
    assert {mini_rules.target_ids(o.action, o.target) for o in seizable} == {
        ("palace",),
        ("station",),
        ("bridge",),
    }


def test_a_seizure_is_a_contest_decided_by_the_seeded_dice(mini_rules: Rules) -> None:
    outcomes = set()
    for seed in range(30):
        state, rng = start(mini_rules, seed)
        state = step(mini_rules, state, {}, rng)
        state = step(mini_rules, state, {"reds": Orders(choices=(("committee", "form"),))}, rng)
        if state.pending:  # the blues' crackdown; they hold
            state = step(
                mini_rules, state, {"blues": Orders(choices=(("crackdown", "hold"),))}, rng
            )
        after = step(
            mini_rules, state, {"reds": Orders(actions=(ActionOrder("seize", ("station",)),))}, rng
        )
        won = (
            after.site_controller[idx(mini_rules, Kind.SITE, "station")]
            == mini_rules.faction_index["reds"]
        )
        outcomes.add(bool(won))
        assert [r.outcome for r in after.last_actions] == ["succeeded" if won else "failed"]
    assert outcomes == {True, False}


def test_triggered_events_fire_at_once(mini_rules: Rules) -> None:
    state, rng = advance_to_committee(mini_rules)
    state = step(mini_rules, state, {"reds": Orders(choices=(("committee", "form"),))}, rng)
    assert [mini_rules.events[e].spec.id for e, _ in state.pending] == ["crackdown"]
    after = step(mini_rules, state, {"blues": Orders(choices=(("crackdown", "strike"),))}, rng)
    assert after.fired[idx(mini_rules, Kind.EVENT, "aftermath")]
    assert (
        after.site_controller[idx(mini_rules, Kind.SITE, "bridge")]
        == mini_rules.faction_index["blues"]
    )


def last_open_choices(rules: Rules, state: State) -> dict[str, Orders]:
    """Every pending event answered with its last open choice (the quiet ones in the mini scenario)."""
    out: dict[str, Orders] = {}
    for event, faction in state.pending:
        rule = rules.events[event]
        open_ids = [
            o.choice.spec.id for o in choice_options(rules, state, rule) if o.problem is None
        ]
        fid = rules.faction_ids[faction]
        out[fid] = Orders(choices=(*out.get(fid, Orders()).choices, (rule.spec.id, open_ids[-1])))
    return out


def test_when_no_ending_holds_the_calendar_ends_in_the_fallback(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    while not state.over:
        state = step(mini_rules, state, last_open_choices(mini_rules, state), rng)
    assert mini_rules.model.endings[state.ending].id == "stalemate"
    assert state.turn == mini_rules.last_turn
    with pytest.raises(IllegalDecision, match="over"):
        step(mini_rules, state, {}, rng)


def test_the_first_ending_whose_condition_holds_ends_the_game(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    w = Work(mini_rules, state, rng)
    w.tracks[idx(mini_rules, Kind.TRACK, "legitimacy")] = 5
    after = step(mini_rules, w.freeze(), {}, rng)
    assert mini_rules.model.endings[after.ending].id == "blue_collapse"
    assert after.turn == state.turn  # the calendar stops where the game ended


def test_a_garrison_follows_its_soldiers_and_deserts_an_unpopular_owner(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    r = mini_rules
    regiment = idx(r, Kind.UNIT, "regiment")
    blues, soldiers, centre = (
        r.faction_index["blues"],
        r.group_index["soldiers"],
        r.region_index["centre"],
    )
    w = Work(r, state, rng)
    w.support[blues, soldiers, centre] -= 2500  # down to 10%
    w.support[-1, soldiers, centre] += 2500
    seen = []
    for _ in range(4):
        drift_loyalty(w)
        seen.append(int(w.unit_loyalty[regiment]))
    assert seen == [45, 34, 26, 21]  # 70% of the gap to 10 kept each turn
    assert int(w.unit_owner[regiment]) == NO_ONE  # below 25: it no longer obeys
    assert any("no longer obeys" in e.text for e in w.journal)


def test_an_ownerless_garrison_joins_a_faction_its_soldiers_back(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    r = mini_rules
    regiment = idx(r, Kind.UNIT, "regiment")
    reds, soldiers, centre = (
        r.faction_index["reds"],
        r.group_index["soldiers"],
        r.region_index["centre"],
    )
    w = Work(r, state, rng)
    w.unit_owner[regiment] = NO_ONE
    w.support[:, soldiers, centre] = 0
    w.support[reds, soldiers, centre] = 6000
    w.support[-1, soldiers, centre] = 4000
    drift_loyalty(w)
    assert int(w.unit_owner[regiment]) == reds
    assert int(w.unit_loyalty[regiment]) == 60


def test_options_list_closed_actions_with_reasons(mini_rules: Rules) -> None:
    state, _ = start(mini_rules)
    reds = mini_rules.faction_index["reds"]
    opts = options(mini_rules, state, reds)
    seize = [o for o in opts if o.action.spec.id == "seize"]
    assert seize and all(o.problem == "only when the committee sits" for o in seize)
    commissar = {
        mini_rules.target_ids(o.action, o.target): o.problem
        for o in opts
        if o.action.spec.id == "commissar"
    }
    assert (
        commissar[("guards",)] is not None
        and "the Reds do not command the Guards" in commissar[("guards",)]
    )
    assert commissar[("regiment",)] is None


def test_effects_are_described_in_words(mini_rules: Rules) -> None:
    state, _ = start(mini_rules)
    agitate = next(a for a in mini_rules.actions if a.spec.id == "agitate")
    candidate = agitate.candidates.index(
        (mini_rules.group_index["workers"], mini_rules.region_index["north"])
    )
    params = bind(mini_rules, state, agitate, candidate, mini_rules.faction_index["reds"])
    text = effects_text(mini_rules, agitate.effects, params)
    assert (
        text
        == "Reds: +3 points support among workers in North; mobilisation of workers in North +5"
    )
    seize = next(a for a in mini_rules.actions if a.spec.id == "seize")
    described = effects_text(mini_rules, seize.effects, {"faction": 0})
    assert described.startswith("a contest of ") and "the Reds take the target" in described


def test_the_ai_gives_legal_orders_that_step_accepts(mini_rules: Rules) -> None:
    for seed in range(5):
        session = Session(mini_rules, seed, player=None)
        while not session.over:
            for fid in mini_rules.faction_ids:
                orders = session.ai_orders(fid)
                assert (
                    len(orders.actions)
                    <= mini_rules.actions_per_turn[mini_rules.faction_index[fid]]
                )
            session.play_turn()
        assert session.state.ending != NO_ONE


def test_the_ai_is_deterministic_for_a_seed(mini_rules: Rules) -> None:
    state, _ = start(mini_rules)
    a = decide(mini_rules, state, 0, np.random.default_rng(5))
    b = decide(mini_rules, state, 0, np.random.default_rng(5))
    assert a == b and a.actions


def modded(tmp_path: Path, file: str, old: str, new: str) -> Rules:
    folder = tmp_path / "mod"
    shutil.copytree(MINI, folder)
    text = (folder / file).read_text()
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1))
    return Rules(load_scenario(folder))


def test_an_event_whose_choices_are_all_closed_passes_undecided(tmp_path: Path) -> None:
    closed = '        condition: "flag(rising)"\n'
    modded(
        tmp_path,
        "story.yaml",
        "      - id: strike\n        text: Strike\n",
        "      - id: strike\n        text: Strike\n" + closed,
    )
    folder = tmp_path / "mod"
    text = (folder / "story.yaml").read_text()
    (folder / "story.yaml").write_text(
        text.replace(
            "      - id: hold\n        text: Hold\n",
            "      - id: hold\n        text: Hold\n" + closed,
        )
    )
    rules = Rules(load_scenario(folder))
    state, rng = start(rules, player=None)
    w = Work(rules, state, rng)
    crackdown = idx(rules, Kind.EVENT, "crackdown")
    blues = rules.faction_index["blues"]
    w.pending = [(crackdown, blues)]
    waiting = w.freeze()
    assert not any_choice_open(rules, waiting, rules.events[crackdown])
    assert decide(rules, waiting, blues, np.random.default_rng(1)).choices == ()
    after = step(rules, waiting, {}, rng)  # no choice owed, none refused
    assert (crackdown, blues) not in after.pending
    with pytest.raises(IllegalDecision, match="closed"):
        step(rules, waiting, {"blues": Orders(choices=(("crackdown", "hold"),))}, rng)


def test_events_that_trigger_each_other_do_not_loop(tmp_path: Path) -> None:
    rules = modded(
        tmp_path,
        "story.yaml",
        "    effects: [{track: {track: unrest, amount: 5}}]\n",
        "    once: false\n    effects: [{track: {track: unrest, amount: 1}}, trigger: aftermath]\n",
    )
    state, rng = start(rules)
    w = Work(rules, state, rng)
    fire_event(w, idx(rules, Kind.EVENT, "aftermath"))
    unrest = int(w.tracks[idx(rules, Kind.TRACK, "unrest")])
    assert unrest == 20 + MAX_TRIGGER_DEPTH
    assert any("too many events triggered" in e.text for e in w.journal)


def test_a_once_only_event_is_not_fired_again_by_a_trigger(mini_rules: Rules) -> None:
    state, rng = start(mini_rules)
    w = Work(mini_rules, state, rng)
    aftermath = idx(mini_rules, Kind.EVENT, "aftermath")
    fire_event(w, aftermath)
    fire_event(w, aftermath)
    assert int(w.tracks[idx(mini_rules, Kind.TRACK, "unrest")]) == 25


def test_a_contest_without_any_attack_fails(tmp_path: Path) -> None:
    rules = modded(
        tmp_path,
        "actions.yaml",
        'attack: "strength($faction, $region) + mobilisation(workers, $region) * 10"',
        "attack: 0",
    )
    state, rng = start(rules)
    w = Work(rules, state, rng)
    w.flags[idx(rules, Kind.FLAG, "committee_formed")] = True
    after = step(
        rules, w.freeze(), {"reds": Orders(actions=(ActionOrder("seize", ("station",)),))}, rng
    )
    assert [r.outcome for r in after.last_actions if r.faction == 0] == ["failed"]


@pytest.mark.parametrize(
    ("text", "params", "words"),
    [
        (
            "support(reds, workers, north) >= 40",
            {},
            "the Reds' support among workers in North is at least 40",
        ),
        (
            "support($faction, all) < 10",
            {"faction": 1},
            "the Blues' support overall is less than 10",
        ),
        (
            "not flag(rising) and (legitimacy > 3 or control(palace) == none)",
            {},
            "no rising has begun, and either Legitimacy is more than 3 or no one holds the Palace",
        ),
        ("date >= 1917-10-10", {}, "it is 10 October 1917 or later"),
        ("loyalty($unit) < 30", {}, "the loyalty of the target is less than 30"),
        (
            "fired(committee) and controls($faction, $site)",
            {"faction": 0, "site": 1},
            "“A committee” has happened and the Reds hold the Station",
        ),
    ],
)
def test_conditions_are_read_in_words(
    mini_rules: Rules, text: str, params: dict[str, int], words: str
) -> None:
    assert condition_words(mini_rules, text, params) == words


def test_a_dated_event_fires_on_the_first_of_two_turns_sharing_its_date(tmp_path: Path) -> None:
    modded(
        tmp_path,
        "scenario.yaml",
        "    - {date: 1917-10-24}\n",
        "    - {date: 1917-10-24, label: day}\n    - {date: 1917-10-24, label: night}\n",
    )
    story = tmp_path / "mod" / "story.yaml"
    story.write_text(story.read_text().replace("    when: false\n", "    date: 1917-10-24\n"))
    rules = Rules(load_scenario(tmp_path / "mod"))
    assert rules.turn_span(4) == rules.turn_span(5)  # the day and the night both hold the 24th
    state, rng = start(rules)
    aftermath = idx(rules, Kind.EVENT, "aftermath")
    fired_on = []
    while not state.over:
        if state.fired[aftermath] and not fired_on:
            fired_on.append(state.turn)
        state = step(rules, state, last_open_choices(rules, state), rng)
    assert fired_on == [4]


def test_a_bridge_shows_raised_while_its_condition_holds(october_rules: Rules) -> None:
    import dataclasses

    from game.engine.legal import raised_sites

    rules = october_rules
    state = new_game(rules, NO_ONE, np.random.default_rng(1))
    bridges = [i for i, site in enumerate(rules.model.sites) if "bridge" in site.tags]
    assert bridges and not any(raised_sites(rules, state))
    flags = state.flags.copy()
    flags[[f.id for f in rules.model.flags].index("bridges_raised")] = True
    up = dataclasses.replace(state, flags=flags)
    shown = raised_sites(rules, up)
    assert [i for i, r in enumerate(shown) if r] == bridges


def _shift_as_first_written(
    support: np.ndarray, f: int, g: slice | int, r: slice | int, amount: int
) -> int:
    """ShiftSupport.apply's arithmetic as it stood before the fast paths: the reference."""
    from game.engine.shares import take_proportionally

    cells = np.array(support[:, g, r], copy=True)
    own = cells[f]
    if amount > 0:
        others = np.delete(cells, f, axis=0)
        take = np.minimum(amount, others.sum(axis=0))
        taken = take_proportionally(others, take)
        cells[f] = own + take
        rest = np.delete(np.arange(len(cells)), f)
        cells[rest] = others - taken
        moved = int(np.asarray(take).sum())
    else:
        give = np.minimum(-amount, own)
        cells[f] = own - give
        cells[-1] = cells[-1] + give
        moved = -int(np.asarray(give).sum())
    support[:, g, r] = cells
    return moved


@st.composite
def _support_and_shift(
    draw: st.DrawFn,
) -> tuple[np.ndarray, int, int | None, int | None, int]:
    rows, groups, regions = (
        draw(st.integers(2, 6)),
        draw(st.integers(1, 3)),
        draw(st.integers(1, 4)),
    )
    raw = draw(hnp.arrays(np.int64, (rows, groups, regions), elements=st.integers(0, 50)))
    # Columns summing to BASIS, some with every share on one row (or none on the others).
    support = raw * (BASIS // 50)
    support[-1] += BASIS - support.sum(axis=0)
    support = np.where(support < 0, 0, support)
    support[0] += BASIS - support.sum(axis=0)
    f = draw(st.integers(-rows, rows - 1))
    g = draw(st.none() | st.integers(0, groups - 1))
    r = draw(st.none() | st.integers(0, regions - 1))
    amount = draw(st.integers(-2 * BASIS, 2 * BASIS))
    return support, f, g, r, amount


@given(_support_and_shift())
def test_shifting_support_moves_the_same_shares_on_every_path(
    case: tuple[np.ndarray, int, int | None, int | None, int],
) -> None:
    from game.engine.effects import _shift_cells, _shift_one_cell

    support, f, g, r, amount = case
    gs = slice(None) if g is None else g
    rs = slice(None) if r is None else r
    expected = support.copy()
    moved = _shift_as_first_written(expected, f, gs, rs, amount)
    general = support.copy()
    assert _shift_cells(general, f, gs, rs, amount) == moved
    assert np.array_equal(general, expected)
    if g is not None and r is not None:
        one = support.copy()
        assert _shift_one_cell(one, f, g, r, amount) == moved
        assert np.array_equal(one, expected)


@given(
    _support_and_shift(),
    st.lists(st.tuples(st.integers(0, 2), st.integers(1, 2 * BASIS)), min_size=1, max_size=4),
)
def test_gains_in_whole_groups_carried_at_once_move_what_they_move_one_by_one(
    case: tuple[np.ndarray, int, int | None, int | None, int],
    gains: list[tuple[int, int]],
) -> None:
    from game.engine.effects import Amount, Scope, ShiftRows, ShiftSupport, carried
    from game.scenario.expr import Symbols

    support, f, _, _, _ = case
    rows, groups, regions = support.shape
    ids = {
        Kind.FACTION: [f"f{i}" for i in range(rows - 1)],
        Kind.GROUP: [f"g{i}" for i in range(groups)],
        Kind.REGION: [f"r{i}" for i in range(regions)],
    }
    symbols = Symbols(ids, {"faction": Kind.FACTION})
    shifts = tuple(
        ShiftSupport(
            Scope("$faction", Kind.FACTION, symbols),
            Scope(f"g{g % groups}", Kind.GROUP, symbols),
            Scope("all", Kind.REGION, symbols),
            Amount(amount, symbols),
        )
        for g, amount in gains
    )
    params = {"faction": f % (rows - 1)}

    def board(effects: tuple[object, ...]) -> Work:
        w = Work.__new__(Work)
        w.support, w.ledger, w.cause = support.copy(), [], "test"
        w.rules = type("R", (), {"ids": ids, "faction_ids": ids[Kind.FACTION]})()  # type: ignore[assignment]
        for effect in effects:
            effect.apply(w, params)  # type: ignore[attr-defined]
        return w

    at_once = carried(shifts)
    one_by_one, together = board(shifts), board(at_once)
    assert np.array_equal(together.support, one_by_one.support)
    assert together.ledger == one_by_one.ledger
    assert any(isinstance(e, ShiftRows) for e in at_once) == (len(at_once) < len(shifts))


@given(
    st.lists(
        st.builds(JournalEntry, st.integers(0, 99), st.text(max_size=20), st.integers(-1, 4)),
        max_size=5,
    )
)
def test_the_digest_hashes_the_journal_as_its_repr(entries: list[JournalEntry]) -> None:
    from game.engine.state import _journal_repr

    journal = tuple(entries)
    assert _journal_repr(journal) == repr(journal)


@pytest.mark.parametrize("seed", [0, 3])
def test_the_steps_recheck_agrees_with_the_menu(october_rules: Rules, seed: int) -> None:
    from game.engine.legal import action_blocked, action_problem

    rules = october_rules
    state, rng = start(rules, seed, player=None)
    while not state.over:
        for faction in range(rules.n_factions):
            for action in rules.actions:
                for candidate in range(len(action.candidates)):
                    problem = action_problem(rules, state, faction, action, candidate)
                    blocked = action_blocked(rules, state, faction, action, candidate)
                    assert blocked == (problem is not None)
        ai = np.random.default_rng(seed)
        orders = {fid: decide(rules, state, f, ai) for f, fid in enumerate(rules.faction_ids)}
        state = step(rules, state, orders, rng)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_income_shown_is_what_a_new_turn_pays(october_rules: Rules, seed: int) -> None:
    """`income_on` reads a board's income without changing it; `pay_income`, as a turn
    begins, adds exactly that to every faction's stock (never below nothing)."""
    session = Session(october_rules, seed, player=None)
    for _ in range(3):
        session.apply({fid: session.ai_orders(fid) for fid in october_rules.faction_ids})
    state = session.state
    w = Work(october_rules, state, np.random.default_rng(seed))
    shown = [income_on(october_rules, state, f) for f in range(october_rules.n_factions)]
    before = np.array(state.resources)
    pay_income(w)
    assert any(any(v > 0 for v in income.values()) for income in shown)
    for f, income in enumerate(shown):
        for r in range(before.shape[1]):
            expected = max(0, int(before[f, r]) + income.get(r, 0))
            assert int(w.resources[f, r]) == expected

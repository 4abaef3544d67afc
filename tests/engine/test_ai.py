"""The AI's scoring: its fast whole-action scoring agrees with scoring target by target."""

from __future__ import annotations

import dataclasses
import weakref

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import ai
from game.engine.ai import Valuer, _estimate_vector, _score_targets, _Targets
from game.engine.context import EvalCtx, VecEvalCtx
from game.engine.effects import Amount, Effect
from game.engine.legal import bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import BASIS, IntArray, State, frozen
from game.scenario.expr import Compiled, Kind, Symbols, VecUnsupported, compile_expr
from game.session import Session


@pytest.mark.parametrize("turns", [0, 6, 14])
def test_vector_scores_match_scores_target_by_target(october_rules: Rules, turns: int) -> None:
    session = Session(october_rules, 3, player=None)
    for _ in range(turns):
        session.play_turn()
    state = session.state
    for faction, fid in enumerate(october_rules.faction_ids):
        profile = october_rules.profiles[october_rules.model.factions[faction].ai_profile]
        v = Valuer(october_rules, state, faction, profile)
        for action in october_rules.actions:
            if faction not in action.factions:
                continue
            fast = _score_targets(october_rules, state, faction, v, action)
            bias = v.tags(action.spec.tags) - v.cost(action.cost) + ai._weight(v, action)
            slow = [
                bias
                + sum(
                    e.estimate(v, bind(october_rules, state, action, c, faction))
                    for e in action.effects
                )
                for c in range(len(action.candidates))
            ]
            assert np.allclose(fast, slow), f"{fid} {action.spec.id}"


# --- the vector paths: equal, bit for bit, to the scalar ones they stand in for ---------


def _random_state(rules: Rules, seed: int) -> State:
    """A board with every quantity drawn at random: not a reachable game, a hard test."""
    base = Session(rules, 0, player=None).state
    rng = np.random.default_rng(seed)
    n_factions = rules.n_factions
    support = rng.integers(0, 4000, base.support.shape)
    support[-1] = 0
    support[-1] = np.maximum(BASIS - support.sum(axis=0), 0)
    units = len(base.unit_owner)
    return dataclasses.replace(
        base,
        turn=int(rng.integers(0, len(rules.turn_dates))),
        support=frozen(support.astype(np.int64)),
        mobilisation=frozen(rng.integers(0, 101, base.mobilisation.shape)),
        tracks=frozen(rng.integers(-5, 120, base.tracks.shape)),
        flags=frozen(rng.random(base.flags.shape) < 0.5),
        resources=frozen(rng.integers(0, 12, base.resources.shape)),
        site_controller=frozen(rng.integers(-1, n_factions, base.site_controller.shape)),
        site_defence=frozen(rng.integers(0, 3000, base.site_defence.shape)),
        unit_owner=frozen(rng.integers(-1, n_factions, units)),
        unit_region=frozen(rng.integers(0, rules.population.shape[1], units)),
        unit_strength=frozen(rng.integers(0, 5000, units)),
        unit_loyalty=frozen(rng.integers(0, 101, units)),
        fired=frozen(rng.random(base.fired.shape) < 0.5),
        player=int(rng.integers(-1, n_factions)),
    )


def _expressions(effects: tuple[Effect, ...] | list[Effect]) -> list[Compiled]:
    """Every compiled expression inside some effects, nested ones included."""
    found: list[Compiled] = []
    for e in effects:
        for value in vars(e).values():
            if isinstance(value, Amount) and value.compiled is not None:
                found.append(value.compiled)
            elif isinstance(value, Compiled):
                found.append(value)
            elif isinstance(value, list | tuple) and value and hasattr(value[0], "estimate"):
                found.extend(_expressions(list(value)))
    return found


def _vector_equals_scalar(rules: Rules, state: State, faction: int) -> int:
    """Checks every action expression at every candidate; returns how many were compared."""
    compared = 0
    for action in rules.actions:
        t = _Targets(rules, state, faction, action)
        n = len(action.candidates)
        for compiled in [action.condition, action.targets, *_expressions(action.effects)]:
            got = np.broadcast_to(compiled.many(VecEvalCtx(rules, state, t.arrays)), (n,))
            want = [compiled(EvalCtx(rules, state, params)) for params in t.params]
            assert got.tolist() == want, f"{action.spec.id}: {compiled.text}"
            compared += n
    return compared


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), faction=st.integers(0, 3))
def test_vector_expressions_equal_scalar_ones(october_rules: Rules, seed: int, faction: int) -> None:
    state = _random_state(october_rules, seed)
    assert _vector_equals_scalar(october_rules, state, faction) > 0


# Expressions the bundled scenario does not use, for the paths it does not reach.
_EXTRA = [
    "support($faction, all) + support($faction, $group) + support($faction, all, $region)",
    "mobilisation(all) + mobilisation($group) + mobilisation(all, $region) + mobilisation($group, $region)",
    "sites_held(owner($unit)) * 3 - sites_held($faction) % 4",
    "strength(owner($unit), $region) / (loyalty($unit) - 50) + strength($faction) / 7",
    "resource(owner($unit), influence) + min(loyalty($unit), 40) - max(-3, abs(50 - loyalty($unit)))",
    "support(owner($unit), soldiers, $region) - support(none, workers)",
    "(-loyalty($unit)) / 3 + (-loyalty($unit)) % 7 + 17 / (loyalty($unit) / 10 - 5)",
    "is_player($faction) or is_player(owner($unit)) or controls(owner($unit), winter_palace)",
    "date - 1917-10-01 + turn * 2 + defence(winter_palace) / 100 + sites_held(none)",
    "final and not fired(kornilov_collapse) or flag(papers_closed) == (owner($unit) == none)",
    "if(loyalty($unit) > 50, strength($faction, $region), -3) + if(final, 1, turn)",
]


@pytest.mark.parametrize("text", _EXTRA)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_vector_paths_the_scenario_leaves_out(october_rules: Rules, text: str, seed: int) -> None:
    rules = october_rules
    kind = Kind.BOOL if "or" in text.split() or text.startswith("final") else Kind.INT
    symbols = Symbols(
        rules.ids,
        {"faction": Kind.FACTION, "unit": Kind.UNIT, "region": Kind.REGION, "group": Kind.GROUP},
    )
    compiled = compile_expr(text, symbols, kind)
    state = _random_state(rules, seed)
    rng = np.random.default_rng(seed)
    n = 40
    arrays: dict[str, IntArray | int] = {
        "faction": int(rng.integers(0, rules.n_factions)),
        "unit": rng.integers(0, len(state.unit_owner), n),
        "region": rng.integers(0, rules.population.shape[1], n),
        "group": rng.integers(0, rules.population.shape[0], n),
    }
    got = np.broadcast_to(compiled.many(VecEvalCtx(rules, state, arrays)), (n,)).tolist()
    want = [
        compiled(EvalCtx(rules, state, {k: a if isinstance(a, int) else int(a[i])
                                        for k, a in arrays.items()}))
        for i in range(n)
    ]  # fmt: skip
    assert got == want


def test_vector_evaluation_refuses_what_int64_cannot_hold(october_rules: Rules) -> None:
    symbols = Symbols(october_rules.ids, {"unit": Kind.UNIT})
    compiled = compile_expr("loyalty($unit) * 1000000000 * 1000000000", symbols, Kind.INT)
    state = Session(october_rules, 0, player=None).state
    ctx = VecEvalCtx(october_rules, state, {"unit": np.arange(5, dtype=np.int64)})
    with pytest.raises(VecUnsupported):
        compiled.many(ctx)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), faction=st.integers(0, 3), profile=st.integers(0, 3))
def test_vector_estimates_equal_scalar_ones(
    october_rules: Rules, seed: int, faction: int, profile: int
) -> None:
    """The AI's vector estimates equal each effect's own `estimate` exactly, not nearly."""
    rules = october_rules
    state = _random_state(rules, seed)
    v = Valuer(rules, state, faction, rules.model.ai_profiles[profile])
    for action in rules.actions:
        t = _Targets(rules, state, faction, action)
        if t.n <= 2:
            continue  # those are estimated target by target anyway
        for effect in action.effects:
            found = _estimate_vector(effect, v, t)
            if found is None:
                continue  # estimated target by target
            got = np.broadcast_to(found, (t.n,)).tolist()
            want = [effect.estimate(v, params) for params in t.params]
            assert got == want, f"{action.spec.id}: {type(effect).__name__}"


def test_ai_decisions_do_not_depend_on_the_vector_paths(
    october_rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every vector estimate refused, the AI decides and draws exactly the same."""

    def play() -> tuple[list[str], object]:
        session = Session(october_rules, 11, player=None)
        session.run()
        return [r.state_hash for r in session.records], session.ai_rng.bit_generator.state

    fast = play()
    monkeypatch.setattr(ai, "_estimate_vector", lambda e, v, t: None)
    # Forget the first turn's thinking, kept from the game above, so that it is done again.
    monkeypatch.setattr(ai, "_OPENINGS", weakref.WeakKeyDictionary())
    assert play() == fast


def _scores_target_by_target(
    rules: Rules, state: State, faction: int, v: Valuer, action: ActionRule
) -> list[float]:
    """How the AI scored before its vector paths: every slow effect target by target."""
    n = len(action.candidates)
    scores = np.full(n, v.tags(action.spec.tags) - v.cost(action.cost) + ai._weight(v, action))
    arrays: dict[str, IntArray | int] = {**action.param_arrays, "faction": faction}
    if "unit" in action.param_arrays:
        arrays["region"] = state.unit_region[action.param_arrays["unit"]]
    slow = []
    for effect in action.effects:
        many = getattr(effect, "estimate_many", None)
        fast = many(v, arrays) if many is not None else None
        if fast is None:
            slow.append(effect)
        else:
            scores += fast
    for candidate in range(n) if slow else ():
        params = bind(rules, state, action, candidate, faction)
        scores[candidate] += sum(e.estimate(v, params) for e in slow)
    return list(scores.tolist())


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), faction=st.integers(0, 3), profile=st.integers(0, 3))
def test_scores_equal_those_target_by_target_exactly(
    october_rules: Rules, seed: int, faction: int, profile: int
) -> None:
    """Not nearly: any difference could change a decision, and saved games replay them."""
    rules = october_rules
    state = _random_state(rules, seed)
    v = Valuer(rules, state, faction, rules.model.ai_profiles[profile])
    for action in rules.actions:
        got = _score_targets(rules, state, faction, v, action).tolist()
        assert got == _scores_target_by_target(rules, state, faction, v, action), action.spec.id


def _bits(scores: np.ndarray) -> list[str]:
    """Each float exactly, the sign of a zero included."""
    return [float(x).hex() for x in scores.tolist()]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), faction=st.integers(0, 3), profile=st.integers(0, 3))
def test_the_plain_action_program_scores_as_each_action_alone(
    october_rules: Rules, seed: int, faction: int, profile: int
) -> None:
    """One run of a faction's program gives every plain action the scores scoring it alone
    gives, bit for bit: the program only changes how many numpy calls they take."""
    rules = october_rules
    state = _random_state(rules, seed)
    v = Valuer(rules, state, faction, rules.model.ai_profiles[profile])
    program = ai._program(rules, faction)
    assert program.actions, "the scenario has plain actions for every faction"
    scores = ai._run(program, v, {a.index for a in program.actions})
    for action in program.actions:
        first, end = program.spans[action.index]
        alone = _score_targets(rules, state, faction, v, action)
        assert _bits(scores[first:end]) == _bits(alone), action.spec.id


def test_a_program_of_one_target_adds_in_order(mini_rules: Rules) -> None:
    """With a single target, the program's column is added up in order, not pairwise."""
    worth = np.array([[-0.0], [1e16], [1.0], [-1e16], [1.0], [1.0], [1.0], [1.0], [1.0]])
    in_order = -0.0 + 1e16 + 1.0 - 1e16 + 1.0 + 1.0 + 1.0 + 1.0 + 1.0
    assert ai._in_order(worth).tolist() == [in_order]
    state = Session(mini_rules, 0, player=None).state
    for faction in range(mini_rules.n_factions):
        profile = mini_rules.profiles[mini_rules.model.factions[faction].ai_profile]
        v = Valuer(mini_rules, state, faction, profile)
        program = ai._program(mini_rules, faction)
        scores = ai._run(program, v, {a.index for a in program.actions})
        for action in program.actions:
            first, end = program.spans[action.index]
            alone = _score_targets(mini_rules, state, faction, v, action)
            assert _bits(scores[first:end]) == _bits(alone), action.spec.id

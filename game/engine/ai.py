"""The AI that plays every faction the player does not.

It scores each open choice and each legal action by what its effects are
worth to the faction's goals (from the scenario), weighted by an AI profile
(cautious, bold, ...), then takes the best it can afford. It draws only from
the generator it is given, never from the game's dice, so whether the AI ran
or its decisions were read from a save makes no difference to the game.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt

from game.engine.context import EvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import bind, choice_options, pending_for
from game.engine.rules import ActionRule, Rules
from game.engine.state import IntArray, State
from game.scenario import schema as s
from game.scenario.expr import Kind

FloatArray = npt.NDArray[np.float64]


class Valuer:
    """What things are worth to one faction in one state, per unit of each quantity."""

    def __init__(self, rules: Rules, board: State, faction: int, profile: s.AiProfile) -> None:
        self.rules = rules
        self.board = board
        self.faction = faction
        self.profile = profile
        self.risk_aversion = profile.risk_aversion
        self.ctx = EvalCtx(rules, board, {"faction": faction})
        goals = rules.model.factions[faction].goals
        pop = rules.population.astype(np.float64)
        share = pop / np.maximum(pop.sum(axis=1, keepdims=True), 1)  # of each group, by region
        per_group = np.zeros(len(share))
        for g, weight in goals.support.items():
            per_group[rules.group_index[g]] = weight
        # Goals are per percentage point of a group's support map-wide; support is in basis points.
        self.support_value: FloatArray = per_group[:, None] * share / 100
        self.strength_value = goals.strength / 100
        self._value_followers(rules, board)
        mob = np.zeros(len(share))
        for g, weight in goals.mobilisation.items():
            mob[rules.group_index[g]] = weight
        self.mobilisation_value: FloatArray = mob[:, None] * share
        self.track_value = _by_id(rules.ids[Kind.TRACK], goals.tracks)
        self.flag_value = _by_id(rules.ids[Kind.FLAG], goals.flags)
        self.resource_value = _by_id(rules.ids[Kind.RESOURCE], goals.resources)
        self.site_value = [float(goals.sites * x.value) for x in rules.model.sites]

    def _value_followers(self, rules: Rules, board: State) -> None:
        """A garrison's loyalty follows its soldiers: their support is worth its men too."""
        keep = rules.settings.loyalty_inertia / 100
        for u, unit in enumerate(rules.model.units):
            if unit.follows is None or int(board.unit_owner[u]) not in (self.faction, -1):
                continue
            g = rules.group_index[unit.follows]
            r = int(board.unit_region[u])
            men = int(board.unit_strength[u])
            self.support_value[g, r] += self.strength_value * men * (1 - keep) / 10_000

    def unit_worth(self, unit: int) -> float:
        loyalty = max(int(self.board.unit_loyalty[unit]), 50)
        return self.strength_value * int(self.board.unit_strength[unit]) * loyalty / 100

    def cost(self, cost: npt.NDArray[np.int64]) -> float:
        """What spending resources costs the faction: at least one point a unit."""
        worth = np.maximum(self.resource_value, 1.0)
        return float(np.dot(cost, worth)) * self.profile.thrift / 100

    def tags(self, tags: list[str]) -> float:
        return float(sum(self.profile.tag_bias.get(t, 0) for t in tags))


def _by_id(ids: list[str], weights: dict[str, int]) -> FloatArray:
    return np.array([float(weights.get(i, 0)) for i in ids], dtype=np.float64)


def _noisy(score: float, noise: int, rng: np.random.Generator) -> float:
    if not noise:
        return score
    spread = (abs(score) + 1.0) * noise / 100
    return score + spread * (2 * float(rng.random()) - 1)


def decide(
    rules: Rules,
    state: State,
    faction: int,
    rng: np.random.Generator,
    profile: s.AiProfile | None = None,
) -> Orders:
    """The AI's orders for one faction this turn: always legal in `state`."""
    if profile is None:
        profile = rules.profiles[rules.model.factions[faction].ai_profile]
    v = Valuer(rules, state, faction, profile)
    return Orders(
        choices=_choose(rules, state, faction, v, rng), actions=_plan(rules, state, faction, v, rng)
    )


def _choose(
    rules: Rules, state: State, faction: int, v: Valuer, rng: np.random.Generator
) -> tuple[tuple[str, str], ...]:
    picks = []
    for event in pending_for(rules, state, faction):
        best: tuple[float, str] | None = None
        params = {"faction": faction}
        for option in choice_options(rules, state, event):
            if option.problem is not None:
                continue
            choice = option.choice
            score = sum(e.estimate(v, params) for e in choice.effects)
            score += choice.spec.ai_weight + v.tags(choice.spec.tags)
            score = _noisy(score, v.profile.noise, rng)
            if best is None or score > best[0]:
                best = (score, choice.spec.id)
        if best is not None:  # with every choice closed, the moment passes undecided
            picks.append((event.spec.id, best[1]))
    return tuple(picks)


def _score_targets(
    rules: Rules, state: State, faction: int, v: Valuer, action: ActionRule
) -> FloatArray:
    """What the action is worth at each of its targets: numpy where the effect allows it."""
    n = len(action.candidates)
    scores = np.full(n, v.tags(action.spec.tags) - v.cost(action.cost))
    arrays: dict[str, IntArray | int] = {**action.param_arrays, "faction": faction}
    if "unit" in action.param_arrays:  # units move: bind their regions as they are now
        arrays["region"] = state.unit_region[action.param_arrays["unit"]]
    slow = []
    for effect in action.effects:
        many = getattr(effect, "estimate_many", None)
        fast = many(v, arrays) if many is not None else None
        if fast is None:
            slow.append(effect)
        else:
            scores += fast
    if slow:
        for candidate in range(n):
            params = bind(rules, state, action, candidate, faction)
            scores[candidate] += sum(e.estimate(v, params) for e in slow)
    return scores


def _plan(
    rules: Rules, state: State, faction: int, v: Valuer, rng: np.random.Generator
) -> tuple[ActionOrder, ...]:
    """Score every (action, target) and take the best open ones the faction can afford.

    Scoring only reads the state, so every target is scored first and the
    legality of a target (its conditions, the costs so far) is checked only
    as the best ones are taken: the AI looks at hundreds of targets a turn
    and takes three or four. Target-free checks are done once per action.
    """
    have = [int(x) for x in state.resources[faction]]
    ctx = EvalCtx(rules, state, {"faction": faction})
    spread = v.profile.noise / 100
    scores, actions, candidates = [], [], []
    for action in rules.actions:
        if faction not in action.factions or any(
            c > h for c, h in zip(action.cost_ints, have, strict=True)
        ):
            continue
        if not action.condition.params <= {"faction"} or action.condition(ctx):
            score = _score_targets(rules, state, faction, v, action)
            # Noise in proportion to each score, one draw per target.
            jitter = 2 * rng.random(len(action.candidates)) - 1
            score = score + (np.abs(score) + 1.0) * spread * jitter
            keep = np.flatnonzero(score > 0)
            scores.append(score[keep])
            actions.append(np.full(len(keep), action.index))
            candidates.append(keep)
    if not scores:
        return ()
    all_scores = np.concatenate(scores)
    # Best first; equal scores keep scenario order, so the choice never depends on sorting luck.
    order = np.argsort(-all_scores, kind="stable")
    all_actions = np.concatenate(actions)[order].tolist()
    all_candidates = np.concatenate(candidates)[order].tolist()
    chosen: list[ActionOrder] = []
    taken: Counter[int] = Counter()
    limit = rules.actions_per_turn[faction]
    for index, candidate in zip(all_actions, all_candidates, strict=True):
        action = rules.actions[index]
        cost = action.cost_ints
        if taken[index] >= action.spec.per_turn or any(
            c > h for c, h in zip(cost, have, strict=True)
        ):
            continue
        ctx.params = bind(rules, state, action, candidate, faction)
        if not (action.condition(ctx) and action.targets(ctx)):
            continue
        target = action.candidates[candidate]
        chosen.append(ActionOrder(action.spec.id, rules.target_ids(action, target)))
        have = [h - c for c, h in zip(cost, have, strict=True)]
        taken[index] += 1
        if len(chosen) >= limit:
            break
    return tuple(chosen)

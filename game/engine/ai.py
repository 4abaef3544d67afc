"""The AI that plays every faction the player does not.

It scores each open choice and each legal action by what its effects are
worth to the faction's goals (from the scenario), weighted by an AI profile
(cautious, bold, ...), then takes the best it can afford. It draws only from
the generator it is given, never from the game's dice, so whether the AI ran
or its decisions were read from a save makes no difference to the game.

Scoring runs over all of an action's targets at once (numpy, and `Compiled.many`
for expressions), and over all of a faction's plain actions at once (`_Program`),
yet every score equals, bit for bit, the one scoring target by target gives: a
rounding difference could change a decision. Check any change here with
`bench/ai_reference.py`.
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from game.engine import effects as fx
from game.engine.ahead import after_choices
from game.engine.context import Board, EvalCtx, VecEvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import bind, pending_for
from game.engine.rules import ActionRule, Rules
from game.engine.state import BASIS, NO_ONE, IntArray, State
from game.scenario import schema as s
from game.scenario.expr import Kind, Many, VecUnsupported

FloatArray = npt.NDArray[np.float64]
Taste = tuple[int, int, tuple[tuple[str, int], ...]]  # faction, thrift, tag biases


class Valuer:
    """What things are worth to one faction in one state, per unit of each quantity."""

    def __init__(self, rules: Rules, board: State, faction: int, profile: s.AiProfile) -> None:
        self.rules = rules
        self.board = board
        self.faction = faction
        self.profile = profile
        self.risk_aversion = profile.risk_aversion
        self.ctx = EvalCtx(rules, board, {"faction": faction})
        goals = _goals(rules, faction)
        # Per percentage point of a group's support map-wide; only the followers depend on the board.
        self.support_value: FloatArray = goals.support_value.copy()
        self.strength_value = goals.strength_value
        self._value_followers(rules, board)
        self.mobilisation_value: FloatArray = goals.mobilisation_value
        self.track_value = goals.track_value
        self.flag_value = goals.flag_value
        self.resource_value = goals.resource_value
        self.site_value = goals.site_value
        self._worth = goals.worth
        self.tracks: list[int] = board.tracks.tolist()
        self.track_worth: list[float] = goals.track_worth
        # What an action's tags and cost are worth depends on these alone: the bias cache's key.
        self.taste: Taste = (faction, profile.thrift, tuple(sorted(profile.tag_bias.items())))
        # The biases of this taste by action index, shared by every Valuer of the same taste.
        by_taste = _BIAS.get(rules)  # get first: setdefault makes a weak reference every call
        if by_taste is None:
            by_taste = _BIAS[rules] = {}
        self.biases: dict[int, float] = by_taste.setdefault(self.taste, {})
        self._tables: dict[tuple[str, bool, bool], FloatArray] = {}
        self._units: dict[int, _Units] = {}

    def table(self, name: str, all_groups: bool = False, all_regions: bool = False) -> FloatArray:
        """Worth per basis point of a (group, region) cell, summed over all groups or
        regions when asked; made on first use, then kept, since many actions read them.

        "support": of this faction's own support there; "taken": of another faction
        gaining there, which takes from this one in proportion to its share;
        "mobilised": of mobilising there, in proportion to this faction's share.
        """
        key = (name, all_groups, all_regions)
        found = self._tables.get(key)
        if found is None:
            if all_groups or all_regions:
                found = self.table(name)
                # The reduction ndarray.sum makes, without its Python wrapper: the same sums.
                if all_groups:
                    found = np.add.reduce(found, 0, keepdims=True)
                if all_regions:
                    found = np.add.reduce(found, 1, keepdims=True)
            elif name == "support":
                found = self.support_value
            elif name == "taken":
                found = -self.support_value * _float_support(self.board)[self.faction] / BASIS
            elif name == "mobilised":
                found = self.mobilisation_value * _float_support(self.board)[self.faction] / BASIS
            else:
                raise KeyError(name)
            self._tables[key] = found
        return found

    def _value_followers(self, rules: Rules, board: State) -> None:
        """A garrison's loyalty follows its soldiers: their support is worth its men too."""
        keep = rules.settings.loyalty_inertia / 100
        owners = board.unit_owner.tolist()
        regions = board.unit_region.tolist()
        strengths = board.unit_strength.tolist()
        values = self.support_value
        # Summed in Python floats, unit by unit as before, and written once per cell:
        # numpy's scalar reads and writes cost more than the sums.
        cells: dict[tuple[int, int], float] = {}
        for u, g in _followers(rules):
            if owners[u] not in (self.faction, -1):
                continue
            men = strengths[u]
            cell = (g, regions[u])
            before = cells[cell] if cell in cells else float(values[cell])
            cells[cell] = before + self.strength_value * men * (1 - keep) / 10_000
        for cell, value in cells.items():
            values[cell] = value

    def units(self, index: IntArray | int | slice) -> _Units:
        """The units at `index` (an action's candidates, one unit, or every unit) as the
        vector estimates read them; kept for the decision, since several actions aim at units."""
        found = self._units.get(id(index))
        if found is None or found.index is not index:
            found = self._units[id(index)] = _Units(self, index)
        return found

    def unit_worth(self, unit: int) -> float:
        loyalty = max(int(self.board.unit_loyalty[unit]), 50)
        return self.strength_value * int(self.board.unit_strength[unit]) * loyalty / 100

    def cost(self, cost: npt.NDArray[np.int64]) -> float:
        """What spending resources costs the faction: at least one point a unit."""
        return float(np.dot(cost, self._worth)) * self.profile.thrift / 100

    def tags(self, tags: list[str]) -> float:
        return float(sum(self.profile.tag_bias.get(t, 0) for t in tags))


def _float_support(board: State) -> FloatArray:
    """The board's support as floats, kept on the state for the four factions' Valuers:
    numpy converts the ints to these same floats anyway when floats multiply them, only
    more slowly, every time."""
    found: FloatArray | None = board.__dict__.get("_float_support")
    if found is None:
        found = board.__dict__["_float_support"] = board.support.astype(np.float64)
    return found


class _Units:
    """Some of the board's units, by an index array (or one index), for one Valuer.

    Each table is the very numpy expression the estimates wrote inline, made
    once, on first use, so the floats are the same. (Plain attributes, not
    cached_property: its lock costs more than these tables.)
    """

    def __init__(self, v: Valuer, index: IntArray | int | slice) -> None:
        board = v.board
        self.index = index  # kept: Valuer.units looks this up by its id
        self.faction = v.faction
        self.strength_value = v.strength_value
        self.owner = board.unit_owner[index]
        self.men = board.unit_strength[index]
        self.loyal = board.unit_loyalty[index]
        self.mine = self.owner == v.faction
        self._made: dict[str, Many] = {}

    @property
    def owned(self) -> Many:
        found = self._made.get("owned")
        if found is None:
            found = self._made["owned"] = self.owner != NO_ONE
        return found

    @property
    def theirs(self) -> Many:
        found = self._made.get("theirs")
        if found is None:
            found = self._made["theirs"] = (self.owner != self.faction) & (self.owner != NO_ONE)
        return found

    @property
    def top_men(self) -> int:
        found = self._made.get("top_men")
        if found is None:
            found = self._made["top_men"] = _top(self.men)
        return int(found)

    @property
    def top_loyal(self) -> int:
        found = self._made.get("top_loyal")
        if found is None:
            found = self._made["top_loyal"] = _top(self.loyal)
        return int(found)

    @property
    def owner_worth(self) -> Many:
        """Valuer.unit_worth of each unit."""
        found = self._made.get("owner_worth")
        if found is None:
            worth = self.strength_value * self.men * np.maximum(self.loyal, 50) / 100
            found = self._made["owner_worth"] = worth
        return found


def _by_id(ids: list[str], weights: dict[str, int]) -> FloatArray:
    return np.array([float(weights.get(i, 0)) for i in ids], dtype=np.float64)


class _Goals(NamedTuple):
    """What a faction's goals make things worth before the board is looked at."""

    support_value: FloatArray
    strength_value: float
    mobilisation_value: FloatArray
    track_value: FloatArray
    flag_value: FloatArray
    resource_value: FloatArray
    site_value: list[float]
    worth: FloatArray  # of a unit of each resource spent: at least one point
    track_worth: list[float]  # track_value as Python floats, for _track_worth


# Built once per Rules and faction: the AI is asked a few times a turn, every turn.
_GOALS: WeakKeyDictionary[Rules, dict[int, _Goals]] = WeakKeyDictionary()
_FOLLOWERS: WeakKeyDictionary[Rules, list[tuple[int, int]]] = WeakKeyDictionary()


def _goals(rules: Rules, faction: int) -> _Goals:
    known = _GOALS.get(rules)  # get first: setdefault makes a weak reference every call
    if known is None:
        known = _GOALS[rules] = {}
    found = known.get(faction)
    if found is None:
        found = known[faction] = _make_goals(rules, faction)
    return found


def _make_goals(rules: Rules, faction: int) -> _Goals:
    goals = rules.model.factions[faction].goals
    pop = rules.population.astype(np.float64)
    share = pop / np.maximum(pop.sum(axis=1, keepdims=True), 1)  # of each group, by region
    per_group = np.zeros(len(share))
    for g, weight in goals.support.items():
        per_group[rules.group_index[g]] = weight
    # Goals are per percentage point of a group's support map-wide; support is in basis points.
    support_value: FloatArray = per_group[:, None] * share / 100
    mob = np.zeros(len(share))
    for g, weight in goals.mobilisation.items():
        mob[rules.group_index[g]] = weight
    resource_value = _by_id(rules.ids[Kind.RESOURCE], goals.resources)
    made = _Goals(
        support_value=support_value,
        strength_value=goals.strength / 100,
        mobilisation_value=mob[:, None] * share,
        track_value=_by_id(rules.ids[Kind.TRACK], goals.tracks),
        flag_value=_by_id(rules.ids[Kind.FLAG], goals.flags),
        resource_value=resource_value,
        site_value=[float(goals.sites * x.value) for x in rules.model.sites],
        worth=np.maximum(resource_value, 1.0),
        track_worth=_by_id(rules.ids[Kind.TRACK], goals.tracks).tolist(),
    )
    for array in (made.support_value, made.mobilisation_value, made.track_value):
        array.flags.writeable = False  # shared by every Valuer of the faction
    for array in (made.flag_value, made.resource_value, made.worth):
        array.flags.writeable = False
    return made


def _followers(rules: Rules) -> list[tuple[int, int]]:
    """(unit, group it follows) for every unit whose loyalty follows a group, in unit order."""
    found = _FOLLOWERS.get(rules)
    if found is None:
        found = _FOLLOWERS[rules] = [
            (u, rules.group_index[unit.follows])
            for u, unit in enumerate(rules.model.units)
            if unit.follows is not None
        ]
    return found


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
    known = _opening(rules, state, faction, profile)
    if known is None:
        v = Valuer(rules, state, faction, profile)
        odds, scores = _choice_odds(rules, state, faction, v), None
    else:
        v, odds, scores = known.valuer, known.odds, known.scores
    choices = tuple((event_id, ids[_draw(weights, rng)]) for event_id, ids, weights in odds)
    after = after_choices(rules, state, faction, choices) if choices else None
    return Orders(choices=choices, actions=_plan(rules, state, faction, v, rng, after, scores))


Odds = list[tuple[str, list[str], list[float]]]  # per pending event: its open choices' odds


class _Opening(NamedTuple):
    """What the AI works out about a position before it draws anything."""

    profile: s.AiProfile  # kept so that the key's id() stays this profile's
    valuer: Valuer
    odds: Odds
    scores: dict[int, FloatArray]  # by action index, filled as actions are scored


# Every game of a scenario and seat starts from the same position, so the first turn's
# thinking is done once per faction and profile, then drawn from anew each game.
_OPENINGS: WeakKeyDictionary[Rules, dict[tuple[str, int, int], _Opening]] = WeakKeyDictionary()
_MAX_OPENINGS = 64  # seats times profiles times factions, with room to spare


def _opening(rules: Rules, state: State, faction: int, profile: s.AiProfile) -> _Opening | None:
    """The kept thinking for a first-turn position, made on first use; None on later turns,
    whose positions hardly ever recur."""
    if state.turn != 0:
        return None
    known = _OPENINGS.get(rules)  # get first: setdefault makes a weak reference every call
    if known is None:
        known = _OPENINGS[rules] = {}
    key = (state.digest(), faction, id(profile))
    found = known.get(key)
    if found is None or found.profile is not profile:
        if len(known) >= _MAX_OPENINGS:
            known.clear()
        v = Valuer(rules, state, faction, profile)
        found = known[key] = _Opening(profile, v, _choice_odds(rules, state, faction, v), {})
    return found


def _choice_odds(rules: Rules, state: State, faction: int, v: Valuer) -> Odds:
    """For each pending event, its open choices and the odds of drawing each, which
    fall off with its score.

    The best choice is the likeliest, and one a profile's noise away is a real
    possibility: leaders were not calculating machines, and an AI that always
    chose the same way would put the autumn on rails. A plainly worse choice
    (several noise-widths behind) is almost never taken.
    """
    found: Odds = []
    width = _CHOICE_WIDTH * max(v.profile.noise, 1)
    for event in pending_for(rules, state, faction):
        # What `choice_options` checks, without wording the reasons for closed choices.
        ctx = EvalCtx(rules, state, {"faction": event.faction} if event.faction >= 0 else {})
        params = {"faction": faction}
        ids: list[str] = []
        scores: list[float] = []
        for choice in event.choices:
            if not choice.condition(ctx):
                continue
            score = sum(e.estimate(v, params) for e in choice.effects)
            score += choice.ai_weight(ctx) + v.tags(choice.spec.tags)
            ids.append(choice.spec.id)
            scores.append(score)
        if not ids:  # with every choice closed, the moment passes undecided
            continue
        best = max(scores)
        found.append((event.spec.id, ids, [math.exp((x - best) / width) for x in scores]))
    return found


# How many points of score, per point of a profile's noise, make a choice e times less likely.
_CHOICE_WIDTH = 1.5


def _draw(odds: list[float], rng: np.random.Generator) -> int:
    """An index drawn in proportion to `odds`, with one draw from `rng`."""
    roll = float(rng.random()) * sum(odds)
    for i, weight in enumerate(odds):
        roll -= weight
        if roll < 0:
            return i
    return len(odds) - 1


def _score_targets(
    rules: Rules, state: State, faction: int, v: Valuer, action: ActionRule
) -> FloatArray:
    """What the action is worth at each of its targets: numpy where the effect allows it."""
    n = len(action.candidates)
    if n == 1 and not action.param_arrays:
        return _score_alone(faction, v, action)
    scores = np.empty(n)  # np.full, without its Python wrapper
    scores.fill(_bias(v, action) + _weight(v, action))
    t = _Targets(rules, state, faction, action)
    slow = []
    for effect in action.effects:
        fast = _track_worth(effect, v)
        if fast is None:
            many = getattr(effect, "estimate_many", None)
            fast = many(v, t.arrays) if many is not None else None
        if fast is None:
            slow.append(effect)
        else:
            scores += fast
    if slow:
        # Target by target this was `sum(e.estimate(v, params) for e in slow)`: the
        # same sum, in the same order, of values equal to each estimate's.
        total: FloatArray | float = 0
        for effect in slow:
            total = total + _estimate(effect, v, t)
        scores += total
    return scores


def _track_worth(e: fx.Effect, v: Valuer) -> float | None:
    """`MoveTrack.estimate_many` (its `estimate`) for a fixed amount, in plain Python.

    Tracks move in most actions and are valued the same at every target; numpy's
    float64 product equals Python's, so the float is the one `estimate` gives.
    """
    if type(e) is not fx.MoveTrack or e.amount.compiled is not None:
        return None
    low, high = v.rules.track_range[e.track]
    before = v.tracks[e.track]
    after = min(high, max(low, before + e.amount.value))
    return v.track_worth[e.track] * (after - before)


def _score_alone(faction: int, v: Valuer, action: ActionRule) -> FloatArray:
    """`_score_targets` for an action without a target, in Python floats: numpy's
    float64 additions round as Python's, and its fixed costs dominate for one value."""
    return np.array([_alone_total(faction, v, action)], dtype=np.float64)


def _alone_total(faction: int, v: Valuer, action: ActionRule) -> float:
    """The one score of an action without a target (see `_score_alone`)."""
    params = {"faction": faction}
    total = _bias(v, action) + _weight(v, action)
    slow = []
    for effect in action.effects:
        fast = _track_worth(effect, v)
        if fast is None:
            many = getattr(effect, "estimate_many", None)
            fast = many(v, params) if many is not None else None
        if fast is None:
            slow.append(effect)
        elif type(fast) is float:  # most are: _track_worth's, for one
            total = total + fast
        else:  # one value, maybe as a numpy scalar or a one-element array
            total = total + float(np.asarray(fast).reshape(-1)[0])
    if slow:
        total = total + sum(e.estimate(v, dict(params)) for e in slow)
    return total


def _scores(
    rules: Rules, state: State, faction: int, v: Valuer, scored: list[ActionRule]
) -> list[FloatArray]:
    """`_score_targets` of each scored action: the plain ones read from one program run."""
    program = _program(rules, faction)
    plain: FloatArray | None = None
    out = []
    for action in scored:
        span = program.spans.get(action.index)
        if span is None:
            out.append(_score_targets(rules, state, faction, v, action))
            continue
        if plain is None:
            plain = _run(program, v, {a.index for a in scored})
        out.append(plain[span[0] : span[1]])
    return out


# The blocks a program's value row is laid out from, each worked out once per decision:
# ("table", name, all groups, all regions): a Valuer table's cells (see Valuer.table);
# ("unit region", name, all groups, group): a table's cells in each unit's region, by unit;
# ("unit change", strength, loyalty): `ChangeUnit.estimate_many` of that change, by unit.
_Block = tuple[Any, ...]
# An effect worth one number per decision, the same at every target: (effect, the
# faction it is estimated for); (None, faction) for one always worth 0.0; (a tuple of
# effects, faction) for the effects `_score_targets` sums apart, after the others.
_Number = tuple["fx.Effect | tuple[fx.Effect, ...] | ActionRule | _Alone | None", int]


class _Program(NamedTuple):
    """The plain actions open to a faction, scored all at once: each target's score is its
    action's bias and weight, then each effect's worth added in the order `_score_targets`
    adds them. Each of these is a cell of a value row (blocks of the Valuer's tables and
    of the units' worth laid end to end, then numbers worked out per decision) times an
    amount; a target's column of the program's table lists them in the order of adding,
    after as many -0.0 as it takes to fill the column, which add nothing (-0.0 + x is x)."""

    actions: list[ActionRule]
    spans: dict[int, tuple[int, int]]  # action index -> its targets' place in the scores
    blocks: list[_Block]  # laid out in this order at the start of the value row
    numbers: list[_Number]  # laid out after the blocks; -0.0 after them
    # The actions (by index) reading each block, and the one reading each number: what no
    # scored action reads is left out (0.0), since those scores are thrown away.
    block_users: list[frozenset[int]]
    number_users: list[int]
    block_sizes: list[int]
    # (places in the order of adding, targets): the cell of the value row each reads,
    # and the amount it is multiplied by (None: all 1, a product that changes nothing).
    cells: IntArray
    amounts: FloatArray | None


_PROGRAMS: WeakKeyDictionary[Rules, dict[int, _Program]] = WeakKeyDictionary()


def _program(rules: Rules, faction: int) -> _Program:
    known = _PROGRAMS.get(rules)
    if known is None:
        known = _PROGRAMS[rules] = {}
    found = known.get(faction)
    if found is None:
        found = known[faction] = _make_program(rules, faction)
    return found


class _Alone:
    """A number: the whole score of an action without a target, as `_score_alone` has it."""

    __slots__ = ("action",)

    def __init__(self, action: ActionRule) -> None:
        self.action = action


class _Cells(NamedTuple):
    """An effect's worth read from a block, at a place in it per target, times an amount."""

    block: _Block
    at: Many  # the place in the block: one for all targets, or one per target
    amount: int


class _Layout:
    """A program being laid out: the value row's places, and the cells each target reads.

    A number's cell is written as -1 - its place among the numbers, and the -0.0
    after them as None, until the blocks, which come first in the row, are laid out.
    """

    def __init__(self, rules: Rules) -> None:
        self.groups, self.regions = rules.population.shape
        self.units = len(rules.model.units)
        self.blocks: dict[_Block, int] = {}  # block -> where its cells start
        self.block_users: dict[_Block, set[int]] = {}
        self.size = 0
        self.numbers: list[_Number] = []
        self.number_users: list[int] = []
        self.columns: list[list[tuple[int | None, float]]] = []  # per target: (cell, amount)

    def cells(self, term: _Cells, n: int, user: int) -> list[int]:
        """The value row's cells a term of action `user` reads at each of n targets."""
        start = self.blocks.get(term.block)
        if start is None:
            start = self.blocks[term.block] = self.size
            self.size += self.block_size(term.block)
            self.block_users[term.block] = set()
        self.block_users[term.block].add(user)
        cells: list[int] = np.broadcast_to(np.asarray(term.at) + start, (n,)).tolist()
        return cells

    def block_size(self, block: _Block) -> int:
        if block[0] == "table":
            return (1 if block[2] else self.groups) * (1 if block[3] else self.regions)
        return self.units

    def number(self, number: _Number, n: int, user: int) -> list[int]:
        """The cell (to be placed) of a new number of action `user`, read at each of n targets."""
        self.numbers.append(number)
        self.number_users.append(user)
        return [-len(self.numbers)] * n

    def action(self, action: ActionRule, terms: list[_Cells | _Number]) -> None:
        """The columns of the action's targets: its base, then its terms."""
        n = len(action.candidates)
        base = self.number((action, NO_ONE), n, action.index)  # no faction: see _number
        read = [(base, 1.0)]
        for term in terms:
            if isinstance(term, _Cells):
                read.append((self.cells(term, n, action.index), float(term.amount)))
            else:
                read.append((self.number(term, n, action.index), 1.0))
        for target in range(n):
            self.columns.append([(cells[target], amount) for cells, amount in read])

    def _place(self, cell: int | None, pad: int) -> int:
        if cell is None:
            return pad
        return cell if cell >= 0 else self.size - 1 - cell

    def alone(self, action: ActionRule, faction: int) -> None:
        """The column of an action without a target whose score is one number in all."""
        self.columns.append([(self.number((_Alone(action), faction), 1, action.index)[0], 1.0)])

    def table(self) -> tuple[IntArray, FloatArray | None]:
        """The cells and amounts, a row per place in the order of adding, a column per target."""
        depth = max(map(len, self.columns), default=0)
        if depth == 0:  # no plain action open to the faction (all scored one by one)
            return np.zeros((0, len(self.columns)), dtype=np.int64), None
        pad = self.size + len(self.numbers)  # the -0.0 after the numbers
        cells = []
        amounts = []
        for column in self.columns:
            filled = [(None, 1.0)] * (depth - len(column)) + column
            cells.append([self._place(c, pad) for c, _ in filled])
            amounts.append([a for _, a in filled])
        table = np.array(cells, dtype=np.int64).reshape(-1, depth).T.copy()
        factors = np.array(amounts, dtype=np.float64).reshape(-1, depth).T.copy()
        return table, None if bool((factors == 1.0).all()) else factors


def _make_program(rules: Rules, faction: int) -> _Program:
    layout = _Layout(rules)
    actions: list[ActionRule] = []
    spans: dict[int, tuple[int, int]] = {}
    first = 0
    for action in _open_to(rules, faction):
        terms = _plain_terms(rules, action, faction)
        n = len(action.candidates)
        if terms is not None:
            layout.action(action, terms)
        elif n == 1 and not action.param_arrays:  # as `_score_targets` scores it alone
            layout.alone(action, faction)
        else:
            continue
        actions.append(action)
        spans[action.index] = (first, first + n)
        first += n
    cells, amounts = layout.table()
    return _Program(
        actions,
        spans,
        list(layout.blocks),
        layout.numbers,
        [frozenset(layout.block_users[b]) for b in layout.blocks],
        layout.number_users,
        [layout.block_size(b) for b in layout.blocks],
        cells,
        amounts,
    )


def _plain_terms(rules: Rules, action: ActionRule, faction: int) -> list[_Cells | _Number] | None:
    """How the action's effects are worth what `_score_targets` makes them, in the order it
    adds them, or None when one is not plain (a contest, a condition, an amount worked out...).

    `_score_targets` adds the effects with a vector estimate in order, then the sum of
    the rest; of the rest, only a change of defence at one place is plain here, since
    both of its estimates (the vector one and `estimate`) give one number for all.
    """
    arrays: dict[str, IntArray | int] = {**action.param_arrays, "faction": faction}
    terms: list[_Cells | _Number] = []
    apart: list[fx.Effect] = []
    for e in action.effects:
        if type(e) is fx.ChangeDefence:
            if not (e.amount.constant and isinstance(e.site.many(arrays), int)):
                return None
            apart.append(e)
            continue
        term = _plain_term(rules, e, arrays, faction)
        if term is None:
            return None
        terms.append(term)
    if apart:
        terms.append((tuple(apart), faction))
    return terms


def _plain_term(
    rules: Rules, e: fx.Effect, arrays: dict[str, IntArray | int], faction: int
) -> _Cells | _Number | None:
    """A term equal to the effect's `estimate_many` (or `_track_worth`) at every target."""
    kind = type(e)
    if kind is fx.MoveTrack or kind is fx.SetFlag:
        if kind is fx.MoveTrack and not e.amount.constant:  # type: ignore[attr-defined]
            return None
        return (e, faction)
    if kind is fx.Journal or kind is fx.TriggerEvent:
        return (None, faction)
    if kind is fx.GainResource:
        f = e.faction.many(arrays)  # type: ignore[attr-defined]
        if not (e.amount.constant and isinstance(f, int)):  # type: ignore[attr-defined]
            return None
        return (e, f)
    if kind is fx.ShiftSupport or kind is fx.Mobilise:
        return _table_term(rules, e, arrays, faction)  # type: ignore[arg-type]
    if kind is fx.ChangeUnit:
        return _unit_term(e, arrays)  # type: ignore[arg-type]
    return None


def _table_term(
    rules: Rules, e: fx.ShiftSupport | fx.Mobilise, arrays: dict[str, IntArray | int], faction: int
) -> _Cells | _Number | None:
    """`estimate_many` of a support shift or a mobilisation: `_pick`'s cells times the amount."""
    if not e.amount.constant:
        return None
    if isinstance(e, fx.Mobilise):
        name = "mobilised"
    else:
        f = e.faction.many(arrays)
        if not isinstance(f, int):
            return None
        if f == faction:
            name = "support"
        elif e.amount.value > 0:
            name = "taken"
        else:
            return (None, faction)
    # A unit's action binds $region to the unit's region as it stands when the AI decides.
    by_unit = e.region.param == "region" and "unit" in arrays
    group = e.group.many(arrays)
    region = None if by_unit else e.region.many(arrays)
    if any(isinstance(x, int) and x < 0 for x in (group, region)):  # numpy reads -1 as the last
        return None
    g = 0 if group is None else group
    if by_unit:
        if not isinstance(g, int):
            return None
        return _Cells(("unit region", name, group is None, g), arrays["unit"], e.amount.value)
    regions = rules.population.shape[1]
    columns = 1 if region is None else regions
    at = np.asarray(g) * columns + (0 if region is None else region)
    return _Cells(("table", name, group is None, region is None), at, e.amount.value)


def _unit_term(e: fx.ChangeUnit, arrays: dict[str, IntArray | int]) -> _Cells | None:
    """`ChangeUnit.estimate_many` of each unit, read at the unit changed."""
    if e.owner is not None or not (e.strength.constant and e.loyalty.constant):
        return None
    unit = e.unit.many(arrays)
    if unit is None or (isinstance(unit, int) and unit < 0):  # numpy would read -1 as the last
        return None
    return _Cells(("unit change", e.strength.value, e.loyalty.value), unit, 1)


def _run(program: _Program, v: Valuer, wanted: set[int]) -> FloatArray:
    """Every plain action's scores at every target, in the program's order; those of
    actions not `wanted` (by index) are left unworked, and hold nothing to read."""
    row = [
        _block(block, v) if not wanted.isdisjoint(users) else np.zeros(size)
        for block, users, size in zip(
            program.blocks, program.block_users, program.block_sizes, strict=True
        )
    ]
    numbers = [
        _number(e, f, v) if user in wanted else 0.0
        for (e, f), user in zip(program.numbers, program.number_users, strict=True)
    ]
    numbers.append(-0.0)
    row.append(np.array(numbers, dtype=np.float64))
    worth = np.concatenate(row).take(program.cells)
    if program.amounts is not None:
        worth *= program.amounts
    if worth.shape[1] < 2:  # one column: numpy would sum it pairwise, not in order
        return _in_order(worth)
    # Down the rows, one at a time: numpy adds a row to the sum of those above it,
    # every column in its own place, in order (pairwise sums are along a row only).
    scores: FloatArray = np.add.reduce(worth, 0)
    return scores


def _in_order(worth: FloatArray) -> FloatArray:
    total: FloatArray = worth[0].copy()
    for row in worth[1:]:
        total += row
    return total


def _block(block: _Block, v: Valuer) -> FloatArray:
    """One block of the value row, as the estimates it stands for compute its cells."""
    if block[0] == "table":
        _, name, all_groups, all_regions = block
        table: FloatArray = v.table(name, all_groups, all_regions)
        return table.ravel()
    if block[0] == "unit region":
        _, name, all_groups, group = block
        found: FloatArray = v.table(name, all_groups, False)[group].take(v.board.unit_region)
        return found
    _, strength, loyalty = block
    return _unit_changes(v, strength, loyalty)


def _unit_changes(v: Valuer, strength: int, loyalty: int) -> FloatArray:
    """`ChangeUnit.estimate_many` at every unit of the board, in the same operations."""
    board = v.board
    if strength == 0 and loyalty == 0:  # a unit only moved: 0.0 - 0.0 at every unit
        return np.zeros(len(board.unit_owner))
    units = v.units(_EVERY_UNIT)
    points = fx.unit_points(strength, loyalty, units.men, units.loyal)
    worth = v.strength_value * points / 100
    found: FloatArray = np.where(units.mine, worth, 0.0) - np.where(units.theirs, worth / 2, 0.0)
    return found


_EVERY_UNIT = slice(None)  # Valuer.units of every unit, by one object kept for its id


def _number(
    e: fx.Effect | tuple[fx.Effect, ...] | ActionRule | _Alone | None, faction: int, v: Valuer
) -> float:
    """The worth of effects that are the same at every target, as `_score_targets` has it."""
    if e is None:
        return 0.0
    if isinstance(e, ActionRule):  # an action's base: what it is worth before its effects
        return _bias(v, e) + _weight(v, e)
    if isinstance(e, _Alone):
        return _alone_total(faction, v, e.action)
    if isinstance(e, tuple):  # summed apart, from 0, as `_score_targets` sums them
        return sum(x.estimate(v, {"faction": faction}) for x in e)
    if type(e) is fx.MoveTrack:
        found = _track_worth(e, v)
        assert found is not None
        return found
    if type(e) is fx.GainResource:
        return e.estimate(v, {"faction": faction})
    return e.estimate(v, {})


class _Targets:
    """One action's candidate targets, their $parameters bound as arrays for the vector paths."""

    def __init__(self, rules: Rules, state: State, faction: int, action: ActionRule) -> None:
        self.rules, self.state, self.faction, self.action = rules, state, faction, action
        self.n = len(action.candidates)
        arrays: dict[str, IntArray | int] = {**action.param_arrays, "faction": faction}
        if "unit" in action.param_arrays:  # units move: bind their regions as they are now
            arrays["region"] = state.unit_region[action.param_arrays["unit"]]
        self.arrays = arrays
        self.ctx = VecEvalCtx(rules, state, arrays)
        self._params: list[dict[str, int]] | None = None

    @property
    def params(self) -> list[dict[str, int]]:
        """Each candidate's $parameters, as `bind` gives them, for what has no vector path."""
        if self._params is None:
            rules, state, faction, action = self.rules, self.state, self.faction, self.action
            self._params = [bind(rules, state, action, c, faction) for c in range(self.n)]
        return self._params


# Python ints below this convert to float64 exactly, so numpy's arithmetic on them
# rounds as Python's does.
_EXACT = 2**53


def _top(x: Many) -> int:
    if isinstance(x, np.ndarray):
        return int(np.maximum.reduce(np.abs(x), None)) if x.size else 0  # x.max(), unwrapped
    return abs(int(x))


def _amount(amount: fx.Amount, t: _Targets) -> Many:
    """The amount at every candidate: an int, or an int array. Raises VecUnsupported."""
    if amount.compiled is None:
        return amount.value
    value = amount.compiled.many(t.ctx)
    if _top(value) * amount.scale >= _EXACT:
        raise VecUnsupported("amount too large")
    if isinstance(value, np.ndarray):
        # No copy or product that would change nothing: nothing here writes to an amount,
        # and what it could share (the board's arrays, a target's parameters) is read-only.
        ints = value if value.dtype == np.int64 else value.astype(np.int64)
        return ints if amount.scale == 1 else ints * amount.scale
    return int(value) * amount.scale


def _estimate(e: fx.Effect, v: Valuer, t: _Targets) -> FloatArray | float:
    """`e.estimate` at every candidate at once, equal to it bit for bit.

    Each formula repeats the scalar one operation for operation, since numpy's
    float64 arithmetic rounds as Python's does; anything else is estimated
    target by target.
    """
    if t.n > _FEW:
        try:
            found = _estimate_vector(e, v, t)
        except VecUnsupported:
            found = None
        if found is not None:
            return found
    return np.array([e.estimate(v, params) for params in t.params], dtype=np.float64)


# Numpy's fixed cost per call outweighs its speed for a handful of targets.
_FEW = 2


def _estimate_vector(e: fx.Effect, v: Valuer, t: _Targets) -> FloatArray | float | None:
    board = v.board
    if isinstance(e, fx.Journal | fx.TriggerEvent):
        return 0.0
    if isinstance(e, fx.SetFlag):
        return e.estimate(v, {})  # the same at every target
    if isinstance(e, fx.Contest):
        return _estimate_contest(e, v, t)
    if isinstance(e, fx.IfEffect):
        holds = e.condition.many(t.ctx)
        # Usually the condition holds at every target or at none: value only that branch.
        # all() and any() as the ufunc reductions they wrap.
        if isinstance(holds, np.ndarray) and np.logical_and.reduce(holds, None):
            holds = True
        elif isinstance(holds, np.ndarray) and not np.logical_or.reduce(holds, None):
            holds = False
        if not isinstance(holds, np.ndarray):
            return _estimate_all(e.then if holds else e.otherwise, v, t)
        then = _estimate_all(e.then, v, t)
        otherwise = _estimate_all(e.otherwise, v, t)
        return np.where(holds, then, otherwise)
    if isinstance(e, fx.MoveTrack):
        low, high = v.rules.track_range[e.track]
        before = int(board.tracks[e.track])
        after = np.minimum(high, np.maximum(low, before + _amount(e.amount, t)))
        out: FloatArray | float = v.track_value[e.track] * (after - before)
        return out
    if isinstance(e, fx.ShiftSupport):
        return _estimate_shift(e, v, t)
    if isinstance(e, fx.Mobilise):
        g, r = e.group.many(t.arrays), e.region.many(t.arrays)
        if g is None or r is None:
            return None
        mine = board.support[v.faction, g, r] / BASIS
        out = v.mobilisation_value[g, r] * mine * _amount(e.amount, t)
        return out
    if isinstance(e, fx.GainResource):
        f = e.faction.many(t.arrays)
        if not isinstance(f, int):
            return None
        if f != v.faction:
            return 0.0
        out = v.resource_value[e.resource] * _amount(e.amount, t)
        return out
    if isinstance(e, fx.SetControl):
        return _estimate_control(e, v, t)
    if isinstance(e, fx.ChangeDefence):
        site = e.site.many(t.arrays)
        if site is None:
            return None
        values, defence = v.site_value, board.site_defence
        amount = _amount(e.amount, t)
        if isinstance(site, int) and isinstance(amount, int):
            # One place, one amount (fortifying the Palace): the same float at every
            # target, and numpy's broadcasting around one value costs far more than it.
            one = fx.defence_worth(values[site], int(defence[site]), amount)
            return one if int(board.site_controller[site]) == v.faction else -one / 2
        amounts = np.broadcast_to(np.asarray(amount), np.shape(site))
        worth = np.array(
            [
                fx.defence_worth(values[x], int(defence[x]), int(a))
                for x, a in zip(
                    np.atleast_1d(site).tolist(), np.atleast_1d(amounts).tolist(), strict=True
                )
            ],
            dtype=np.float64,
        ).reshape(np.shape(site))
        out = np.where(board.site_controller[site] == v.faction, worth, -worth / 2)
        return out
    if isinstance(e, fx.ChangeUnit):
        return _estimate_unit(e, v, t)
    return None


def _estimate_all(effects: Sequence[fx.Effect], v: Valuer, t: _Targets) -> FloatArray | float:
    """`sum(e.estimate(v, params) for e in effects)` at every candidate."""
    total: FloatArray | float = 0
    for effect in effects:
        total = total + _estimate(effect, v, t)
    return total


def _estimate_contest(e: fx.Contest, v: Valuer, t: _Targets) -> FloatArray | float:
    attack = np.maximum(0, _amount(e.attack, t))
    defence = np.maximum(0, _amount(e.defence, t))
    if _top(attack) + _top(defence) >= _EXACT:
        raise VecUnsupported("odds too large")
    both = attack + defence
    p = np.where(attack > 0, attack / np.where(both == 0, 1, both), 0.0)
    gain = _estimate_all(e.success, v, t)
    loss = _estimate_all(e.failure, v, t)
    worth: FloatArray | float = p * gain + (1 - p) * loss * (1 + v.risk_aversion / 50)
    return worth


def _estimate_shift(e: fx.ShiftSupport, v: Valuer, t: _Targets) -> FloatArray | float | None:
    f = e.faction.many(t.arrays)
    g, r = e.group.many(t.arrays), e.region.many(t.arrays)
    if not isinstance(f, int) or g is None or r is None:
        return None  # whole-map sums: numpy's summation order is not worth repeating here
    amount = _amount(e.amount, t)
    if f == v.faction:
        out: FloatArray | float = v.support_value[g, r] * amount
        return out
    mine = v.board.support[v.faction, g, r] / BASIS
    return np.where(np.greater(amount, 0), -(v.support_value[g, r] * mine) * amount, 0.0)


def _estimate_control(e: fx.SetControl, v: Valuer, t: _Targets) -> FloatArray | float | None:
    site, f = e.site.many(t.arrays), e.faction.many(t.arrays)
    if site is None or f is None:
        return None
    worth = _site_values(v)[site]
    holder = v.board.site_controller[site]
    mine = v.faction
    gained = np.logical_and(np.equal(f, mine), holder != mine)
    lost = np.logical_and(holder == mine, np.not_equal(f, mine))
    return np.where(gained, worth, np.where(lost, -worth, 0.0))


def _estimate_unit(e: fx.ChangeUnit, v: Valuer, t: _Targets) -> FloatArray | float | None:
    u = e.unit.many(t.arrays)
    if u is None:
        return None
    units = v.units(u)
    owner, men, loyal, mine = units.owner, units.men, units.loyal, units.mine
    strength, loyalty = _amount(e.strength, t), _amount(e.loyalty, t)
    if _unit_change_top(units, strength, loyalty) >= _EXACT:
        raise VecUnsupported("unit change too large")
    worth = v.strength_value * fx.unit_points(strength, loyalty, men, loyal) / 100
    value = np.where(mine, worth, np.where(units.owned, -worth / 2, 0.0))
    if e.owner is None:
        return value
    new_owner = e.owner.many(t.arrays)
    if new_owner is None:
        return None
    owner_worth = units.owner_worth
    if isinstance(new_owner, int):
        # One new owner for all: either every change is won, or only this faction's
        # own units are lost; the same cells as the general case picks below.
        if new_owner == v.faction:
            return np.where(np.not_equal(new_owner, owner), owner_worth, value)
        return np.where(mine, -owner_worth, value)
    changed = np.not_equal(new_owner, owner)
    won = np.logical_and(changed, np.equal(new_owner, v.faction))
    lost = np.logical_and(changed, mine)
    return np.where(won, owner_worth, np.where(lost, -owner_worth, value))


def _unit_change_top(units: _Units, strength: Many, loyalty: Many) -> int:
    """The largest magnitude `unit_points` can reach, reading the units' largest men
    or loyalty only for an amount that is not 0 (each costs two numpy calls)."""
    top = 0
    if _top(strength):
        top += _top(strength) * units.top_loyal
    if _top(loyalty):
        top += units.top_men * _top(loyalty)
    return top


def _site_values(v: Valuer) -> FloatArray:
    return np.array(v.site_value, dtype=np.float64)


def _bias(v: Valuer, action: ActionRule) -> float:
    """The profile's taste for the action less what it costs: the same at every target."""
    found = v.biases.get(action.index)
    if found is None:
        found = v.biases[action.index] = v.tags(action.spec.tags) - v.cost(action.cost)
    return found


def _weight(v: Valuer, action: ActionRule) -> float:
    """The scenario's own extra score for the action in this state (its `ai_weight`)."""
    weight = action.ai_weight
    return float(weight.value if weight.constant else weight(v.ctx))


# Per Rules, per taste (see Valuer.taste), each action's bias by index.
_BIAS: WeakKeyDictionary[Rules, dict[Taste, dict[int, float]]] = WeakKeyDictionary()
_OPEN: WeakKeyDictionary[Rules, list[list[ActionRule]]] = WeakKeyDictionary()


def _open_to(rules: Rules, faction: int) -> list[ActionRule]:
    """The actions a faction may ever take, in scenario order."""
    found = _OPEN.get(rules)
    if found is None:
        found = _OPEN[rules] = [
            [a for a in rules.actions if f in a.factions] for f in range(rules.n_factions)
        ]
    return found[faction]


def _plan(
    rules: Rules,
    state: State,
    faction: int,
    v: Valuer,
    rng: np.random.Generator,
    after: Board | None = None,
    known: dict[int, FloatArray] | None = None,
) -> tuple[ActionOrder, ...]:
    """Score every (action, target) and take the best open ones the faction can afford.

    Scoring only reads the state, so every target is scored first and the
    legality of a target (its conditions, the costs so far) is checked only
    as the best ones are taken: the AI looks at hundreds of targets a turn
    and takes three or four. Target-free checks are done once per action.
    An order must be open both now (the rules check it against this state) and
    `after` the faction's own choices, so that none is blocked by them.
    Scores already worked out for this position are taken from `known`, and
    new ones kept there.
    """
    have: list[int] = state.resources[faction].tolist()
    if after is not None:
        have = [min(h, int(x)) for h, x in zip(have, after.resources[faction], strict=True)]
    later = EvalCtx(rules, after, {"faction": faction}) if after is not None else None
    ctx = EvalCtx(rules, state, {"faction": faction})
    spread = v.profile.noise / 100
    scored: list[ActionRule] = []
    checked: list[bool] = []  # per scored action: its condition reads only the faction, and held
    # How many more times each scored action may be taken (see below), and where each
    # one's targets start among the scores.
    room: list[int] = []
    starts = [0]
    for action, plain, cost, per_turn, n in _checks(rules, faction):
        if not all(map(operator.le, cost, have)):  # each cost within what is left
            continue
        if plain:
            holds = action.condition.function
            if not holds(ctx) or (later is not None and not holds(later)):
                continue
        scored.append(action)
        checked.append(plain)
        room.append(per_turn)
        starts.append(starts[-1] + n)
    if not scored:
        return ()
    if known is None:
        score = np.concatenate(_scores(rules, state, faction, v, scored))
    else:
        score = np.concatenate([_known_score(rules, state, faction, v, a, known) for a in scored])
    # Noise in proportion to each score, one draw per target: one call draws the
    # same numbers, in the same order, as one call per action. The same operations,
    # in the same order, as `score + (abs(score) + 1) * spread * (2 * draws - 1)`,
    # written in place: the arrays are new here, and the copies cost.
    jitter = rng.random(len(score))
    jitter *= 2
    jitter -= 1
    noise = np.abs(score)
    noise += 1.0
    noise *= spread
    noise *= jitter
    score += noise
    keep = (score > 0).nonzero()[0]  # np.flatnonzero, without its Python wrappers
    # Best first; equal scores keep scenario order, so the choice never depends on sorting luck.
    order = keep[(-score[keep]).argsort(kind="stable")].tolist()
    # `room` falls to 0 once an action is unaffordable, which it stays, since the
    # faction's resources only go down as it plans. Every scored action was affordable
    # to begin with, so affordability is checked again only when something has been bought.
    chosen: list[ActionOrder] = []
    limit = rules.actions_per_turn[faction]
    for place in order:
        which = bisect_right(starts, place) - 1
        if not room[which]:
            continue
        action = scored[which]
        candidate = place - starts[which]
        ctx.params = bind(rules, state, action, candidate, faction)
        # A condition of the faction alone held when the action was scored.
        if not checked[which] and not action.condition.function(ctx):
            continue
        if not action.targets.function(ctx):
            continue
        if later is not None and not _open_later(rules, later, action, candidate, faction):
            continue
        chosen.append(_order(rules, action, candidate))
        if len(chosen) >= limit:
            break
        have = [h - c for c, h in zip(action.cost_ints, have, strict=True)]
        room[which] -= 1
        for i, other in enumerate(scored):
            if room[i] and not all(map(operator.le, other.cost_ints, have)):
                room[i] = 0
    return tuple(chosen)


# Per Rules, the order naming each (action index, candidate): an order is read-only, and
# the AI gives a few of the same every turn.
_ORDERS: WeakKeyDictionary[Rules, dict[tuple[int, int], ActionOrder]] = WeakKeyDictionary()


def _order(rules: Rules, action: ActionRule, candidate: int) -> ActionOrder:
    known = _ORDERS.get(rules)
    if known is None:
        known = _ORDERS[rules] = {}
    found = known.get((action.index, candidate))
    if found is None:
        target = rules.target_ids(action, action.candidates[candidate])
        found = known[(action.index, candidate)] = ActionOrder(action.spec.id, target)
    return found


_FACTION_ONLY = frozenset({"faction"})
_Check = tuple[ActionRule, bool, tuple[int, ...], int, int]
_CHECKS: WeakKeyDictionary[Rules, dict[int, list[_Check]]] = WeakKeyDictionary()


def _checks(rules: Rules, faction: int) -> list[_Check]:
    """The actions a faction may ever take, each with whether its condition reads only
    the faction (and so is checked once for all its targets), its cost, how many times
    a turn it may be taken and its number of targets."""
    known = _CHECKS.get(rules)
    if known is None:
        known = _CHECKS[rules] = {}
    found = known.get(faction)
    if found is None:
        found = known[faction] = [
            (
                a,
                a.condition.params <= _FACTION_ONLY,
                a.cost_ints,
                a.spec.per_turn,
                len(a.candidates),
            )
            for a in _open_to(rules, faction)
        ]
    return found


def _known_score(
    rules: Rules,
    state: State,
    faction: int,
    v: Valuer,
    action: ActionRule,
    known: dict[int, FloatArray],
) -> FloatArray:
    """`_score_targets`, kept in `known` (read-only: concatenating copies it anyway)."""
    found = known.get(action.index)
    if found is None:
        found = known[action.index] = _score_targets(rules, state, faction, v, action)
        found.flags.writeable = False
    return found


def _open_later(rules: Rules, later: EvalCtx, action: ActionRule, candidate: int, faction: int) -> bool:
    """Whether a target still passes the action's checks on the board after the choices."""
    later.params = bind(rules, later.board, action, candidate, faction)
    return bool(action.condition(later)) and bool(action.targets(later))

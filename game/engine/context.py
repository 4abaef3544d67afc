"""Evaluating scenario expressions against a board (a State, or the mutable Work of a step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from game.engine.state import BoolArray, IntArray, State
from game.scenario.expr import Many

if TYPE_CHECKING:
    from game.engine.rules import Rules


class Board(Protocol):
    """What expressions read; both State and the step's Work provide it."""

    @property
    def turn(self) -> int: ...

    @property
    def support(self) -> IntArray: ...

    @property
    def mobilisation(self) -> IntArray: ...

    @property
    def tracks(self) -> IntArray: ...

    @property
    def flags(self) -> BoolArray: ...

    @property
    def resources(self) -> IntArray: ...

    @property
    def site_controller(self) -> IntArray: ...

    @property
    def site_defence(self) -> IntArray: ...

    @property
    def unit_owner(self) -> IntArray: ...

    @property
    def unit_region(self) -> IntArray: ...

    @property
    def unit_strength(self) -> IntArray: ...

    @property
    def unit_loyalty(self) -> IntArray: ...

    @property
    def fired(self) -> BoolArray: ...

    @property
    def player(self) -> int: ...


class EvalCtx:
    """The expression language's view of one board, with the $parameters in force."""

    __slots__ = ("board", "params", "rules")

    def __init__(self, rules: Rules, board: Board, params: dict[str, int] | None = None) -> None:
        self.rules = rules
        self.board = board
        self.params: dict[str, int] = params or {}

    def with_params(self, params: dict[str, int]) -> EvalCtx:
        return EvalCtx(self.rules, self.board, params)

    def support_pct(self, faction: int, group: int | None, region: int | None) -> int:
        shares = self.board.support[faction]
        if group is not None and region is not None:
            return int(shares[group, region]) // 100
        return self._weighted(shares, group, region) // 100

    def mobilisation(self, group: int | None, region: int | None) -> int:
        return self._weighted(self.board.mobilisation, group, region)

    def _weighted(self, values: IntArray, group: int | None, region: int | None) -> int:
        """A (groups, regions) table averaged over people, for one group or region or all."""
        rules = self.rules
        pop = rules.population
        if group is not None and region is not None:
            return int(values[group, region])
        if group is not None:  # one group, everywhere
            num, den = int(values[group] @ pop[group]), rules.group_population[group]
        elif region is not None:  # every group in one region
            num, den = int(values[:, region] @ pop[:, region]), rules.region_population[region]
        else:
            num, den = int((values * pop).sum()), rules.total_population
        return num // den if den else 0

    def track(self, track: int) -> int:
        return int(self.board.tracks[track])

    def flag(self, flag: int) -> bool:
        return bool(self.board.flags[flag])

    def controller(self, site: int) -> int:
        return int(self.board.site_controller[site])

    def defence(self, site: int) -> int:
        return int(self.board.site_defence[site])

    def sites_held(self, faction: int) -> int:
        return int(np.count_nonzero(self.board.site_controller == faction))

    def resource(self, faction: int, resource: int) -> int:
        return int(self.board.resources[faction, resource])

    def strength(self, faction: int, region: int | None) -> int:
        return unit_strength(self.board, faction, region)

    def owner(self, unit: int) -> int:
        return int(self.board.unit_owner[unit])

    def loyalty(self, unit: int) -> int:
        return int(self.board.unit_loyalty[unit])

    def unit_region(self, unit: int) -> int:
        return int(self.board.unit_region[unit])

    def fired(self, event: int) -> bool:
        return bool(self.board.fired[event])

    def is_player(self, faction: int) -> bool:
        return self.board.player == faction

    def date_ordinal(self) -> int:
        return self.rules.turn_dates[min(self.board.turn, len(self.rules.turn_dates) - 1)]

    def turn(self) -> int:
        return self.board.turn

    def is_final(self) -> bool:
        return self.board.turn >= len(self.rules.turn_dates) - 1

    def param(self, name: str) -> int:
        return self.params[name]


def unit_strength(board: Board, faction: int, region: int | None) -> int:
    """Armed strength: each unit's men counted by how firmly they obey (loyalty %)."""
    if type(board) is not State:  # the step's Work changes as it goes
        return _unit_strength(board, faction, region)
    # A State never changes: its sums are kept on it, for the AI asks them of every faction.
    # Every owner's, everywhere and region by region, are summed in one pass over the
    # units when the first is asked: a few numpy calls cost more than the whole pass.
    kept: dict[tuple[int, int | None], int] | None = board.__dict__.get("_strengths")
    if kept is None:
        kept = board.__dict__["_strengths"] = _strength_points(board)
    return kept.get((faction, region), 0) // 100


def _strength_points(board: State) -> dict[tuple[int, int | None], int]:
    """Men times loyalty summed by (owner, region) and by (owner, None) for everywhere:
    the integers `_unit_strength` sums, before its division."""
    points: dict[tuple[int, int | None], int] = {}
    for owner, region, men, loyalty in zip(
        board.unit_owner.tolist(),
        board.unit_region.tolist(),
        board.unit_strength.tolist(),
        board.unit_loyalty.tolist(),
        strict=True,
    ):
        here, everywhere = (owner, region), (owner, None)
        points[here] = points.get(here, 0) + men * loyalty
        points[everywhere] = points.get(everywhere, 0) + men * loyalty
    return points


def _unit_strength(board: Board, faction: int, region: int | None) -> int:
    mask = board.unit_owner == faction
    if region is not None:
        mask &= board.unit_region == region
    men = board.unit_strength[mask] * board.unit_loyalty[mask]
    return int(np.add.reduce(men, None)) // 100  # men.sum(), without its Python wrapper


def _plain(x: Many) -> Many:
    """Numpy's 0-d results as Python ints and bools, as the scalar path gives them."""
    if isinstance(x, np.ndarray) and x.ndim:
        return x
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    return int(x)


def _column(x: Many) -> Many:
    """x as a column against the units' or sites' axis: one row per binding."""
    return x[:, None] if isinstance(x, np.ndarray) else x


class VecEvalCtx:
    """The expression language's view of one board for many bindings of the $parameters.

    Each $parameter is an array (one entry per binding, e.g. per candidate target)
    or one int for all; every method gives, binding by binding, what EvalCtx gives.
    """

    __slots__ = ("board", "params", "rules")

    def __init__(self, rules: Rules, board: Board, params: dict[str, Many]) -> None:
        self.rules = rules
        self.board = board
        self.params = params

    def support_pct(self, faction: Many, group: Many | None, region: Many | None) -> Many:
        support = self.board.support
        if group is not None and region is not None:
            return _plain(support[faction, group, region] // 100)
        pop = self.rules.population
        # Integer sums are exact in any order, so whole tables are summed once.
        weighted = support * pop  # (factions + 1, groups, regions)
        if group is None and region is None:
            num, den = weighted.sum(axis=(1, 2))[faction], self.rules.total_population
        elif group is None:
            num, den = weighted.sum(axis=1)[faction, region], pop.sum(axis=0)[region]
        else:
            num, den = weighted.sum(axis=2)[faction, group], pop.sum(axis=1)[group]
        return _plain(_ratio(num, den) // 100)

    def mobilisation(self, group: Many | None, region: Many | None) -> Many:
        values = self.board.mobilisation
        if group is not None and region is not None:
            return _plain(values[group, region])
        pop = self.rules.population
        weighted = values * pop
        if group is None and region is None:
            return _plain(_ratio(weighted.sum(), self.rules.total_population))
        if group is None:
            return _plain(_ratio(weighted.sum(axis=0)[region], pop.sum(axis=0)[region]))
        return _plain(_ratio(weighted.sum(axis=1)[group], pop.sum(axis=1)[group]))

    def track(self, track: Many) -> Many:
        return _plain(self.board.tracks[track])

    def flag(self, flag: Many) -> Many:
        return _plain(self.board.flags[flag])

    def controller(self, site: Many) -> Many:
        return _plain(self.board.site_controller[site])

    def defence(self, site: Many) -> Many:
        return _plain(self.board.site_defence[site])

    def sites_held(self, faction: Many) -> Many:
        held = self.board.site_controller == _column(faction)
        return _plain(np.count_nonzero(held, axis=-1))

    def resource(self, faction: Many, resource: Many) -> Many:
        return _plain(self.board.resources[faction, resource])

    def strength(self, faction: Many, region: Many | None) -> Many:
        board = self.board
        if not isinstance(faction, np.ndarray) and not isinstance(region, np.ndarray):
            return unit_strength(board, int(faction), None if region is None else int(region))
        mask = board.unit_owner == _column(faction)
        if region is not None:
            mask = mask & (board.unit_region == _column(region))
        men = board.unit_strength * board.unit_loyalty
        return _plain(np.where(mask, men, 0).sum(axis=-1) // 100)

    def owner(self, unit: Many) -> Many:
        return _plain(self.board.unit_owner[unit])

    def loyalty(self, unit: Many) -> Many:
        return _plain(self.board.unit_loyalty[unit])

    def unit_region(self, unit: Many) -> Many:
        return _plain(self.board.unit_region[unit])

    def fired(self, event: Many) -> Many:
        return _plain(self.board.fired[event])

    def is_player(self, faction: Many) -> Many:
        return _plain(np.equal(faction, self.board.player))

    def date_ordinal(self) -> int:
        return self.rules.turn_dates[min(self.board.turn, len(self.rules.turn_dates) - 1)]

    def turn(self) -> int:
        return self.board.turn

    def is_final(self) -> bool:
        return self.board.turn >= len(self.rules.turn_dates) - 1

    def param(self, name: str) -> Many:
        return self.params[name]


def _ratio(num: Many, den: Many) -> Many:
    """num // den, and 0 where den is 0, as EvalCtx._weighted."""
    if not isinstance(den, np.ndarray):
        return num // den if den else 0
    return np.where(den == 0, 0, num // np.where(den == 0, 1, den))

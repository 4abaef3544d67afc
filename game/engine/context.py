"""Evaluating scenario expressions against a board (a State, or the mutable Work of a step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

from game.engine.state import BoolArray, IntArray

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
        pop = self.rules.population
        if group is not None and region is not None:
            return int(values[group, region])
        if group is None and region is None:
            num, den = int((values * pop).sum()), self.rules.total_population
        elif group is None:
            num, den = int(values[:, region] @ pop[:, region]), int(pop[:, region].sum())
        else:
            num, den = int(values[group] @ pop[group]), int(pop[group].sum())
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
    mask = board.unit_owner == faction
    if region is not None:
        mask &= board.unit_region == region
    return int((board.unit_strength[mask] * board.unit_loyalty[mask]).sum()) // 100

"""Target mode: an action waiting for its target, and which targets are open.

What is open is asked of the play layer's order book (which asks the engine with the
running totals of what is already queued); this only maps districts to the action's
candidates and keeps the keyboard's place among them.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.rules import ActionRule
from game.engine.state import State
from game.play.orders import OrderBook


@dataclass
class Targeting:
    """An action waiting for its target: a district on the map, or a site or unit from a list."""

    action: ActionRule
    group: int | None = None  # for group_region targets
    focus: int = 0  # index into the open targets

    @property
    def on_map(self) -> bool:
        return self.action.spec.target in ("region", "group_region")

    @property
    def by_group(self) -> bool:
        return self.action.spec.target == "group_region"


def region_candidates(t: Targeting | None) -> dict[int, int]:
    """Region -> candidate of the action in target mode (for the group chosen)."""
    if t is None or not t.on_map:
        return {}
    out = {}
    for c, target in enumerate(t.action.candidates):
        if t.action.spec.target == "region":
            out[target[0]] = c
        elif target[0] == t.group:
            out[target[1]] = c
    return out


def region_target(
    book: OrderBook, state: State, t: Targeting | None, region: int
) -> tuple[int | None, str | None]:
    """The candidate aimed at by a district, and why it is closed (or None)."""
    candidate = region_candidates(t).get(region)
    if t is None or candidate is None:
        return None, None
    return candidate, book.problem(state, t.action, candidate)


def open_regions(book: OrderBook, state: State, t: Targeting | None) -> list[int]:
    if t is None:
        return []
    return [
        r
        for r, c in sorted(region_candidates(t).items())
        if book.is_open(state, t.action, c)
    ]


def open_list_targets(book: OrderBook, state: State, t: Targeting | None) -> list[int]:
    if t is None or t.on_map:
        return []
    return book.open_targets(state, t.action)


def target_groups(book: OrderBook, state: State, t: Targeting | None) -> list[int]:
    """The groups a group_region action may still be aimed at somewhere."""
    if t is None or not t.by_group:
        return []
    return sorted({t.action.candidates[c][0] for c in book.open_targets(state, t.action)})


def focused_region(book: OrderBook, state: State, t: Targeting | None) -> int | None:
    if t is None or not t.on_map:
        return None
    regions = open_regions(book, state, t)
    return regions[t.focus % len(regions)] if regions else None

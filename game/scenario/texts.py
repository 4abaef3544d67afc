"""The keys of a scenario's `texts:` section that the front ends show, and a warning for
any other: a misspelt key (`map_titel`) would otherwise do nothing, silently."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from game.scenario.crossref import did_you_mean
from game.scenario.schema import ScenarioModel
from game.scenario.yamlio import LoadError, Mark

# Each key a front end reads, and where it shows (docs/modding.md has the same table).
SHOWN: dict[str, str] = {
    "masthead": "the line over the title of the codex, new-game and save pages",
    "beside_history": "the heading of the ending's column beside history",
    "in_history": "the name of that column's history side",
    "map_title": "the map sheet's title",
    "map_subtitle": "the line under the map's title",
    "guide_map": "the guided first turn: the map",
    "guide_district": "the guided first turn: the player's strongest district",
    "guide_tracks": "the guided first turn: the tracks",
    "guide_actions": "the guided first turn: the actions",
    "guide_this_turn": "the guided first turn: this turn's orders",
    "guide_end_turn": "the guided first turn: End turn",
}


def unshown(
    model: ScenarioModel, mark_for: Callable[[Sequence[str | int]], Mark]
) -> list[LoadError]:
    """A warning at each `texts:` key that no part of the game shows."""
    return [
        LoadError(
            mark_for(("texts", key)), f"no part of the game shows the text '{key}'{_hint(key)}"
        )
        for key in model.texts
        if key not in SHOWN
    ]


def _hint(key: str) -> str:
    return did_you_mean(key, SHOWN) or f"; the texts shown are {', '.join(SHOWN)}"

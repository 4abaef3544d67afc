"""The scenes of the window, by name (the names `screenshot` accepts)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from game.scenario.loader import Scenario
from game.session import Session
from game.ui.scene import Scene
from game.ui.scenes.map import MapScene
from game.ui.scenes.title import TitleScene


def default_faction(scenario: Scenario) -> str:
    """The first playable faction: who a quick new game leads until the player chooses."""
    playable = [f.id for f in scenario.model.factions if f.playable]
    return playable[0] if playable else scenario.model.factions[0].id


def new_session(scenario: Scenario, seed: int | None, faction: str | None) -> Session:
    return Session(
        scenario,
        seed if seed is not None else secrets.randbelow(2**31),
        player=faction or default_faction(scenario),
    )


def _title(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return TitleScene(scenario, lambda: MapScene(new_session(scenario, seed, faction)))


def _map(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return MapScene(new_session(scenario, seed, faction))


SCENES: dict[str, Callable[[Scenario, int | None, str | None], Scene]] = {
    "title": _title,
    "map": _map,
}

"""The scenes of the window, by name (the names `screenshot` accepts)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from game.scenario.loader import Scenario
from game.session import Session
from game.ui.scene import Scene
from game.ui.scenes.charts import SCREENSHOT_TURNS, ChartsScene
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.title import TitleScene

JOURNAL_TURNS = 6  # how far the journal's screenshot plays before it is drawn


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


def all_ai(session: Session, turns: int | None = None) -> Session:
    """Let the AI play every seat, the player's too, for `turns` turns or to the end."""
    played = 0
    while not session.over and (turns is None or played < turns):
        session.apply({fid: session.ai_orders(fid) for fid in session.rules.faction_ids})
        played += 1
    return session


def _title(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    """The title; its New game asks whom to lead, unless a faction was given already."""
    # No saves here (screenshots and tests see a fixed menu); run() gives the title its store.
    if faction is not None:
        return TitleScene(scenario, lambda: MapScene(new_session(scenario, seed, faction)))
    return TitleScene(scenario, lambda: NewGameScene(scenario, seed))


def _new_game(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    scene = NewGameScene(scenario, seed)
    if faction is not None:
        scene.selected = next(i for i, f in enumerate(scene.factions) if f.id == faction)
    return scene


def _ending(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return EndingScene(all_ai(new_session(scenario, seed, faction)))


def _journal(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return JournalScene(all_ai(new_session(scenario, seed, faction), JOURNAL_TURNS))


def _codex(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return CodexScene(scenario)


def _charts(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return ChartsScene(all_ai(new_session(scenario, seed, faction), SCREENSHOT_TURNS))


def _map(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return MapScene(new_session(scenario, seed, faction))


SCENES: dict[str, Callable[[Scenario, int | None, str | None], Scene]] = {
    "title": _title,
    "map": _map,
    "new-game": _new_game,
    "ending": _ending,
    "journal": _journal,
    "codex": _codex,
    "charts": _charts,
}

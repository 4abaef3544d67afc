"""Ctrl+R on the map: read the scenario again and go on under it (see `game.play.reload`,
which does the work; this only shows what came of it).

- Nothing differs: the map comes back on the same turn under the new files, with the
  turn's queued orders still queued (those the new rules still allow).
- Play differs: a card names the first turn that differs and why, and offers the ways
  on: from the last turn that matches, replaying every decision as far as they still
  stand, or keeping the game as it was (Esc).
- The files do not load: the problems page lists them, each `FILE:LINE:COL: message`;
  Back returns to the game as it was, Reload (R) reads the files again.
- Nothing to read (a game opened from a save), or an ironman game: the status line says so.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from game.play.reload import UNCHANGED, NotReloaded, Reloaded, Way, reload_game
from game.ui.scene import Transition, push, replace
from game.ui.scenes.card import CardButton, TextCard
from game.ui.scenes.error import ErrorScene

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

BROKEN_TITLE = "The files do not load"
BROKEN_NOTE = f"{UNCHANGED} Fix the files and press Reload to read them again, or Back to play on."
DIFFERS_TITLE = "Play differs under the new files"


def reload_map(the_map: MapScene) -> Transition | None:
    """What Ctrl+R on the map does (see the module's docstring)."""
    outcome = reload_game(the_map.game, the_map.app.reload_scenario)
    if isinstance(outcome, NotReloaded):
        if outcome.problems:
            return push(
                ErrorScene(
                    BROKEN_TITLE,
                    outcome.problems,
                    note=BROKEN_NOTE,
                    reload=lambda: _again(the_map),
                )
            )
        the_map.status = outcome.message
        the_map.dirty = True
        return None
    if outcome.difference is None:
        return go_on(the_map, outcome, outcome.ways[0])
    return push(differs_card(the_map, outcome))


def _again(the_map: MapScene) -> Transition | None:
    """The problems page's Reload: off with the page, and Ctrl+R on the map again."""
    the_map.app.pop()
    return reload_map(the_map)


def go_on(the_map: MapScene, outcome: Reloaded, way: Way) -> Transition | None:
    """Go on the way chosen: a new map (or the ending) under the new files, or the old
    game as it was."""
    if way.game is None:
        the_map.status = way.done
        the_map.dirty = True
        return None
    app = the_map.app
    app.retitle(outcome.scenario)
    if way.game.over:
        from game.ui.scenes.ending import EndingScene

        return replace(EndingScene(way.game.session))
    from game.ui.scenes.map.scene import MapScene

    scene = MapScene(way.game, decisions_first=True)
    scene.status = " ".join(outcome.lines) if outcome.difference is None else way.done
    return replace(scene)


def differs_card(the_map: MapScene, outcome: Reloaded) -> TextCard:
    """The card that names the first differing turn and offers the ways on; Esc keeps the
    game as it was (the last button)."""
    reasons = "<br>".join(f"&#8226; {html.escape(r, quote=False)}" for r in outcome.lines[1:])
    ways = "<br>".join(
        f"<b>{html.escape(w.label, quote=False)}</b>: {html.escape(w.text, quote=False)}"
        for w in outcome.ways
    )
    body = f"{reasons}<br><br>How will you go on?<br>{ways}"

    def choose(way: Way) -> CardButton:
        def act() -> Transition | None:
            the_map.app.pop()  # the card: what follows is the map's
            return go_on(the_map, outcome, way)

        return CardButton(way.label, act, "Esc" if way.game is None else "")

    return TextCard(
        DIFFERS_TITLE,
        outcome.lines[0],
        body,
        [choose(way) for way in outcome.ways],
        width=960,
    )

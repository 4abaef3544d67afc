"""Render one scene without a screen and save it as a PNG.

`screenshot(name, out, scenario, save=FILE)` draws any scene of `game.ui.scenes.SHOTS`:
over a fresh game of the scenario, or over the game saved in FILE.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.scenario.loader import Scenario, Source


def _headless() -> None:
    """No screen, no sound, no greeting from pygame on stdout."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def scene_names() -> list[str]:
    _headless()
    from game.ui.scenes import SHOTS

    return list(SHOTS)


MAX_SETTLE_FRAMES = 30


def screenshot(
    scene: str,
    out: Path,
    scenario: Scenario,
    *,
    size: tuple[int, int] = (1280, 720),
    seed: int = 0,
    faction: str | None = None,
    save: Path | None = None,
    source: Source | None = None,
) -> Path:
    """Draw `scene` at `size` on a hidden display and write it to `out` (PNG).

    With `save`, the scene shows that game. `source` is where the scenario was read
    from (for the choice of scenario and mods; by default its folder alone). Raises KeyError for an unknown scene,
    SaveError for a save that does not load and ShotError for a shot that cannot be
    made (e.g. the ending of a game not over); each says why in one line.
    """
    _headless()
    import pygame

    from game.ui import theme
    from game.ui.app import App, use_faces
    from game.ui.scenes import ShotRequest, shot_stack

    use_faces(scenario)
    app = App(size, resizable=False)
    try:
        for layer in shot_stack(scene, ShotRequest(scenario, seed, faction, save, source)):
            app.push(layer)
        surface = app.render()
        # A scene that draws in steps (the save page's thumbnails) asks for more frames.
        for _ in range(MAX_SETTLE_FRAMES):
            if app.top is None or not app.top.dirty:
                break
            surface = app.render()
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
    finally:
        app.close()
        theme.set_faces({})
    return out

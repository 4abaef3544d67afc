"""Render one scene without a screen and save it as a PNG."""

from __future__ import annotations

import os
from pathlib import Path

from game.scenario.loader import Scenario


def _headless() -> None:
    """No screen, no sound, no greeting from pygame on stdout."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def scene_names() -> list[str]:
    _headless()
    from game.ui.scenes import SCENES

    return list(SCENES)


def screenshot(
    scene: str,
    out: Path,
    scenario: Scenario,
    *,
    size: tuple[int, int] = (1280, 720),
    seed: int = 0,
    faction: str | None = None,
) -> Path:
    """Draw `scene` at `size` on a hidden display and write it to `out` (PNG)."""
    _headless()
    import pygame

    from game.ui.app import App, start_scene

    app = App(size, resizable=False)
    try:
        app.push(start_scene(scene, scenario, seed, faction))
        surface = app.render()
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
    finally:
        app.close()
    return out

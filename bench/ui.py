"""Benchmarks of the window: frame times of the map and of an event card, and idle CPU.

Run with `python bench/ui.py` (headless: the dummy SDL drivers unless set otherwise).
Prints medians and the ratio to a baseline measured in the same run (a bare pygame
window filled and flipped), so the figures compare across machines. Every timed frame
is a full redraw, as if something had changed. Aims: a frame under a quarter of the
60 fps budget (4.2 ms); idle, under 2% of one core. The idle figure stands beside a
bare window waiting on its queue the same way: under the dummy driver SDL's wait polls
every millisecond by itself, so what the game adds is the difference.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pygame  # noqa: E402
from timing import median_ms  # noqa: E402

from game.paths import default_scenario  # noqa: E402
from game.scenario.loader import Scenario, load_scenario  # noqa: E402
from game.session import Session  # noqa: E402
from game.ui.app import IDLE_WAIT_MS, App, start_scene  # noqa: E402
from game.ui.scenes.event import EventScene  # noqa: E402
from game.ui.scenes.map import MapScene  # noqa: E402

SIZE = (1280, 720)
FRAMES = 200
IDLE_SECONDS = 10.0
FRAME_AIM_MS = 1000 / 60 / 4  # a quarter of the 60 fps budget
IDLE_AIM = 2.0  # per cent of one core


def redraw(app: App) -> None:
    """One full frame: as if an event had changed something."""
    app.needs_draw = True
    app.draw_if_needed()


def bare_frame_ms() -> float:
    """A window of the same size, only filled and flipped."""
    screen = pygame.display.set_mode(SIZE)

    def frame() -> None:
        screen.fill((239, 230, 210))
        pygame.display.flip()

    ms = median_ms(frame, FRAMES)
    pygame.display.quit()
    return ms


def map_app(scenario: Scenario) -> tuple[App, MapScene]:
    app = App(SIZE, resizable=False)
    scene = MapScene(Session(scenario, 5, player="bolsheviks"))
    app.push(scene)
    scene.set_overlay("support")  # one faction's support, shaded district by district
    app.pump()
    return app, scene


def map_frame_ms(scenario: Scenario) -> float:
    app, _ = map_app(scenario)
    try:
        return median_ms(lambda: redraw(app), FRAMES)
    finally:
        app.close()


def event_frame_ms(scenario: Scenario) -> float:
    """The card of an event awaiting a choice, over the dimmed map (both redrawn)."""
    app, scene = map_app(scenario)
    try:
        app.apply(scene.end_turn_pressed())  # play turn 1; turn 2 opens with a decision
        if not isinstance(app.top, EventScene):
            raise SystemExit("no event card opened after the first turn")
        return median_ms(lambda: redraw(app), FRAMES)
    finally:
        app.close()


def timed_idle(loop: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `loop`, which a QUIT posted after IDLE_SECONDS ends."""
    pygame.time.set_timer(pygame.QUIT, round(IDLE_SECONDS * 1000), loops=1)
    cpu, wall = time.process_time(), time.perf_counter()
    loop()
    return time.process_time() - cpu, time.perf_counter() - wall


def bare_idle() -> tuple[float, float]:
    """A bare window waiting on its queue as App.run does: what SDL itself costs idling."""
    pygame.display.set_mode(SIZE)

    def loop() -> None:
        while pygame.event.wait(IDLE_WAIT_MS).type != pygame.QUIT:
            pass

    try:
        return timed_idle(loop)
    finally:
        pygame.display.quit()


def idle_cpu(scenario: Scenario) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, frames drawn) of App.run on the title with no input."""
    app = App(SIZE, resizable=False)
    try:
        app.push(start_scene("title", scenario, 0, None))
        app.render()  # the first frame (fonts, widget images) is start-up, not idling
        app.pump()
        cpu, wall = timed_idle(app.run)
        return cpu, wall, app.frames
    finally:
        app.close()


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default_scenario()
    print(f"Scenario: {folder}")
    print(f"Video driver: {os.environ.get('SDL_VIDEODRIVER', '(default)')}, {SIZE[0]}x{SIZE[1]}")
    scenario = load_scenario(folder)
    pygame.display.init()
    bare = bare_frame_ms()
    the_map = map_frame_ms(scenario)
    card = event_frame_ms(scenario)
    print(f"bare window (fill + flip)  {bare:8.3f} ms")
    for label, ms in (("map, support overlay", the_map), ("event card over the map", card)):
        print(
            f"{label:<26} {ms:8.3f} ms  ({ms / bare:.1f}x the bare window;"
            f" aim < {FRAME_AIM_MS:.1f} ms)"
        )
    pygame.display.init()
    bare_cpu, bare_wall = bare_idle()
    bare_share = 100 * bare_cpu / bare_wall
    cpu, wall, frames = idle_cpu(scenario)
    share = 100 * cpu / wall
    print(
        f"idle, bare window's wait   {bare_share:8.2f} %  of one core ({bare_cpu * 1000:.0f} ms CPU"
        f" in {bare_wall:.1f} s: SDL's own wait under this video driver)"
    )
    print(
        f"idle on the title          {share:8.2f} %  of one core ({cpu * 1000:.0f} ms CPU in"
        f" {wall:.1f} s, {frames} frame{'s' if frames != 1 else ''} drawn;"
        f" {share - bare_share:+.2f} points over the bare wait; aim < {IDLE_AIM:.0f}%)"
    )


if __name__ == "__main__":
    main()

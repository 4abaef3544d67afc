"""Benchmarks of the window: frame times of the map and of an event card, and idle CPU.

Run with `python bench/ui.py [SCENARIO_DIR] [--idle-seconds S] [--frames N]` (headless:
the dummy SDL drivers unless set otherwise). Prints medians and the ratio to a baseline
measured in the same run (a bare pygame window filled and flipped), so the figures
compare across machines. Every timed frame is a full redraw, as if something had
changed. The event card keeps the dimmed map behind it between frames (the map cannot
change under it), so its frame is timed twice: as it is while the card is up, and when
the map below has to be drawn again (the card's first frame, or after a resize).

Aims: a frame under a quarter of the 60 fps budget (4.2 ms); idle, under 2% of one
core. The idle figure (process CPU time over S seconds, 10 by default, with App.run
ended by a QUIT a timer posts) stands beside two bare windows idling as long: one
polling its queue as App.run does once quiet (so what the game adds is the difference),
and one blocked in pygame.event.wait, the plain way, which SDL wakes every millisecond.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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
from game.saves.store import SaveStore  # noqa: E402
from game.scenario.loader import Scenario, load_scenario  # noqa: E402
from game.session import Session  # noqa: E402
from game.ui.app import POLL_IDLE_S, App, start_scene  # noqa: E402
from game.ui.scenes.card import TextCard  # noqa: E402
from game.ui.scenes.event import EventScene  # noqa: E402
from game.ui.scenes.map import MapScene  # noqa: E402

SIZE = (1280, 720)
FRAMES = 200
IDLE_SECONDS = 10.0  # the figure: the window left alone for ten seconds
FRAME_AIM_MS = 1000 / 60 / 4  # a quarter of the 60 fps budget
IDLE_AIM = 2.0  # per cent of one core
# The turn the event's frame plays autosaves: into a folder of its own (removed at exit),
# never the player's saves.
SCRATCH = tempfile.TemporaryDirectory(prefix="dual-power-bench-")


def enter() -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0)


def redraw(app: App) -> None:
    """One full frame: as if an event had changed something."""
    app.needs_draw = True
    app.draw_if_needed()


def bare_frame_ms(frames: int = FRAMES) -> float:
    """A window of the same size, only filled and flipped."""
    screen = pygame.display.set_mode(SIZE)

    def frame() -> None:
        screen.fill((239, 230, 210))
        pygame.display.flip()

    ms = median_ms(frame, frames)
    pygame.display.quit()
    return ms


def map_app(scenario: Scenario) -> tuple[App, MapScene]:
    app = App(SIZE, resizable=False)
    scene = MapScene(Session(scenario, 5, player="bolsheviks"), SaveStore(Path(SCRATCH.name)))
    app.push(scene)
    scene.set_overlay("support")  # one faction's support, shaded district by district
    app.pump()
    return app, scene


def map_frame_ms(scenario: Scenario, frames: int = FRAMES) -> float:
    app, _ = map_app(scenario)
    try:
        return median_ms(lambda: redraw(app), frames)
    finally:
        app.close()


def event_frame_ms(scenario: Scenario, frames: int = FRAMES) -> tuple[float, float]:
    """The card of an event awaiting a choice, over the dimmed map: (a frame while the card
    is up, a frame whose map below must be drawn again)."""
    app, scene = map_app(scenario)
    try:
        app.apply(scene.end_turn_pressed())  # play turn 1; turn 2 opens with a decision
        app.apply(app.top.handle(enter()) if isinstance(app.top, TextCard) else None)  # report
        if not isinstance(app.top, EventScene):
            raise SystemExit("no event card opened after the first turn")

        def map_changed() -> None:
            scene.dirty = True
            redraw(app)

        return median_ms(lambda: redraw(app), frames), median_ms(map_changed, frames)
    finally:
        app.close()


def thumbnail_ms(scenario: Scenario, repeat: int = 5) -> tuple[float, float, float]:
    """A save slot's map picture of a whole all-AI game, 240x150: (the first of all, the
    first of a save whose scenario was seen already, a cached one)."""
    from game.ui import thumbnail as thumbnails

    session = Session(scenario, 5, player=None)
    session.run()
    path = SaveStore(Path(SCRATCH.name)).save(session, "whole-game")
    app = App(SIZE, resizable=False)  # a display, as the load screen has

    def first() -> None:
        thumbnails.clear()
        thumbnails.thumbnail(path, (240, 150))

    def seen() -> None:
        thumbnails.clear_pictures()
        thumbnails.thumbnail(path, (240, 150))

    try:
        return (
            median_ms(first, repeat),
            median_ms(seen, repeat),
            median_ms(lambda: thumbnails.thumbnail(path, (240, 150)), 100),
        )
    finally:
        thumbnails.clear()
        app.close()


def timed_idle(loop: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `loop`, which a QUIT posted after `seconds` ends."""
    pygame.time.set_timer(pygame.QUIT, max(1, round(seconds * 1000)), loops=1)
    cpu, wall = time.process_time(), time.perf_counter()
    loop()
    return time.process_time() - cpu, time.perf_counter() - wall


def bare_idle(seconds: float = IDLE_SECONDS, *, wait: bool = False) -> tuple[float, float]:
    """A bare window idling: polling its queue and sleeping between polls as App.run does
    once quiet, or (`wait`) blocked in pygame.event.wait. What SDL itself costs idling."""
    pygame.display.set_mode(SIZE)

    def polling() -> None:
        while not any(e.type == pygame.QUIT for e in pygame.event.get()):
            time.sleep(POLL_IDLE_S)

    def waiting() -> None:
        while pygame.event.wait().type != pygame.QUIT:
            pass

    try:
        return timed_idle(waiting if wait else polling, seconds)
    finally:
        pygame.display.quit()


def idle_cpu(scenario: Scenario, seconds: float = IDLE_SECONDS) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, frames drawn) of App.run on the title with no input."""
    app = App(SIZE, resizable=False)
    try:
        app.push(start_scene("title", scenario, 0, None))
        app.render()  # the first frame (fonts, widget images) is start-up, not idling
        app.pump()
        cpu, wall = timed_idle(app.run, seconds)
        return cpu, wall, app.frames
    finally:
        app.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "scenario", nargs="?", type=Path, default=default_scenario(), help="scenario folder"
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=IDLE_SECONDS,
        metavar="S",
        help=f"how long each window idles (default {IDLE_SECONDS:g})",
    )
    parser.add_argument(
        "--frames", type=int, default=FRAMES, metavar="N", help=f"frames timed (default {FRAMES})"
    )
    args = parser.parse_args(argv)
    if args.idle_seconds <= 0 or args.frames < 1:
        parser.error("--idle-seconds and --frames must be positive")
    return args


def ratio(label: str, ms: float, bare: float) -> str:
    return f"{label:<34} {ms:8.3f} ms  ({ms / bare:5.1f}x the bare window; aim < {FRAME_AIM_MS:.1f} ms)"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(f"Scenario: {args.scenario}")
    print(f"Video driver: {os.environ.get('SDL_VIDEODRIVER', '(default)')}, {SIZE[0]}x{SIZE[1]}")
    print(f"Frame times: medians of {args.frames} full redraws")
    scenario = load_scenario(args.scenario)
    pygame.display.init()
    bare = bare_frame_ms(args.frames)
    the_map = map_frame_ms(scenario, args.frames)
    card, card_remade = event_frame_ms(scenario, args.frames)
    print(f"{'bare window (fill + flip)':<34} {bare:8.3f} ms")
    print(ratio("map, support overlay", the_map, bare))
    print(ratio("event card over the map", card, bare))
    print(ratio("event card, map below redrawn", card_remade, bare))
    cold, seen, cached = thumbnail_ms(scenario)
    print(
        f"{'save slot map thumbnail 240x150':<34} {cold:8.1f} ms first; {seen:.1f} ms when its"
        f" scenario was seen; {cached * 1000:.0f} us cached"
    )
    pygame.display.init()
    seconds = args.idle_seconds
    idle = []
    for label, (cpu, wall) in (
        ("idle, bare window, event.wait", bare_idle(seconds, wait=True)),
        ("idle, bare window polling", bare_idle(seconds)),
    ):
        pygame.display.init()
        idle.append(100 * cpu / wall)
        print(
            f"{label:<34} {idle[-1]:8.2f} %  of one core ({cpu * 1000:.0f} ms CPU in {wall:.1f} s)"
        )
    bare_share = idle[-1]
    cpu, wall, frames = idle_cpu(scenario, seconds)
    share = 100 * cpu / wall
    over = f"{share / bare_share:.2f}x" if bare_share > 0 else "n/a"
    print(
        f"{'idle on the title':<34} {share:8.2f} %  of one core ({cpu * 1000:.0f} ms CPU in"
        f" {wall:.1f} s, {frames} frame{'s' if frames != 1 else ''} drawn; {over} the bare"
        f" polling window, {share - bare_share:+.2f} points; aim < {IDLE_AIM:.0f}%)"
    )


if __name__ == "__main__":
    main()

"""The game window: a scene stack and a main loop that sleeps while nothing changes.

run()                      opens the window on the bundled scenario
App(size).push(scene)      for tests and screenshots: drive it with `feed`/`pump`
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.scenario.loader import Scenario, ScenarioError, load_scenario
from game.ui import theme
from game.ui.scene import Scene, Transition

if TYPE_CHECKING:
    from game.saves.store import SaveStore

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (800, 560)
IDLE_WAIT_MS = 500  # how long the idle loop sleeps on the event queue
CAPTION = "Dual Power"

_RESIZE_EVENTS = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)


class App:
    """The window, the widget manager and the scene stack."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, *, resizable: bool = True) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(CAPTION)
        flags = pygame.RESIZABLE if resizable else 0
        self.screen = pygame.display.set_mode(size, flags)
        self.size: tuple[int, int] = self.screen.get_size()
        self.manager = theme.make_manager(self.size)
        self.stack: list[Scene] = []
        self.running = True
        self.needs_draw = True
        self.frames = 0  # how many times the window was redrawn (idle tests count them)
        self.clock = pygame.time.Clock()

    # -- the stack ---------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene) -> None:
        if self.top is not None:
            self.top.cover()
        self.stack.append(scene)
        scene.enter(self)
        self.needs_draw = True

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().leave()
        if self.top is not None:
            self.top.uncover()
        else:
            self.running = False
        self.needs_draw = True

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        scene.enter(self)
        self.needs_draw = True

    def apply(self, transition: Transition | None) -> None:
        if transition is None:
            return
        if transition.kind == "quit":
            self.running = False
        elif transition.kind == "pop":
            self.pop()
        elif transition.scene is not None:
            (self.push if transition.kind == "push" else self.replace)(transition.scene)

    # -- events ------------------------------------------------------------------

    def dispatch(self, event: pygame.event.Event) -> None:
        """Give one event to the widgets and then to the top scene."""
        if not self.running:
            return  # a scene quit: what was queued behind it is dropped
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in _RESIZE_EVENTS:
            self.resize(self.screen.get_size())
            return
        self.manager.process_events(event)
        if self.top is not None:
            self.apply(self.top.handle(event))
        self.needs_draw = True

    def feed(self, events: Iterable[pygame.event.Event]) -> None:
        """Post events to the queue and process them (and what they cause) at once."""
        for event in events:
            pygame.event.post(event)
        self.pump()

    def pump(self, rounds: int = 8) -> None:
        """Process whatever is queued, including events the widgets post in reply."""
        for _ in range(rounds):
            events = pygame.event.get()
            if not events:
                break
            for event in events:
                self.dispatch(event)
                if not self.running:
                    return
            self.manager.update(0.0)
        self.manager.update(self.clock.tick() / 1000.0)
        self.draw_if_needed()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if size != self.screen.get_size():
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.size = size
        self.manager.set_window_resolution(size)
        for scene in self.stack:
            scene.layout(size)
        if self.top is not None:
            for scene in self.stack[:-1]:
                scene.cover()
        self.needs_draw = True

    # -- drawing -----------------------------------------------------------------

    def draw_if_needed(self) -> bool:
        if not (self.needs_draw or (self.top is not None and self.top.dirty)):
            return False
        self.draw()
        return True

    def draw(self) -> None:
        self.screen.fill(theme.PAPER)
        # From the topmost opaque scene up: a card over the map draws the map first.
        first = max((i for i, s in enumerate(self.stack) if s.opaque), default=0)
        for scene in self.stack[first:]:
            scene.draw(self.screen)
            scene.dirty = False
        self.manager.draw_ui(self.screen)
        pygame.display.flip()
        self.needs_draw = False
        self.frames += 1

    def render(self) -> pygame.Surface:
        """Draw now and return the window's surface (for screenshots)."""
        self.manager.update(0.0)
        self.draw()
        return self.screen

    # -- the loop ----------------------------------------------------------------

    def run(self) -> None:
        """Until a scene quits: sleep on the event queue, handle, redraw if anything changed."""
        self.draw()
        while self.running and self.stack:
            first = pygame.event.wait(IDLE_WAIT_MS)
            events = [first] if first.type != pygame.NOEVENT else []
            events += pygame.event.get()
            for event in events:
                self.dispatch(event)
            self.manager.update(self.clock.tick() / 1000.0)
            self.draw_if_needed()

    def close(self) -> None:
        while self.stack:
            self.stack.pop().leave()
        pygame.display.quit()


def start_scene(
    name: str,
    scenario: Scenario,
    seed: int | None = None,
    faction: str | None = None,
) -> Scene:
    """The named scene (see game.ui.scenes.SCENES) over a fresh game; KeyError for others."""
    from game.ui.scenes import SCENES

    return SCENES[name](scenario, seed, faction)


def run(
    scenario: Scenario | str | Path | None = None,
    *,
    seed: int | None = None,
    faction: str | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    saves: SaveStore | None = None,
) -> int:
    """Open the window on the title screen and play until the player quits.

    Returns 0; or 1 when the scenario does not load, after the window has shown why
    (every problem, with its file, line and column) until the player closes it.
    `saves` is where Continue, Load and the game's saves go (default: the usual folder).
    """
    from game.paths import default_scenario
    from game.saves.store import SaveStore, default_saves_dir
    from game.ui.scenes.error import ErrorScene
    from game.ui.scenes.title import TitleScene

    first: Scene
    status = 0
    try:
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario or default_scenario())
    except ScenarioError as broken:
        first = ErrorScene("The scenario does not load", [str(e) for e in broken.errors])
        status = 1
    else:
        first = start_scene("title", scenario, seed, faction)
        if isinstance(first, TitleScene) and first.store is None:
            first.store = saves or SaveStore(default_saves_dir())
            first.selected = -1  # Continue when there is a save to continue
    app = App(size)
    try:
        app.push(first)
        app.run()
    finally:
        app.close()
    return status

"""The game window: a scene stack and a main loop that sleeps while nothing changes.

run()                      opens the window on the bundled scenario, with the player's settings
App(size).push(scene)      for tests and screenshots: drive it with `feed`/`pump`
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.scenario.loader import Scenario, ScenarioError, Source
from game.ui import theme
from game.ui.scene import Scene, Transition
from game.ui.settings import DEFAULTS, Settings, load_settings, save_settings, settings_path
from game.ui.typed import clean_clipboard, is_paste, typed_event

if TYPE_CHECKING:
    from game.play.reload import ReadScenario
    from game.saves.store import SaveStore
    from game.session import Session

MIN_SIZE = (800, 560)
# The idle loop polls the queue itself: pygame's event.wait wakes every millisecond
# (pygame-ce issue 1541), which costs ~2.6% of a core doing nothing.
POLL_BUSY_S = 0.002  # between polls just after input, so drags and hovers stay smooth
POLL_IDLE_S = 0.016  # once quiet: a key pressed now is seen within one 60 fps frame
SETTLE_S = 0.5  # how long after the last event the loop counts as busy
IDLE_UPDATE_S = 0.1  # the widgets' clock (caret blink, hover) still ticks while idle
CAPTION = "Dual Power"

_RESIZE_EVENTS = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)
_POINTER_EVENTS = (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)


class App:
    """The window, the widget manager and the scene stack."""

    def __init__(
        self,
        size: tuple[int, int] | None = None,
        *,
        resizable: bool = True,
        settings: Settings = DEFAULTS,
        settings_file: Path | None = None,
        saves: SaveStore | None = None,
    ) -> None:
        """`size` overrides the settings' window size; `settings_file` is where changed
        settings are saved (None: they last until the window closes, as in tests)."""
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(CAPTION)
        self.settings = settings
        self.settings_file = settings_file
        # Where every game opened in this window saves (None: the usual folder, on first use).
        self.saves = saves
        # How Ctrl+R reads the scenario again (None: nothing to read, as for a game opened
        # from a save), and the title a scenario read again puts beneath the game.
        self.reload_scenario: ReadScenario | None = None
        # The title page of a scenario read from a Source (None: from elsewhere), and the
        # Source the title's New game last offered (a game begun on another replaces it).
        self.title_for: Callable[[Scenario, Source | None], Scene] | None = None
        self.title_source: Source | None = None
        self.settings_note: str | None = None  # why the last save of the settings failed
        theme.set_text_scale(settings.text_scale)
        self.resizable = resizable
        self.fullscreen = settings.fullscreen and resizable
        self.windowed_size = size or settings.window
        self.screen = self._open_window()
        self.size: tuple[int, int] = self.screen.get_size()
        self.manager = theme.make_manager(self.size)
        self.stack: list[Scene] = []
        self.running = True
        self.needs_draw = True
        self.frames = 0  # how many times the window was redrawn (idle tests count them)
        # SDL follows a key's KEYDOWN with its TEXTINPUT. When the key opened or closed a
        # page, its character belongs to the page it was pressed on, not to a text box of
        # the page now on top (S on the map must not type "s" into the save's name).
        self._drop_text = False
        # Where the pointer was last seen, from the events themselves: the wheel scrolls
        # what is under it, and posted events (tests) move it as real ones do.
        self.pointer: tuple[int, int] = (-1, -1)
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

    def retitle(self, scenario: Scenario, source: Source | None = None) -> None:
        """The scenario was read again, or another chosen on New game (from `source`): the
        title beneath the game starts new games on it, and offers that choice first."""
        if self.title_for is None or len(self.stack) < 2 or self.stack[0].name != "title":
            return
        if source is not None:
            self.title_source = source
        self.stack[0].leave()
        title = self.stack[0] = self.title_for(scenario, self.title_source)
        title.enter(self)
        title.cover()

    def apply(self, transition: Transition | None) -> None:
        if transition is None:
            return
        if transition.kind == "quit":
            self.running = False
        elif transition.kind == "pop":
            self.pop()
        elif transition.kind == "home":  # down to the bottom scene, then on to the one given
            while len(self.stack) > 1:
                # Straight off the stack: uncovering the scenes in between would rebuild
                # their widgets only to kill them.
                self.stack.pop().leave()
            if transition.scene is not None:
                self.push(transition.scene)
            elif self.top is not None:
                self.top.uncover()
            self.needs_draw = True
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
            # set_mode posts these too, and a drag posts both kinds: lay out once per size.
            if self.screen.get_size() != self.size:
                self.resize(self.screen.get_size())
            return
        if event.type == pygame.TEXTINPUT and self._drop_text:
            self._drop_text = False
            return
        if event.type == pygame.TEXTINPUT:
            # Zero-width and control characters would kill the text box that draws them.
            typed = typed_event(event)
            if typed is None:
                return
            event = typed
        if event.type == pygame.KEYDOWN and is_paste(event):
            # On every page: a box can hold the focus without the manager's focus set
            # showing it (focus() called by the page), and cleaning changes nothing else.
            clean_clipboard()
        if event.type not in (pygame.TEXTINPUT, pygame.TEXTEDITING):
            self._drop_text = False
        if event.type in _POINTER_EVENTS:
            self.pointer = event.pos
        before = self.top, len(self.stack)
        if event.type == pygame.KEYDOWN and self.global_key(event):
            self._drop_text = (self.top, len(self.stack)) != before
            self.needs_draw = True
            return
        self.manager.process_events(event)
        if self.top is not None:
            self.apply(self.top.handle(event))
        if event.type == pygame.KEYDOWN:
            self._drop_text = (self.top, len(self.stack)) != before
        self.needs_draw = True

    def global_key(self, event: pygame.event.Event) -> bool:
        """Keys that work on every screen: F11 fullscreen, F1 the list of keys."""
        if event.key == pygame.K_F11:
            self.set_fullscreen(not self.fullscreen)
            return True
        if event.key == pygame.K_F1 and self.top is not None:
            from game.ui.scenes.keys import KeysScene

            if isinstance(self.top, KeysScene):
                self.pop()
            else:
                self.push(KeysScene(self.top))
            return True
        return False

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

    def _open_window(self) -> pygame.Surface:
        if self.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(
            self.windowed_size, pygame.RESIZABLE if self.resizable else 0
        )

    def set_fullscreen(self, on: bool) -> bool:
        """F11: fill the screen, or go back to the window's last size; whether it changed
        (and so laid the scenes out again)."""
        if on == self.fullscreen or not self.resizable:
            return False
        self.fullscreen = on
        self.screen = self._open_window()
        self.resize(self.screen.get_size(), remember=False)
        return True

    def change_settings(self, settings: Settings) -> None:
        """Apply new settings to the open window and keep them for the next run."""
        old, self.settings = self.settings, settings
        if settings.text_scale != old.text_scale:
            theme.set_text_scale(settings.text_scale)
            # The widgets' fonts come from the manager: a new one, and resize() rebuilds them.
            self.manager = theme.make_manager(self.size)
        if settings.window != old.window and not self.fullscreen:
            self.windowed_size = settings.window
            self.screen = self._open_window()
        if not self.set_fullscreen(settings.fullscreen):
            self.resize(self.screen.get_size(), remember=False)
        self.settings_note = None
        if self.settings_file is not None:
            try:
                save_settings(settings, self.settings_file)
            except OSError as failed:
                self.settings_note = (
                    f"The settings could not be kept for next time ({failed.strerror or failed})."
                )

    def resize(self, size: tuple[int, int], *, remember: bool = True) -> None:
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if size != self.screen.get_size() and not self.fullscreen:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        if remember and not self.fullscreen:
            self.windowed_size = size
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
            scene.dirty = False  # before drawing: a scene drawing in steps asks for another
            scene.draw(self.screen)
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
        """Until a scene quits: wait for events, handle them, redraw if anything changed."""
        self.draw()
        quiet_since = last_update = time.monotonic()
        while self.running and self.stack:
            events = pygame.event.get()
            now = time.monotonic()
            if events:
                quiet_since = now
                for event in events:
                    self.dispatch(event)
            elif now - last_update < IDLE_UPDATE_S:
                time.sleep(POLL_BUSY_S if now - quiet_since < SETTLE_S else POLL_IDLE_S)
                continue
            last_update = now
            self.manager.update(self.clock.tick() / 1000.0)
            self.draw_if_needed()

    def close(self) -> None:
        while self.stack:
            self.stack.pop().leave()
        pygame.display.quit()


def use_faces(scenario: Scenario) -> None:
    """Set the window's text in the typefaces the scenario ships (style by style, the
    game's own for the rest); call it before the App is made."""
    from game.ui import pictures

    pygame.font.init()
    theme.set_faces(pictures.faces(scenario))


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
    scenario: Scenario | Source | str | Path | None = None,
    *,
    seed: int | None = None,
    faction: str | None = None,
    size: tuple[int, int] | None = None,
    saves: SaveStore | None = None,
    settings_file: Path | None = None,
    session: Session | None = None,
    ironman: bool = False,
    difficulty: str | None = None,
    reload_scenario: ReadScenario | None = None,
    source: Source | None = None,
) -> int:
    """Open the window on the title screen and play until the player quits.

    Returns 0; or 1 when the scenario does not load, after the window has shown why
    (every problem, with its file, line and column) until the player closes it, and it
    was not read again (the page's Reload) to a scenario that loads.
    `saves` is where Continue, Load and the game's saves go (default: the usual folder);
    `settings_file` where the player's settings are kept (default: the user's config folder).
    `size` overrides the window size of the settings. With a `session` (a loaded game)
    the window opens on its map, with the title beneath it. With `ironman` the new-game
    page starts with Ironman on (or, with a `faction`, the game begun is an ironman one);
    with `difficulty` the new-game page starts at that level (with a `faction`, the game
    begun is played at it). `reload_scenario` reads the scenario again (Ctrl+R, and the
    error page's Reload); by default it reads the folder `scenario` names, and with a
    `session` or a Scenario given there is nothing to read again. `source` is where the
    scenario was read from: New game then offers the other scenarios and the mods found
    (given a Source as `scenario`, that one).
    """
    from game.paths import default_scenario
    from game.saves.store import SaveStore, default_saves_dir
    from game.ui.scene import replace
    from game.ui.scenes import title_scene
    from game.ui.scenes.error import ErrorScene

    store = saves or SaveStore(default_saves_dir())
    settings_file = settings_file or settings_path()
    settings, settings_note = load_settings(settings_file)
    if session is not None:  # a save carries its own scenario, whatever is on disk now
        scenario = session.rules.scenario
    read = reload_scenario
    if isinstance(scenario, Source):
        source = source or scenario
    elif not isinstance(scenario, Scenario):
        scenario = Source(Path(scenario or default_scenario()))
    if read is None and isinstance(scenario, Source):
        read = scenario.load

    def title_for(loaded: Scenario, offered: Source | None = None) -> Scene:
        # The scenario's own typefaces, if it ships any, before the page's widgets exist.
        use_faces(loaded)
        # A side or level the command line named that the scenario read again lacks is
        # left for the new-game page to ask.
        sides = [f.id for f in loaded.model.factions if f.playable]
        levels = [d.id for d in loaded.model.difficulties]
        return title_scene(
            loaded,
            seed,
            faction if faction in sides else None,
            ironman=ironman,
            store=store,
            difficulty=difficulty if difficulty in levels else None,
            source=offered or source,
        )

    status = 0

    def broken(problems: list[str]) -> Scene:
        return ErrorScene("The scenario does not load", problems, reload=try_again)

    def try_again() -> Transition:
        """The error page's Reload: the title on the scenario if it loads now, else the
        page again with the problems still found."""
        nonlocal status
        assert read is not None
        try:
            loaded = read()
        except ScenarioError as still:
            return replace(broken([str(e) for e in still.errors]))
        status = 0
        return replace(title_for(loaded))

    first: Scene
    try:
        if not isinstance(scenario, Scenario):
            assert read is not None
            scenario = read()
    except ScenarioError as bad:
        first = broken([str(e) for e in bad.errors])
        status = 1
    else:
        first = title_for(scenario)
    app = App(size, settings=settings, settings_file=settings_file, saves=store)
    app.reload_scenario = read
    app.title_for = title_for
    app.title_source = source
    if settings_note is not None:
        print(f"dual-power: {settings_note}", file=sys.stderr)
    try:
        app.push(first)
        if session is not None and status == 0:
            from game.ui.scenes.saveload import map_of

            app.push(map_of(session, store))
        app.run()
    finally:
        app.close()
        theme.set_faces({})
    return status

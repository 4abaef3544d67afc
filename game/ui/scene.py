"""Scenes and the transitions between them.

A scene handles events and answers with a Transition (or None to stay); the
app applies it to its small stack. A scene redraws only when it says it is
dirty, so the window idles while nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pygame
import pygame_gui
from pygame_gui.core import UIElement

from game.ui import gui

if TYPE_CHECKING:
    from game.ui.app import App


@dataclass(frozen=True)
class Transition:
    kind: Literal["push", "pop", "replace", "quit", "home"]
    scene: Scene | None = None


def push(scene: Scene) -> Transition:
    return Transition("push", scene)


def replace(scene: Scene) -> Transition:
    return Transition("replace", scene)


def home(scene: Scene | None = None) -> Transition:
    """Down to the bottom of the stack (the title, in a window opened as usual), then on
    to `scene` if one is given: a scene pops only itself, so going home is the app's job."""
    return Transition("home", scene)


POP = Transition("pop")
QUIT = Transition("quit")


class Scene:
    """One screen. Subclasses build their widgets in `build` and draw in `draw`."""

    name = "scene"
    opaque = True  # False: the scenes below show through (and are drawn first)

    def __init__(self) -> None:
        self.dirty = True
        self._app: App | None = None
        self.widgets: list[UIElement] = []

    @property
    def app(self) -> App:
        if self._app is None:
            raise RuntimeError(f"scene '{self.name}' is not on the stack")
        return self._app

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def pointer(self) -> tuple[int, int]:
        """Where the pointer is (off the window until it has moved)."""
        return self.app.pointer if self._app is not None else (-1, -1)

    # -- life on the stack ---------------------------------------------------

    def enter(self, app: App) -> None:
        self._app = app
        self.layout(app.size)

    def leave(self) -> None:
        self.clear_widgets()
        self._app = None

    def cover(self) -> None:
        """Another scene went on top: hide the widgets so they take no clicks."""
        for widget in self.widgets:
            gui.hide(widget)

    def uncover(self) -> None:
        for widget in self.widgets:
            gui.show(widget)
        self.dirty = True

    def layout(self, size: tuple[int, int]) -> None:
        """(Re)build the widgets for a window of this size."""
        self.clear_widgets()
        self.build(size)
        self.dirty = True

    def clear_widgets(self) -> None:
        for widget in self.widgets:
            gui.kill(widget)
        self.widgets = []

    def add(self, widget: UIElement) -> UIElement:
        self.widgets.append(widget)
        return widget

    # -- to override -----------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        """Create this scene's widgets."""

    def handle(self, event: pygame.event.Event) -> Transition | None:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw everything but the widgets, which the manager draws on top."""

    def shown_texts(self) -> list[str]:
        """The words this scene shows, for tests and for a future screen reader."""
        return []

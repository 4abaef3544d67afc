"""Typed doors into pygame_gui, whose widget methods carry no annotations."""

from __future__ import annotations

from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton


def hide(widget: UIElement) -> None:
    widget.hide()  # type: ignore[no-untyped-call]


def show(widget: UIElement) -> None:
    widget.show()  # type: ignore[no-untyped-call]


def kill(widget: UIElement) -> None:
    widget.kill()  # type: ignore[no-untyped-call]


def enable(widget: UIElement, on: bool = True) -> None:
    if on:
        widget.enable()  # type: ignore[no-untyped-call]
    else:
        widget.disable()  # type: ignore[no-untyped-call]


def select(button: UIButton, on: bool = True) -> None:
    if on:
        button.select()  # type: ignore[no-untyped-call]
    else:
        button.unselect()  # type: ignore[no-untyped-call]

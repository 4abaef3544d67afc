"""Synthetic pygame events for driving scenes in tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.ui.app import App


def key(code: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=unicode, scancode=0)


def ctrl(code: int) -> pygame.event.Event:
    """A key pressed with Ctrl held (Ctrl+A selects all the text of a focused entry)."""
    return key(code, mod=pygame.KMOD_CTRL)


def typed(text: str) -> list[pygame.event.Event]:
    """Typing `text` as a keyboard does: for each character its key goes down (which pages
    may take as a shortcut unless a text box has the focus) and SDL sends the character
    as TEXTINPUT (which a focused pygame_gui text entry inserts)."""
    events = []
    for char in text:
        code = ord(char.lower()) if char.isascii() and (char.isalnum() or char == " ") else 0
        mod = pygame.KMOD_SHIFT if char.isupper() else 0
        events.append(key(code, mod=mod, unicode=char))
        events.append(pygame.event.Event(pygame.TEXTINPUT, text=char))
    return events


def move(pos: tuple[int, int]) -> pygame.event.Event:
    """The mouse moves to pos (hovering what is there)."""
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    """A left click: the button goes down and comes up again at pos."""
    return [
        move(pos),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1),
    ]


def end_turn(app: App) -> None:
    """End the turn by Enter, as a player does: past a warning of an ending against the
    player (ending the turn anyway), then reading the turn's report to its Continue."""
    from game.ui.scenes.briefing import DANGER_TITLE, REPORT_TITLE
    from game.ui.scenes.card import TextCard

    app.feed([key(pygame.K_RETURN)])
    for _ in range(2):
        top = app.top
        if isinstance(top, TextCard) and top.title == DANGER_TITLE:
            app.feed([key(pygame.K_RIGHT), key(pygame.K_RETURN)])
        elif isinstance(top, TextCard) and top.title == REPORT_TITLE:
            app.feed([key(pygame.K_RETURN)])

"""What may be typed or pasted into the window's text boxes.

pygame's font refuses to render text that has no width ("Text has zero width"), and
pygame_gui renders a text box's text as it is typed: a box holding only U+200B (zero
width space), U+200D, U+202E or U+FEFF, typed or pasted, raised out of the main loop
and closed the window. No name or seed needs such characters, nor any control or
format character, so the app takes them out of every TEXTINPUT event and every paste
before a widget sees them.
"""

from __future__ import annotations

import contextlib
import functools
import unicodedata

import pygame

from game.ui import theme

# Controls, format characters (zero width, joiners, bidirectional controls, BOM),
# surrogates, private use, unassigned code points, and line and paragraph separators.
_NEVER = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_MEASURE_SIZE = 16


def typeable(text: str) -> str:
    """`text` without the characters a text box may not hold."""
    return "".join(char for char in text if _shows(char))


@functools.lru_cache(maxsize=4096)
def _shows(char: str) -> bool:
    if unicodedata.category(char) in _NEVER:
        return False
    # Some characters of other categories draw nothing in the game's face either (the
    # combining grapheme joiner, U+034F): measured, they fail the same way.
    return _measure().size(char)[0] > 0


@functools.lru_cache(maxsize=1)
def _measure() -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(theme.font_path("regular"), _MEASURE_SIZE)


def typed_event(event: pygame.event.Event) -> pygame.event.Event | None:
    """A TEXTINPUT event with only what may be typed, or None when nothing is left."""
    text = getattr(event, "text", None)
    if not isinstance(text, str):
        return None
    kept = typeable(text)
    if not kept:
        return None
    if kept == text:
        return event
    return pygame.event.Event(pygame.TEXTINPUT, {**event.dict, "text": kept})


def is_paste(event: pygame.event.Event) -> bool:
    """Ctrl+V (Cmd+V), as pygame_gui's text entry reads it."""
    mod = getattr(event, "mod", 0)
    return (
        getattr(event, "key", None) == pygame.K_v
        and isinstance(mod, int)
        and bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META))
        and not mod & pygame.KMOD_ALT
    )


def clean_clipboard() -> None:
    """Before a paste: the clipboard's text without what may not be typed. pygame_gui
    pastes straight from the clipboard, so the clipboard is where to clean it."""
    # No clipboard (a headless display, scrap not started): pygame_gui pastes nothing.
    with contextlib.suppress(pygame.error):
        text = pygame.scrap.get_text()
        kept = typeable(text) if isinstance(text, str) else text
        if kept != text:
            pygame.scrap.put_text(kept)

"""Colours, fonts and the widget theme: paper and ink, set in Old Standard.

Fonts and the pygame_gui theme come from the bundled assets; when a font file
is missing the window falls back to pygame's default font rather than fail.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pygame
import pygame_gui

from game.paths import assets_dir

Colour = tuple[int, int, int]

PAPER: Colour = (239, 230, 210)
PAPER_DARK: Colour = (228, 215, 186)
PAPER_LIGHT: Colour = (246, 239, 223)
DESK: Colour = (222, 210, 184)  # around the map sheet
INK: Colour = (43, 37, 32)
INK_FADED: Colour = (107, 94, 80)
INK_PALE: Colour = (160, 148, 128)
WATER: Colour = (176, 192, 190)
WATER_DEEP: Colour = (142, 162, 162)
ACCENT: Colour = (140, 47, 28)  # a printer's red, for the one button that matters
MOBILISED: Colour = (120, 40, 30)
NOBODY: Colour = (200, 190, 170)

FONT_NAME = "oldstandard"
FONT_FILES = {
    "regular": "OldStandard-Regular.ttf",
    "bold": "OldStandard-Bold.ttf",
    "italic": "OldStandard-Italic.ttf",
}


def hex_colour(text: str) -> Colour:
    """'#D55E00' -> (213, 94, 0)."""
    value = text.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """The colour a fraction t of the way from a to b."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def html(colour: Colour) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour)


def font_path(style: str = "regular") -> Path | None:
    path = assets_dir() / "fonts" / FONT_FILES[style]
    return path if path.is_file() else None


@functools.lru_cache(maxsize=64)
def font(size: int, style: str = "regular") -> pygame.font.Font:
    """A font of the game's face, cached; pygame's default font if the file is missing."""
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_path(style)
    if path is None:
        fallback = pygame.font.Font(None, round(size * 1.3))
        fallback.bold = style == "bold"
        fallback.italic = style == "italic"
        return fallback
    return pygame.font.Font(path, size)


def make_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """A pygame_gui manager with the game's fonts registered and its theme loaded."""
    manager = pygame_gui.UIManager(size, None, enable_live_theme_updates=False)
    regular, bold, italic = font_path("regular"), font_path("bold"), font_path("italic")
    if regular is not None:
        manager.add_font_paths(
            FONT_NAME,
            str(regular),
            str(bold) if bold else None,
            str(italic) if italic else None,
        )
        manager.preload_fonts(
            [
                {"name": FONT_NAME, "point_size": size, "style": style}
                for size in (15, 16)
                for style in ("bold", "italic")
            ]
        )
        theme = assets_dir() / "theme.json"
        if theme.is_file():
            manager.get_theme().load_theme(str(theme))
    return manager

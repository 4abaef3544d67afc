"""Colours, fonts and the widget theme: paper and ink, set in Old Standard.

Fonts and the pygame_gui theme come from the bundled assets; when a font file
is missing the window falls back to pygame's default font rather than fail. A
scenario may ship faces of its own (`set_faces`), style by style.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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


# The faces a scenario ships, by style, over the bundled ones (see set_faces).
_faces: dict[str, Path] = {}


def set_faces(faces: Mapping[str, Path]) -> None:
    """Set text from now on in these font files, by style ("regular", "bold", "italic"),
    each style not given in the bundled face. Widgets take them from a manager made after
    (`make_manager`): call this before the window opens."""
    global _faces
    if dict(faces) != _faces:
        _faces = dict(faces)
        font.cache_clear()
        _designed_linesize.cache_clear()


def font_path(style: str = "regular") -> Path | None:
    given = _faces.get(style)
    if given is not None:
        return given
    path = assets_dir() / "fonts" / FONT_FILES[style]
    return path if path.is_file() else None


_text_scale = 1.0
class SafeFont(pygame.font.Font):
    """pygame's font, except that text drawing nothing renders as an empty image.

    pygame raises "Text has zero width" for text made only of characters without width
    (U+200B, U+FEFF, U+202E...). The window draws words it did not write, save names
    from the folder and scenario text, and one such name must not close it.
    """

    def render(self, *args: Any, **kwargs: Any) -> pygame.Surface:
        try:
            return super().render(*args, **kwargs)
        except pygame.error:
            text = args[0] if args else kwargs.get("text", "")
            if not text or self.size(text)[0] > 0:
                raise
            return pygame.Surface((0, self.get_linesize()), pygame.SRCALPHA)


# The class every font of the game is made of: layout tests put in one that notes
# each text rendered, to find it again where it is drawn (see tests/ui/layout.py).
font_class: type[pygame.font.Font] = SafeFont
# ... and the class of the sheets a scene draws on before the window (a cached page), so
# that what is written on a sheet is found where the sheet goes.
sheet_class: type[pygame.Surface] = pygame.Surface


def sheet(size: tuple[int, int]) -> pygame.Surface:
    """A surface to draw a page on before it goes on the window (see `sheet_class`)."""
    return sheet_class(size)


def set_text_scale(scale: float) -> None:
    """Every font asked for from now on is `scale` times its designed size (a setting)."""
    global _text_scale
    if scale != _text_scale:
        _text_scale = scale
        font.cache_clear()


def text_scale() -> float:
    return _text_scale


@functools.lru_cache(maxsize=64)
def font(size: int, style: str = "regular") -> pygame.font.Font:
    """A font of the game's face at the player's text size, cached; pygame's default
    font if the file is missing."""
    size = max(6, round(size * _text_scale))
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_path(style)
    if path is None:
        fallback = font_class(None, round(size * 1.3))
        fallback.bold = style == "bold"
        fallback.italic = style == "italic"
        return fallback
    return font_class(path, size)


def line_height(size: int, style: str = "regular") -> int:
    """The height of one line of `theme.font(size, style)`: what a row of it needs."""
    return font(size, style).get_linesize()


def step(pixels: int, size: int, style: str = "regular") -> int:
    """A length designed around one line of `font(size, style)` at the normal text size
    (a list row, a bar's height), grown by as much as that line grows at the player's
    text size. It never shrinks below the design, so small text keeps its targets."""
    return pixels + max(0, line_height(size, style) - _designed_linesize(size, style))


@functools.lru_cache(maxsize=64)
def _designed_linesize(size: int, style: str) -> int:
    if not pygame.font.get_init():
        pygame.font.init()
    path = font_path(style)
    if path is None:
        return pygame.font.Font(None, round(size * 1.3)).get_linesize()
    return pygame.font.Font(path, size).get_linesize()


@functools.lru_cache(maxsize=4)
def veil(size: tuple[int, int], alpha: int) -> pygame.Surface:
    """Ink over the whole window at `alpha`, to dim what a card covers; made once a size.
    Per-pixel alpha: pygame blends it about three times faster than surface alpha."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    surface.fill((*INK, alpha))
    return surface


def widget_theme() -> dict[str, Any]:
    """The pygame_gui theme of the assets with every font size multiplied by the text scale."""
    path = assets_dir() / "theme.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    for block in data.values():
        font_block = block.get("font") if isinstance(block, dict) else None
        if isinstance(font_block, dict) and "size" in font_block:
            try:
                designed = int(font_block["size"])
            except (TypeError, ValueError):
                continue  # pygame_gui reports a malformed size better than we would
            font_block["size"] = str(max(6, round(designed * _text_scale)))
    return data


# A page drawn this many times its designed size (a large window) or more gives its
# buttons the large faces of assets/theme.json, so their words grow with the page's.
LARGE_PAGE = 1.3
LARGE_FACES: dict[str | None, str] = {
    None: "#large_button",
    "#menu_button": "#large_menu_button",
    "#end_turn": "#large_end_turn",
}


def entry_face(k: float) -> str | None:
    """The object id for a text entry on a page `k` times its designed size."""
    return "#large_entry" if k >= LARGE_PAGE else None


def button_face(k: float, face: str | None = None) -> str | None:
    """The object id for a button of `face` (None: the plain one) on a page `k` times
    its designed size."""
    return LARGE_FACES.get(face, face) if k >= LARGE_PAGE else face


def button_font(k: float, face: str | None = None) -> pygame.font.Font:
    """The font a button of `face` on a page `k` times its designed size writes in (at
    the player's text size), to measure its label."""
    size, style = _face_sizes().get(button_face(k, face) or "button", (18, "regular"))
    return font(size, style)


@functools.cache
def _face_sizes() -> dict[str, tuple[int, str]]:
    """Each theme block's designed font (size, style), by its name."""
    path = assets_dir() / "theme.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for name, block in data.items():
        face = block.get("font") if isinstance(block, dict) else None
        if isinstance(face, dict) and str(face.get("size", "")).isdigit():
            style = "bold" if str(face.get("bold", "0")) == "1" else "regular"
            out[name] = (int(face["size"]), style)
    return out


def widget_font_sizes(data: dict[str, Any]) -> set[tuple[int, str]]:
    """(size, style) of every font the theme names, so they can be loaded up front."""
    sizes: set[tuple[int, str]] = set()
    for block in data.values():
        font_block = block.get("font") if isinstance(block, dict) else None
        if not isinstance(font_block, dict) or "size" not in font_block:
            continue
        style = "regular"
        if str(font_block.get("bold", "0")) == "1":
            style = "bold"
        elif str(font_block.get("italic", "0")) == "1":
            style = "italic"
        sizes.add((int(font_block["size"]), style))
    return sizes


def make_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """A pygame_gui manager with the game's fonts registered and its theme loaded, the
    theme's font sizes scaled to the player's text size."""
    manager = pygame_gui.UIManager(size, None, enable_live_theme_updates=False)
    regular, bold, italic = font_path("regular"), font_path("bold"), font_path("italic")
    if regular is not None:
        manager.add_font_paths(
            FONT_NAME,
            str(regular),
            str(bold) if bold else None,
            str(italic) if italic else None,
        )
        data = widget_theme()
        # Text boxes set bold and italic spans inside regular text: load those too.
        wanted = widget_font_sizes(data)
        wanted |= {(s, style) for s, _ in set(wanted) for style in ("bold", "italic")}
        manager.preload_fonts(
            [
                {"name": FONT_NAME, "point_size": s, "style": style}
                for s, style in sorted(wanted)
                if style != "regular"  # the regular faces load with the theme
            ]
        )
        if data:
            manager.get_theme().load_theme(data)
    return manager

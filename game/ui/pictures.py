"""The pictures and typefaces a scenario ships, as the window shows them.

The loader has checked every file a scenario names and hands over the real ones
(`Scenario.assets`, see game.scenario.assets): the window opens nothing else. A scenario
kept in a save has none; its files are found again through the same scenario loaded from
its folder in this window (the same content hash), else the window keeps its own look.
Whatever cannot be decoded now (a file changed or gone since it was checked) is left out
the same way: a picture that fails never stops a page from drawing.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import pygame

from game.scenario.assets import FONT_STYLES, MAX_IMAGE_SIDE
from game.scenario.loader import Scenario

# The real files of the scenarios loaded from their folders in this window, by content
# hash: a game continued from a save finds its pictures here.
_known: dict[str, Mapping[str, Path]] = {}


def remember(scenario: Scenario) -> None:
    """Keep a scenario's files for the games of it that come back from saves."""
    if scenario.assets:
        _known[scenario.content_hash] = scenario.assets


def files_of(scenario: Scenario) -> Mapping[str, Path]:
    """The real files of a scenario's written paths (none known: an empty mapping)."""
    if scenario.assets:
        remember(scenario)
        return scenario.assets
    return _known.get(scenario.content_hash, {})


def path_of(scenario: Scenario, written: str | None) -> Path | None:
    """The real file a path written in the scenario names, if it may be opened."""
    return files_of(scenario).get(written) if written else None


def faces(scenario: Scenario) -> dict[str, Path]:
    """The typefaces the scenario sets its text in, by style, those that load."""
    fonts = scenario.model.scenario.fonts
    if fonts is None:
        return {}
    found = {}
    for style in FONT_STYLES:
        path = path_of(scenario, getattr(fonts, style))
        if path is not None and face_works(path):
            found[style] = path
    return found


def face_works(path: Path) -> bool:
    """Whether pygame can set text in the font file (checked once per file)."""
    return _face_works(str(path))


@functools.lru_cache(maxsize=16)
def _face_works(path: str) -> bool:
    try:
        if not pygame.font.get_init():
            pygame.font.init()
        face = pygame.font.Font(path, 16)
        return face.size("Ag")[0] > 0 and face.render("Ag", True, (0, 0, 0)).get_width() > 0
    except (pygame.error, OSError, ValueError, MemoryError, RuntimeError):
        return False


def picture(path: Path | None, box: tuple[int, int]) -> pygame.Surface | None:
    """The picture scaled to fit in `box` (width, height), its proportions kept; None when
    there is none, or it cannot be decoded."""
    if path is None or box[0] < 1 or box[1] < 1:
        return None
    return _scaled(str(path), box)


def decoded(path: Path | None) -> pygame.Surface | None:
    """The whole picture, as large as it is (None: none, or it does not decode)."""
    return None if path is None else _decoded(str(path))


@functools.lru_cache(maxsize=64)
def _scaled(path: str, box: tuple[int, int]) -> pygame.Surface | None:
    image = _decoded(path)
    if image is None:
        return None
    width, height = image.get_size()
    k = min(box[0] / width, box[1] / height)
    size = (max(1, round(width * k)), max(1, round(height * k)))
    return pygame.transform.smoothscale(image, size)


# A decoded picture may take 64 MiB: only the last few are kept whole.
@functools.lru_cache(maxsize=4)
def _decoded(path: str) -> pygame.Surface | None:
    try:
        image = pygame.image.load(path)
    except (pygame.error, OSError, ValueError, MemoryError, RuntimeError):
        return None
    width, height = image.get_size()
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        return None  # the file changed since it was checked
    # smoothscale takes 24- and 32-bit pictures only; a palette or grey PNG is converted.
    return image.convert_alpha() if pygame.display.get_surface() else image.convert(32, 0)


def forget() -> None:
    """Drop every picture kept, and the scenarios whose files were known (tests)."""
    _known.clear()
    _scaled.cache_clear()
    _decoded.cache_clear()
    _face_works.cache_clear()

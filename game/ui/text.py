"""Setting text: wrapping paragraphs to a width and drawing them."""

from __future__ import annotations

import functools

import pygame

from game.ui.theme import Colour


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Lines of at most `width` pixels; blank lines in the text start new paragraphs."""
    return list(_wrap(font, text, width))


# Scenes redraw the same texts at the same widths frame after frame; measuring text
# is most of a frame's cost, so the results are kept (fonts live as long as the theme).
@functools.lru_cache(maxsize=8192)
def _wrap(font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if line and font.size(trial)[0] > width:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def blit_lines(
    surface: pygame.Surface,
    font: pygame.font.Font,
    lines: list[str],
    colour: Colour,
    topleft: tuple[int, int],
    *,
    centre: bool = False,
    width: int = 0,
    spacing: float = 1.25,
) -> int:
    """Draw lines downward from topleft; return the y below the last one."""
    x, y = topleft
    step = round(font.get_linesize() * spacing)
    for line in lines:
        if line:
            image = font.render(line, True, colour)
            left = x + (width - image.get_width()) // 2 if centre else x
            surface.blit(image, (left, y))
        y += step if line else step // 2
    return y


@functools.lru_cache(maxsize=8192)
def fit(font: pygame.font.Font, text: str, width: int) -> str:
    """The text, cut short with an ellipsis if it is wider than `width`: after a whole
    word where that keeps most of what fits, else inside the word (a single long one)."""
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with its ellipsis, by halves
    while low < high:
        mid = (low + high + 1) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            low = mid
        else:
            high = mid - 1
    kept = text[:low]
    if low < len(text) and not text[low].isspace():  # the cut falls inside a word
        space = kept.rfind(" ")
        if space >= low * 2 // 3:
            kept = kept[:space]
    return kept.rstrip(" ,;:-—") + "…"

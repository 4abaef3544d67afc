"""Text cut short to a width ends after a whole word where it can, with an ellipsis."""

from __future__ import annotations

import pygame
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui import theme
from game.ui.text import fit

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzАБВ", min_size=1, max_size=12),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(words=WORDS, width=st.integers(min_value=20, max_value=400))
def test_a_cut_text_fits_ends_in_an_ellipsis_and_keeps_whole_words_when_it_can(
    words: list[str], width: int
) -> None:
    pygame.font.init()
    font = theme.font(15)
    text = " ".join(words)
    shown = fit(font, text, width)
    if shown == text:
        assert font.size(text)[0] <= width
        return
    assert shown.endswith("…") and font.size(shown)[0] <= width
    kept = shown[:-1]
    assert text.startswith(kept)
    cut_inside = len(kept) < len(text) and kept and text[len(kept)] not in " …"
    if cut_inside and " " in kept:
        # Inside a word only when going back to the last whole word would lose a third.
        assert kept.rfind(" ") < len(kept) * 2 // 3 + 1


def test_a_sentence_is_cut_after_a_word() -> None:
    pygame.font.init()
    font = theme.font(15)
    text = (
        "a government of all the socialist parties, from the Bolsheviks to the Popular Socialists"
    )
    width = font.size("a government of all the socia")[0]
    assert fit(font, text, width) == "a government of all the…"

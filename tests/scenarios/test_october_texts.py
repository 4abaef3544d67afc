"""The bundled scenario's prose is its own: no run of eight words taken from the seed article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from game.scenario.loader import Scenario

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "history" / "seed-article.txt"
RUN = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from texts(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def test_the_shingle_check_catches_a_copied_sentence() -> None:
    if not ARTICLE.exists():
        pytest.skip("the shared history folder is not beside the checkout")
    sentence = " ".join(ARTICLE.read_text(encoding="utf-8").split()[200:215])
    assert shingles(sentence) & shingles(ARTICLE.read_text(encoding="utf-8"))


def test_no_text_of_the_scenario_shares_eight_words_with_the_seed_article(
    october: Scenario,
) -> None:
    if not ARTICLE.exists():
        pytest.skip("the shared history folder is not beside the checkout")
    article = shingles(ARTICLE.read_text(encoding="utf-8"))
    copied = []
    for where, text in texts(october.model):
        common = shingles(text) & article
        if common:
            copied.append(f"{where}: '{' '.join(sorted(common)[0])}'")
    assert copied == []

"""Spotting rule source in text meant for players.

`raw_rule_text` returns the first fragment of a string that looks like the
scenario's expression language or its ids rather than English, or None.
Tests of wording, effects and whole games use it on everything a player reads.
"""

from __future__ import annotations

import re

# Each pattern is one way source text shows through; the first match is reported.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a $parameter", re.compile(r"\$\w*")),
    ("a function call", re.compile(r"\b[A-Za-z_]\w*\(")),
    ("a snake_case id", re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")),
    # A rule of '=' signs under a heading is not a comparison.
    ("a comparison operator", re.compile(r"(?<![=<>!])(?:>=|<=|!=|==)(?!=)")),
    # An opening quote after a letter is an apostrophe ("the Soviet's"), not a quoted id.
    ("a quoted id", re.compile(r"(?<![A-Za-z])'[a-z][a-z0-9_ ]*'(?![a-z])")),
    # English, but a rule's grammar rather than a player's: each one once was shown.
    ("a journal line given as an effect", re.compile(r"\bthe journal records\b")),
    ("a role where the side is known", re.compile(r"\bif the acting side is\b")),
    ("'no one' as a side to join", re.compile(r"\bgoes over to no one\b")),
    ("a formula read out as its source", re.compile(r"\(from -?\d+, (?:plus|minus|times)\b")),
    ("a condition pasted after 'requires'", re.compile(r"\bit requires\b")),
)


def raw_rule_text(text: str) -> str | None:
    """The offending fragment if `text` shows rule source, else None."""
    for _, pattern in PATTERNS:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def raw_lines(text: str) -> list[tuple[str, str]]:
    """Every line of `text` that shows rule source, with its offending fragment."""
    return [(line, bad) for line in text.splitlines() if (bad := raw_rule_text(line)) is not None]

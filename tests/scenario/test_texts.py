"""The `texts:` keys the loader knows as shown are exactly those the front ends read."""

from __future__ import annotations

import re
from pathlib import Path

from game.scenario.texts import SHOWN
from game.ui.scenes.guide import FALLBACKS

GAME = Path(__file__).resolve().parents[2] / "game"
# scenario_text(model, "key" ...) and texts.get("key" ...), the two ways a page reads one.
_READ = re.compile(r"""(?:scenario_text\([^,]+,\s*|texts\.get\()\s*"([a-z_]+)\"""")


def test_the_keys_known_as_shown_are_the_keys_the_front_ends_read() -> None:
    read = {key for path in GAME.rglob("*.py") for key in _READ.findall(path.read_text())}
    assert read, "no page reads a text: the pattern above is out of date"
    assert read | set(FALLBACKS) == set(SHOWN)

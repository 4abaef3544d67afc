"""Fixtures for the window's tests: a headless app, and synthetic key presses and clicks.

tests/conftest.py has already set SDL_VIDEODRIVER=dummy, so no window opens.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game.ui.app import App


@pytest.fixture
def app() -> Iterator[App]:
    window = App((1280, 720))
    yield window
    window.close()

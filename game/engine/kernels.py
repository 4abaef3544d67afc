"""The support arithmetic compiled (numba), when it can be: else None, and numpy does it.

numba is a dependency, yet the engine does not need it: without it (or with the
environment variable DUAL_POWER_JIT=0) every caller keeps its numpy path, which gives
the same support to the basis point (tests/engine/test_kernels.py checks the two
against each other). The compiled code is loaded on first use, not on import, so
commands that play no game never load numba; compiled once, it is kept on disk
(numba's cache=True) and later processes load it in a fraction of a second.
"""

from __future__ import annotations

import os
from types import ModuleType

import numpy as np

_loaded: ModuleType | None = None
_tried = False


def jit() -> ModuleType | None:
    """The compiled kernels (game.engine._jit), or None when they cannot or may not be used."""
    global _loaded, _tried
    if not _tried:
        _tried = True
        if os.environ.get("DUAL_POWER_JIT", "1") != "0":
            _loaded = _load()
    return _loaded


def _load() -> ModuleType | None:
    """The kernels, compiled (or loaded from numba's cache) and tried on a tiny board;
    None if numba is missing or fails, which leaves the game to numpy."""
    try:
        from game.engine import _jit

        support = np.array([[[6000]], [[4000]]], dtype=np.int64)
        one = np.zeros(1, dtype=np.int64)
        _jit.shift(support, 0, one, one, np.array([100], dtype=np.int64))
        weights = np.ones((1, 1), dtype=np.int64)
        _jit.drift(support, weights, one, weights, 50, 10_000)
    except Exception:  # numba missing, or unable to compile here: numpy's path is the same
        return None
    return _jit


def reset(enabled: bool) -> None:
    """Use the compiled kernels from now on, if they load (True), or numpy's path (False):
    for the tests and benchmarks that compare the two in one process."""
    global _loaded, _tried
    _loaded, _tried = None, not enabled

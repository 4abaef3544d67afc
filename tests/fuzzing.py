"""How hard the fuzz tests push: a few fixed examples in `make test`, thousands in `make fuzz`.

Every fuzz test is marked `fuzz` and takes its settings from `fuzz_settings`. In the
ordinary suite each tries `quick` examples; DUAL_POWER_FUZZ=long (set by `make fuzz`)
raises it to `long` (200 times `quick` unless given), and DUAL_POWER_FUZZ=<number>
sets the count outright (e.g. for a quick look at a new test). The examples always
come from a fixed seed (derandomize), so a failure found once is found again.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

LONG_FACTOR = 200  # `make fuzz`: 200 times the quick count, unless a test names its own


def _mode() -> str:
    return os.environ.get("DUAL_POWER_FUZZ", "").strip().lower()


def scaled(quick: int, long: int | None = None) -> int:
    """`quick` in the ordinary run; `long` (or 200 times `quick`) under DUAL_POWER_FUZZ=long."""
    mode = _mode()
    if mode == "long":
        return long if long is not None else quick * LONG_FACTOR
    if mode.isdigit():
        return int(mode)
    return quick


def fuzz_settings(quick: int, long: int | None = None, *, shrink: bool = True) -> settings:
    """Hypothesis settings for `quick` (or `long`) examples, derandomized, no deadline (a
    whole game or load takes its time on a busy machine). `shrink=False` for inputs whose
    shrinking takes minutes (a window's event stream): the failing example is printed whole."""
    phases = list(Phase) if shrink else [Phase.explicit, Phase.generate]
    return settings(
        max_examples=scaled(quick, long),
        derandomize=True,
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )

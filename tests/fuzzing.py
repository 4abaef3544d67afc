"""How hard the fuzz tests push: a few fixed examples in `make test`, thousands in `make fuzz`.

DUAL_POWER_FUZZ=long (set by `make fuzz`) raises every count; either way the examples
come from a fixed seed (derandomize), so a failure found once is found again.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

LONG = os.environ.get("DUAL_POWER_FUZZ", "").lower() == "long"


def scaled(quick: int, long: int) -> int:
    """`quick` in the ordinary run, `long` under DUAL_POWER_FUZZ=long."""
    return long if LONG else quick


def fuzz_settings(quick: int, long: int) -> settings:
    """Hypothesis settings for `quick` (or `long`) examples, derandomized, no deadline
    (a whole game or a window's worth of events takes its time on a busy machine)."""
    return settings(
        max_examples=scaled(quick, long),
        derandomize=True,
        deadline=None,
        database=None,
        # No shrinking: shrinking a window's event stream takes many minutes, and the
        # failing example is printed whole anyway.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )

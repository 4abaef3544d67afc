"""Hypothesis settings shared by the fuzz tests (marked `fuzz`; `make fuzz` runs them long).

In the ordinary suite each fuzz test tries a few examples with fixed seeds
(derandomized, so a failure shows again on the next run). DUAL_POWER_FUZZ=long
multiplies them into the thousands, still derandomized; DUAL_POWER_FUZZ=<number>
sets the count outright (e.g. for a quick look at a new test). Another fuzz test
joins with `@pytest.mark.fuzz` and `@fuzz_settings(<quick count>)`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG_FACTOR = 200  # `make fuzz`: 200 times the quick count


def fuzz_examples(quick: int) -> int:
    mode = os.environ.get("DUAL_POWER_FUZZ", "").strip().lower()
    if mode == "long":
        return quick * LONG_FACTOR
    if mode.isdigit():
        return int(mode)
    return quick


def fuzz_settings(quick: int) -> settings:
    return settings(
        max_examples=fuzz_examples(quick),
        derandomize=True,
        deadline=None,  # a load replays a game: its time is not what is tested
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )

"""Shared timing for the benchmarks: medians of repeated runs, after one warm-up."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(
    work: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """The median time of `work` in ms; `clock=time.process_time` counts this process's
    CPU time alone, steadier than wall time on a machine shared with other work."""
    work()  # warm caches and imports
    times = []
    for _ in range(repeat):
        started = clock()
        work()
        times.append(clock() - started)
    return statistics.median(times) * 1000

"""The one timing helper of the benchmarks: median wall time of repeated runs."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median of ``runs`` timings: steadier than the mean on a shared 2-core machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

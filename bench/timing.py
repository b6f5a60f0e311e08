"""Timing contenders in turns, so that a shared, noisy machine slows them alike."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable


def race(contenders: dict[str, Callable[[], object]], *, rounds: int, seed: int = 2017) -> dict[str, float]:
    """Run each contender once per round and return the median of each, in milliseconds.

    The order is shuffled every round: whatever runs right after a heavy contender pays for
    its cold caches and its garbage, and a fixed order would always bill the same one.
    """
    order = list(contenders)
    shuffle = random.Random(seed).shuffle
    times: dict[str, list[float]] = {name: [] for name in order}
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            start = time.perf_counter()
            contenders[name]()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}

"""Simulated order streams with daily and weekly seasonality, for the anomaly tests."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday


def rate_per_minute(t: datetime, peak: float) -> float:
    """Quiet nights, a lunchtime and an evening peak, weekends at 60%."""
    hour = t.hour + t.minute / 60
    daily = 0.15 + 0.85 * max(0.0, math.sin(math.pi * (hour - 6) / 18)) ** 2 if hour >= 6 else 0.15
    return peak * daily * (0.6 if t.weekday() >= 5 else 1.0)


def simulate(
    monitor,
    days: int,
    peak: float = 4.0,
    channel: str = "web",
    seed: int = 1,
    start: datetime = START,
    factor=lambda t: 1.0,
) -> None:
    """Feed ``days`` of Poisson orders; ``factor(t)`` scales the rate (drops, outages)."""
    rng = np.random.default_rng(seed)
    for minute in range(days * 1440):
        t = start + timedelta(minutes=minute)
        n = rng.poisson(rate_per_minute(t, peak) * factor(t))
        for i in range(n):
            monitor.observe(
                t + timedelta(seconds=60 * i / max(n, 1)), channel, float(rng.integers(1000, 9000))
            )

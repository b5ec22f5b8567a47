"""A small labelled order history where fraud has learnable traits, for model tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from ordermind.risk.facts import OrderFacts

T0 = datetime(2026, 1, 5, tzinfo=UTC)


def labelled_orders(n: int = 800, seed: int = 3) -> tuple[list[OrderFacts], list[int]]:
    rng = np.random.default_rng(seed)
    facts, labels = [], []
    for i in range(n):
        fraud = rng.random() < 0.15
        placed = T0 + timedelta(minutes=int(i * 30 + rng.integers(0, 20)))
        if fraud:
            age = timedelta(seconds=int(rng.integers(1, 600)))
            value = int(rng.integers(30_000, 120_000))
            device = f"ring{rng.integers(0, 8)}"
            ship = "NG" if rng.random() < 0.6 else "DE"
        else:
            age = timedelta(days=int(rng.integers(5, 900)))
            value = int(rng.integers(1_000, 40_000))
            device = f"dev{i}"
            ship = "DE" if rng.random() < 0.95 else "AT"
        facts.append(
            OrderFacts(
                order_id=f"o{i}",
                placed_at=placed,
                total_value=value,
                customer_id=f"c{i}",
                customer_email=f"user{i}@example.com",
                customer_created_at=placed - age,
                device_id=device,
                billing_country="DE",
                shipping_country=ship,
                attributes={"source": "Ads" if fraud and rng.random() < 0.5 else "SEO"},
            )
        )
        labels.append(int(fraud))
    return facts, labels

"""A small synthetic order history with a real delay signal: slow lanes and a slow node miss
their promises more often, and so does an order placed into a long queue."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ordermind.care.delay_features import Leg, OrderState, Outcome

START = datetime(2025, 1, 6, tzinfo=UTC)
LANE_DAYS = {("N", "N"): 2.0, ("N", "S"): 5.0, ("S", "S"): 2.5, ("S", "N"): 6.0}
NODES = {"n1": "N", "n2": "N", "s1": "S", "slow": "S"}


def make_history(orders: int = 700, seed: int = 3) -> tuple[list[OrderState], dict[str, Outcome]]:
    rng = random.Random(seed)
    states: list[OrderState] = []
    outcomes: dict[str, Outcome] = {}
    for i in range(orders):
        placed = START + timedelta(hours=i * 5 + rng.random() * 4)
        node = rng.choice(list(NODES))
        origin, dest = NODES[node], rng.choice(["N", "S"])
        promise = 4.0 + rng.choice([0.0, 1.0, 2.0, 3.0])
        handling = rng.lognormvariate(0.0, 0.5) * (3.0 if node == "slow" else 1.0)
        transit = rng.lognormvariate(0.0, 0.35) * LANE_DAYS[(origin, dest)] * 0.8
        released = placed + timedelta(hours=2)
        handoff = placed + timedelta(days=handling)
        delivered = handoff + timedelta(days=transit)
        oid = f"o{i:04d}"
        states.append(
            OrderState(
                order_id=oid,
                placed_at=placed,
                promised_by=placed + timedelta(days=promise),
                legs=(Leg(node=node, origin_region=origin),),
                dest_region=dest,
                categories=(rng.choice(["toys", "books", "garden"]),),
                item_count=rng.randint(1, 3),
                weight_g=rng.uniform(200, 5000),
                order_value=rng.uniform(10, 200),
                shipping_cost=rng.uniform(3, 30),
            )
        )
        outcomes[oid] = Outcome(
            oid, released_at=released, handed_off_at=handoff, delivered_at=delivered
        )
    return states, outcomes


@pytest.fixture(scope="session")
def history() -> tuple[list[OrderState], dict[str, Outcome]]:
    return make_history()


@pytest.fixture(scope="session")
def model_dir(history, tmp_path_factory) -> Path:
    from ordermind.care.delay_training import train_from_history

    states, outcomes = history
    model = train_from_history(states, outcomes)
    return model.save(tmp_path_factory.mktemp("delay_model") / "model")

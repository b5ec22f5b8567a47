"""The store's own deliveries feed the recent delivery conditions the delay model learns from,
exactly as an export's do."""

from __future__ import annotations

import math

from ordermind.adapters.db.care_repo import order_history
from ordermind.adapters.db.engine import make_engine
from ordermind.care.delay_features import NodeTimeline, queue_entries
from ordermind.care.delay_training import delivered, training_set
from ordermind.care.history_features import DeliveryFeed

from .test_care_store_training import _simulate


def test_store_training_rows_carry_the_recent_delivery_conditions(database_url) -> None:
    _simulate(database_url, days=16, per_day=12)
    db = make_engine(database_url)
    states, outcomes = order_history(db)
    db.dispose()
    history = delivered(states, outcomes)
    timeline = NodeTimeline(
        queue_entries(states, outcomes), DeliveryFeed.from_outcomes(states, outcomes)
    )
    rows = training_set(history, timeline).rows
    known = [r for r in rows if not math.isnan(r["network_in_transit_ratio"])]
    assert len(known) > len(rows) / 2  # shipments with the carriers, from the store's own
    assert any(r["network_in_transit_ratio"] > 0 for r in known)
    assert any(not math.isnan(r["lane_recent_transit_days"]) for r in rows)

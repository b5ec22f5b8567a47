"""From past orders to a delay model: training rows, point in time, and the fit.

Each delivered order with a promise gives one row per moment it would have been scored:
placed, released, handed to the carrier, and 2 and 5 days into transit (while still not
delivered and before its promise). Each row is built exactly as a live score would be: the
order's stage and scans at that moment, its node's and the network's queues at that moment
(:class:`NodeTimeline`), and lane figures. Rows of one order share its weight (1 / rows), so
long-transit orders do not count twice.

Recent delivery conditions (:mod:`history_features`) of a training row are those at its
moment: deliveries completed before it, never its own (a snapshot is always before its
delivery). Lane figures of a training row come from the other folds (the order's own delivery never
informs its own features); the model keeps the table learnt from every training order.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ordermind.care.delay_features import (
    NodeTimeline,
    OrderState,
    Outcome,
    at_time,
    feature_row,
    is_late,
    queue_entries,
    snapshot_times,
    utc,
)
from ordermind.care.delay_model import DelayModel, probability_metrics, train_delay_model
from ordermind.care.delay_rules import DelayRule
from ordermind.care.history_features import DeliveryFeed
from ordermind.care.lanes import LaneTable

FOLDS = 5


@dataclass
class TrainingSet:
    rows: list[dict]
    labels: list[int]
    order_times: list[datetime]
    weights: list[float]
    order_ids: list[str]
    stages: list[float]
    rule: list[float]  # the rule fallback's probability for the same row


def delivered(
    states: Iterable[OrderState], outcomes: Mapping[str, Outcome], before: datetime | None = None
) -> list[tuple[OrderState, Outcome]]:
    """Orders with a promise and a delivery, placed before ``before`` (all when None)."""
    out = []
    for s in states:
        o = outcomes.get(s.order_id)
        if o is None or is_late(s.promised_by, o.delivered_at) is None:
            continue
        if before is not None and utc(s.placed_at) >= utc(before):
            continue
        out.append((s, o))
    return out


def _fold(order_id: str, folds: int) -> int:
    return zlib.crc32(order_id.encode()) % folds


def training_set(
    history: Sequence[tuple[OrderState, Outcome]],
    timeline: NodeTimeline,
    folds: int = FOLDS,
    snapshots: bool = True,
    until: datetime | None = None,
) -> TrainingSet:
    """Rows, labels and weights of delivered orders (lanes out of fold, queues in time).
    Snapshots at or after ``until`` are left out (the end of the training period)."""
    lanes = [
        LaneTable.fit(p for p in history if _fold(p[0].order_id, folds) != k) for k in range(folds)
    ]
    out = TrainingSet([], [], [], [], [], [], [])
    for state, outcome in history:
        k = _fold(state.order_id, folds)
        rule = DelayRule(lanes[k])
        times = snapshot_times(state, outcome) if snapshots else [utc(state.placed_at)]
        if until is not None:
            times = [t for t in times if t < utc(until)] or [utc(state.placed_at)]
        label = is_late(state.promised_by, outcome.delivered_at)
        for t in times:
            snap = at_time(state, t, timeline, outcome)
            leg = snap.legs[0]
            out.rows.append(feature_row(snap, leg, lanes[k]))
            out.labels.append(int(label))  # type: ignore[arg-type]
            out.order_times.append(utc(state.placed_at))
            out.weights.append(1.0 / len(times))
            out.order_ids.append(state.order_id)
            out.stages.append(out.rows[-1]["stage_code"])
            out.rule.append(rule.leg(snap, leg).probability)
    return out


def train_from_history(
    states: Sequence[OrderState],
    outcomes: Mapping[str, Outcome],
    before: datetime | None = None,
    *,
    snapshots: bool = True,
    folds: int = FOLDS,
    **kwargs,
) -> DelayModel:
    """A delay model from delivered orders placed before ``before`` (every one when None)."""
    history = delivered(states, outcomes, before)
    if not history:
        raise ValueError("no delivered orders with a promised date to learn from")
    known = [s for s in states if before is None or utc(s.placed_at) < utc(before)]
    timeline = NodeTimeline(
        queue_entries(known, outcomes), DeliveryFeed.from_outcomes(known, outcomes)
    )
    data = training_set(history, timeline, folds, snapshots, until=before)
    model = train_delay_model(
        data.rows,
        data.labels,
        data.order_times,
        LaneTable.fit(history),
        weights=data.weights,
        **kwargs,
    )
    cut = datetime.fromisoformat(model.metrics["calibration_slice"]["from"])
    idx = [i for i, t in enumerate(data.order_times) if t >= cut]
    model.metrics["calibration_slice_rule"] = probability_metrics(
        [data.labels[i] for i in idx], [data.rule[i] for i in idx], [data.weights[i] for i in idx]
    )
    model.metrics["beats_rule_on_calibration_slice"] = bool(
        model.metrics["calibration_slice"]["roc_auc"]
        > model.metrics["calibration_slice_rule"]["roc_auc"]
    )
    model.metrics["orders"] = len(history)
    model.metrics["late_orders"] = sum(
        is_late(s.promised_by, o.delivered_at) or 0 for s, o in history
    )
    return model


def states_at_purchase(
    states: Sequence[OrderState], outcomes: Mapping[str, Outcome], deliveries: bool = False
) -> list[OrderState]:
    """Every order as it stood the moment it was placed, its queues from the timeline.

    With ``deliveries`` the outcomes' delivery times feed the recent delivery conditions,
    each order seeing only the deliveries completed before it was placed (what a live store
    knows); without, those features stay unknown (``care score`` reads no delivery time)."""
    feed = DeliveryFeed.from_outcomes(states, outcomes) if deliveries else None
    timeline = NodeTimeline(queue_entries(states, outcomes), feed)
    return [timeline.attach(at_time(s, s.placed_at)) for s in states]

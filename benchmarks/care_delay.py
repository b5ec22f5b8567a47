"""Delay-risk benchmark: the LightGBM delay model against the rule fallback on Olist.

Protocol (issue 13): train on the delivered orders purchased before 2017-09-01, score every
delivered order purchased on or after it as it stood at purchase, and compare with the rule
fallback (promise slack vs lane p50/p90) on the same lane table, in the same run. Late =
delivered after order_estimated_delivery_date (663 of the 9,649 delivered orders).

Printed: ROC-AUC, PR-AUC, Brier score, expected calibration error (10 equal-count bins), mean
probability vs the observed late rate, and the late share among the 10% highest-risk orders,
for the model and the rule; the model/rule AUC ratio; the same on the six monthly time splits
inside the training period (March to August: train before the month, test the month; the
only splits used while choosing features and settings); and AUC by stage when open test
orders are re-scored after release, at the carrier hand-off and 2 and 5 days into transit.

Each test order is scored twice at purchase: with the delivery feed (the deliveries
completed before it was placed, what a live store knows) and blind (no delivery time at
all, as `ordermind care score` on an export runs). The rule is the same in both.

Run: .venv/bin/python benchmarks/care_delay.py [--olist ../shared/data/olist]
     [--inside-only] [--drop FEATURE,...] [--add FEATURE,...]
(--inside-only never scores the test period; --drop / --add take features out of the model
or put the measured-and-left-out ones of delay_model.UNUSED_FEATURES back in.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ordermind.care.delay_features import (
    NodeTimeline,
    at_time,
    is_late,
    queue_entries,
    snapshot_times,
    utc,
)
from ordermind.care.delay_model import MODEL_FEATURES, UNUSED_FEATURES, probability_metrics
from ordermind.care.delay_training import states_at_purchase, train_from_history
from ordermind.care.history_features import DeliveryFeed
from ordermind.care.scorer import DelayScorer
from ordermind.care.sources import read_olist_history

ROOT = Path(__file__).resolve().parents[1]
OLIST = ROOT / ".." / "shared" / "data" / "olist"
KEYS = ("roc_auc", "pr_auc", "brier", "ece", "mean_probability", "late_share_top_decile")


def show(label: str, m: dict, r: dict) -> None:
    print(f"  {label}: {m['rows']} orders, {m['late_rate']:.1%} late")
    print(f"    {'':24} {'model':>8} {'rule':>8}")
    for k in KEYS:
        print(f"    {k:24} {m[k]:8.4f} {r[k]:8.4f}")
    print(
        f"    model / rule ROC-AUC     {m['roc_auc'] / r['roc_auc']:8.3f}"
        f"   (random: ROC-AUC 0.5, PR-AUC {m['late_rate']:.4f})"
    )


def split(
    states,
    outcomes,
    train_before: datetime,
    test_until: datetime | None,
    label: str,
    by_stage: bool = False,
    features=MODEL_FEATURES,
    blind: bool = False,
) -> tuple[dict, dict]:
    t0 = time.perf_counter()
    model = train_from_history(states, outcomes, before=train_before, features=features)
    trained = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        model.save(tmp)
        scorer = DelayScorer(tmp)  # the installed path: saved, loaded, scored
    rule = DelayScorer(None, lanes=model.lanes)
    assert scorer.model is not None and rule.model is None
    known = [s for s in states if test_until is None or utc(s.placed_at) < test_until]
    # The live case: each order sees the deliveries completed before it was placed.
    at_purchase = states_at_purchase(known, outcomes, deliveries=True)
    test = [
        s
        for s in at_purchase
        if utc(s.placed_at) >= train_before
        and is_late(s.promised_by, outcomes[s.order_id].delivered_at) is not None
    ]
    y = [is_late(s.promised_by, outcomes[s.order_id].delivered_at) for s in test]
    t0 = time.perf_counter()
    scores = scorer.score(test)
    scored = time.perf_counter() - t0
    rules = rule.score(test)
    assert not any(s.fallback_used for s in scores) and all(s.fallback_used for s in rules)
    m = probability_metrics(y, [s.late_probability for s in scores])
    r = probability_metrics(y, [s.late_probability for s in rules])
    print(
        f"{label}: trained on {model.metrics['orders']} delivered orders "
        f"({model.metrics['late_orders']} late, {model.metrics['rows']} rows with re-scored "
        f"stages) in {trained:.1f} s; scored {len(test)} orders in {scored:.2f} s"
    )
    cal, cal_rule = model.metrics["calibration_slice"], model.metrics["calibration_slice_rule"]
    print(
        f"  calibration slice (newest 20% of training, from {cal['from'][:10]}): model "
        f"ROC-AUC {cal['roc_auc']:.3f}, rule {cal_rule['roc_auc']:.3f}; calibration weights: "
        f"booster margin {model.calibration[0]:.2f}, rule log-odds "
        f"{model.metrics.get('rule_weight', 0.0):.2f}"
    )
    show("at purchase", m, r)
    if blind:
        # `care score` on an export: no delivery time read, so no recent delivery conditions.
        ids = {s.order_id for s in test}
        blind_states = [s for s in states_at_purchase(known, outcomes) if s.order_id in ids]
        b = probability_metrics(y, [s.late_probability for s in scorer.score(blind_states)])
        show("at purchase, blind (no delivery feed, as `care score` runs)", b, r)
    if by_stage:
        stage_report(known, outcomes, test, scorer, rule)
    return m, r


def stage_report(states, outcomes, test, scorer: DelayScorer, rule: DelayScorer) -> None:
    """Test orders re-scored as they moved: each snapshot knows only what had happened."""
    timeline = NodeTimeline(
        queue_entries(states, outcomes), DeliveryFeed.from_outcomes(states, outcomes)
    )
    groups: dict[str, list] = {}
    for s in test:
        o = outcomes[s.order_id]
        for t in snapshot_times(s, o)[1:]:
            snap = at_time(s, t, timeline, o)
            name = (
                snap.stage
                if snap.stage != "shipped"
                else (
                    "handed off"
                    if t == utc(o.handed_off_at)
                    else f"{(t - utc(o.handed_off_at)).days} days after hand-off"
                )
            )
            groups.setdefault(name, []).append((snap, is_late(s.promised_by, o.delivered_at)))
    print("  re-scored as the orders moved (open orders only, ROC-AUC model / rule):")
    for name in ("released", "handed off", "2 days after hand-off", "5 days after hand-off"):
        rows = groups.get(name, [])
        if not rows:
            continue
        snaps, y = [r[0] for r in rows], [r[1] for r in rows]
        m = probability_metrics(y, [x.late_probability for x in scorer.score(snaps)])
        r = probability_metrics(y, [x.late_probability for x in rule.score(snaps)])
        print(
            f"    {name:24} {len(y):5d} open, {m['late_rate']:5.1%} late   "
            f"{m['roc_auc']:.3f} / {r['roc_auc']:.3f}   PR-AUC {m['pr_auc']:.3f} / "
            f"{r['pr_auc']:.3f}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--olist", type=Path, default=OLIST)
    ap.add_argument("--cutoff", default="2017-09-01")
    ap.add_argument(
        "--inside-only",
        action="store_true",
        help="only the splits inside the training period (never the test period)",
    )
    ap.add_argument("--drop", default="", help="comma-separated model features to leave out")
    ap.add_argument("--add", default="", help="comma-separated left-out features to put back")
    args = ap.parse_args()
    drop = {f for f in args.drop.split(",") if f}
    add = [f for f in args.add.split(",") if f]
    features = tuple(f for f in MODEL_FEATURES if f not in drop) + tuple(add)
    unknown = (drop - set(MODEL_FEATURES)) | (set(add) - set(UNUSED_FEATURES))
    if unknown:
        print(f"unknown or not droppable/addable feature(s): {', '.join(sorted(unknown))}")
        return 2
    if not (args.olist / "orders.csv").exists():
        print(f"Olist data not found at {args.olist} (see ../shared/data/README.md)")
        return 2
    states, outcomes = read_olist_history(args.olist)
    delivered = [s for s in states if outcomes[s.order_id].delivered_at is not None]
    late = sum(is_late(s.promised_by, outcomes[s.order_id].delivered_at) or 0 for s in delivered)
    print(f"Olist: {len(states)} orders with items, {len(delivered)} delivered, {late} late")
    cutoff = datetime.fromisoformat(args.cutoff).replace(tzinfo=UTC)
    print("\n== inside the training period (used for choosing features and settings)")
    folds = []
    for start in range(3, 9):
        a, b = datetime(2017, start, 1, tzinfo=UTC), datetime(2017, start + 1, 1, tzinfo=UTC)
        if b > cutoff:
            break
        m, r = split(
            states,
            outcomes,
            a,
            b,
            f"train before {a:%Y-%m-%d}, test {a:%B}",
            features=features,
            blind=True,
        )
        folds.append((start, m["roc_auc"], r["roc_auc"], m["pr_auc"], r["pr_auc"]))
    for first in (3, 5):
        chosen = [f for f in folds if f[0] >= first]
        if not chosen:
            continue
        mm, rr = np.mean([f[1] for f in chosen]), np.mean([f[2] for f in chosen])
        pm, pr = np.mean([f[3] for f in chosen]), np.mean([f[4] for f in chosen])
        print(
            f"  mean over the {len(chosen)} monthly folds from month {first}: ROC-AUC model "
            f"{mm:.3f}, rule {rr:.3f}, ratio {mm / rr:.3f}; PR-AUC model {pm:.3f}, "
            f"rule {pr:.3f}"
        )
    if args.inside_only:
        return 0
    print(f"\n== headline: train before {args.cutoff}, test on and after")
    m, r = split(
        states,
        outcomes,
        cutoff,
        None,
        "Olist time split",
        by_stage=True,
        features=features,
        blind=True,
    )
    print(
        f"\nHEADLINE model ROC-AUC {m['roc_auc']:.3f} vs rule {r['roc_auc']:.3f} "
        f"(ratio {m['roc_auc'] / r['roc_auc']:.3f}); late share in top 10%: model "
        f"{m['late_share_top_decile']:.1%}, rule {r['late_share_top_decile']:.1%}, "
        f"all {m['late_rate']:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

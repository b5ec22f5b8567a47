"""`ordermind care`: train and run the delay-risk model.

  ordermind care train --model-dir DIR                      from the store (DATABASE_URL)
  ordermind care train --olist DIR --model-dir DIR [--before 2017-09-01]
  ordermind care train --data FILE.csv --model-dir DIR [--before DATE]
  ordermind care score --olist DIR --out FILE.csv [--model-dir DIR]
  ordermind care score --data FILE.csv --out FILE.csv [--model-dir DIR]
  ordermind care scan [--model-dir DIR] [--policy FILE.json] [--no-auto] [--order ID]

`score` writes one row per order: order_id, late_probability, stage, model_version,
fallback_used, top_factors — scored as each order stood when it was placed, from what was
known then (the customer delivery time is never read). Without a model (--model-dir or
ORDERMIND_CARE_MODEL) the rule fallback answers and every row says so.

Generic CSV columns (one row per order line) — required: order_id, placed_at, promised_by,
node, dest_region; optional: origin_region, carrier, service, category, weight_g,
order_value, shipping_cost (line amounts, major units), distance_km, dest_country,
released_at, handed_off_at, cancelled_at; delivered_at (training labels only).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import NoReturn

import typer

app = typer.Typer(help=__doc__, no_args_is_help=True)

ModelDirOpt = typer.Option(
    None,
    "--model-dir",
    envvar="ORDERMIND_CARE_MODEL",
    help="delay model directory (written by `care train`)",
)
OlistOpt = typer.Option(None, "--olist", help="folder of an Olist export")
DataOpt = typer.Option(None, "--data", help="generic order-line CSV (see `care --help`)")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _source(olist: Path | None, data: Path | None, labels: bool):
    from ordermind.care.sources import SourceError, read_csv_history, read_olist_history

    if (olist is None) == (data is None):
        _fail("give exactly one of --olist DIR or --data FILE.csv")
    try:
        if olist is not None:
            return read_olist_history(olist, labels=labels)
        return read_csv_history(data, labels=labels)  # type: ignore[arg-type]
    except SourceError as exc:
        _fail(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {olist or data}: {exc}")


def _date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        _fail(f"--before expects a date like 2017-09-01, got {value!r}")
    return day.replace(tzinfo=UTC) if day.tzinfo is None else day.astimezone(UTC)


@app.command()
def train(
    model_dir: Path = typer.Option(None, "--model-dir", help="directory to write the model to"),
    olist: Path = OlistOpt,
    data: Path = DataOpt,
    before: str = typer.Option(
        None, "--before", help="train on orders placed before this date (default: all)"
    ),
) -> None:
    """Train the delay model on delivered orders: the store's (no --olist/--data) or a file's."""
    from ordermind.care.delay_features import is_late
    from ordermind.care.delay_training import delivered, train_from_history

    if model_dir is None:
        _fail("--model-dir DIR is required")
    cutoff = _date(before)
    if olist is None and data is None:
        from ordermind.adapters.db.care_repo import order_history
        from ordermind.adapters.db.engine import make_engine

        engine = make_engine()
        try:
            states, outcomes = order_history(engine, until=cutoff)
        finally:
            engine.dispose()
        where = "the store"
    else:
        states, outcomes = _source(olist, data, labels=True)
        where = str(olist or data)
    history = delivered(states, outcomes, cutoff)
    late = sum(is_late(s.promised_by, o.delivered_at) or 0 for s, o in history)
    try:
        model = train_from_history(states, outcomes, before=cutoff)
    except ValueError as exc:
        _fail(
            f"too few delivered orders in {where} to learn from: {len(history)} delivered "
            f"with a promised date ({late} late) — {exc}"
        )
    try:
        model.save(model_dir)
    except OSError as exc:
        _fail(f"cannot write the model to {model_dir}: {exc}")
    cal, rule = model.metrics["calibration_slice"], model.metrics["calibration_slice_rule"]
    period = model.training_period
    assert period is not None, "a trained model records its training period"
    typer.echo(
        f"trained {model.version} on {len(history)} delivered orders from {where} "
        f"({late} late), {period[0][:10]} .. {period[1][:10]}; written to {model_dir}"
    )
    typer.echo(
        f"newest 20% of the training period: ROC-AUC model {cal['roc_auc']:.3f}, rule "
        f"{rule['roc_auc']:.3f}; Brier model {cal['brier']:.4f}, rule {rule['brier']:.4f}"
    )


@app.command()
def score(
    out: Path = typer.Option(None, "--out", help="CSV to write, one row per order"),
    olist: Path = OlistOpt,
    data: Path = DataOpt,
    model_dir: Path = ModelDirOpt,
) -> None:
    """Late probability of every order as it stood when placed (no delivery time is read)."""
    import csv

    from ordermind.care.delay_training import states_at_purchase
    from ordermind.care.scorer import DelayScorer

    if out is None:
        _fail("--out FILE.csv is required")
    if model_dir is not None and not model_dir.exists():
        _fail(f"--model-dir {model_dir} does not exist")
    if not out.parent.exists():
        _fail(f"cannot write {out}: folder {out.parent} does not exist")
    states, outcomes = _source(olist, data, labels=False)
    scorer = DelayScorer(model_dir)
    if scorer.model is None:
        typer.echo(
            f"note: {scorer.unavailable}; the rule fallback scores every order"
            + ("" if not scorer.lanes.empty else " on default lane timing"),
            err=True,
        )
    scores = scorer.score(states_at_purchase(states, outcomes))
    try:
        with out.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    "order_id",
                    "late_probability",
                    "stage",
                    "model_version",
                    "fallback_used",
                    "top_factors",
                ]
            )
            for s in scores:
                writer.writerow(
                    [
                        s.order_id,
                        f"{s.late_probability:.6f}",
                        s.stage,
                        s.model_version,
                        int(s.fallback_used),
                        "; ".join(s.top_factors),
                    ]
                )
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    fallback = sum(s.fallback_used for s in scores)
    typer.echo(
        f"{len(scores)} orders scored by {scorer.model_version} "
        f"({fallback} by the rule fallback) -> {out}"
    )


@app.command()
def scan(
    model_dir: Path = ModelDirOpt,
    policy_file: Path = typer.Option(
        None,
        "--policy",
        envvar="ORDERMIND_CARE_POLICY",
        help="care policy JSON (thresholds, SLAs, auto rules)",
    ),
    auto: bool = typer.Option(
        True, "--auto/--no-auto", help="apply the fixes the policy lets apply themselves"
    ),
    order: list[int] = typer.Option(None, "--order", help="scan only these order ids"),
    batch: int = typer.Option(500, "--batch", min=1, max=10_000, help="orders per unit of work"),
) -> None:
    """Scan the store's open orders for exceptions now (DATABASE_URL), then auto-apply."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.exceptions_repo import delay_scorer
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.adapters.http.routers.exceptions import load_policy
    from ordermind.domain.clock import utcnow
    from ordermind.services import care

    if model_dir is not None and not model_dir.exists():
        _fail(f"--model-dir {model_dir} does not exist")
    try:
        policy = load_policy(str(policy_file) if policy_file else "")
    except ValueError as exc:
        _fail(str(exc))
    engine = make_engine()
    try:
        scorer = delay_scorer(engine, model_dir)
        now = utcnow()
        factory = partial(SqlUnitOfWork, engine)
        report = care.scan(factory, now, scorer, policy, batch=batch, order_ids=order or None)
        applied = care.auto_apply(factory, now, scorer, policy) if auto else None
    except SQLAlchemyError as exc:
        _fail(f"the store cannot be read: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        engine.dispose()
    typer.echo(
        json.dumps({"scan": report.as_dict(), "auto_apply": applied.as_dict() if applied else None})
    )

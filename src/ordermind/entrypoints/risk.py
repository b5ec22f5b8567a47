"""`ordermind risk`: train, score, audit and manage fraud models from CSV history.

Column mapping (CSV column -> order fact; first one present wins):
placed_at <- placed_at | purchase_time | order_time | created_at (required);
customer_created_at <- customer_created_at | signup_time | account_created_at;
customer_id <- customer_id | user_id; customer_email <- customer_email | email;
total_value <- total_value (minor units) | purchase_value | amount | order_value (major units);
device_id; ip <- ip | ip_address; card_token <- card_token | card_id; billing_country;
shipping_country; shipping_address; channel; currency; order_id; prior_orders.
Every other column except the label becomes a model attribute (numbers stay numbers, text
becomes a category). Override with --map fact=column. Velocity features count only purchases
placed strictly before each row.
"""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help=__doc__, no_args_is_help=True)
MAPPING = __doc__.split("\n\n", 1)[1]


def _overrides(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        fact, sep, column = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"--map expects fact=column, got {pair!r}")
        out[fact.strip()] = column.strip()
    return out


def _read(path: Path):
    import pandas as pd

    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")
    return pd.read_csv(path)


@app.command(epilog=MAPPING)
def train(
    data: Path = typer.Option(
        None,
        help="Labelled purchase history (CSV); omit to learn from "
        "the reviewers' decisions in the order store.",
    ),
    label: str = typer.Option(None, help="Label column: 1 = fraud, 0 = legitimate."),
    out: Path = typer.Option(..., help="Model directory to write (model.txt + meta.json)."),
    map_: list[str] = typer.Option(None, "--map", help="Override the mapping: fact=column."),
    review_rate: float = typer.Option(0.05, help="Share of orders the hold threshold targets."),
    registry: bool = typer.Option(False, help="Treat OUT as a registry: add a new version."),
) -> None:
    """Train a model on labelled history (the newest 20% by time is held out to measure).
    Without --data: train on the store's reviewed orders (DATABASE_URL) and add the model to
    the registry at OUT as a new version; promote it after comparing it in shadow."""
    from ordermind.risk.registry import ModelRegistry, train_from_facts, train_from_frame

    if data is None:
        from ordermind.adapters.db.engine import make_engine
        from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
        from ordermind.services.screening import training_set

        with SqlUnitOfWork(make_engine(), readonly=True) as uow:
            facts, labels = training_set(uow)
        if len(set(labels)) < 2:
            raise typer.BadParameter(
                f"{len(labels)} reviewed orders with one kind of decision: need approvals and "
                "rejections to learn from"
            )
        try:
            model = train_from_facts(facts, labels, review_rate=review_rate)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        version = ModelRegistry(out).add(model)
        typer.echo(
            f"trained on {len(labels)} reviewed orders ({sum(labels)} rejected); "
            f"stored version {version} in {out} (not promoted)"
        )
        return
    if label is None:
        raise typer.BadParameter("--label is required with --data")
    frame = _read(data)
    try:
        model = train_from_frame(frame, label, _overrides(map_), review_rate=review_rate)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if registry:
        version = ModelRegistry(out).add(model)
        typer.echo(f"stored version {version} in {out} (not promoted)")
    else:
        model.version = model.version if model.version != "unsaved" else "v0001"
        model.save(out)
        typer.echo(f"model written to {out}")
    for key, value in model.metrics.get("validation", {}).items():
        typer.echo(f"  validation {key}: {value:.4g}")


@app.command(epilog=MAPPING)
def score(
    model: Path = typer.Option(..., help="Model directory or registry root."),
    data: Path = typer.Option(..., help="Purchases to score (CSV)."),
    out: Path = typer.Option(..., help="CSV to write: one `score` column, input row order."),
    map_: list[str] = typer.Option(None, "--map", help="Override the mapping: fact=column."),
) -> None:
    """Score purchases with a trained model: probability of fraud in [0, 1] per row."""
    import pandas as pd

    from ordermind.risk.registry import load_model, score_frame

    frame = _read(data)
    scores = score_frame(load_model(model), frame, _overrides(map_))
    pd.DataFrame({"score": scores}).to_csv(out, index=False)
    typer.echo(f"{len(scores)} scores written to {out}")


@app.command()
def audit(
    data: Path = typer.Option(..., help="Orders with decisions (CSV)."),
    group: list[str] = typer.Option(..., help="Grouping column (segment, region...); repeat."),
    held: str = typer.Option(None, help="0/1 column: the order was held."),
    score_column: str = typer.Option(None, "--score", help="Score column, held if >= threshold."),
    threshold: float = typer.Option(0.5, help="Hold threshold for --score."),
    label: str = typer.Option(None, help="0/1 truth column, for false-positive rates."),
    min_orders: int = typer.Option(30, help="Groups smaller than this are never flagged."),
) -> None:
    """Hold and false-positive rates per group; flags disparate impact (four-fifths rule)."""
    from ordermind.risk.fairness import audit as run_audit
    from ordermind.risk.fairness import audit_table

    frame = _read(data)
    if held is None:
        if score_column is None:
            raise typer.BadParameter("give --held COLUMN or --score COLUMN")
        frame["_held"] = frame[score_column] >= threshold
        held = "_held"
    try:
        rows = run_audit(frame, group, held, label, min_orders)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(audit_table(rows))
    flagged = [r for r in rows if r.disparate_impact]
    typer.echo(f"{len(flagged)} group(s) flagged for disparate impact")


@app.command()
def shadow(
    current: Path = typer.Option(..., help="Current model directory or registry root."),
    candidate: Path = typer.Option(..., help="Candidate model directory."),
    data: Path = typer.Option(..., help="Recent purchases (CSV)."),
    label: str = typer.Option(None, help="Truth column, if known."),
) -> None:
    """Score the same purchases with both models and report agreement and metrics."""
    from ordermind.risk.registry import facts_to_rows, frame_facts, load_model, shadow_compare

    frame = _read(data)
    rows = facts_to_rows(frame_facts(frame, label))
    labels = frame[label].astype(int).tolist() if label else None
    report = shadow_compare(load_model(current), load_model(candidate), rows, labels)
    typer.echo(
        f"rows {report.rows}  agreement {report.agreement:.1%}  "
        f"score correlation {report.score_correlation:.3f}"
    )
    for name, metrics in (("current", report.current), ("candidate", report.candidate)):
        if metrics:
            typer.echo(f"{name}: " + "  ".join(f"{k} {v:.4g}" for k, v in metrics.items()))
    if report.candidate_better is not None:
        typer.echo("candidate is " + ("better" if report.candidate_better else "not better"))


@app.command()
def promote(
    registry: Path = typer.Option(..., help="Registry root."),
    version: str = typer.Argument(..., help="Version to make current, e.g. v0002."),
) -> None:
    """Make a stored model version the one the risk assessment loads."""
    from ordermind.risk.registry import ModelRegistry

    try:
        ModelRegistry(registry).promote(version)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"{version} is now current in {registry}")

"""`ordermind notifications`: run the customer notification dispatcher by hand or from cron.

  ordermind notifications run-once        plan the outbox, send what is due: one pass
  ordermind notifications send-pending    passes until nothing is left to plan or due now

Settings come from the environment (DATABASE_URL, ORDERMIND_SMTP_*, ORDERMIND_NOTIFY_*;
see adapters/notifications/settings.py). Without ORDERMIND_SMTP_HOST there is no e-mail
channel: e-mail messages are recorded as suppressed ("not configured").
"""

from __future__ import annotations

import typer

app = typer.Typer(help=__doc__, no_args_is_help=True)


def _notifier():
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.notifications.settings import SettingsError
    from ordermind.adapters.notifications.wiring import sql_notifier

    try:
        return sql_notifier(make_engine())
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _print(report) -> None:
    channels = ", ".join(f"{c} {n}" for c, n in sorted(report.by_channel.items()))
    typer.echo(
        f"planned {report.planned} (held {report.held}), suppressed "
        f"{report.suppressed}, skipped {report.skipped}, sent {report.sent}"
        + (f" ({channels})" if channels else "")
        + f", retrying {report.retrying}, failed {report.failed}"
    )


def _run(passes: int) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    notifier = _notifier()
    try:
        report = notifier.run_once() if passes == 1 else notifier.drain(passes)
    except SQLAlchemyError as exc:
        typer.echo(f"error: database: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(2) from None
    _print(report)


@app.command("run-once")
def run_once() -> None:
    """One pass: plan pending milestones into messages, then send the due ones."""
    _run(1)


@app.command("send-pending")
def send_pending(max_passes: int = typer.Option(100, min=1, help="stop after this many")) -> None:
    """Passes until nothing is left to plan or due now (held messages wait for their time)."""
    _run(max_passes)

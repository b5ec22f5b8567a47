"""The `ordermind` command line."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import Progress

from ordermind.entrypoints.assistant import app as assistant_app
from ordermind.entrypoints.care import app as care_app
from ordermind.entrypoints.experiments import app as experiments_app
from ordermind.entrypoints.forecasting import app as forecast_app
from ordermind.entrypoints.geo import app as geo_app
from ordermind.entrypoints.importers import app as import_app
from ordermind.entrypoints.intake import app as intake_app
from ordermind.entrypoints.kpis import app as kpis_app
from ordermind.entrypoints.notifications import app as notifications_app
from ordermind.entrypoints.privacy import app as privacy_app
from ordermind.entrypoints.risk import app as risk_app
from ordermind.entrypoints.shell import cli_actor
from ordermind.entrypoints.sourcing import app as sourcing_app
from ordermind.entrypoints.twin import app as twin_app

app = typer.Typer(help="ordermind: distributed order management", no_args_is_help=True)
db_app = typer.Typer(help="Database schema", no_args_is_help=True)
keys_app = typer.Typer(help="API keys", no_args_is_help=True)
orders_app = typer.Typer(help="Orders", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(orders_app, name="orders")
app.add_typer(forecast_app, name="forecast")
app.add_typer(risk_app, name="risk")
app.add_typer(intake_app, name="intake")
app.add_typer(twin_app, name="twin")
app.add_typer(kpis_app, name="kpis")
app.add_typer(import_app, name="import")
app.add_typer(care_app, name="care")
app.add_typer(notifications_app, name="notifications")
app.add_typer(sourcing_app, name="sourcing")
app.add_typer(geo_app, name="geo")
app.add_typer(privacy_app, name="privacy")
app.add_typer(assistant_app, name="assistant")
app.add_typer(experiments_app, name="experiments")
console = Console()


def _engine():
    from ordermind.adapters.db.engine import make_engine

    return make_engine()


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the migrations to DATABASE_URL (default: ./ordermind.db)."""
    from ordermind.adapters.db.engine import database_url
    from ordermind.adapters.db.migrate import upgrade

    upgrade(revision=revision)
    console.print(f"[green]database at {_safe(database_url())} is at {revision}")


@db_app.command("partitions")
def db_partitions(
    months_ahead: int = typer.Option(3, help="partitions for this month and the next N"),
    retain_months: int | None = typer.Option(
        None, help="detach and drop partitions older than this month and the N before it"
    ),
    table: list[str] | None = typer.Option(
        None, help="only this table (repeatable; required with --retain-months)"
    ),
) -> None:
    """Create the coming months' partitions (idempotent) and list them; PostgreSQL migrated
    with ORDERMIND_PARTITION_BY_MONTH=1 only (docs/scaling.md)."""
    from sqlalchemy.exc import OperationalError

    from ordermind.adapters.db.partitions import PartitioningUnavailable, maintain

    engine = _engine()
    try:
        with engine.begin() as conn:
            reports = maintain(conn, months_ahead, retain_months, table)
    except (ValueError, PartitioningUnavailable, OperationalError) as exc:
        typer.echo(f"error: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    for r in reports:
        typer.echo(
            f"{r.table}: created {', '.join(r.created) or 'none'}; "
            f"dropped {', '.join(r.dropped) or 'none'}"
            + (
                f"; {r.purged_from_default} old rows deleted from the default partition"
                if r.purged_from_default
                else ""
            )
        )
        for p in r.partitions:
            bounds = "DEFAULT" if p.is_default else f"{p.start} .. {p.end}"
            typer.echo(f"  {p.name:<32} {bounds}")


def _expiry(expires: str | None):
    """`--expires`: an ISO date or time (UTC unless it says otherwise), or a duration from
    now such as 30d, 12h or 90m."""
    import re
    from datetime import UTC, datetime, timedelta

    if expires is None:
        return None
    duration = re.fullmatch(r"(\d+)([dhm])", expires.strip())
    if duration:
        n, unit = int(duration[1]), duration[2]
        step = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
        return datetime.now(UTC) + n * step[unit]
    try:
        at = datetime.fromisoformat(expires.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{expires!r} is neither a date/time (2027-01-31, 2027-01-31T12:00Z) nor a "
            "duration (30d, 12h, 90m)",
            param_hint="--expires",
        ) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _fail(message: str) -> NoReturn:
    """A user's mistake: one line on stderr, no traceback."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _key_errors() -> Iterator[None]:
    """What `ordermind keys` reports as one line: a key that is not there or not in a state
    for this, a bad value, a database it cannot use (not reachable, not migrated)."""
    from sqlalchemy.exc import DBAPIError

    from ordermind.domain.errors import DomainError

    try:
        yield
    except DomainError as exc:
        _fail(exc.detail)
    except ValueError as exc:
        _fail(str(exc))
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        # SQLite "no such table", PostgreSQL "relation ... does not exist": never migrated
        if "no such table" in reason or "does not exist" in reason:
            _fail(f"the database has no schema yet ({reason}): run `ordermind db upgrade`")
        _fail(f"the database refused this: {reason}")


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%SZ") if value is not None else "-"


@keys_app.command("create")
def keys_create(
    role: str = typer.Option(..., help="admin|operator|agent|channel|viewer"),
    channel: str | None = typer.Option(None, help="channel code, for channel keys"),
    name: str | None = None,
    expires: str | None = typer.Option(
        None, help="when it stops working: a date/time or a duration (30d, 12h, 90m)"
    ),
    scope: str | None = typer.Option(
        None, help="narrower than the role: read_only | intake_only (default: the whole role)"
    ),
) -> None:
    """Create an API key. It is printed once; only its hash is stored."""
    from ordermind.adapters.http.auth import Role, create_key
    from ordermind.adapters.http.permissions import Scope

    try:
        who = Role(role)
    except ValueError:
        raise typer.BadParameter(
            f"{role!r} is not one of {', '.join(r.value for r in Role)}", param_hint="--role"
        ) from None
    try:
        narrowed = None if scope is None else Scope(scope)
    except ValueError:
        raise typer.BadParameter(
            f"{scope!r} is not one of {', '.join(s.value for s in Scope)}", param_hint="--scope"
        ) from None
    at = _expiry(expires)
    with _key_errors():
        key = create_key(_engine(), who, channel, name, at, narrowed, actor=cli_actor())
    typer.echo(key)


@keys_app.command("list")
def keys_list(
    all_keys: bool = typer.Option(True, "--all/--active", help="revoked keys too, or not"),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table"),
) -> None:
    """The API keys: id, prefix, role, channel, state, expiry and last use (never a key)."""
    import orjson

    from ordermind.adapters.http.auth import list_keys

    with _key_errors():
        keys = list_keys(_engine(), include_revoked=all_keys)
    if as_json:
        for k in keys:
            typer.echo(orjson.dumps(k.as_dict(), default=str).decode())
        return
    typer.echo(
        f"{'id':>5}  {'prefix':<8}  {'role':<8}  {'channel':<10}  {'scope':<11}  {'state':<7}  "
        f"{'expires':<20}  {'last used':<20}  name"
    )
    for k in keys:
        typer.echo(
            f"{k.id:>5}  {k.prefix:<8}  {k.role:<8}  {k.channel or '-':<10}  "
            f"{k.scope or '-':<11}  {k.state:<7}  "
            f"{_when(k.expires_at):<20}  {_when(k.last_used_at):<20}  {k.name or ''}"
        )


@keys_app.command("revoke")
def keys_revoke(
    key_id: int = typer.Argument(..., help="the key's id (ordermind keys list)"),
) -> None:
    """Revoke a key: every worker refuses it from its next request."""
    from ordermind.adapters.http.auth import revoke_key

    with _key_errors():
        info = revoke_key(_engine(), key_id, actor=cli_actor())
    typer.echo(f"key {info.id} ({info.prefix}) revoked at {_when(info.revoked_at)}")


@keys_app.command("rotate")
def keys_rotate(
    key_id: int = typer.Argument(..., help="the key's id (ordermind keys list)"),
    grace: float = typer.Option(
        0, min=0, max=30 * 86400, help="seconds the old key keeps working (0: revoked now)"
    ),
    expires: str | None = typer.Option(None, help="the new key's expiry (default: the old one's)"),
) -> None:
    """Replace a key with a new one of the same role, channel and name; prints the new key
    once."""
    from datetime import timedelta

    from ordermind.adapters.http.auth import rotate_key

    at = _expiry(expires)
    with _key_errors():
        info, key = rotate_key(_engine(), key_id, grace, at, actor=cli_actor())
    typer.echo(key)
    old = f"works until {_when(info.created_at + timedelta(seconds=grace))}"
    typer.echo(
        f"key {info.id} ({info.prefix}) replaces key {key_id}, which "
        + (old if grace else "is revoked"),
        err=True,
    )


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    migrate: bool = typer.Option(True, help="apply migrations first"),
) -> None:
    """Serve the HTTP API (docs at /docs)."""
    import uvicorn

    _check_rate_table()
    _check_tracing()

    if migrate:
        from ordermind.adapters.db.migrate import upgrade

        upgrade()
    from ordermind.adapters.http import server
    from ordermind.adapters.http.metrics import MULTIPROC_ENV, prepare_multiprocess_dir

    # several workers: /metrics adds up every worker's counts (multiprocess mode) from
    # a directory of their own, removed afterwards unless the operator named it
    own_dir = workers > 1 and not os.environ.get(MULTIPROC_ENV)
    metrics_dir = prepare_multiprocess_dir() if workers > 1 else None
    try:
        uvicorn.run(
            "ordermind.entrypoints.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
            http=server.protocol(),  # with a header read timeout (ORDERMIND_HEADER_TIMEOUT_S)
        )
    finally:
        if own_dir and metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _check_rate_table() -> None:
    """The operator's rate table (ORDERMIND_RATE_TABLE) is usable, or one line and exit 2
    before anything starts (each worker reads it again, and would print a traceback)."""
    from ordermind.sourcing.rates import RateTableError, configured_rate_table

    try:
        configured_rate_table()
    except RateTableError as exc:
        _fail(str(exc))


def _check_tracing() -> None:
    """ORDERMIND_TRACING is a value the app takes, and the extra it needs is installed, or
    one line and exit 2 before anything starts (adapters/tracing.py)."""
    from ordermind.adapters.tracing import TracingError, check

    try:
        check()
    except TracingError as exc:
        _fail(str(exc))


def _port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@app.command()
def demo(
    host: str = "127.0.0.1",
    port: int = typer.Option(8000, "--port", help="port the API and console listen on"),
    days: int = 90,
    trickle: float = typer.Option(20.0, help="live orders per minute while serving (0: off)"),
    serve_after: bool = typer.Option(True, "--serve/--no-serve"),
) -> None:
    """Migrate, seed 90 days of simulated history run by the AI policies (forecast
    replenishment, the risk model, cost sourcing, dynamic priority), plan replenishment,
    train the risk model, scan for exceptions, leave an intake document for review, print an
    admin key, then serve the API with a live trickle of orders flowing through it."""
    import threading

    from rich.progress import Progress

    from ordermind.adapters.db.migrate import upgrade
    from ordermind.adapters.db.twin_store import on_database
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.adapters.http.auth import Role, create_key
    from ordermind.adapters.http.routers.exceptions import CareSettings
    from ordermind.twin.demo import (
        intake_document,
        live_trickle,
        plan,
        scan_exceptions,
        seed_history,
        train_risk_model,
    )

    if serve_after and not _port_free(host, port):
        _fail(f"port {port} on {host} is busy: stop what listens there or pass --port N")
    _check_rate_table()
    upgrade()
    engine = _engine()
    factory = lambda: SqlUnitOfWork(engine)  # noqa: E731
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"simulating {days} days of history", total=days)
        placed = seed_history(on_database(engine), days=days, progress=lambda _: bar.advance(task))
    models = Path(os.environ.get("ORDERMIND_RISK_MODEL_DIR") or "ordermind-risk-models")
    if placed:
        with console.status("planning, training the risk model, scanning for exceptions..."):
            console.print(f"planning: {plan(factory)}")
            version = train_risk_model(factory, models)
            console.print(
                f"risk model {version} trained on the reviewed orders, in {models}"
                if version
                else "risk model: too few reviewed orders yet; the rules screen"
            )
            scorer, care_policy = CareSettings(engine).get()
            opened = scan_exceptions(factory, scorer, care_policy)
            console.print(f"care scan: {opened} exceptions opened")
            console.print(f"intake: an e-mailed order recorded ({intake_document(factory)})")
    if (models / "CURRENT").exists():
        os.environ.setdefault("ORDERMIND_RISK_MODEL_DIR", str(models))
    key = create_key(engine, Role.ADMIN, name="demo")
    console.print(f"[green]demo store ready[/] ({placed} historical orders added)")
    console.print(f"admin API key: [bold]{key}[/]", soft_wrap=True)
    console.print(f"console: http://{host}:{port}/console/  (paste the key)", soft_wrap=True)
    console.print(f"docs:    http://{host}:{port}/docs", soft_wrap=True)
    console.print(
        f"try:     curl -H 'Authorization: Bearer {key}' http://{host}:{port}/v1/orders",
        soft_wrap=True,
    )
    if not serve_after:
        return
    stop = threading.Event()
    if trickle > 0:

        def run_trickle() -> None:
            import time

            import httpx

            for _ in range(100):  # wait for the server to answer
                try:
                    httpx.get(f"http://{host}:{port}/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.3)
            live_trickle(f"http://{host}:{port}", key, stop, rate_per_min=trickle)

        threading.Thread(target=run_trickle, name="trickle", daemon=True).start()
    try:
        serve(host=host, port=port, workers=1, migrate=False)
    finally:
        stop.set()


@orders_app.command("import")
def orders_import(file: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Import orders from a CSV and place them now (one row per line; see
    ordermind.importers.live_csv.LIVE_REQUIRED)."""
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.importers.live_csv import import_orders, read_orders

    engine = _engine()
    try:
        total = sum(1 for _ in read_orders(file))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with Progress(console=console) as progress:
        task = progress.add_task("importing", total=total)
        report = import_orders(
            lambda: SqlUnitOfWork(engine), file, "cli", lambda n: progress.advance(task, n)
        )
    console.print(
        f"placed {report.placed}, skipped {report.skipped} already imported, "
        f"failed {len(report.failed)}"
    )
    for ext, why in report.failed[:20]:
        console.print(f"  [red]{ext}[/]: {why}")
    if report.failed:
        raise typer.Exit(1)


def _safe(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()

"""`ordermind privacy`: customer data on the store of DATABASE_URL.

  ordermind privacy purge                     purge what is past its retention, now
  ordermind privacy retention [--set k=days]  show (or change) how long data is kept
  ordermind privacy erase CUSTOMER [--force]  pseudonymise a customer (cus_... or e-mail)
  ordermind privacy export CUSTOMER           print everything stored of a customer (JSON)

Every change and export is in the audit trail, as cli:<login>.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer

from ordermind.entrypoints.shell import cli_actor

app = typer.Typer(help=__doc__, no_args_is_help=True)
T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _in_transaction(change: Callable[[Any], T]) -> T:
    """Run `change` in one unit of work and commit it; a bad request or an unusable
    database is one line on stderr."""
    from sqlalchemy.exc import DBAPIError

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.errors import DomainError

    engine = make_engine(pool_size=1)
    try:
        with SqlUnitOfWork(engine) as uow:
            out = change(uow)
            uow.commit()
        return out
    except DomainError as exc:
        _fail(exc.detail)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        if "no such table" in reason or "does not exist" in reason:
            _fail(f"the database has no schema yet ({reason}): run `ordermind db upgrade`")
        _fail(f"the database refused this: {reason}")
    finally:
        engine.dispose()


def _echo_json(value: object) -> None:
    import orjson

    typer.echo(
        orjson.dumps(
            value, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
        ).decode()
    )


@app.command()
def purge() -> None:
    """Purge idempotency responses and raw intake documents past their retention."""
    from ordermind.domain.clock import utcnow
    from ordermind.services import privacy

    done = _in_transaction(lambda uow: privacy.purge(uow, utcnow()))
    typer.echo(
        f"purged {done['idempotency_responses']} idempotency responses and "
        f"{done['raw_documents']} raw documents"
    )


@app.command()
def retention(
    set_: list[str] | None = typer.Option(
        None, "--set", help="name=days (idempotency_responses, raw_documents); repeatable"
    ),
) -> None:
    """Show how many days customer data is kept; --set changes a setting (audited)."""
    from ordermind.domain.clock import utcnow
    from ordermind.services import privacy

    changes: dict[str, int] = {}
    for item in set_ or []:
        name, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            _fail(f"--set {item!r}: give name=days, e.g. raw_documents=30")
        changes[name.strip()] = int(number)
    if changes:
        now = utcnow()
        shown = _in_transaction(lambda uow: privacy.set_retention(uow, changes, cli_actor(), now))
    else:
        shown = _in_transaction(privacy.retention)
    for name, kept in sorted(shown.items()):
        typer.echo(f"{name}: {kept} days")


@app.command()
def erase(
    customer: str = typer.Argument(..., help="customer id (cus_...) or e-mail"),
    force: bool = typer.Option(False, help="also with orders still to be shipped"),
) -> None:
    """Pseudonymise a customer's personal data everywhere, keeping the accounting facts."""
    from ordermind.services import privacy

    done = _in_transaction(lambda uow: privacy.erase_customer(uow, customer, cli_actor(), force))
    if done.already_erased:
        typer.echo(f"customer {done.customer_id} was erased already")
        return
    rows = ", ".join(f"{t} {n}" for t, n in sorted(done.rows.items()))
    typer.echo(f"customer {done.customer_id} erased: {done.orders} orders; rows {rows}")


@app.command()
def export(customer: str = typer.Argument(..., help="customer id (cus_...) or e-mail")) -> None:
    """Print everything stored of a customer as JSON (the export is audited)."""
    from ordermind.services import privacy

    _echo_json(_in_transaction(lambda uow: privacy.export_customer(uow, customer, cli_actor())))

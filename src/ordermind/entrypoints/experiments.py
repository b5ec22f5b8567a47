"""`ordermind experiments`: the live experiments on the store of DATABASE_URL.

  ordermind experiments list          every experiment, newest first, with its orders
  ordermind experiments show ID       the report: KPIs per group, deltas with 95% CIs

Experiments are started and stopped by an admin through the API (`POST /v1/experiments`).
"""

from __future__ import annotations

from typing import Any, NoReturn

import typer

app = typer.Typer(help=__doc__, no_args_is_help=True)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _read(fn) -> Any:
    """Run `fn` in a read-only unit of work; a bad request or an unusable database is one
    line on stderr."""
    from sqlalchemy.exc import DBAPIError

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.errors import DomainError

    engine = make_engine(pool_size=1)
    try:
        with SqlUnitOfWork(engine, readonly=True) as uow:
            return fn(uow)
    except DomainError as exc:
        _fail(exc.detail)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        if "no such table" in reason or "does not exist" in reason:
            _fail(f"the database has no experiments table ({reason}): run `ordermind db upgrade`")
        _fail(f"the database refused this: {reason}")
    finally:
        engine.dispose()


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1%}"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"


def _ci(d: dict, fmt) -> str:
    if d["value"] is None:
        return "-"
    return f"{fmt(d['value'])} [{fmt(d['low'])}, {fmt(d['high'])}]"


@app.command("list")
def list_() -> None:
    """Every experiment, newest first."""

    def rows(uow) -> list[tuple]:
        return [(e, uow.experiments.counts(e.id)) for e in uow.experiments.all()]

    found = _read(rows)
    if not found:
        typer.echo("no experiments yet (an admin starts one with POST /v1/experiments)")
        return
    for e, counts in found:
        typer.echo(
            f"{e.id}  {e.status:<8} {e.mode:<6} {e.policy}: {e.treatment} vs {e.control} "
            f"by {e.unit} ({e.share:.0%} treated)  orders T {counts.get('treatment', 0)} / "
            f"C {counts.get('control', 0)}  {e.name}"
        )


@app.command()
def show(
    experiment_id: str,
    as_json: bool = typer.Option(False, "--json", help="the report as JSON (as the API's)"),
) -> None:
    """An experiment's report: each group's KPIs, treatment - control with 95% CIs."""
    from ordermind.services import experiments

    report = _read(lambda uow: experiments.report(uow, experiment_id))
    if as_json:
        import orjson

        typer.echo(orjson.dumps(report, default=str, option=orjson.OPT_INDENT_2).decode())
        return
    g, d = report["groups"], report["delta"]
    typer.echo(
        f"{report['id']} {report['name']!r}: {report['policy']} {report['treatment']} (treatment)"
        f" vs {report['control']} (control), by {report['unit']}, {report['mode']}, "
        f"{report['status']}"
    )
    typer.echo(f"{'':16}{'treatment':>12}{'control':>12}   delta [95% CI]")
    for label, key, fmt in (
        ("orders", "orders", _num),
        ("OTIF", "otif", _pct),
        ("fill rate", "fill_rate", _pct),
        ("cost per order", "cost_per_order", _num),
        ("hold rate", "hold_rate", _pct),
    ):
        delta = _ci(d[key], fmt) if key in d else ""
        typer.echo(
            f"{label:16}{fmt(g['treatment'][key]):>12}{fmt(g['control'][key]):>12}   {delta}"
        )
    m = report["money"]
    if m["difference"] is not None:
        typer.echo(
            f"money: {_num(m['difference'])} [{_num(m['low'])}, {_num(m['high'])}] over "
            f"{m['orders']} treatment orders ({m['unit']}; negative is a saving)"
        )
    typer.echo(f"CIs: {report['ci_method']}")
    if "shadow" in report:
        s = report["shadow"]
        typer.echo(
            f"shadow: {s['decisions_differ']} of {s['orders']} treatment decisions differ; "
            f"cost per order {_ci(s['cost_per_order_delta'], _num)}"
        )

"""`ordermind kpis [--from --to --group-by ...]`: KPIs over the order store."""

from __future__ import annotations

import json
from datetime import datetime

import typer

from ordermind.kpis.facts import HEADLINE

app = typer.Typer(help="Operations KPIs over the order store (DATABASE_URL).")

SHOWN = ("orders", *HEADLINE, "stockout_days")


@app.callback(invoke_without_command=True)
def kpis(
    date_from: datetime | None = typer.Option(None, "--from", formats=["%Y-%m-%d"]),
    date_to: datetime | None = typer.Option(None, "--to", formats=["%Y-%m-%d"], help="inclusive"),
    group_by: str | None = typer.Option(
        None, "--group-by", help="channel|node|segment|day|week|month"
    ),
    channel: str | None = typer.Option(None),
    node: str | None = typer.Option(None),
    segment: str | None = typer.Option(None),
    as_json: bool = typer.Option(False, "--json", help="print the full JSON"),
) -> None:
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.kpi_facts import SqlKpiFacts
    from ordermind.kpis.measures import GROUPS
    from ordermind.kpis.report import kpi_report

    if group_by is not None and group_by not in GROUPS:
        typer.echo(f"--group-by must be one of {', '.join(GROUPS)}", err=True)
        raise typer.Exit(2)
    db = make_engine()
    out = kpi_report(
        SqlKpiFacts(db),
        date_from.date() if date_from else None,
        date_to.date() if date_to else None,
        group_by,
        channel=channel,
        node=node,
        segment=segment,
    )
    db.dispose()
    if as_json:
        typer.echo(json.dumps(out, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("KPI", "total", *(out.get("groups") or {}))
    for k in SHOWN:
        table.add_row(
            k,
            str(out["total"].get(k)),
            *(str(g.get(k)) for g in (out.get("groups") or {}).values()),
        )
    Console().print(table)

"""`ordermind import olist DIR` and `ordermind import csv FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from ordermind.entrypoints.shell import cli_actor

app = typer.Typer(
    help="Import historical orders (closed, with their real timestamps).", no_args_is_help=True
)


def _run(orders, total: int | None, products=(), nodes=()) -> None:
    from rich.progress import Progress

    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.history_writer import write_history

    db = make_engine()
    with Progress(transient=True) as bar:
        task = bar.add_task("importing", total=total)
        result = write_history(
            db,
            orders,
            products=products,
            nodes=nodes,
            progress=lambda n: bar.advance(task, n),
            actor=cli_actor(),
        )
    db.dispose()
    typer.echo(
        f"read {result.read} orders: inserted {result.inserted}, "
        f"skipped {result.skipped} already present"
    )


@app.command("olist")
def olist(
    folder: Path = typer.Argument(
        ..., exists=True, file_okay=False, help="folder with the Olist CSV files"
    ),
) -> None:
    """Import the Olist export (orders, items, customers, products, sellers as nodes)."""
    from ordermind.importers.olist import read_olist

    missing = [
        f
        for f in ("orders.csv", "order_items.csv", "customers.csv", "products.csv", "sellers.csv")
        if not (folder / f).exists()
    ]
    if missing:
        typer.echo(f"missing file(s) in {folder}: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    products, nodes, orders, total = read_olist(folder)
    _run(orders, total, products, nodes)


@app.command("csv")
def csv_file(path: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Import a CSV of historical order lines (see ordermind.importers.historical_csv)."""
    from ordermind.importers.historical_csv import CsvError, read_csv

    try:
        orders = list(read_csv(path))
    except (CsvError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _run(iter(orders), len(orders))

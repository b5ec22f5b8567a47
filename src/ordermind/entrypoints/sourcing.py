"""`ordermind sourcing ...`: inspect strategies, rate tables and locations; run a demo."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Sourcing: ATP, promise dates and cost-optimal plans.", no_args_is_help=True)


@app.command()
def strategies() -> None:
    """List the sourcing strategies a channel can name."""
    from ordermind.sourcing.strategies import strategy_names

    for name in strategy_names():
        typer.echo(name)


@app.command()
def rates(
    file: Path = typer.Option(
        None, help="rate-and-transit CSV (default: $ORDERMIND_RATE_TABLE, else the shipped one)"
    ),
    service: str = "standard",
    km: float = 250.0,
    weight_g: int = 1500,
) -> None:
    """Validate a rate table and quote one package from it."""
    from ordermind.sourcing.rates import configured_rate_table, load_rate_table

    try:
        table = load_rate_table(file) if file else configured_rate_table()
        zone = table.zone_for(service, km)
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        json.dumps(
            {
                "services": table.services,
                "zone": zone.zone,
                "mode": zone.mode,
                "transit_days": zone.transit_days,
                "price": zone.price(weight_g),
            }
        )
    )


@app.command()
def locate(
    country: str,
    postal_code: str = typer.Option(None),
    lat: float = typer.Option(None),
    lon: float = typer.Option(None),
    postal_file: Path = typer.Option(None, help="GeoNames postal-code dump"),
) -> None:
    """Resolve an address to coordinates (coordinates, postal table, country centroid)."""
    from ordermind.sourcing.geo import load_postal_table, resolve_location

    table = load_postal_table(postal_file) if postal_file else None
    loc = resolve_location(country, postal_code, lat, lon, postal_table=table)
    if loc is None:
        typer.echo(
            f"error: cannot locate country {country!r} postal code {postal_code!r}", err=True
        )
        raise typer.Exit(1)
    typer.echo(
        json.dumps(
            {"lat": loc.lat, "lon": loc.lon, "country": loc.country, "precision": loc.precision}
        )
    )


@app.command()
def demo(orders: int = 300, seed: int = 7, nodes: int = 20, skus: int = 500) -> None:
    """Source generated orders with every strategy and compare cost and split rate."""
    from ordermind.sourcing.cost import SourcingContext
    from ordermind.sourcing.strategies import plan
    from ordermind.sourcing.synthetic import scenario
    from ordermind.sourcing.types import SourcingRequest

    sc = scenario(
        n_nodes=nodes, n_skus=skus, n_orders=orders, seed=seed, n_warehouses=4, n_suppliers=1
    )
    ctx = SourcingContext()
    out = {}
    for name in ("priority", "nearest", "cost"):
        left = {s: dict(per) for s, per in sc.stock.items()}
        total = splits = back = 0
        for o in sc.orders:
            req = SourcingRequest(
                o.lines,
                o.ship_to,
                {ln.sku: left[ln.sku] for ln in o.lines},
                sc.nodes,
                order_time=o.order_time,
                context=ctx,
            )
            p = plan(req, name)
            sku = {ln.line_no: ln.sku for ln in o.lines}
            for no, code, q in p.allocations:
                left[sku[no]][code] -= q
            total += p.cost or 0
            splits += len(p.nodes) > 1
            back += sum(p.backordered.values())
        out[name] = {
            "cost": total,
            "split_rate": round(splits / max(1, orders), 4),
            "backordered_units": back,
        }
    typer.echo(json.dumps(out))

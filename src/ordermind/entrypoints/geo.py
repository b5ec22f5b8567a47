"""`ordermind geo`: the postal table addresses are resolved with, and resolving one."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import typer

app = typer.Typer(help="Geography: postal tables and address resolution, offline.")


@app.command("import")
def import_postal(
    path: Path = typer.Argument(..., help="a GeoNames postal-code dump (e.g. GB_full.txt)"),
) -> None:
    """Use a GeoNames postal-code dump for every address without coordinates (served
    apps load it at start; $ORDERMIND_POSTAL_TABLE points elsewhere instead)."""
    from ordermind.sourcing.geo import configured_postal_path, load_postal_table

    if not path.is_file():
        typer.echo(f"error: no such file {path}", err=True)
        raise typer.Exit(2)
    try:
        table = load_postal_table(path)
    except (UnicodeDecodeError, OSError) as exc:
        typer.echo(f"error: cannot read {path} as a GeoNames postal dump ({exc})", err=True)
        raise typer.Exit(2) from None
    if not len(table):
        typer.echo(
            f"error: {path} holds no postal codes: expected GeoNames' tab-separated dump "
            "(country, postal code, place, admin names and codes, latitude, longitude, "
            "accuracy)",
            err=True,
        )
        raise typer.Exit(2)
    target = configured_postal_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.resolve() != path.resolve():
        shutil.copyfile(path, target)
    per_country = Counter(country for country, _ in table.exact)
    counts = ", ".join(f"{c} {n}" for c, n in sorted(per_country.items()))
    typer.echo(f"{len(table)} postal codes ({counts}) in {target}; restart servers to use them")


@app.command()
def locate(
    country: str = typer.Argument(..., help="ISO 3166-1 alpha-2, e.g. GB"),
    postal_code: str | None = typer.Option(None, "--postal-code"),
    city: str | None = typer.Option(None),
    lat: float | None = typer.Option(None),
    lon: float | None = typer.Option(None),
) -> None:
    """Where an address resolves to and how precisely (exact, postal, postal_area, city,
    country), the way sourcing resolves it."""
    from ordermind.sourcing.geo import resolve_location, use_configured_postal_table

    use_configured_postal_table()
    loc = resolve_location(country, postal_code, lat, lon, city=city)
    if loc is None:
        typer.echo(f"error: {country!r} is not a country this store knows", err=True)
        raise typer.Exit(1)
    typer.echo(
        json.dumps(
            {"lat": loc.lat, "lon": loc.lon, "country": loc.country, "precision": loc.precision}
        )
    )

"""``ordermind forecast``: forecast or backtest any long-format file (unique_id, ds, y)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="Demand forecasts, backtests and replenishment inputs.",
                  no_args_is_help=True)

DataOpt = typer.Option(..., "--data", exists=True, dir_okay=False,
                       help="Long-format CSV/parquet with unique_id, ds, y")
FreqOpt = typer.Option("D", "--freq", help="D, W or M")
SeasonOpt = typer.Option(None, "--season-length", help="Overrides the season inferred from freq")
ModelsOpt = typer.Option(None, "--models", help="Comma-separated candidate models")


def _models(models: str | None) -> tuple[str, ...]:
    from .models import ALL_MODELS, FAST_MODELS

    if not models:
        return FAST_MODELS
    names = tuple(m.strip() for m in models.split(",") if m.strip())
    unknown = [m for m in names if m not in ALL_MODELS]
    if unknown:
        raise typer.BadParameter(f"unknown model(s) {unknown}; known: {', '.join(ALL_MODELS)}")
    return names


def _check_freq(freq: str) -> str:
    f = freq.upper()
    if f not in ("D", "W", "M"):
        raise typer.BadParameter("--freq must be D, W or M")
    return f


@app.command()
def run(
    data: Path = DataOpt,
    h: int = typer.Option(..., "--h", min=1, help="Forecast horizon in periods"),
    freq: str = FreqOpt,
    out: Path = typer.Option(..., "--out", help="Output CSV"),
    season_length: int | None = SeasonOpt,
    models: str | None = ModelsOpt,
    n_windows: int = typer.Option(2, "--n-windows", min=1, help="Backtest windows"),
    engine: str = typer.Option("local", "--engine", help="local or dask"),
    workers: int = typer.Option(2, "--workers", min=1, help="Dask workers (local cluster)"),
) -> None:
    """Forecast every series: unique_id, ds, yhat, 80/95% intervals and the model used."""
    from .engine import forecast
    from .history import read_long

    freq = _check_freq(freq)
    hist = read_long(data)
    kwargs = dict(freq=freq, season_length=season_length, models=_models(models),
                  n_windows=n_windows)
    if engine == "dask":
        from .distributed import local_dask_engine

        with local_dask_engine(n_workers=workers) as eng:
            res = forecast(hist, h, engine=eng, **kwargs)
    elif engine == "local":
        res = forecast(hist, h, **kwargs)
    else:
        raise typer.BadParameter("--engine must be local or dask")
    res.forecasts.to_csv(out, index=False)
    typer.echo(f"wrote {len(res.forecasts)} rows for {res.forecasts['unique_id'].nunique()} "
               f"series to {out}")


@app.command()
def evaluate(
    data: Path = DataOpt,
    h: int = typer.Option(..., "--h", min=1),
    freq: str = FreqOpt,
    season_length: int | None = SeasonOpt,
    models: str | None = ModelsOpt,
    n_windows: int = typer.Option(2, "--n-windows", min=1),
) -> None:
    """Backtest every model (and ordermind's choice) on the last windows; print JSON."""
    from .evaluation import evaluate_models
    from .history import read_long

    freq = _check_freq(freq)
    table = evaluate_models(read_long(data), h, freq=freq, season_length=season_length,
                            models=_models(models), n_windows=n_windows)
    typer.echo(json.dumps(table, indent=2))

"""``ordermind forecast``: forecast or backtest any long-format file (unique_id, ds, y)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(
    help="Demand forecasts, backtests and replenishment inputs.", no_args_is_help=True
)

DataOpt = typer.Option(
    ..., "--data", exists=True, dir_okay=False, help="Long-format CSV/parquet with unique_id, ds, y"
)
FreqOpt = typer.Option("D", "--freq", help="D, W or M")
SeasonOpt = typer.Option(None, "--season-length", help="Overrides the season inferred from freq")
ModelsOpt = typer.Option(None, "--models", help="Comma-separated candidate models")


def _models(models: str | None) -> tuple[str, ...]:
    from ordermind.forecasting.models import ALL_MODELS, FAST_MODELS

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


StoreDataOpt = typer.Option(
    None,
    "--data",
    exists=True,
    dir_okay=False,
    help="Long-format CSV/parquet (unique_id, ds, y); omit to forecast "
    "the order store at DATABASE_URL",
)


@app.command()
def run(
    data: Path | None = StoreDataOpt,
    h: int = typer.Option(28, "--h", min=1, help="Forecast horizon in periods"),
    freq: str = FreqOpt,
    out: Path | None = typer.Option(None, "--out", help="Output CSV (file mode)"),
    season_length: int | None = SeasonOpt,
    models: str | None = ModelsOpt,
    n_windows: int = typer.Option(2, "--n-windows", min=1, help="Backtest windows"),
    engine: str = typer.Option("local", "--engine", help="local or dask"),
    workers: int = typer.Option(2, "--workers", min=1, help="Dask workers (local cluster)"),
) -> None:
    """Forecast every series: unique_id, ds, yhat, 80/95% intervals and the model used.
    Without --data: forecast the store's own demand per SKU and node, store the forecasts,
    inventory policy and replenishment proposals (GET /v1/forecasts, /v1/replenishment)."""
    if data is None:
        _run_store(h)
        return
    if out is None:
        raise typer.BadParameter("--out is required with --data")
    from ordermind.forecasting.forecaster import ForecastResult, forecast
    from ordermind.forecasting.history import read_long

    freq = _check_freq(freq)
    hist = read_long(data)
    chosen = _models(models)

    def run_forecast(execution: object | None = None) -> ForecastResult:
        return forecast(
            hist,
            h,
            freq=freq,
            season_length=season_length,
            models=chosen,
            n_windows=n_windows,
            engine=execution,
        )

    if engine == "dask":
        from ordermind.forecasting.distributed import local_dask_engine

        with local_dask_engine(n_workers=workers) as eng:
            res = run_forecast(eng)
    elif engine == "local":
        res = run_forecast()
    else:
        raise typer.BadParameter("--engine must be local or dask")
    res.forecasts.to_csv(out, index=False)
    typer.echo(
        f"wrote {len(res.forecasts)} rows for {res.forecasts['unique_id'].nunique()} "
        f"series to {out}"
    )


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
    from ordermind.forecasting.evaluation import evaluate_models
    from ordermind.forecasting.history import read_long

    freq = _check_freq(freq)
    table = evaluate_models(
        read_long(data),
        h,
        freq=freq,
        season_length=season_length,
        models=_models(models),
        n_windows=n_windows,
    )
    typer.echo(json.dumps(table, indent=2))


def _run_store(h: int) -> None:
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.errors import DomainError
    from ordermind.services.planning import run_planning

    with SqlUnitOfWork(make_engine()) as uow:
        try:
            result = run_planning(uow, h=h)
        except DomainError as exc:
            raise typer.BadParameter(exc.detail) from None
        uow.commit()
    typer.echo(
        f"run {result.run_id}: {result.series} series, {result.forecast_rows} forecast "
        f"rows, {result.proposals} replenishment proposals"
    )

"""``ordermind forecast``: forecast or backtest any long-format demand file.

Bad input (a missing file or column, text in the quantity column, a date twice, a raw
transaction file) ends with one line on stderr naming the problem and the fix, exit code 2;
what the forecaster assumed or repaired is printed once per kind as ``note:`` lines.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import typer

app = typer.Typer(
    help="Demand forecasts, backtests and replenishment inputs.", no_args_is_help=True
)

DataOpt = typer.Option(None, "--data", help="Long-format CSV/parquet: a series id, a date, a value")
FreqOpt = typer.Option(
    None,
    "--freq",
    help="pandas frequency (D, W-FRI, W-SUN, MS, ME, QS...); omitted: inferred from the dates",
)
SeasonOpt = typer.Option(None, "--season-length", help="Overrides the season inferred from freq")
ModelsOpt = typer.Option(None, "--models", help="Comma-separated candidate models")
IdOpt = typer.Option("unique_id", "--id-col", help="Series id column(s), comma-separated")
TimeOpt = typer.Option("ds", "--time-col", help="Date column")
TargetOpt = typer.Option("y", "--target-col", help="Demand column")
AggregateOpt = typer.Option(
    False, "--aggregate", help="Sum rows per series and period of --freq (a transaction file)"
)
FillOpt = typer.Option(
    "zero", "--fill", help="Missing periods: zero (no row = no demand) or missing (unknown)"
)
CountryOpt = typer.Option(
    None, "--country", help="Public holidays of this country (US, GB, DE-BY...) for holiday flags"
)
FutureOpt = typer.Option(
    None, "--future", help="File with the flag columns (is_holiday...) for the forecast periods"
)


def fail(message: str) -> NoReturn:
    """One line on stderr and exit 2: the message names the problem and the fix."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _guarded(action: Callable[[], Any]) -> Any:
    """Run ``action``; bad input ends in one line, never a traceback (ORDERMIND_DEBUG=1
    shows the traceback of an unexpected failure)."""
    from ordermind.forecasting.errors import InputError

    try:
        return action()
    except InputError as exc:
        fail(str(exc).splitlines()[0])
    except (typer.Exit, typer.BadParameter, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("ORDERMIND_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        fail(f"forecasting failed ({type(exc).__name__}: {first}); ORDERMIND_DEBUG=1 shows where")


def _models(models: str | None) -> tuple[str, ...]:
    from ordermind.forecasting.models import ALL_MODELS, FAST_MODELS

    if not models:
        return FAST_MODELS
    names = tuple(m.strip() for m in models.split(",") if m.strip())
    unknown = [m for m in names if m not in ALL_MODELS]
    if unknown:
        fail(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(ALL_MODELS)}")
    return names


def _count(name: str, text: str) -> int:
    """A whole number >= 1 from an option, or one line saying what is wrong with it."""
    try:
        value = int(str(text).strip())
    except ValueError:
        fail(f"--{name} must be a whole number of periods, not {text!r}")
    if value < 1:
        fail(f"--{name} must be at least 1, not {value}")
    return value


def _check_fill(fill: str) -> str:
    if fill not in ("zero", "missing"):
        fail(f"--fill must be zero or missing, not {fill!r}")
    return fill


def _load(
    data: Path, id_col: str, time_col: str, target_col: str, freq: str | None, aggregate: bool
) -> tuple[Any, str | None, list[str]]:
    """The checked file, the frequency to use and the notes so far."""
    import pandas as pd

    from ordermind.forecasting.frequency import resolve_frequency
    from ordermind.forecasting.inputs import read_series_file

    ids = [c.strip() for c in id_col.split(",") if c.strip()] or ["unique_id"]
    agg = None
    notes: list[str] = []
    if aggregate:
        if not freq:
            notes.append("--aggregate without --freq: summed per day (pass --freq W-FRI, MS...)")
        agg = resolve_frequency(freq or "D", pd.DataFrame({"unique_id": [], "ds": []}))
    f = read_series_file(data, id_cols=ids, time_col=time_col, target_col=target_col, aggregate=agg)
    return f, (agg.alias if agg is not None else freq), notes + f.notes


def _notes(notes: list[str]) -> None:
    for n in dict.fromkeys(notes):
        typer.echo(f"note: {n}", err=True)


@app.command()
def run(
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Long-format CSV/parquet (a series id, a date, a value); omit to forecast "
        "the order store at DATABASE_URL",
    ),
    h_text: str = typer.Option("28", "--h", metavar="N", help="Forecast horizon in periods"),
    freq: str | None = FreqOpt,
    out: Path | None = typer.Option(None, "--out", help="Output CSV (file mode)"),
    season_length: int | None = SeasonOpt,
    models: str | None = ModelsOpt,
    windows_text: str = typer.Option("2", "--n-windows", metavar="N", help="Backtest windows"),
    engine: str = typer.Option("local", "--engine", help="local or dask"),
    workers_text: str = typer.Option(
        "2", "--workers", metavar="N", help="Dask workers (local cluster)"
    ),
    id_col: str = IdOpt,
    time_col: str = TimeOpt,
    target_col: str = TargetOpt,
    aggregate: bool = AggregateOpt,
    fill: str = FillOpt,
    country: str | None = CountryOpt,
    future: Path | None = FutureOpt,
    report: Path | None = typer.Option(
        None, "--report", help="Also write one row per series: model, chosen, interval source"
    ),
) -> None:
    """Forecast every series: unique_id, ds, yhat, 80/95% intervals and the model that
    served it. Without --data: forecast the store's own demand per SKU and node, store the
    forecasts, inventory policy and replenishment proposals (GET /v1/forecasts,
    /v1/replenishment)."""
    h, n_windows = _count("h", h_text), _count("n-windows", windows_text)
    workers = _count("workers", workers_text)
    if data is None:
        _run_store(h)
        return
    if out is None:
        fail("--out is required with --data (the CSV to write the forecasts to)")
    if engine not in ("local", "dask"):
        fail(f"--engine must be local or dask, not {engine!r}")
    chosen = _models(models)
    _check_fill(fill)

    def go() -> None:
        from ordermind.forecasting.forecaster import forecast
        from ordermind.forecasting.inputs import read_series_file

        f, use_freq, notes = _load(data, id_col, time_col, target_col, freq, aggregate)
        given = f.future
        if future is not None:
            ids = [c.strip() for c in id_col.split(",") if c.strip()]
            given = _read_future(future, ids, time_col, f.flags, read_series_file)
        kwargs = dict(
            freq=use_freq,
            season_length=season_length,
            models=chosen,
            n_windows=n_windows,
            future_exog=given,
            fill=fill,
            country=country,
            flags=f.flags,
        )
        if engine == "dask":
            from ordermind.forecasting.distributed import local_dask_engine

            with local_dask_engine(n_workers=workers) as eng:
                res = forecast(f.history, h, engine=eng, **kwargs)
        else:
            res = forecast(f.history, h, **kwargs)
        _notes(notes + res.notes)
        days = bool((res.forecasts["ds"] == res.forecasts["ds"].dt.normalize()).all())
        res.forecasts.round(4).to_csv(out, index=False, date_format="%Y-%m-%d" if days else None)
        if report is not None:
            cols = ["unique_id", "model", "chosen", "interval", "backtest_rmsse", "n_backtest"]
            res.selection[cols].to_csv(report, index=False)
        served = res.forecasts.drop_duplicates("unique_id")["model"].value_counts()
        shown = ", ".join(f"{m} {n}" for m, n in served.head(4).items())
        more = f", {len(served) - 4} more" if len(served) > 4 else ""
        freq_text = res.frequency.describe() if res.frequency else use_freq
        typer.echo(
            f"wrote {len(res.forecasts)} rows for {res.forecasts['unique_id'].nunique()} "
            f"series to {out}; {freq_text}; models: {shown}{more}"
        )

    _guarded(go)


def _read_future(path: Path, ids: list[str], time_col: str, flags: list[str], reader: Any) -> Any:
    """The --future file: ids, dates and the flag columns for the forecast periods."""
    import pandas as pd

    from ordermind.forecasting.errors import InputError
    from ordermind.forecasting.exog import as_flag
    from ordermind.forecasting.inputs import _parse_dates, _read_table

    if not path.is_file():
        raise InputError(f"{path}: no such file (--future)")
    raw = _read_table(path)
    lower = {str(c).lower(): c for c in raw.columns}
    need = [*ids, time_col, *flags]
    missing = [c for c in need if c not in raw.columns and c.lower() not in lower]
    if missing:
        raise InputError(
            f"{path.name} (--future): no column {', '.join(map(repr, missing))}; it needs the "
            "id and date columns of --data and its flag columns"
        )
    col = {c: (c if c in raw.columns else lower[c.lower()]) for c in need}
    out = pd.DataFrame({"unique_id": raw[col[ids[0]]].astype(str).str.strip()})
    for c in ids[1:]:
        out["unique_id"] = out["unique_id"] + "|" + raw[col[c]].astype(str).str.strip()
    out["ds"] = _parse_dates(raw[col[time_col]], time_col)
    for fl in flags:
        v = as_flag(raw[col[fl]])
        if v is None:
            raise InputError(f"{path.name} (--future): column {fl!r} must be 0/1 or true/false")
        out[fl] = v
    return out


@app.command()
def evaluate(
    data: Path | None = DataOpt,
    h_text: str | None = typer.Option(
        None, "--h", metavar="N", help="Periods to hold out and forecast"
    ),
    freq: str | None = FreqOpt,
    season_length: int | None = SeasonOpt,
    models: str | None = ModelsOpt,
    windows_text: str = typer.Option("2", "--n-windows", metavar="N", help="Backtest windows"),
    id_col: str = IdOpt,
    time_col: str = TimeOpt,
    target_col: str = TargetOpt,
    aggregate: bool = AggregateOpt,
    fill: str = FillOpt,
) -> None:
    """Backtest every model (and ordermind's choice) on the last windows; print JSON."""
    if data is None:
        fail("--data is required: the long-format file to backtest")
    if h_text is None:
        fail("--h is required: how many of the last periods to hold out, e.g. 4")
    h, n_windows = _count("h", h_text), _count("n-windows", windows_text)
    chosen = _models(models)
    _check_fill(fill)

    def go() -> None:
        from ordermind.forecasting.evaluation import evaluate_models

        f, use_freq, notes = _load(data, id_col, time_col, target_col, freq, aggregate)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = evaluate_models(
                f.history,
                h,
                freq=use_freq,
                season_length=season_length,
                models=chosen,
                n_windows=n_windows,
                fill=fill,
                flags=f.flags,
            )
        if caught:
            notes.append(f"{len(caught)} library warning(s) silenced")
        _notes(notes)
        typer.echo(json.dumps(table, indent=2))

    _guarded(go)


def _run_store(h: int) -> None:
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.errors import DomainError
    from ordermind.services.planning import run_planning

    with SqlUnitOfWork(make_engine()) as uow:
        try:
            result = run_planning(uow, h=h)
        except DomainError as exc:
            fail(exc.detail)
        uow.commit()
    typer.echo(
        f"run {result.run_id}: {result.series} series, {result.forecast_rows} forecast "
        f"rows, {result.proposals} replenishment proposals"
    )

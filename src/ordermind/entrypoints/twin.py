"""`ordermind twin run SCENARIO.yaml --out DIR` and `ordermind twin compare A B`."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Digital twin: simulate scenarios and compare policies.", no_args_is_help=True
)


def _load(path: Path):
    """The scenario, or a one-line error and exit code 2 (never a traceback)."""
    from ordermind.twin.scenario import load_scenario

    try:
        return load_scenario(path)
    except (ValueError, TypeError, OSError) as exc:
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        typer.echo(f"error: {path} is not a readable scenario: {exc}".splitlines()[0], err=True)
        raise typer.Exit(2) from None


@app.command("run")
def run(
    scenario: Path = typer.Argument(..., exists=True, dir_okay=False),
    out: Path = typer.Option(Path("twin-report"), "--out", help="report folder"),
    database: bool = typer.Option(
        False, "--database", help="run on DATABASE_URL instead of in memory"
    ),
    seed: int | None = typer.Option(None, help="override the scenario's seed"),
) -> None:
    """Simulate one scenario and write index.html, kpis.json, daily.csv and charts."""
    from rich.progress import Progress

    from ordermind.adapters.memory.twin_store import in_memory
    from ordermind.twin.report import write_run
    from ordermind.twin.run import run_scenario
    from ordermind.twin.store import StoreFor

    sc = _load(scenario)
    if seed is not None:
        sc.seed = seed
    store_for: StoreFor = in_memory
    if database and sc.policy.care != "none":
        typer.echo(
            "error: order care runs in the twin's memory mode only (no --database)", err=True
        )
        raise typer.Exit(2)
    if database:
        from ordermind.adapters.db.engine import make_engine
        from ordermind.adapters.db.twin_store import on_database

        store_for = on_database(make_engine())
    with Progress(transient=True) as bar:
        task = bar.add_task(f"simulating {sc.name}", total=sc.days)
        sim, kpis = run_scenario(sc, store_for, progress=lambda _: bar.advance(task), labels=True)
    page = write_run(out, sc.name, sim.daily, kpis, sim.labels)
    t = kpis["total"]
    typer.echo(
        f"{sim.placed} orders over {sc.days} days: OTIF {t['otif']}, "
        f"on time {t['on_time_rate']}, fill rate {t['fill_rate']}"
    )
    typer.echo(f"report: {page}")


@app.command("compare")
def compare_cmd(
    a: Path = typer.Argument(..., exists=True, dir_okay=False),
    b: Path | None = typer.Argument(
        None, exists=True, dir_okay=False, help="omit: A under the rule set vs the AI set"
    ),
    seeds: int = typer.Option(5, "--seeds", min=1),
    out: Path = typer.Option(Path("twin-compare"), "--out"),
    care: str | None = typer.Option(
        None, "--care", help="order care in the AI set: none, rules or model (default: none)"
    ),
    days: int | None = typer.Option(None, "--days", min=1, help="override the days simulated"),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="processes running seeds in parallel (default: one per core)"
    ),
) -> None:
    """Run A and B on the same random streams over several seeds; report B − A with CIs.

    With one scenario: the lift of the AI policy set (forecast replenishment, the risk
    model, cost sourcing, dynamic priority, and `--care` when given) over the rule set."""
    from rich.progress import Progress

    from ordermind.adapters.memory.twin_store import in_memory
    from ordermind.twin.report import write_compare
    from ordermind.twin.run import compare, policy_set
    from ordermind.twin.scenario import CARE_POLICIES

    if care is not None and care not in CARE_POLICIES:
        typer.echo(f"error: --care must be one of {', '.join(CARE_POLICIES)}", err=True)
        raise typer.Exit(2)
    sa = _load(a)
    if b is None:
        sa, sb = policy_set(sa, ai=False), policy_set(sa, ai=True, care=care)
    else:
        sb = _load(b)
    if sa.name == sb.name:
        sb.name = f"{sb.name} (B)"
    if days is not None:
        sa.days = sb.days = days
    with Progress(transient=True) as bar:
        task = bar.add_task("simulating", total=2 * seeds)
        result = compare(
            sa, sb, in_memory, seeds, progress=lambda _: bar.advance(task), workers=workers
        )
    page = write_compare(out, result)
    for k, d in result["deltas"].items():
        mark = "*" if d["significant"] else " "
        typer.echo(
            f"{mark} {k:<24} A {d['a']:<12} B {d['b']:<12} Δ {d['delta']} [{d['low']}, {d['high']}]"
        )
    typer.echo(f"report: {page}")

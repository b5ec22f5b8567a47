"""Run and comparison reports: an HTML page with PNG charts, plus kpis.json."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

RATES = ("otif", "on_time_rate", "fill_rate", "touchless_rate")


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _table(rows: list[tuple]) -> str:
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table>{body}</table>"


def _page(title: str, parts: list[str]) -> str:
    style = (
        "body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
        "td{padding:2px 10px;border-bottom:1px solid #ddd}img{max-width:100%}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title><style>{style}</style></head><body><h1>{html.escape(title)}</h1>"
        + "".join(parts)
        + "</body></html>"
    )


def write_run(
    out: Path, name: str, daily: list[dict], kpis: dict, labels: list[tuple] | None = None
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "kpis.json").write_text(json.dumps(kpis, indent=2, default=str))
    with (out / "daily.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(daily[0]) if daily else ["day"])
        w.writeheader()
        w.writerows(daily)
    if labels is not None:
        with (out / "fraud_labels.csv").open("w", newline="") as fh:
            w2 = csv.writer(fh)
            w2.writerow(
                ["order_id", "day", "minute", "channel", "customer", "units", "rule_score", "fraud"]
            )
            w2.writerows(labels)
    plt = _plt()
    fig, axes = plt.subplots(2, 2, figsize=(11, 7))
    days = [d["day"] for d in daily]
    for ax, key, title in (
        (axes[0][0], "orders", "orders placed per day"),
        (axes[0][1], "shipped_lines", "lines shipped per day"),
        (axes[1][0], "queued", "released orders waiting to ship"),
        (axes[1][1], "stockouts", "stock positions with nothing free"),
    ):
        ax.plot(days, [d[key] for d in daily])
        ax.set_title(title)
        ax.set_xlabel("day")
    fig.tight_layout()
    fig.savefig(out / "daily.png", dpi=90)
    plt.close(fig)
    groups = kpis.get("groups", {})
    if groups:
        fig, ax = plt.subplots(figsize=(11, 3.5))
        weeks = list(groups)
        for k in RATES:
            ax.plot(weeks, [groups[w].get(k) for w in weeks], marker="o", label=k)
        ax.set_ylim(0, 1.05)
        ax.legend()
        ax.set_title("weekly service rates (orders placed that week)")
        ax.tick_params(axis="x", rotation=60)
        fig.tight_layout()
        fig.savefig(out / "weekly.png", dpi=90)
        plt.close(fig)
    total = kpis["total"]
    rows = [(k, v) for k, v in total.items() if not isinstance(v, dict)]
    parts = [
        "<h2>KPIs</h2>",
        _table(rows),
        "<h2>By status</h2>",
        _table(list(total.get("by_status", {}).items())),
        "<h2>Every day</h2><img src='daily.png' alt='daily charts'>",
    ]
    if groups:
        parts.append("<h2>Every week</h2><img src='weekly.png' alt='weekly rates'>")
    page = out / "index.html"
    page.write_text(_page(f"Twin run: {name}", parts))
    return page


# Charts over time in a comparison: (daily field, title, unit, scale)
OVER_TIME = (
    ("otif", "OTIF of the orders placed each day", "OTIF (%)", 100.0),
    ("fill_rate", "Fill rate of the orders placed each day", "fill rate (%)", 100.0),
    ("stockouts", "Stock positions with nothing free", "positions (count)", 1.0),
    ("inventory_value", "Stock held, at cost", "EUR (at cost)", 1.0),
    ("cost_per_order", "Fulfilment cost per order", "EUR per order", 0.01),
    ("carbon_kg_per_order", "Carbon per order", "kg CO2e per order", 1.0),
    ("touchless_rate", "Touchless orders", "touchless (%)", 100.0),
    ("orders", "Orders placed", "orders per day", 1.0),
)
# How each compared KPI reads: (label, unit, scale, higher is better)
READING = {
    "otif": ("OTIF", "%", 100.0, True),
    "fill_rate": ("fill rate", "%", 100.0, True),
    "on_time_rate": ("on time", "%", 100.0, True),
    "stockout_rate": ("stock-out rate (position-days)", "%", 100.0, False),
    "cost_per_order": ("cost per order", "EUR", 0.01, False),
    "cost_per_order_all_in": ("cost per order, all in", "EUR", 0.01, False),
    "inventory_value": ("inventory value held (daily mean, at cost)", "EUR", 1.0, False),
    "carbon_kg_per_order": ("carbon per order", "kg CO2e", 1.0, False),
    "touchless_rate": ("touchless rate", "%", 100.0, True),
}


def _fmt(v: float | None, scale: float) -> str:
    if v is None:
        return "-"
    x = v * scale
    return f"{x:,.2f}" if abs(x) < 1000 else f"{x:,.0f}"


def lift_rows(deltas: dict) -> list[tuple]:
    """The headline KPIs first (with units), then the rest as they come."""
    rows = [("KPI", "unit", "A", "B", "B − A", "95 % CI", "significant")]
    keys = [k for k in READING if k in deltas] + [k for k in deltas if k not in READING]
    for k in keys:
        d = deltas[k]
        label, unit, scale, _ = READING.get(k, (k, "", 1.0, True))
        ci = f"[{_fmt(d['low'], scale)}, {_fmt(d['high'], scale)}]" if d["low"] is not None else "-"
        rows.append(
            (
                label,
                unit,
                _fmt(d["a"], scale),
                _fmt(d["b"], scale),
                _fmt(d["delta"], scale),
                ci,
                d["significant"],
            )
        )
    return rows


def over_time(result: dict) -> list[str]:
    """A and B on the same axes for each daily figure, disruptions shaded."""
    from .charts import line_chart

    daily = result.get("daily") or {}
    a, b = daily.get("a") or [], daily.get("b") or []
    if not a:
        return []
    dates = [d["date"] for d in a]
    shaded = [
        (x["start_day"], x["start_day"] + x["days"], f"{x['kind']} {x['what'] or ''}".strip())
        for x in result.get("disruptions", [])
    ]
    out = []
    for key, title, unit, scale in OVER_TIME:
        series = {
            f"A: {result['a']}": [d.get(key) for d in a],
            f"B: {result['b']}": [d.get(key) for d in b],
        }
        out.append(line_chart(title, unit, dates, series, shaded, scale))
    return out


def write_compare(out: Path, result: dict) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "kpis.json").write_text(json.dumps(result, indent=2, default=str))
    parts = [
        f"<p>A: {html.escape(result['a'])}. B: {html.escape(result['b'])}. "
        f"{len(result['seeds'])} paired seeds {result['seeds']} on common random "
        "numbers: both policies see the same customers, baskets and carrier draws. "
        "B − A is the mean paired difference with its 95 % t-interval over the seeds.</p>",
        _table(lift_rows(result["deltas"])),
        "<h2>Over time (mean of the seeds; shaded: disruptions)</h2>",
        *over_time(result),
    ]
    page = out / "index.html"
    page.write_text(_page(f"Twin comparison: {result['a']} vs {result['b']}", parts))
    return page

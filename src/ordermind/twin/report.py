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


def write_compare(out: Path, result: dict) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "kpis.json").write_text(json.dumps(result, indent=2, default=str))
    deltas = result["deltas"]
    plt = _plt()
    names = list(deltas)
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(names) + 1))
    for i, k in enumerate(names):
        d = deltas[k]
        scale = max(abs(d["a"]), 1e-9)
        mid = d["delta"] / scale * 100
        if d["low"] is not None:
            lo, hi = d["low"] / scale * 100, d["high"] / scale * 100
            ax.plot([lo, hi], [i, i], color="grey")
        ax.plot([mid], [i], "o", color="tab:red" if d.get("significant") else "tab:blue")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(f"{result['b']} − {result['a']}, % of A (95 % CI over paired seeds)")
    fig.tight_layout()
    fig.savefig(out / "deltas.png", dpi=90)
    plt.close(fig)
    rows = [("KPI", "A", "B", "B − A", "95 % CI", "significant")] + [
        (k, d["a"], d["b"], d["delta"], f"[{d['low']}, {d['high']}]", d["significant"])
        for k, d in deltas.items()
    ]
    parts = [
        f"<p>{len(result['seeds'])} paired seeds {result['seeds']} on common random "
        "numbers: both policies see the same customers, baskets and carrier draws.</p>",
        _table(rows),
        "<img src='deltas.png' alt='KPI deltas'>",
    ]
    page = out / "index.html"
    page.write_text(_page(f"Twin comparison: {result['a']} vs {result['b']}", parts))
    return page

"""Line charts over time as inline SVG (no plotting library): several series on the same
axes, disruption periods shaded, dates on the x axis and the unit on the y axis."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

W, H = 900, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 30, 45
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    step = (hi - lo) / n
    return [lo + i * step for i in range(n + 1)]


def _label(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.0f}"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def line_chart(
    title: str,
    unit: str,
    dates: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    shaded: Sequence[tuple[int, int, str]] = (),
    scale: float = 1.0,
) -> str:
    """An SVG element. `dates`: ISO dates, one a point; `series`: name -> values (None: no
    point); `shaded`: (first index, last index exclusive, label); values are x `scale`."""
    n = len(dates)
    values = [v * scale for vs in series.values() for v in vs if v is not None]
    if n == 0 or not values:
        return f"<p>{html.escape(title)}: no data</p>"
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.05 or 1.0
    top = 100.0 if scale == 100.0 and hi <= 100.0 else None  # a share: never above 100 %
    lo, hi = (lo - pad if lo - pad >= 0 or lo < 0 else 0.0), hi + pad
    hi = min(hi, top) if top is not None and hi > lo else hi
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i: float) -> float:
        return LEFT + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return TOP + ph * (1 - (v - lo) / (hi - lo))

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{W}' height='{H}' "
        f"viewBox='0 0 {W} {H}' role='img' aria-label='{html.escape(title)}'>",
        f"<text x='{LEFT}' y='18' font-size='14' font-weight='bold'>{html.escape(title)}</text>",
    ]
    for first, last, label in shaded:
        x0, x1 = x(max(0, first) - 0.5 if first > 0 else 0), x(min(n - 1, last - 0.5))
        parts.append(
            f"<rect x='{x0:.1f}' y='{TOP}' width='{max(2.0, x1 - x0):.1f}' height='{ph}' "
            f"fill='#f4c542' fill-opacity='0.25'><title>{html.escape(label)}</title></rect>"
            f"<text x='{x0 + 2:.1f}' y='{TOP + 12}' font-size='10' fill='#8a6d00'>"
            f"{html.escape(label)}</text>"
        )
    for t in _ticks(lo, hi):
        parts.append(
            f"<line x1='{LEFT}' x2='{W - RIGHT}' y1='{y(t):.1f}' y2='{y(t):.1f}' stroke='#eee'/>"
            f"<text x='{LEFT - 6}' y='{y(t) + 4:.1f}' font-size='11' text-anchor='end'>"
            f"{_label(t)}</text>"
        )
    step = max(1, n // 8)
    for i in range(0, n, step):
        d = date.fromisoformat(dates[i])
        parts.append(
            f"<text x='{x(i):.1f}' y='{H - BOTTOM + 16}' font-size='11' text-anchor='middle'>"
            f"{d.strftime('%d %b %Y')}</text>"
        )
    parts.append(
        f"<text x='14' y='{TOP + ph / 2:.0f}' font-size='11' text-anchor='middle' "
        f"transform='rotate(-90 14 {TOP + ph / 2:.0f})'>{html.escape(unit)}</text>"
        f"<text x='{LEFT + pw / 2:.0f}' y='{H - 6}' font-size='11' text-anchor='middle'>"
        "date (orders placed that day)</text>"
        f"<rect x='{LEFT}' y='{TOP}' width='{pw}' height='{ph}' fill='none' stroke='#999'/>"
    )
    for k, (name, vs) in enumerate(series.items()):
        colour = COLOURS[k % len(COLOURS)]
        pts = " ".join(f"{x(i):.1f},{y(v * scale):.1f}" for i, v in enumerate(vs) if v is not None)
        parts.append(
            f"<polyline points='{pts}' fill='none' stroke='{colour}' stroke-width='1.8'/>"
            f"<rect x='{W - RIGHT - 520 + 260 * k}' y='10' width='12' height='3' "
            f"fill='{colour}'/><text x='{W - RIGHT - 504 + 260 * k}' y='15' "
            f"font-size='11'>{html.escape(name[:40])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

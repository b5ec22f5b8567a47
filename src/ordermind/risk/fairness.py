"""Fairness audit: hold and false-positive rates by customer group, four-fifths rule.

For each grouping column (customer segment, region, ...) and each of its groups: orders, hold
rate, and — when true labels are known — the false-positive rate (legitimate orders held).
Disparate impact follows the four-fifths rule on the favourable outcome: a group whose pass
rate (orders not held) is below 80% of the best group's pass rate is flagged, and so is a
group whose legitimate customers pass less than 80% as often as the best group's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class GroupRates:
    column: str
    group: str
    orders: int
    hold_rate: float
    false_positive_rate: float | None  # held / legitimate, when labels are known
    impact_ratio: float  # pass rate / best pass rate in this column
    fp_impact_ratio: float | None  # legit pass rate / best legit pass rate
    disparate_impact: bool


def audit(
    frame: pd.DataFrame,
    groups: list[str],
    held: str,
    label: str | None = None,
    min_orders: int = 30,
    threshold: float = 0.8,
) -> list[GroupRates]:
    """Rates per group; groups under ``min_orders`` are reported but never flagged."""
    import pandas as pd

    for column in [*groups, held, *([label] if label else [])]:
        if column not in frame.columns:
            raise ValueError(f"column {column!r} is not in the data")
    is_held = frame[held].astype(bool)
    legit = (frame[label].astype(int) == 0) if label else None
    out: list[GroupRates] = []
    for column in groups:
        keys = frame[column].astype("string").fillna("(missing)")
        stats = pd.DataFrame({"g": keys, "held": is_held})
        if legit is not None:
            stats["legit_held"] = is_held & legit
            stats["legit"] = legit
        grouped = stats.groupby("g", sort=True)
        counts = grouped.size()
        hold = grouped["held"].mean()
        fpr = (
            (grouped["legit_held"].sum() / grouped["legit"].sum().where(grouped["legit"].sum() > 0))
            if legit is not None
            else None
        )
        big = counts >= min_orders
        best_pass = (1 - hold[big]).max() if big.any() else float("nan")
        best_legit_pass = (1 - fpr[big]).max() if fpr is not None and big.any() else None
        for g in counts.index:
            ratio = (1 - hold[g]) / best_pass if best_pass and best_pass == best_pass else 1.0
            fp = None if fpr is None or pd.isna(fpr[g]) else float(fpr[g])
            fp_ratio = (1 - fp) / best_legit_pass if fp is not None and best_legit_pass else None
            flagged = bool(big[g]) and (
                ratio < threshold or (fp_ratio is not None and fp_ratio < threshold)
            )
            out.append(
                GroupRates(
                    column,
                    str(g),
                    int(counts[g]),
                    float(hold[g]),
                    fp,
                    float(ratio),
                    fp_ratio,
                    flagged,
                )
            )
    return out


def audit_table(rows: list[GroupRates]) -> str:
    """A plain-text report, one line per group."""
    lines = [
        f"{'column':<14}{'group':<18}{'orders':>8}{'hold':>8}{'FPR':>8}{'impact':>8}"
        f"{'FP impact':>11}  flag"
    ]
    for r in rows:
        fpr = f"{r.false_positive_rate:.1%}" if r.false_positive_rate is not None else "-"
        fpi = f"{r.fp_impact_ratio:.2f}" if r.fp_impact_ratio is not None else "-"
        lines.append(
            f"{r.column:<14}{r.group[:17]:<18}{r.orders:>8}{r.hold_rate:>8.1%}"
            f"{fpr:>8}{r.impact_ratio:>8.2f}{fpi:>11}  "
            f"{'DISPARATE IMPACT' if r.disparate_impact else ''}"
        )
    return "\n".join(lines)

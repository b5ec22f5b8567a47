"""The KPI report the API, the CLI and the twin share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from . import measures as kpi
from .repository import load_facts, stockout_days


def kpi_report(
    db: Engine,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    group_by: str | None = None,
    *,
    channel: str | None = None,
    node: str | None = None,
    segment: str | None = None,
    deadline: str = "end_of_day",
    as_of: datetime | None = None,
) -> dict:
    """KPIs for orders placed from `start` to `end` (dates inclusive), optionally per group.
    Stock-out days cover the same period (all positions, or one node); they cannot be
    split by channel or segment, because stock is not owned by a channel."""
    lo, hi = kpi.period(start, end)
    df = load_facts(db, lo, hi, channel=channel, node=node, segment=segment)
    out = kpi.report(df, group_by, as_of=as_of, deadline=deadline)
    out["period"] = {"from": lo.isoformat() if lo else None, "to": hi.isoformat() if hi else None}
    s_lo = lo or (df["created_at"].min().to_pydatetime().replace(tzinfo=None) if len(df) else None)
    s_hi = hi or datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    if s_lo is not None and (s_hi - s_lo).days <= 800:
        out["total"].update(stockout_days(db, s_lo, s_hi, node))
    else:
        out["total"].update({"stockout_days": None, "position_days": None, "stockout_rate": None})
    return out

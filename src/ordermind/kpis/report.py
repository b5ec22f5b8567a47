"""The KPI report the API and the CLI share, over the facts of a store (`KpiFacts`; the
databases' are `adapters/db/kpi_facts.SqlKpiFacts`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol

import pandas as pd

from . import measures as kpi


class KpiFacts(Protocol):
    """Where the report reads its facts from."""

    def order_facts(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        channel: str | None = None,
        node: str | None = None,
        segment: str | None = None,
    ) -> pd.DataFrame:
        """Per-order facts (`facts.FACT_COLUMNS`) of the orders created in [start, end)."""
        ...

    def stockout_days(self, start: datetime, end: datetime, node: str | None = None) -> dict:
        """Stock-out and position days in [start, end): `stockout_days`, `position_days`,
        `stockout_rate`."""
        ...


def kpi_report(
    facts: KpiFacts,
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
    df = facts.order_facts(lo, hi, channel=channel, node=node, segment=segment)
    out = kpi.report(df, group_by, as_of=as_of, deadline=deadline)
    # the bounds as instants in UTC (the dates' midnights), `to` exclusive
    out["period"] = {"from": _utc(lo), "to": _utc(hi)}
    s_lo = lo or (df["created_at"].min().to_pydatetime().replace(tzinfo=None) if len(df) else None)
    s_hi = hi or datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    if s_lo is not None and (s_hi - s_lo).days <= 800:
        out["total"].update(facts.stockout_days(s_lo, s_hi, node))
    else:
        out["total"].update({"stockout_days": None, "position_days": None, "stockout_rate": None})
    return out


def _utc(bound: datetime | None) -> str | None:
    return None if bound is None else bound.replace(tzinfo=UTC).isoformat()

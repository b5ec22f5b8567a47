"""Liveness, alerts and KPIs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from .base import Out


class Health(Out):
    status: str = Field(description="ok, or degraded (with 503) when the database is not reached")
    database: str = Field(description="the dialect, or the error's name when degraded")


class Alert(Out):
    id: int
    kind: str
    channel: str
    at: datetime
    observed: float
    expected: float
    message: str
    created_at: datetime


class AlertList(Out):
    items: list[Alert]


class KpiPeriod(Out):
    """The period's bounds: midnight UTC of `from`, and of the day after `to`."""

    from_: datetime | None = Field(alias="from")
    to: datetime | None = Field(description="exclusive")


Rate = Annotated[float | None, Field(description="0-1; null when nothing to count")]


class Kpis(Out):
    """The KPIs of one set of orders (rates are null when their base is 0)."""

    orders: int
    by_status: dict[str, int]
    otif: Rate = Field(description="on time and in full, of the orders due")
    otif_base: int
    on_time_rate: Rate
    on_time_base: int
    late_deliveries: int
    cycle_time_days_p50: float | None
    cycle_time_days_p90: float | None
    order_to_ship_hours_p50: float | None
    order_to_ship_hours_p90: float | None
    fill_rate: Rate
    split_rate: Rate
    backlog_rate: Rate
    backlog_orders: int
    cancellation_rate: Rate
    return_rate: Rate
    cost_per_order: float | None = Field(description="fulfilment cost, minor units")
    cost_coverage: Rate
    carbon_kg_per_order: float | None
    carbon_coverage: Rate
    touchless_rate: Rate


class KpiTotal(Kpis):
    stockout_days: int | None = Field(description="position-days out of stock in the period")
    position_days: int | None
    stockout_rate: Rate


class KpiReport(Out):
    total: KpiTotal = Field(description="every KPI over the whole period")
    period: KpiPeriod
    group_by: str | None = Field(default=None, description="with ?group_by only")
    groups: dict[str, Kpis] | None = Field(
        default=None, description="the KPIs per group, with ?group_by only"
    )

"""Liveness, alerts and KPIs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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
    from_: date | None = Field(alias="from")
    to: date | None = Field(description="exclusive")


class KpiReport(Out):
    total: dict[str, Any] = Field(description="every KPI over the whole period")
    period: KpiPeriod
    group_by: str | None = Field(default=None, description="with ?group_by only")
    groups: dict[str, dict[str, Any]] | None = Field(
        default=None, description="the KPIs per group, with ?group_by only"
    )

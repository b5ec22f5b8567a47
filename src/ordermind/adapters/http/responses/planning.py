"""Demand forecasts, supplier terms and replenishment proposals."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from .base import Money, Out


class Forecast(Out):
    run_id: str
    unique_id: str
    ds: date = Field(description="the day forecast")
    sku: str
    node: str
    yhat: float = Field(description="units expected")
    yhat_lo_80: float | None
    yhat_hi_80: float | None
    yhat_lo_95: float | None
    yhat_hi_95: float | None
    model: str
    backtest_rmsse: float | None
    created_at: datetime


class ForecastList(Out):
    items: list[Forecast]


class SupplierTerms(Out):
    sku: str
    supplier_id: str
    moq: int
    pack_size: int
    unit_cost: Money
    currency: str
    lead_time_days: float
    lead_time_std_days: float


class Proposal(Out):
    id: int
    run_id: str
    kind: str = Field(description="purchase_order or transfer")
    sku: str
    node: str = Field(description="destination")
    source: str = Field(description="supplier id or origin node")
    quantity: int
    unit_cost: Money | None
    lead_time_days: float
    reason: str
    status: str = Field(description="proposed, approved, rejected or superseded")
    inbound_id: int | None
    created_at: datetime
    decided_by: str | None


class ProposalList(Out):
    items: list[Proposal]


class DemandDay(Out):
    ds: str = Field(description="the day (ISO 8601 date)")
    y: float = Field(description="units demanded that day")


class DailyDemand(Out):
    sku: str
    node: str
    items: list[DemandDay]

"""Order care: exceptions with their ranked fixes, substitutes and carrier delays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from .base import Cursor, Money, Out
from .orders import Order


class CareException(Out):
    id: int
    order_id: int
    channel: str
    type: str
    cause: str
    status: str = Field(description="open, closed or dismissed")
    severity: str = Field(description="low, medium, high or critical")
    money_at_risk: Money = Field(description="in the order's currency, minor units")
    currency: str
    promise_at_risk: date | None = Field(description="the promised date at risk, if any")
    explanation: str
    details: dict[str, Any]
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    closed_by: str | None
    applied: dict[str, Any] | None
    auto_applied: bool
    evaluated_at: datetime | None


class ExceptionPage(Out):
    items: list[CareException]
    next_cursor: Cursor


class ExceptionDetail(CareException):
    fixes: list[dict[str, Any]] = Field(description="ranked best first, each with `n` to apply")
    ranking: dict[str, Any] | None
    evaluation_at: str | None


class FixTypeStats(Out):
    offered: int
    chosen: int
    top_offered: int
    top_chosen: int
    auto_applied: int
    acceptance_rate: float | None


class ExceptionStats(Out):
    fix_types: dict[str, FixTypeStats]
    decided_exceptions: int
    auto_applied: int
    touchless_share: float | None


class ScanReport(Out):
    orders: int
    scored: int
    fallback_scores: int
    batches: int
    opened: dict[str, int]
    updated: dict[str, int]
    closed: dict[str, int]
    released: dict[str, int]
    notified: dict[str, int]
    seconds: float


class AutoApplyReport(Out):
    evaluated: int
    applied: dict[str, int]
    waiting: int
    failed: int


class ScanResult(Out):
    scan: ScanReport
    auto_apply: AutoApplyReport | None


class FixApplied(Out):
    exception: CareException
    applied: dict[str, Any] | None
    order: Order | None


class Substitutes(Out):
    sku: str
    substitutes: list[str] = Field(description="equivalent SKUs, preferred first")


class CarrierDelay(Out):
    carrier: str
    extra_days: float
    from_: datetime = Field(alias="from")
    until: datetime
    reason: str
    set_by: str
    set_at: datetime
    active: bool = Field(description="in force now")


class CarrierDelayList(Out):
    items: list[CarrierDelay]

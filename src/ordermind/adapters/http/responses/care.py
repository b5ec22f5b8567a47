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


class FixEffects(Out):
    """What the fix would do, found by applying it and rolling back."""

    feasible: bool
    error: str | None = Field(description="why it could not be done")
    resolves: bool = Field(description="the exception's cause is gone afterwards")
    new_promise: date | None
    expected_delivery: date | None
    promise_delta_days: int | None
    cost_before: Money | None = Field(description="fulfilment cost of the open units")
    cost_after: Money | None
    cost_delta: Money | None
    carbon_delta_kg: float | None
    split_delta: int
    backordered_after: int
    remaining_causes: list[str]


class AutoDecision(Out):
    allowed: bool = Field(description="the care policy lets it apply itself")
    why: str


class FixOption(Out):
    n: int = Field(description="its rank: POST .../fixes/{n}/apply")
    type: str
    key: str = Field(description="stable for the same fix on the same state: send as `expect`")
    label: str
    params: dict[str, Any]
    effects: FixEffects
    auto: AutoDecision
    score: float | None = Field(description="the learned ranker's score, if it ranked")


class ExceptionDetail(CareException):
    fixes: list[FixOption] = Field(description="ranked best first")
    ranking: dict[str, Any] | None = Field(description="which ranker ordered them, and why")
    evaluation_at: str | None = Field(description="when the fixes were evaluated (ISO 8601)")


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

"""Customer notification preferences and what each order's customer was told."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Out


class QuietHours(Out):
    start: str = Field(examples=["21:00"])
    end: str = Field(examples=["08:00"])
    timezone: str = Field(examples=["Europe/Berlin"])


class NotificationPreferences(Out):
    email: str
    channels: dict[str, bool] = Field(description="email, webhook: told through it or not")
    opted_out: list[str] = Field(description="milestones not told about")
    opt_out_all: bool
    locale: str | None
    quiet_hours: QuietHours | None
    default: bool = Field(description="true: nothing stored, these are the defaults")


class NotificationMessage(Out):
    id: int
    milestone: str
    subject: str
    channel: str = Field(description="email or webhook")
    status: str
    reason: str | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    message_id: str | None
    locale: str | None
    title: str | None
    created_at: datetime
    sent_at: datetime | None


class MilestoneOut(Out):
    id: int
    milestone: str
    subject: str
    status: str
    note: str | None
    created_at: datetime
    processed_at: datetime | None


class OrderNotifications(Out):
    items: list[NotificationMessage]
    milestones: list[MilestoneOut] = Field(description="the order's milestones to tell")

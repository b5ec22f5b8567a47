"""API keys, the audit trail and customers' personal data (admin only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import Cursor, Out


class ApiKey(Out):
    """What may be shown of a key: never its hash, and the key itself only when made."""

    id: int
    prefix: str = Field(description="the key's first characters, to recognise it")
    role: str
    channel: str | None
    scope: str | None
    name: str | None
    state: str = Field(description="active, expired or revoked")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyList(Out):
    items: list[ApiKey]


class ApiKeyCreated(ApiKey):
    key: str = Field(description="the key itself: shown this once")


class ApiKeyRotated(ApiKeyCreated):
    replaces: int = Field(description="the id of the key it replaces")


class AuditEntry(Out):
    id: int
    at: datetime
    actor: str
    action: str = Field(examples=["product.created"])
    resource_type: str
    resource_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None


class AuditPage(Out):
    items: list[AuditEntry]
    next_cursor: Cursor


class Erasure(Out):
    customer_id: str = Field(examples=["cus_3f2a..."])
    orders: int
    rows: dict[str, int] = Field(description="rows changed per table")
    already_erased: bool


class CustomerExport(Out):
    customer_id: str
    email: str
    customer: dict[str, Any] | None
    orders: list[dict[str, Any]] = Field(description="the orders' rows (lines, events... follow)")
    intake_documents: list[dict[str, Any]]
    notification_preferences: list[dict[str, Any]]


class Retention(Out):
    idempotency_responses: int = Field(description="days")
    raw_documents: int = Field(description="days")


class Purged(Out):
    idempotency_responses: int = Field(description="stored responses deleted")
    raw_documents: int = Field(description="documents whose file was emptied")

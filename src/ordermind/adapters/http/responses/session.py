"""Who is calling, and the console's session."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Out


class CallerKey(Out):
    id: int
    prefix: str
    role: str
    channel: str | None
    scope: str | None


class SessionInfo(Out):
    expires_at: datetime
    csrf_token: str = Field(description="send as X-CSRF-Token on every change made with the cookie")


class Caller(Out):
    key: CallerKey
    permissions: list[str] = Field(description="resource:action, as in SECURITY.md")
    session: SessionInfo | None = Field(description="null when called with a key, not a cookie")

"""The roles a key may have; what each may do is `permissions.ROLE_PERMISSIONS`."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    AGENT = "agent"  # customer service
    CHANNEL = "channel"  # a shop or marketplace, limited to its own channel
    VIEWER = "viewer"

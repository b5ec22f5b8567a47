"""Notification settings from the environment (ORDERMIND_SMTP_*, ORDERMIND_NOTIFY_*).

| variable | default | meaning |
|---|---|---|
| ORDERMIND_SMTP_HOST | (unset: no e-mail channel) | SMTP server |
| ORDERMIND_SMTP_PORT | 587 starttls, 465 ssl, 25 none | its port |
| ORDERMIND_SMTP_TLS | starttls | starttls, ssl or none |
| ORDERMIND_SMTP_USER / _PASSWORD | (none) | login, when the server wants one |
| ORDERMIND_SMTP_FROM | orders@localhost | the From address (its domain ends each Message-ID) |
| ORDERMIND_SMTP_TIMEOUT | 20 | seconds per SMTP conversation |
| ORDERMIND_NOTIFY_SUPPORT | the From address | how customers reach support (in every message) |
| ORDERMIND_NOTIFY_INTERVAL | 10 with an SMTP host, else 0 | seconds between API passes; 0 off |
| ORDERMIND_NOTIFY_MAX_ATTEMPTS | 6 | sends of one message before it is failed |
| ORDERMIND_NOTIFY_BACKOFF_S | 60 | wait after the first failure, doubled each time (at most 1 h) |
| ORDERMIND_NOTIFY_LEASE_S | 300 | a message whose sender died is sent again after this |
| ORDERMIND_NOTIFY_MAX_AGE_HOURS | 72 | older milestones are skipped, not sent |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.errors import HeaderParseError
from email.headerregistry import Address

from ordermind.notifications.policy import NotifyPolicy

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    sender: str
    timeout: float

    def __repr__(self) -> str:  # never print the password
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r},"
            f" user={self.user!r}, sender={self.sender!r})"
        )


def _number(env: Mapping[str, str], name: str, default: float, minimum: float = 0) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum:g}, got {raw!r}")
    return value


def _address(value: str, name: str) -> str:
    try:
        addr = Address(addr_spec=value.strip())
    except (HeaderParseError, ValueError, IndexError):
        raise SettingsError(f"{name} must be an e-mail address, got {value!r}") from None
    if not addr.domain:
        raise SettingsError(f"{name} must be an e-mail address, got {value!r}")
    return addr.addr_spec


def smtp_settings(env: Mapping[str, str] | None = None) -> SmtpSettings | None:
    """None when no SMTP host is configured (then there is no e-mail channel)."""
    env = os.environ if env is None else env
    host = (env.get("ORDERMIND_SMTP_HOST") or "").strip()
    if not host:
        return None
    security = (env.get("ORDERMIND_SMTP_TLS") or "starttls").strip().lower()
    if security not in SECURITY:
        raise SettingsError(
            f"ORDERMIND_SMTP_TLS must be one of {', '.join(SECURITY)}, got {security!r}"
        )
    port = _number(env, "ORDERMIND_SMTP_PORT", DEFAULT_PORTS[security], 1)
    if port != int(port) or port > 65535:
        raise SettingsError(f"ORDERMIND_SMTP_PORT must be a port number, got {port:g}")
    user = env.get("ORDERMIND_SMTP_USER") or None
    password = env.get("ORDERMIND_SMTP_PASSWORD") or None
    if (user is None) != (password is None):
        raise SettingsError("set both ORDERMIND_SMTP_USER and ORDERMIND_SMTP_PASSWORD, or neither")
    return SmtpSettings(
        host=host,
        port=int(port),
        security=security,
        user=user,
        password=password,
        sender=_address(
            env.get("ORDERMIND_SMTP_FROM") or "orders@localhost", "ORDERMIND_SMTP_FROM"
        ),
        timeout=_number(env, "ORDERMIND_SMTP_TIMEOUT", 20.0, 0.1),
    )


def notify_policy(
    env: Mapping[str, str] | None = None, smtp: SmtpSettings | None = None
) -> NotifyPolicy:
    env = os.environ if env is None else env
    attempts = _number(env, "ORDERMIND_NOTIFY_MAX_ATTEMPTS", 6, 1)
    return NotifyPolicy(
        max_attempts=int(attempts),
        backoff_s=_number(env, "ORDERMIND_NOTIFY_BACKOFF_S", 60.0),
        lease_s=_number(env, "ORDERMIND_NOTIFY_LEASE_S", 300.0, 1),
        max_age=timedelta(hours=_number(env, "ORDERMIND_NOTIFY_MAX_AGE_HOURS", 72.0, 0)),
        support=(env.get("ORDERMIND_NOTIFY_SUPPORT") or "").strip()
        or (smtp.sender if smtp else "our customer service"),
    )


def notify_interval(env: Mapping[str, str] | None = None) -> float:
    """Seconds between dispatcher passes in an API worker; 0 = not run there."""
    env = os.environ if env is None else env
    default = 10.0 if (env.get("ORDERMIND_SMTP_HOST") or "").strip() else 0.0
    return _number(env, "ORDERMIND_NOTIFY_INTERVAL", default)

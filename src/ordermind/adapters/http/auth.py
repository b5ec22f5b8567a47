"""Bearer API keys with roles. Keys are stored as SHA-256 hashes (they are long random
secrets, so a fast hash is enough); the key itself is shown once at creation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, insert, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import read_engine_for
from ordermind.adapters.db.sql import now

from .problems import ApiError


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    AGENT = "agent"
    CHANNEL = "channel"
    VIEWER = "viewer"


@dataclass(frozen=True)
class Principal:
    key_id: int
    prefix: str
    role: Role
    channel: str | None

    @property
    def actor(self) -> str:
        return f"key:{self.prefix}"

    @property
    def channel_scope(self) -> str | None:
        """Channel keys may only see their own channel's orders."""
        return self.channel if self.role is Role.CHANNEL else None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    engine: Engine, role: Role, channel: str | None = None, name: str | None = None
) -> str:
    if role is Role.CHANNEL and not channel:
        raise ValueError("a channel key needs --channel")
    prefix = secrets.token_hex(4)
    key = f"om_{prefix}_{secrets.token_urlsafe(24)}"
    with engine.begin() as conn:
        conn.execute(
            insert(t.api_keys).values(
                prefix=prefix,
                key_hash=_hash(key),
                role=str(role),
                channel=channel,
                name=name,
                created_at=now(),
            )
        )
    return key


class KeyVerifier:
    """Verifies keys against the store, caching verified keys briefly so the hot path
    does not pay a query per request; revocation takes effect within CACHE_SECONDS."""

    CACHE_SECONDS = 10.0

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def verify(self, authorization: str | None) -> Principal:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(
                401, "missing bearer API key (Authorization: Bearer <key>)", "unauthenticated"
            )
        key = authorization.removeprefix("Bearer ").strip()
        digest = _hash(key)
        hit = self._cache.get(digest)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        parts = key.split("_")
        if len(parts) < 3 or parts[0] != "om":
            raise ApiError(401, "malformed API key", "unauthenticated")
        # A read-only connection of its own: checking a key must not queue behind writers
        # for the SQLite write lock, nor wait for a connection they hold.
        with read_engine_for(self.engine).connect() as conn:
            row = conn.execute(select(t.api_keys).where(t.api_keys.c.prefix == parts[1])).first()
        if (
            row is None
            or row.revoked_at is not None
            or not hmac.compare_digest(row.key_hash, digest)
        ):
            raise ApiError(401, "unknown or revoked API key", "unauthenticated")
        principal = Principal(row.id, row.prefix, Role(row.role), row.channel)
        with self._lock:
            self._cache[digest] = (time.monotonic() + self.CACHE_SECONDS, principal)
        return principal


READ = frozenset(Role)
CREATE_ORDERS = frozenset({Role.ADMIN, Role.OPERATOR, Role.AGENT, Role.CHANNEL})
SERVICE = frozenset({Role.ADMIN, Role.OPERATOR, Role.AGENT})
OPERATE = frozenset({Role.ADMIN, Role.OPERATOR})
ADMIN = frozenset({Role.ADMIN})


def require(principal: Principal, allowed: frozenset[Role]) -> None:
    if principal.role not in allowed:
        raise ApiError(403, f"role {principal.role} may not do this", "forbidden")


def channel_filter(principal: Principal, channel: str | None) -> str | None:
    """The channel a list may show: a channel key's own (asking for another is refused),
    else what was asked for."""
    scope = principal.channel_scope
    if scope is None:
        return channel
    if channel is not None and channel != scope:
        from ordermind.domain.errors import Forbidden

        raise Forbidden(f"this key may only read channel {scope}")
    return scope

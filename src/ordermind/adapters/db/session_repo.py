"""Console sessions on SQL: created at sign-in, read on every request made with the
cookie, revoked at sign-out. Each reads or writes one row (joined to its key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, and_, delete, insert, select, update

from . import tables as t
from .sql import aware


@dataclass(frozen=True)
class SessionRow:
    """A live session and what its key may do (the key's row as it is now)."""

    key_id: int
    prefix: str
    role: str
    channel: str | None
    scope: str | None
    expires_at: datetime
    key_expires_at: datetime | None


class SqlSessions:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, token_hash: str, key_id: int, at: datetime, expires_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.console_sessions).values(
                    token_hash=token_hash, key_id=key_id, created_at=at, expires_at=expires_at
                )
            )

    def live(self, token_hash: str, at: datetime) -> SessionRow | None:
        """The session of this token if it is neither signed out, expired, nor its key
        revoked (a key's expiry is checked by the caller, with the session's own)."""
        s, k = t.console_sessions.c, t.api_keys.c
        q = (
            select(
                k.id, k.prefix, k.role, k.channel, k.scope, s.expires_at, k.expires_at.label("ke")
            )
            .select_from(t.console_sessions.join(t.api_keys, k.id == s.key_id))
            .where(
                and_(
                    s.token_hash == token_hash,
                    s.revoked_at.is_(None),
                    s.expires_at > at,
                    k.revoked_at.is_(None),
                )
            )
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            return None
        return SessionRow(
            row.id,
            row.prefix,
            row.role,
            row.channel,
            row.scope,
            aware(row.expires_at),
            aware(row.ke),
        )

    def revoke(self, token_hash: str, at: datetime) -> bool:
        """Sign a session out; whether it was live."""
        s = t.console_sessions.c
        with self.engine.begin() as conn:
            done = conn.execute(
                update(t.console_sessions)
                .where(s.token_hash == token_hash, s.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        return done.rowcount == 1

    def prune(self, before: datetime) -> int:
        """Forget sessions that ended (expired or signed out) before `before`."""
        s = t.console_sessions.c
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(t.console_sessions).where((s.expires_at < before) | (s.revoked_at < before))
            )
        return gone.rowcount

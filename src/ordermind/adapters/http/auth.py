"""Bearer API keys with roles. Keys are stored as SHA-256 hashes (they are long random
secrets, so a fast hash is enough); the key itself is shown once at creation. A key may
expire, is revoked or rotated by an admin (CLI `ordermind keys`, API `/v1/keys`), and
shows when it was last used."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

from sqlalchemy import Connection, Engine, insert, or_, select, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.audit_repo import SqlAudit
from ordermind.adapters.db.engine import read_engine_for
from ordermind.adapters.db.retry import with_retries
from ordermind.adapters.db.sql import aware, now
from ordermind.domain.errors import Conflict, NotFound
from ordermind.services import audit
from ordermind.services.audit import SYSTEM

from .limits import Limits
from .permissions import Perm, Scope, granted
from .problems import ApiError
from .roles import Role

log = logging.getLogger("ordermind.auth")


@dataclass(frozen=True)
class Principal:
    key_id: int
    prefix: str
    role: Role
    channel: str | None
    scope: Scope | None = None

    @property
    def permissions(self) -> frozenset[Perm]:
        return granted(self.role, self.scope)

    @property
    def actor(self) -> str:
        return f"key:{self.prefix}"

    @property
    def channel_scope(self) -> str | None:
        """Channel keys may only see their own channel's orders."""
        return self.channel if self.role is Role.CHANNEL else None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _wall() -> datetime:
    """Key expiry and last use follow the real clock, never a simulated one."""
    return datetime.now(UTC)


def create_key(
    engine: Engine,
    role: Role,
    channel: str | None = None,
    name: str | None = None,
    expires_at: datetime | None = None,
    scope: Scope | None = None,
    *,
    actor: str = SYSTEM,
) -> str:
    return issue_key(engine, role, channel, name, expires_at, scope, actor=actor)[1]


def issue_key(
    engine: Engine,
    role: Role,
    channel: str | None = None,
    name: str | None = None,
    expires_at: datetime | None = None,
    scope: Scope | None = None,
    *,
    actor: str = SYSTEM,
) -> tuple[KeyInfo, str]:
    """`create_key`, with what may be shown of the new key."""
    with engine.begin() as conn:
        key_id, key = _insert_key(conn, role, channel, name, expires_at, scope)
        _audit_key(conn, actor, "key.created", key_id, None)
    return get_key(engine, key_id), key


def _insert_key(
    conn: Connection,
    role: Role,
    channel: str | None,
    name: str | None,
    expires_at: datetime | None,
    scope: Scope | None = None,
) -> tuple[int, str]:
    if role is Role.CHANNEL and not channel:
        raise ValueError("a channel key needs --channel")
    if role is not Role.CHANNEL and channel:
        raise ValueError("only a channel key has a channel")
    if expires_at is not None and expires_at <= _wall():
        raise ValueError(f"expiry {expires_at.isoformat()} is in the past")
    prefix = secrets.token_hex(4)
    key = f"om_{prefix}_{secrets.token_urlsafe(24)}"
    key_id = conn.execute(
        insert(t.api_keys)
        .values(
            prefix=prefix,
            key_hash=_hash(key),
            role=str(role),
            channel=channel,
            name=name,
            created_at=now(),
            expires_at=expires_at,
            scope=None if scope is None else str(scope),
        )
        .returning(t.api_keys.c.id)
    ).scalar_one()
    return key_id, key


# -- listing, revoking, rotating ----------------------------------------------------------


class KeyNotFound(NotFound):
    def __init__(self, key_id: int) -> None:
        super().__init__(f"no API key with id {key_id}")


@dataclass(frozen=True)
class KeyInfo:
    """What may be shown of a key: never its hash, and the key itself never again."""

    id: int
    prefix: str
    role: str
    channel: str | None
    name: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    scope: str | None = None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= _wall():
            return "expired"
        return "active"

    def audited(self) -> dict:
        """What the audit trail keeps: all but the last use (not a change of the key)."""
        shown = self.as_dict()
        del shown["last_used_at"], shown["state"]
        return shown

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "prefix": self.prefix,
            "role": self.role,
            "channel": self.channel,
            "scope": self.scope,
            "name": self.name,
            "state": self.state,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "revoked_at": self.revoked_at,
            "last_used_at": self.last_used_at,
        }


def _info(row) -> KeyInfo:
    return KeyInfo(
        id=row.id,
        prefix=row.prefix,
        role=row.role,
        channel=row.channel,
        name=row.name,
        created_at=aware(row.created_at),
        expires_at=aware(row.expires_at),
        revoked_at=aware(row.revoked_at),
        last_used_at=aware(row.last_used_at),
        scope=row.scope,
    )


def list_keys(engine: Engine, include_revoked: bool = True) -> list[KeyInfo]:
    q = select(t.api_keys).order_by(t.api_keys.c.id)
    if not include_revoked:
        q = q.where(t.api_keys.c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [_info(r) for r in conn.execute(q)]


def get_key(engine: Engine, key_id: int) -> KeyInfo:
    with engine.connect() as conn:
        row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
    if row is None:
        raise KeyNotFound(key_id)
    return _info(row)


def revoke_key(engine: Engine, key_id: int, *, actor: str = SYSTEM) -> KeyInfo:
    """Revoke a key, at once for every worker (the update bumps the `keys` version that
    each checks per request). Revoking a revoked key changes nothing."""
    with engine.begin() as conn:
        before = _audited(conn, key_id)
        _revoke(conn, key_id, _wall())
        _audit_key(conn, actor, "key.revoked", key_id, before)
    return get_key(engine, key_id)


def _revoke(conn: Connection, key_id: int, at: datetime) -> None:
    c = t.api_keys.c
    row = conn.execute(select(c.id, c.revoked_at).where(c.id == key_id)).first()
    if row is None:
        raise KeyNotFound(key_id)
    if row.revoked_at is None:
        conn.execute(update(t.api_keys).where(c.id == key_id).values(revoked_at=at))


def rotate_key(
    engine: Engine,
    key_id: int,
    grace_seconds: float = 0,
    expires_at: datetime | None = None,
    *,
    actor: str = SYSTEM,
) -> tuple[KeyInfo, str]:
    """A new key with the old one's role, channel, scope, name (and expiry, unless another is
    given), and the old key revoked: at once, or after `grace_seconds` (its expiry is
    brought forward to then) so that callers can switch over. Returns the new key's info
    and the key itself, shown this once."""
    c = t.api_keys.c
    at = _wall()
    with engine.begin() as conn:
        old = conn.execute(select(t.api_keys).where(c.id == key_id)).first()
        if old is None:
            raise KeyNotFound(key_id)
        if old.revoked_at is not None:
            raise Conflict(f"API key {key_id} is revoked; create a new key instead")
        old_expiry = aware(old.expires_at)
        if old_expiry is not None and old_expiry <= at:
            raise Conflict(f"API key {key_id} has expired; create a new key instead")
        new_id, key = _insert_key(
            conn,
            Role(old.role),
            old.channel,
            old.name,
            expires_at or old_expiry,
            None if old.scope is None else Scope(old.scope),
        )
        if grace_seconds > 0:
            until = at + timedelta(seconds=grace_seconds)
            if old_expiry is None or until < old_expiry:
                conn.execute(update(t.api_keys).where(c.id == key_id).values(expires_at=until))
        else:
            _revoke(conn, key_id, at)
        _audit_key(conn, actor, "key.rotated", key_id, _info(old).audited())
        _audit_key(conn, actor, "key.created", new_id, None)
    return get_key(engine, new_id), key


def _audited(conn: Connection, key_id: int) -> dict | None:
    row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
    return None if row is None else _info(row).audited()


def _audit_key(conn: Connection, actor: str, action: str, key_id: int, before: dict | None) -> None:
    """The audit entry of a key's change, in the change's transaction."""
    audit.record(
        _AuditOn(SqlAudit(conn)), actor, action, "api_key", key_id, before, _audited(conn, key_id)
    )


@dataclass(frozen=True)
class _AuditOn:
    audit: SqlAudit


# -- verification -------------------------------------------------------------------------


_VERSION_SQL = "SELECT version FROM config_versions WHERE name = 'keys'"


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(
            401, "missing bearer API key (Authorization: Bearer <key>)", "unauthenticated"
        )
    return authorization.removeprefix("Bearer ").strip()


@dataclass(frozen=True)
class _Verified:
    version: int
    principal: Principal
    expires_at: datetime | None


class KeyVerifier:
    """Verifies keys against the store. A verified key is cached by the `keys` version it
    was read at: each request reads that one row (a primary-key lookup on a read-only
    connection) and uses the cache only while it has not moved, so a revocation, expiry
    change or deletion, made by any worker or straight in the database, takes effect on
    the next request everywhere. Each key's last use is written at most once every
    TOUCH_SECONDS, off the request path. Rate limits (`limits.Limits`) are applied here:
    per key on success, and per client address on failed keys."""

    TOUCH_SECONDS = 60.0

    def __init__(self, engine: Engine, limits: Limits | None = None) -> None:
        self.engine = engine
        self.limits = limits
        self._cache: dict[str, _Verified] = {}
        self._touched: dict[int, float] = {}  # key id -> monotonic time last written
        self._lock = threading.Lock()

    def verify(
        self, authorization: str | None, client: str | None = None, *, charge: bool = True
    ) -> Principal:
        """`charge=False`: the request was charged to its key already (`cached`)."""
        key = _bearer(authorization)
        digest = _hash(key)
        reader = read_engine_for(self.engine)
        # the version first: a key read after it is at least as new as the version says
        version = self._version(reader)
        hit = self._cache.get(digest)
        if (
            hit is not None
            and version is not None
            and hit.version == version
            and (hit.expires_at is None or hit.expires_at > _wall())
        ):
            principal = hit.principal
        else:  # (an expired key is looked up again: refused, and counted as a bad key)
            if self.limits is not None:
                self.limits.check_bad_keys(client)  # a token, given back if the key is good

            def look_up() -> Principal:
                with reader.connect() as conn:
                    return self._lookup(conn, key, digest, version)

            try:
                # again on a fresh connection when a pooled one died (a restart, a killed
                # backend): the pool keeps no ping, so its first statement finds out
                principal = with_retries(look_up)
            except ApiError:
                raise
            except BaseException:  # the database failed, not the key
                if self.limits is not None:
                    self.limits.good_key(client)
                raise
            if self.limits is not None:
                self.limits.good_key(client)
        self._touch(principal.key_id)
        if charge and self.limits is not None:
            self.limits.charge_key(principal.key_id)
        return principal

    def cached(self, authorization: str | None) -> tuple[Principal, int] | None:
        """A cached key's principal and the `keys` version it was cached at, without
        reading the version: for a caller whose own first statement reads the version and
        confirms it before anything is decided (the order fast path, with
        `placement.KeysCheck`); it must `admit` the request, and `verify` the key afresh
        if the version moved. None if the key is not cached (or has expired): `verify`."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        hit = self._cache.get(_hash(authorization.removeprefix("Bearer ").strip()))
        if hit is None or (hit.expires_at is not None and hit.expires_at <= _wall()):
            return None
        return hit.principal, hit.version

    def admit(self, principal: Principal) -> None:
        """What `verify` does with a good key: its last use noted, the request charged."""
        self._touch(principal.key_id)
        if self.limits is not None:
            self.limits.charge_key(principal.key_id)

    @staticmethod
    def _version(reader: Engine) -> int | None:
        """The `keys` version, read on every request, so as cheaply as can be: one
        statement on a pooled driver connection outside any transaction (SQLite's
        connections are in autocommit mode already; a PostgreSQL one is put in it for
        the statement), not the three round trips of BEGIN, SELECT and ROLLBACK."""
        try:
            dbc = reader.raw_connection()
        except Exception:
            # the pool could not connect (the database is down or restarting; the driver's
            # own error, not SQLAlchemy's): the SQLAlchemy look-up reports it as a 503
            return None
        try:
            driver: Any = dbc.driver_connection
            postgres = reader.dialect.name == "postgresql"
            if postgres:
                driver.autocommit = True
            try:
                cur = driver.cursor()
                cur.execute(_VERSION_SQL)
                row = cur.fetchone()
                cur.close()
            finally:
                if postgres:
                    driver.autocommit = False
        except Exception:
            # a dead connection (a database restart): drop it, and let the key be looked
            # up through SQLAlchemy, which reports the failure as every other query does
            dbc.invalidate()
            return None
        finally:
            dbc.close()
        return int(row[0]) if row is not None else None

    def _lookup(self, conn: Connection, key: str, digest: str, version: int | None) -> Principal:
        parts = key.split("_")
        if len(parts) < 3 or parts[0] != "om":
            self._refuse("malformed API key")
        row = conn.execute(select(t.api_keys).where(t.api_keys.c.prefix == parts[1])).first()
        if (
            row is None
            or row.revoked_at is not None
            or not hmac.compare_digest(row.key_hash, digest)
        ):
            self._refuse("unknown or revoked API key")
        expires_at = aware(row.expires_at)
        if expires_at is not None and expires_at <= _wall():
            self._refuse("this API key has expired")
        scope = None if row.scope is None else Scope(row.scope)
        principal = Principal(row.id, row.prefix, Role(row.role), row.channel, scope)
        if version is not None:  # no version row (a truncated table): nothing is cached
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[digest] = _Verified(version, principal, expires_at)
        return principal

    @staticmethod
    def _refuse(detail: str) -> NoReturn:
        raise ApiError(401, detail, "unauthenticated")

    def _touch(self, key_id: int) -> None:
        at = time.monotonic()
        last = self._touched.get(key_id)
        if last is not None and at - last < self.TOUCH_SECONDS:
            return
        with self._lock:
            last = self._touched.get(key_id)
            if last is not None and at - last < self.TOUCH_SECONDS:
                return
            self._touched[key_id] = at
        threading.Thread(
            target=self._write_last_use, args=(key_id,), name="key-last-use", daemon=True
        ).start()

    def _write_last_use(self, key_id: int) -> None:
        """One conditional update (another worker may have written it just now); a failure
        only delays it to the next minute."""
        at = _wall()
        c = t.api_keys.c
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(t.api_keys)
                    .where(c.id == key_id)
                    .where(
                        or_(
                            c.last_used_at.is_(None),
                            c.last_used_at < at - timedelta(seconds=self.TOUCH_SECONDS),
                        )
                    )
                    .values(last_used_at=at)
                )
        except Exception:
            log.warning("could not record a key's last use", exc_info=True)
            with self._lock:
                self._touched.pop(key_id, None)


def require(principal: Principal, permission: Perm) -> None:
    """The one check of what a key may do (`permissions` says which roles may)."""
    if permission not in principal.permissions:
        scope = f" with scope {principal.scope}" if principal.scope else ""
        raise ApiError(403, f"a {principal.role} key{scope} may not {permission}", "forbidden")


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

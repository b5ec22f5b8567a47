"""The audit trail of configuration: who changed what, when, from what to what.

Every configuration change (products, nodes, channels with their fences and priority
rules, substitutes, supplier terms, carrier delays, webhooks, API keys, retention
settings, the products and nodes an import adds) records one entry through `record`, in
the unit of work that makes the change: the entry commits with the change or not at all.
Customer erasure and export are recorded too, naming the customer only by its
pseudonymous id. The trail is append-only (the databases refuse UPDATE and DELETE on it).
"""

from __future__ import annotations

import abc
import dataclasses
import enum
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from ordermind.domain.clock import utcnow

# Who acted when no person or key did (imports, the twin, start-up seeding).
SYSTEM = "system"

# The id of the request being served (set by the HTTP edge), kept with each entry so an
# audit row leads to the request's log lines.
request_id: ContextVar[str | None] = ContextVar("ordermind_request_id", default=None)


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str  # e.g. product.created, channel.updated, key.revoked, customer.erased
    resource_type: str
    resource_id: str
    before: dict | None
    after: dict | None
    at: datetime
    request_id: str | None = None
    id: int | None = None  # set by the store

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "resource_type": self.resource_type,
            "resource_id": self.resource_id,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
        }


@dataclass(frozen=True)
class AuditFilter:
    resource_type: str | None = None
    resource_id: str | None = None
    actor: str | None = None
    action: str | None = None
    at_from: datetime | None = None  # inclusive
    at_to: datetime | None = None  # exclusive

    def matches(self, e: AuditEntry) -> bool:
        return (
            (self.resource_type is None or e.resource_type == self.resource_type)
            and (self.resource_id is None or e.resource_id == self.resource_id)
            and (self.actor is None or e.actor == self.actor)
            and (self.action is None or e.action == self.action)
            and (self.at_from is None or e.at >= self.at_from)
            and (self.at_to is None or e.at < self.at_to)
        )


class AuditRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, entry: AuditEntry) -> int:
        """Append an entry (with the unit of work's transaction); its id."""

    @abc.abstractmethod
    def page(self, flt: AuditFilter, cursor: int | None, limit: int) -> list[AuditEntry]:
        """Entries matching flt, newest first: the `limit` with ids below `cursor`."""


class Audited(Protocol):
    """A unit of work, or anything else that holds an audit repository."""

    @property
    def audit(self) -> AuditRepository: ...


def snapshot(value: Any) -> Any:
    """A JSON-ready copy of a configuration object: dataclasses as dicts, enums as their
    values, dates as ISO strings, tuples and sets as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: snapshot(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return snapshot(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): snapshot(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [snapshot(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(snapshot(v) for v in value)
    return value


def record(
    uow: Audited,
    actor: str,
    action: str,
    resource_type: str,
    resource_id: object,
    before: object = None,
    after: object = None,
) -> AuditEntry | None:
    """Append one entry for a change made in `uow` (nothing when before equals after: a
    PUT that repeats what is stored changes nothing, so there is nothing to trace)."""
    b, a = snapshot(before), snapshot(after)
    if b is not None and b == a:
        return None
    entry = AuditEntry(
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=str(resource_id),
        before=b,
        after=a,
        at=utcnow(),
        request_id=request_id.get(),
    )
    uow.audit.add(entry)
    return entry


def created_or_updated(before: object, kind: str) -> str:
    return f"{kind}.{'updated' if before is not None else 'created'}"

"""The audit trail of configuration changes (and of customer erasures and exports), for
admins: newest first, by cursor, filtered by resource, actor, action and time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ordermind.services.audit import AuditFilter

from ..auth import Principal, require
from ..deps import json_response, page, principal, uow
from ..permissions import Perm

router = APIRouter(prefix="/v1/audit", tags=["audit"])


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)  # a time without a zone is UTC, as everywhere


@router.get("", summary="Who changed which configuration, when, from what to what")
def list_audit(
    request: Request,
    resource_type: Annotated[str | None, Query(max_length=32)] = None,
    resource_id: Annotated[str | None, Query(max_length=255)] = None,
    actor: Annotated[str | None, Query(max_length=128)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    at_from: Annotated[datetime | None, Query(alias="from")] = None,
    at_to: Annotated[datetime | None, Query(alias="to")] = None,
    cursor: Annotated[int | None, Query(gt=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    who: Principal = Depends(principal),
):
    require(who, Perm.AUDIT_READ)
    flt = AuditFilter(
        resource_type=resource_type,
        resource_id=resource_id,
        actor=actor,
        action=action,
        at_from=_utc(at_from),
        at_to=_utc(at_to),
    )
    with uow(request, readonly=True) as work:
        items = [e.as_dict() for e in work.audit.page(flt, cursor, limit)]
    return json_response(page(items, limit, lambda e: e["id"]))

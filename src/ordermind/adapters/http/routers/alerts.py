from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ..auth import Principal, require
from ..deps import json_response, principal, uow
from ..permissions import Perm

router = APIRouter(prefix="/v1/alerts", tags=["alerts"])


@router.get("", summary="Operational alerts: channel order drops, error and decline rates")
def list_alerts(
    request: Request,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    who: Principal = Depends(principal),
):
    require(who, Perm.ALERTS_READ)
    with uow(request, readonly=True) as work:
        # a channel key sees its own channel's alerts only
        items = work.monitoring.alerts(since, limit, who.channel_scope)
        return json_response({"items": items})

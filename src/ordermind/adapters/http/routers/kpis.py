from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ordermind.adapters.db.kpi_facts import SqlKpiFacts
from ordermind.domain.errors import ValidationFailed
from ordermind.kpis.measures import GROUPS
from ordermind.kpis.report import kpi_report

from ..auth import Principal, require
from ..deps import json_response, principal
from ..permissions import Perm

router = APIRouter(prefix="/v1/kpis", tags=["kpis"])
# The KPIs are computed in pandas timestamps (years 1677-2262); business dates lie well inside.
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)


@router.get("", summary="Operations KPIs for orders placed in a period, optionally grouped")
def get_kpis(
    request: Request,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="inclusive")] = None,
    group_by: Annotated[str | None, Query(max_length=16)] = None,
    channel: Annotated[str | None, Query(max_length=64)] = None,
    node: Annotated[str | None, Query(max_length=64)] = None,
    segment: Annotated[str | None, Query(max_length=32)] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.KPIS_READ)
    if group_by is not None and group_by not in GROUPS:
        raise ValidationFailed(f"group_by must be one of {', '.join(GROUPS)}")
    for value in (date_from, date_to):
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValidationFailed(f"dates must lie between {EARLIEST} and {LATEST}")
    if date_from and date_to and date_to < date_from:
        raise ValidationFailed("'to' must not be before 'from'")
    if who.channel_scope is not None:
        channel = who.channel_scope  # a channel key sees its own channel only
    return json_response(
        kpi_report(
            SqlKpiFacts(request.app.state.engine),
            date_from,
            date_to,
            group_by,
            channel=channel,
            node=node,
            segment=segment,
        )
    )

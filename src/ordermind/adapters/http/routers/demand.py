"""Actual daily demand of a SKU at a node, to draw beside its forecast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ordermind.adapters.db.demand_repo import SqlDemand

from ..auth import Principal, require
from ..deps import json_response, principal
from ..permissions import Perm

router = APIRouter(prefix="/v1", tags=["planning"])


@router.get("/demand", summary="Units demanded per day of a SKU at a node (forecast actuals)")
def daily_demand(
    request: Request,
    sku: Annotated[str, Query(min_length=1, max_length=64)],
    node: Annotated[str, Query(min_length=1, max_length=64)],
    days: Annotated[int, Query(ge=1, le=730)] = 56,
    who: Principal = Depends(principal),
):
    require(who, Perm.PLANNING_READ)
    since = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    since -= timedelta(days=days - 1)
    rows = SqlDemand(request.app.state.engine).daily(sku, node, since)
    return json_response(
        {"sku": sku, "node": node, "items": [{"ds": d.isoformat(), "y": y} for d, y in rows]}
    )

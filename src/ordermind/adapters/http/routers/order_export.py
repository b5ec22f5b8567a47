"""The order search as a CSV file (what the console's Export button downloads): the same
filters as `GET /v1/orders`, one row per order, newest first, at most `limit` rows."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from ordermind.domain.orders import Order

from ..auth import Principal, require
from ..deps import principal, uow
from ..permissions import Perm
from .orders import order_filter

router = APIRouter(prefix="/v1", tags=["orders"])
BATCH = 200
COLUMNS = (
    "number",
    "id",
    "created_at",
    "status",
    "channel",
    "external_id",
    "customer_email",
    "customer_name",
    "currency",
    "total_minor",
    "lines",
    "promised_delivery_date",
)


def _cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(o: Order) -> list[str]:
    lines = "; ".join(f"{ln.buckets()['ordered']} x {ln.sku}" for ln in o.lines)
    values = (
        o.number,
        o.id,
        o.created_at.isoformat() if o.created_at else None,
        str(o.status),
        o.channel,
        o.external_id,
        o.customer.email,
        o.customer.name,
        o.currency,
        o.total,
        lines,
        o.promised_delivery_date,
    )
    return [_cell(v) for v in values]


@router.get(
    "/orders.csv",
    summary="The order search (same filters as GET /v1/orders) as a CSV file",
    response_class=Response,
)
def export_orders(
    request: Request,
    status: Annotated[str | None, Query(max_length=32)] = None,
    channel: Annotated[str | None, Query(max_length=64)] = None,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    customer: Annotated[str | None, Query(max_length=254)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_READ)
    flt = order_filter(who, status, channel, sku, customer, q, created_from, created_to)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    cursor, left = None, limit
    with uow(request, readonly=True) as work:
        while left > 0:
            batch = work.orders.page(flt, cursor, min(BATCH, left))
            writer.writerows(_row(o) for o in batch)
            left -= len(batch)
            if len(batch) < BATCH or not batch:
                break
            cursor = batch[-1].id
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="orders.csv"'},
    )

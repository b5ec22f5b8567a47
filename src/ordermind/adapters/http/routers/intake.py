from __future__ import annotations

import base64
import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from ordermind.domain.errors import Forbidden, NotFound
from ordermind.domain.orders import Address
from ordermind.services import intake as svc

from ..auth import CREATE_ORDERS, READ, SERVICE, Principal, Role, require
from ..deps import idempotent_create, json_response, principal, uow
from ..schemas import IntakeResolveIn

router = APIRouter(prefix="/v1/intake", tags=["intake"])
DocId = Annotated[int, Path(gt=0, le=2**62)]


class MatcherCache:
    """The catalog matcher (TF-IDF over the catalog) is costly to build: one per process,
    rebuilt when older than MAX_AGE seconds."""

    MAX_AGE = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[float, object] | None = None

    def get(self, work):  # noqa: ANN001, ANN201
        with self._lock:
            if self._built is None or time.monotonic() - self._built[0] > self.MAX_AGE:
                from ordermind.intake import Catalog, CatalogMatcher

                records = svc.catalog_records(work)
                self._built = (time.monotonic(), CatalogMatcher(Catalog.from_records(records)))
            return self._built[1]

    def invalidate(self) -> None:
        with self._lock:
            self._built = None


def _doc_view(r, with_content: bool = False) -> dict:  # noqa: ANN001
    out = {
        "id": r.id,
        "channel": r.channel,
        "source": r.source,
        "filename": r.filename,
        "format": r.format,
        "po_number": r.po_number,
        "buyer_id": r.buyer_id,
        "confidence": r.confidence,
        "status": r.status,
        "reasons": r.reasons,
        "order_id": r.order_id,
        "created_at": r.created_at,
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at,
        "parsed": r.parsed,
    }
    if with_content:
        try:
            out["original"] = {"encoding": "utf-8", "text": r.content.decode("utf-8")}
        except UnicodeDecodeError:
            out["original"] = {"encoding": "base64", "text": base64.b64encode(r.content).decode()}
    return out


@router.post(
    "/documents",
    status_code=201,
    summary="Upload an order document (UBL, X12 850, EDIFACT, CSV, XLSX, free text)",
)
async def upload(
    request: Request,
    channel: Annotated[str, Query(min_length=1, max_length=64)] = "edi",
    filename: Annotated[str | None, Query(max_length=255)] = None,
    format: Annotated[str, Query(pattern="^(auto|ubl|x12|edifact|csv|xlsx|text)$")] = "auto",
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, CREATE_ORDERS)
    if who.role is Role.CHANNEL and channel != who.channel:
        raise Forbidden(f"this key may only submit documents for channel {who.channel}")
    data = await request.body()
    matchers: MatcherCache = request.app.state.intake_matchers

    def create(work):  # noqa: ANN001, ANN202
        outcomes = svc.ingest(
            work,
            data,
            matcher=matchers.get(work),
            channel=channel,
            actor=who.actor,
            filename=filename,
            fmt=format,
        )
        return 201, {"documents": [o.__dict__ for o in outcomes]}

    import hashlib

    payload = {"sha256": hashlib.sha256(data).hexdigest(), "channel": channel, "format": format}
    return await run_in_threadpool(
        idempotent_create, request, who, idempotency_key, payload, create
    )


@router.get("/documents", summary="Received documents, newest first")
def list_documents(
    request: Request,
    status: Annotated[str | None, Query(pattern="^(placed|review|duplicate|resolved)$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    who: Principal = Depends(principal),
):
    require(who, SERVICE)
    with uow(request, readonly=True) as work:
        items = [_doc_view(r) for r in work.intake.list(status, limit)]
    return json_response({"items": items})


@router.get("/documents/{doc_id}", summary="A document: the original beside what was parsed")
def get_document(doc_id: DocId, request: Request, who: Principal = Depends(principal)):
    require(who, READ)
    with uow(request, readonly=True) as work:
        record = work.intake.get(doc_id)
    if record is None or (who.channel_scope and record.channel != who.channel_scope):
        raise NotFound(f"intake document {doc_id} not found")
    return json_response(_doc_view(record, with_content=True))


@router.post(
    "/documents/{doc_id}/resolve",
    summary="Correct a document under review; the corrections are remembered",
)
def resolve(
    doc_id: DocId, body: IntakeResolveIn, request: Request, who: Principal = Depends(principal)
):
    require(who, SERVICE)
    corrections = [svc.LineCorrection(c.line_id, c.sku, c.quantity) for c in body.lines]
    ship_to = None if body.ship_to is None else Address(**body.ship_to.model_dump())
    with uow(request) as work:
        record = svc.resolve(work, doc_id, corrections, ship_to, who.actor)
        work.commit()
    return json_response(_doc_view(record))

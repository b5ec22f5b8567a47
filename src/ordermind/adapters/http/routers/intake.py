"""Document intake over HTTP. An upload is parsed and catalog-matched in a parsing-pool
worker process (lower priority, hard time limit, bounded queue), the store is read for
what matching needs in a read-only unit of work, and only the writes run in the one short
transaction of `idempotent_create`."""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ordermind.adapters.db.intake_lookups import xref_many
from ordermind.adapters.parsing_pool import (
    JobTimedOut,
    ParsingPool,
    PoolBusy,
    PoolSettings,
    WorkerFailed,
)
from ordermind.domain.errors import Forbidden, NotFound
from ordermind.domain.orders import Address
from ordermind.intake.model import DocumentTooLargeError, IntakeError
from ordermind.intake.pipeline import decode
from ordermind.intake.security import LimitExceeded, Limits, ParseTimeLimit
from ordermind.services import intake as svc

from ..auth import Principal, Role, require
from ..deps import idempotent_create, json_response, principal, uow
from ..permissions import Perm
from ..problems import ApiError, problem
from ..schemas import IntakeResolveIn

log = logging.getLogger("ordermind.intake")

router = APIRouter(prefix="/v1/intake", tags=["intake"])
DocId = Annotated[int, Path(gt=0, le=2**62)]


class MatcherCache:
    """The catalog the intake matchers are built from: read at most every MAX_AGE seconds
    (in a read-only unit of work) and fingerprinted, so each parsing worker builds its
    TF-IDF matcher once per catalog change, in its own process, not in the server."""

    MAX_AGE = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: tuple[float, str, list[dict]] | None = None

    def get(self, work) -> tuple[str, list[dict]]:
        with self._lock:
            if self._read is None or time.monotonic() - self._read[0] > self.MAX_AGE:
                from ordermind.intake.pipeline import catalog_version

                records = svc.catalog_records(work)
                self._read = (time.monotonic(), catalog_version(records), records)
            return self._read[1], self._read[2]

    def invalidate(self) -> None:
        with self._lock:
            self._read = None


# -- the parsing pool: one per server worker process -------------------------------------

_PRELOAD = (
    "ordermind.intake.pipeline",
    "ordermind.intake.tabular",
    "ordermind.intake.ubl",
    "ordermind.intake.x12",
    "ordermind.intake.edifact",
    "ordermind.intake.text",
    "ordermind.intake.pdf",
    "pdfplumber",
    "openpyxl",
    "defusedxml.ElementTree",
    "sklearn.feature_extraction.text",
)
_pool_lock = threading.Lock()
_pool: ParsingPool | None = None
CATALOG_LOAD_SECONDS = 120.0  # building the matcher for a large catalog, once per change


def default_pool() -> ParsingPool:
    """This process's parsing pool (ORDERMIND_INTAKE_WORKERS, _QUEUE, _NICE, ...)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.closed:
            from ordermind.intake.pipeline import PipelineWorker

            _pool = ParsingPool(PipelineWorker, PoolSettings.from_env(), preload=_PRELOAD)
        return _pool


def stop_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


_default_limits: Limits | None = None


def limits_for(request: Request) -> Limits:
    global _default_limits
    own = getattr(request.app.state, "intake_limits", None)
    if own is not None:
        return own
    if _default_limits is None:
        _default_limits = Limits.from_env()
    return _default_limits


def _pool_for(request: Request) -> ParsingPool:
    return getattr(request.app.state, "intake_pool", None) or default_pool()


def _prepare(request: Request, data: bytes, filename: str | None, fmt: str, channel: str):
    """Parse and match in a pool worker, reading what matching needs in a read-only unit of
    work between the two: no write lock is held and no server CPU is spent on the parse."""
    limits = limits_for(request)
    catalogs: MatcherCache = request.app.state.intake_matchers
    budget = limits.max_parse_seconds  # CPU seconds for the parse and the match together
    layouts = _sender_layouts(request, data, fmt)
    try:
        with _pool_for(request).session() as work:
            wanted = work.call("parse", data, filename, fmt, limits, None, layouts, timeout=budget)
            with uow(request, readonly=True) as ro:
                conn = ro.conn
                assert conn is not None  # open while the unit of work is
                found = svc.lookups(ro, channel, wanted, lambda keys: xref_many(conn, keys))
                version, records = catalogs.get(ro)
            spent = work.cpu_used
            if work.memo.get("catalog") != version:
                try:
                    work.call("load_catalog", version, records, timeout=CATALOG_LOAD_SECONDS)
                except JobTimedOut:
                    raise ApiError(
                        503,
                        "the catalog matcher could not be built in "
                        f"{CATALOG_LOAD_SECONDS:g} seconds",
                        "intake_unavailable",
                    ) from None
                work.memo["catalog"] = version
            left = budget - spent  # building the matcher is not the file's fault
            answer = work.call(
                "match_encoded",
                version,
                found.xref,
                set(found.seen),
                svc.REVIEW_THRESHOLD,
                timeout=max(0.05, left),
            )
            return decode(answer)
    except JobTimedOut:
        raise _refused(ParseTimeLimit("max_parse_seconds", budget)) from None
    except IntakeError as exc:
        raise _refused(exc) from None
    except MemoryError:
        pool = _pool_for(request)
        cap = pool.settings.memory_mb
        raise ApiError(
            413,
            "document refused: reading it needs more memory than a parser "
            f"may use (ORDERMIND_INTAKE_WORKER_MEMORY_MB = {cap})",
            "document_too_large",
            limit="worker_memory_mb",
            limit_value=cap,
        ) from None
    except WorkerFailed as exc:
        log.error(
            "intake parser failed",
            extra={"fields": {"error": exc.summary, "traceback": exc.detail[-4000:]}},
        )
        raise ApiError(
            422,
            "document refused: it could not be parsed (the failure was logged)",
            "validation_failed",
        ) from None


def _sender_layouts(request: Request, data: bytes, fmt: str) -> dict | None:
    """The sender layouts learnt from corrections, for a PDF or an image (one small
    table, read in a read-only unit of work); None for every other format."""
    from ordermind.intake.pdf import is_image, is_pdf

    if fmt not in ("pdf", "image") and not (fmt == "auto" and (is_pdf(data) or is_image(data))):
        return None
    with uow(request, readonly=True) as ro:
        return ro.intake.layouts() or None


def _refused(exc: IntakeError) -> ApiError:
    if isinstance(exc, LimitExceeded):
        return ApiError(
            413,
            f"document refused: {exc}",
            "document_too_large",
            limit=exc.limit,
            limit_value=exc.value,
        )
    if isinstance(exc, DocumentTooLargeError):
        return ApiError(413, f"document refused: {exc}", "document_too_large")
    return ApiError(422, f"document refused: {exc}", "validation_failed")


def _busy(exc: PoolBusy) -> Response:
    resp = problem(
        503, "Service Unavailable", exc.args[0], "intake_busy", retry_after=exc.retry_after
    )
    resp.headers["Retry-After"] = str(exc.retry_after)
    return resp


def _doc_view(r, with_content: bool = False) -> dict:
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
    if r.format in ("pdf", "image"):
        # the review screen shows each page beside what was read, with each field's box
        pages = (r.parsed or {}).get("meta", {}).get("pages") or []
        out["pages"] = [
            {
                "number": n,
                "url": f"/v1/intake/documents/{r.id}/pages/{n}.png",
                "source": p.get("source"),
            }
            for n, p in enumerate(pages, 1)
        ]
        out["boxes"] = (r.parsed or {}).get("meta", {}).get("boxes") or {}
        out["line_boxes"] = [
            (ln.get("meta") or {}).get("boxes") or {} for ln in (r.parsed or {}).get("lines", [])
        ]
    if with_content:
        try:
            out["original"] = {"encoding": "utf-8", "text": r.content.decode("utf-8")}
        except UnicodeDecodeError:
            out["original"] = {"encoding": "base64", "text": base64.b64encode(r.content).decode()}
    return out


@router.post(
    "/documents",
    status_code=201,
    summary="Upload an order document (UBL, X12 850, EDIFACT, CSV, XLSX, PDF, image, free text)",
    # the body is the file itself, read raw (any media type): say so for clients
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": (
                "the document's bytes; `format=auto` tells the kind from them. At most "
                "ORDERMIND_MAX_DOCUMENT_BYTES (20 MiB by default; other routes take 1 MiB): "
                "larger is a 413 naming that limit"
            ),
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def upload_documents(
    request: Request,
    channel: Annotated[str, Query(min_length=1, max_length=64)] = "edi",
    filename: Annotated[str | None, Query(max_length=255)] = None,
    format: Annotated[
        str, Query(pattern="^(auto|ubl|x12|edifact|csv|xlsx|text|pdf|image)$")
    ] = "auto",
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.INTAKE_SUBMIT)
    if who.role is Role.CHANNEL and channel != who.channel:
        raise Forbidden(f"this key may only submit documents for channel {who.channel}")
    # at most ORDERMIND_UPLOADS_PER_KEY in progress per key (per worker); more get a 429
    with request.app.state.limits.uploads.slot(who.key_id):
        data = await request.body()
        try:
            prepared = await run_in_threadpool(_prepare, request, data, filename, format, channel)
        except PoolBusy as exc:
            return _busy(exc)

        def create(work):
            outcomes = svc.record(
                work, prepared, data, channel=channel, actor=who.actor, filename=filename
            )
            return 201, {"documents": [o.__dict__ for o in outcomes]}

        payload = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "channel": channel,
            "format": format,
        }
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
    require(who, Perm.INTAKE_REVIEW)
    with uow(request, readonly=True) as work:
        items = [_doc_view(r) for r in work.intake.find(status, limit)]
    return json_response({"items": items})


@router.get("/documents/{doc_id}", summary="A document: the original beside what was parsed")
def get_document(doc_id: DocId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.INTAKE_READ)
    with uow(request, readonly=True) as work:
        record = work.intake.get(doc_id)
    if record is None or (who.channel_scope and record.channel != who.channel_scope):
        raise NotFound(f"intake document {doc_id} not found")
    return json_response(_doc_view(record, with_content=True))


@router.get(
    "/documents/{doc_id}/pages/{number}.png",
    summary="A page of a PDF or scanned document as an image, as its fields were read",
    response_class=Response,
)
def get_document_page(
    doc_id: DocId,
    number: Annotated[int, Path(ge=1, le=10_000)],
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.INTAKE_READ)
    with uow(request, readonly=True) as work:
        record = work.intake.get(doc_id)
    if record is None or (who.channel_scope and record.channel != who.channel_scope):
        raise NotFound(f"intake document {doc_id} not found")
    if record.format not in ("pdf", "image"):
        raise NotFound(f"intake document {doc_id} is {record.format}, which has no page images")
    from ordermind.intake.pdf.pages import page_png

    pages = (record.parsed or {}).get("meta", {}).get("pages") or []
    if number > len(pages):
        raise NotFound(f"intake document {doc_id} has {len(pages)} page(s), not {number}")
    try:
        png = page_png(record.content, record.format, number, pages, limits_for(request))
    except IntakeError as exc:
        raise _refused(exc) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.post(
    "/documents/{doc_id}/resolve",
    summary="Correct a document under review; the corrections are remembered",
)
def resolve_document(
    doc_id: DocId, body: IntakeResolveIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.INTAKE_REVIEW)
    corrections = [svc.LineCorrection(c.line_id, c.sku, c.quantity) for c in body.lines]
    ship_to = None if body.ship_to is None else Address(**body.ship_to.model_dump())
    fields = body.fields.model_dump(exclude_none=True, mode="json") if body.fields else None
    layout = _learn_layout(request, doc_id, fields) if fields else None
    with uow(request) as work:
        record = svc.resolve(
            work, doc_id, corrections, ship_to, who.actor, fields=fields, layout=layout
        )
        work.commit()
    return json_response(_doc_view(record))


def _learn_layout(request: Request, doc_id: int, fields: dict):
    """The sender layout a PDF or scan's corrected fields teach, read before the write
    transaction (reading a scan again takes seconds); None for other formats."""
    with uow(request, readonly=True) as work:
        record = work.intake.get(doc_id)
    if record is None or record.format not in ("pdf", "image"):
        return None
    from ordermind.intake.pdf import learn_layout

    try:
        return learn_layout(record.content, record.format, fields, limits_for(request))
    except IntakeError as exc:
        raise _refused(exc) from None

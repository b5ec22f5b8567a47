"""Order care over HTTP: exceptions with their ranked fixes, applying and dismissing them,
an on-demand scan, carrier scans of shipments, and SKU substitutes.

The delay scorer and the care policy are made once per worker (`CareSettings`): the model
in ORDERMIND_CARE_MODEL when there is one, else the rule fallback on the store's own
delivery history (re-read every ORDERMIND_CARE_SCORER_REFRESH seconds, default 6 h); the
policy from the JSON file in ORDERMIND_CARE_POLICY, else the defaults."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import Field, StrictBool, StrictInt
from sqlalchemy import Engine

from ordermind.adapters.db.exceptions_repo import delay_scorer
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.care import policy as pol
from ordermind.care.policy import CarePolicy
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import InvalidTransition, NotFound
from ordermind.services import care
from ordermind.services.care_store import CareException, ExceptionFilter

from ..auth import Principal, channel_filter, require
from ..deps import idempotent_create, json_response, page, principal, uow, write
from ..permissions import Perm
from ..problems import ApiError
from ..schemas import Code, Strict
from ..views import order_view

router = APIRouter(prefix="/v1", tags=["care"])
ExceptionId = Annotated[int, Path(gt=0, le=2**62)]
FixNo = Annotated[int, Path(ge=0, le=1000)]
ShipmentId = Annotated[str, Path(min_length=1, max_length=32)]
CodePath = Annotated[str, Path(min_length=1, max_length=64)]
Severity = Literal["low", "medium", "high", "critical"]
ExceptionType = Literal[pol.EXCEPTION_TYPES]  # type: ignore[valid-type]


# -- settings ------------------------------------------------------------------------------


def load_policy(path: str | None = None) -> CarePolicy:
    """The care policy from a JSON file (ORDERMIND_CARE_POLICY), else the defaults;
    ValueError with a clear message for a bad file."""
    path = path if path is not None else os.environ.get("ORDERMIND_CARE_POLICY")
    if not path:
        return CarePolicy()
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"care policy {path}: cannot read it: {exc}") from None
    try:
        return CarePolicy.from_mapping(data)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"care policy {path}: {exc}") from None


class CareSettings:
    """The delay scorer and the policy of one worker, the scorer refreshed now and then."""

    def __init__(self, engine: Engine, refresh: float | None = None) -> None:
        self.engine = engine
        self.refresh = (
            refresh
            if refresh is not None
            else float(os.environ.get("ORDERMIND_CARE_SCORER_REFRESH", "21600"))
        )
        self._lock = threading.Lock()
        self._scorer = None
        self._made = 0.0
        self._policy: CarePolicy | None = None

    def get(self):
        with self._lock:
            if self._policy is None:
                self._policy = load_policy()
            if self._scorer is None or time.monotonic() - self._made > self.refresh:
                self._scorer = delay_scorer(self.engine, os.environ.get("ORDERMIND_CARE_MODEL"))
                self._made = time.monotonic()
            return self._scorer, self._policy


_settings_lock = threading.Lock()


def settings(request: Request):
    state = request.app.state
    with _settings_lock:
        if getattr(state, "care_settings", None) is None:
            state.care_settings = CareSettings(state.engine)
    try:
        return state.care_settings.get()
    except ValueError as exc:
        raise ApiError(500, str(exc), "care_policy_invalid") from None


def _factory(request: Request):
    engine = request.app.state.engine
    return lambda: SqlUnitOfWork(engine)


# -- views ---------------------------------------------------------------------------------


def exception_view(e: CareException) -> dict:
    applied = e.applied
    return {
        "id": e.id,
        "order_id": e.order_id,
        "channel": e.channel,
        "type": e.type,
        "cause": e.cause,
        "status": e.status,
        "severity": e.severity,
        "money_at_risk": e.money_at_risk,
        "currency": e.currency,
        "promise_at_risk": e.promise_at_risk,
        "explanation": e.explanation,
        "details": e.details,
        "opened_at": e.opened_at,
        "updated_at": e.updated_at,
        "closed_at": e.closed_at,
        "close_reason": e.close_reason,
        "closed_by": e.closed_by,
        "applied": applied,
        "auto_applied": bool(applied and applied.get("auto")),
        "evaluated_at": e.evaluated_at,
    }


def _visible(who: Principal, e: CareException | None, exception_id: int) -> CareException:
    if e is None or (who.channel_scope and e.channel != who.channel_scope):
        raise NotFound(f"exception {exception_id} not found")
    return e


# -- exceptions ----------------------------------------------------------------------------


@router.get("/exceptions", summary="Exceptions on orders, newest first, by cursor")
def list_exceptions(
    request: Request,
    status: Literal["open", "closed", "dismissed"] | None = None,
    type: ExceptionType | None = None,
    severity: Severity | None = None,
    channel: Annotated[str | None, Query(max_length=64)] = None,
    order_id: Annotated[int | None, Query(gt=0, le=2**62)] = None,
    cursor: Annotated[int | None, Query(gt=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    who: Principal = Depends(principal),
):
    require(who, Perm.EXCEPTIONS_READ)
    channel = channel_filter(who, channel)
    flt = ExceptionFilter(
        status=status, type=type, severity=severity, channel=channel, order_id=order_id
    )
    with uow(request, readonly=True) as work:
        items = [exception_view(e) for e in work.care.list_exceptions(flt, cursor, limit)]
    return json_response(page(items, limit, lambda e: e["id"]))


@router.get("/exceptions/stats", summary="Acceptance rates of proposed fixes, per fix type")
def exception_stats(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CARE_READ)  # fix statistics span every channel: not a channel key's
    with uow(request, readonly=True) as work:
        return json_response(care.stats(work))


@router.get(
    "/exceptions/{exception_id}",
    summary="An exception with its fixes, each evaluated (and rolled back) now",
)
def get_exception(
    exception_id: ExceptionId,
    request: Request,
    evaluate: Annotated[
        bool,
        Query(
            description="evaluate the fixes now (rolled back); "
            "false shows the last stored evaluation"
        ),
    ] = True,
    who: Principal = Depends(principal),
):
    require(who, Perm.EXCEPTIONS_READ)
    with uow(request, readonly=True) as work:
        exc = _visible(who, work.care.get_exception(exception_id), exception_id)
    body = exception_view(exc)
    evaluation = exc.evaluation
    if evaluate and exc.status == "open":
        scorer, policy = settings(request)
        evaluation = care.evaluate(
            _factory(request), exception_id, utcnow(), scorer, policy
        ).as_dict()
    body["fixes"] = (evaluation or {}).get("fixes", [])
    body["ranking"] = (evaluation or {}).get("ranking")
    body["evaluation_at"] = (evaluation or {}).get("at")
    return json_response(body)


class ScanIn(Strict):
    order_ids: (
        Annotated[list[Annotated[StrictInt, Field(gt=0, le=2**62)]], Field(max_length=10_000)]
        | None
    ) = None
    auto_apply: StrictBool = True


@router.post(
    "/exceptions/scan",
    summary="Scan open orders for exceptions now (then apply what policy allows)",
)
def scan_exceptions(
    request: Request, body: ScanIn | None = None, who: Principal = Depends(principal)
):
    require(who, Perm.EXCEPTIONS_ACT)
    body = body or ScanIn()
    scorer, policy = settings(request)
    factory = _factory(request)
    now = utcnow()
    report = care.scan(factory, now, scorer, policy, order_ids=body.order_ids)
    auto = care.auto_apply(factory, now, scorer, policy) if body.auto_apply else None
    return json_response({"scan": report.as_dict(), "auto_apply": auto.as_dict() if auto else None})


class ApplyIn(Strict):
    expect: (
        Annotated[
            str,
            Field(
                min_length=1,
                max_length=200,
                description="the fix key shown; refused if fix n changed",
            ),
        ]
        | None
    ) = None
    note: Annotated[str, Field(max_length=500)] | None = None


@router.post(
    "/exceptions/{exception_id}/fixes/{n}/apply",
    summary="Apply the n-th ranked fix (re-evaluated first); idempotent",
)
def apply_fix(
    exception_id: ExceptionId,
    n: FixNo,
    request: Request,
    body: ApplyIn | None = None,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.EXCEPTIONS_ACT)
    body = body or ApplyIn()
    scorer, policy = settings(request)
    now = utcnow()
    try:  # the fixes of now, each rolled back; a closed exception is refused below
        evaluation = care.evaluate(_factory(request), exception_id, now, scorer, policy)
    except InvalidTransition:
        evaluation = None

    def create(work):
        if evaluation is None:
            exc = work.care.get_exception(exception_id)
            raise InvalidTransition(
                f"exception {exception_id} is {exc.status if exc else 'gone'}; nothing to apply"
            )
        exc = care.apply_fix(
            work,
            exception_id,
            n,
            evaluation,
            who.actor,
            now,
            scorer,
            policy,
            expect=body.expect,
            note=body.note,
        )
        order = work.orders.get(exc.order_id)
        return 200, {
            "exception": exception_view(exc),
            "applied": exc.applied,
            "order": order_view(order, care.delay_risk(work, exc.order_id)) if order else None,
        }

    payload = {"exception_id": exception_id, "n": n, **body.model_dump()}
    return idempotent_create(request, who, idempotency_key, payload, create)


class DismissIn(Strict):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.post(
    "/exceptions/{exception_id}/dismiss",
    summary="Dismiss an exception with a reason (its fixes count as passed over)",
)
def dismiss_exception(
    exception_id: ExceptionId,
    body: DismissIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.EXCEPTIONS_ACT)
    scorer, policy = settings(request)
    now = utcnow()
    try:
        evaluation = care.evaluate(_factory(request), exception_id, now, scorer, policy)
    except InvalidTransition:
        evaluation = None  # not open: `dismiss` says so
    exc = write(
        request,
        lambda work: care.dismiss(work, exception_id, body.reason, who.actor, now, evaluation),
    )
    return json_response(exception_view(exc))


# -- carrier scans -------------------------------------------------------------------------


class ScanEventIn(Strict):
    status: Literal[care.SCAN_STATUSES]  # type: ignore[valid-type]
    at: datetime
    location: Annotated[str, Field(max_length=200)] | None = None


@router.post(
    "/shipments/{shipment_id}/scans",
    status_code=201,
    summary="Record a carrier scan of a shipment (kept in the order's timeline)",
)
def add_shipment_scan(
    shipment_id: ShipmentId,
    body: ScanEventIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.FULFILMENT_WRITE)
    now = utcnow()

    def create(work):
        return 201, care.record_scan(
            work, shipment_id, body.status, body.at, who.actor, now, body.location
        )

    return idempotent_create(request, who, idempotency_key, body.model_dump(mode="json"), create)


# -- substitutes ---------------------------------------------------------------------------


class SubstitutesIn(Strict):
    substitutes: Annotated[
        list[Code], Field(max_length=50, description="equivalent SKUs, preferred first")
    ]


@router.put(
    "/products/{sku}/substitutes",
    summary="Replace the equivalent SKUs a back-ordered line may switch to",
)
def put_substitutes(
    sku: CodePath, body: SubstitutesIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.PRODUCTS_WRITE)
    subs = write(request, lambda work: care.set_substitutes(work, sku, body.substitutes, who.actor))
    return json_response({"sku": sku, "substitutes": subs})


@router.get("/products/{sku}/substitutes", summary="A product's equivalent SKUs")
def get_substitutes(sku: CodePath, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CARE_READ)
    with uow(request, readonly=True) as work:
        subs = care.substitutes_of(work, sku)
    return json_response({"sku": sku, "substitutes": subs})


# -- announced carrier delays --------------------------------------------------------------


class CarrierDelayIn(Strict):
    extra_days: Annotated[
        float,
        Field(
            gt=0,
            le=care.MAX_CARRIER_DELAY_DAYS,
            description="how many days longer its parcels take",
        ),
    ]
    from_: Annotated[datetime | None, Field(alias="from", description="start (default: now)")] = (
        None
    )
    until: datetime
    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.put(
    "/carriers/{carrier}/delay",
    summary="Announce a carrier's delay (replaces the one it had); the next care "
    "scan re-scores its parcels and the orders of nodes that ship by it",
)
def put_carrier_delay(
    carrier: CodePath, body: CarrierDelayIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.EXCEPTIONS_ACT)
    now = utcnow()
    delay = write(
        request,
        lambda work: care.set_carrier_delay(
            work,
            carrier,
            body.extra_days,
            body.from_ or now,
            body.until,
            body.reason,
            who.actor,
            now,
        ),
    )
    return json_response(delay.as_dict(now))


@router.get(
    "/carriers/delays", summary="Announced carrier delays, with whether each is in force now"
)
def list_carrier_delays(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CARE_READ)
    now = utcnow()
    with uow(request, readonly=True) as work:
        delays = care.carrier_delays(work)
    return json_response({"items": [d.as_dict(now) for d in delays]})


@router.delete(
    "/carriers/{carrier}/delay", status_code=204, summary="Withdraw a carrier's announced delay"
)
def delete_carrier_delay(carrier: CodePath, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.EXCEPTIONS_ACT)
    write(request, lambda work: care.clear_carrier_delay(work, carrier, who.actor))
    return Response(status_code=204)

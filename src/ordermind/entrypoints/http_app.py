"""The FastAPI application factory."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine

from ordermind import __version__
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.http import docs, openapi, problems, webhook_docs
from ordermind.adapters.http.assistant_wiring import UnderstanderSlot
from ordermind.adapters.http.auth import KeyVerifier
from ordermind.adapters.http.cors import AssistantCors
from ordermind.adapters.http.headers import SecurityHeaders
from ordermind.adapters.http.limits import Limits, LimitSettings
from ordermind.adapters.http.metrics import Metrics
from ordermind.adapters.http.middleware import EdgeMiddleware
from ordermind.adapters.http.routers import (
    alerts,
    assistant,
    audit,
    catalog,
    connectors,
    demand,
    desk,
    exceptions,
    experiments,
    fulfilment,
    intake,
    inventory,
    keys,
    kpis,
    notifications,
    ops,
    order_export,
    orders,
    planning,
    privacy,
    resourcing,
    reviews,
    session,
    tax_rates,
    webhooks,
)
from ordermind.adapters.logging import configure as configure_logging
from ordermind.adapters.tracing import install as install_tracing
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.assistant.understanding import Understander
from ordermind.sourcing import cost as sourcing_cost
from ordermind.sourcing import geo as sourcing_geo

# a request body's limit on every route but document uploads (ORDERMIND_MAX_DOCUMENT_BYTES):
# see adapters/http/limits.py
MAX_BODY_BYTES = LimitSettings.from_env().max_body_bytes


class OrdermindApp(FastAPI):
    """FastAPI with the edge (body limit, NUL check, metrics, access log and the order
    fast path) outside the framework's own middleware, so an order served by the fast
    path passes through none of it."""

    edge: EdgeMiddleware | None = None

    async def __call__(self, scope, receive, send) -> None:
        if self.edge is None:
            await self.framework(scope, receive, send)
        else:
            await self.edge(scope, receive, send)

    async def framework(self, scope, receive, send) -> None:
        await super().__call__(scope, receive, send)


def create_app(
    engine: Engine | None = None,
    *,
    webhooks_enabled: bool | None = None,
    limits: LimitSettings | None = None,
    understander: Understander | None = None,
    span_exporter: Any = None,
) -> FastAPI:
    """`understander`: what the order assistant understands messages with (default: the
    trained classifier, `ordermind.assistant.model.load_understander()`, on first use).
    `span_exporter`: trace every request to this OpenTelemetry exporter (default: traced
    only when the environment turns tracing on, adapters/tracing.py)."""
    engine = engine or make_engine()
    worker_limits = Limits(limits)  # from the environment (ORDERMIND_RATE_*, ...) if None
    if webhooks_enabled is None:
        webhooks_enabled = os.environ.get("ORDERMIND_WEBHOOKS", "1") == "1"
    configure_logging(os.environ.get("ORDERMIND_LOG_LEVEL", "WARNING"))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        dispatcher = Dispatcher(engine, own_pool=True) if webhooks_enabled else None
        if dispatcher:
            dispatcher.start(float(os.environ.get("ORDERMIND_WEBHOOK_INTERVAL", "1.0")))
        monitor = _monitor(engine)
        notifier = _notifier(engine)
        care_job = _care(engine)
        housekeeping = _housekeeping(engine)
        shop_push = _shop_push(engine)
        desk_job = _desk(engine)
        yield
        if desk_job:
            desk_job.stop()
        if shop_push:
            shop_push.stop()
        if housekeeping:
            housekeeping.stop()
        if care_job:
            care_job.stop()
        if notifier:
            notifier.stop()
        intake.stop_pool()  # this process's document parsers (started on first upload)
        if monitor:
            monitor.stop()
        if dispatcher:
            dispatcher.stop()
        if app.state.tracing is not None:
            app.state.tracing.shutdown()  # the spans still queued, then uninstrument

    app = OrdermindApp(
        title="ordermind",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served by docs.install from packaged assets: no CDN, works offline
        redoc_url=None,
        # operation ids are the handlers' names (`place_order`), not FastAPI's path soup
        generate_unique_id_function=lambda route: route.name,
        description="Distributed order management: orders, stock, sourcing, fulfilment, "
        "returns. Authenticate with `Authorization: Bearer <api key>`; send an "
        "`Idempotency-Key` header on creates. Errors are RFC 9457 problem+json.",
    )
    metrics = Metrics()
    app.state.engine = engine
    app.state.limits = worker_limits
    app.state.verifier = KeyVerifier(engine, worker_limits)
    app.state.metrics = metrics
    app.state.intake_matchers = intake.MatcherCache()
    app.state.screener = _screener(engine)
    app.state.understander = UnderstanderSlot(understander)
    # addresses without coordinates: the operator's postal table, if one was imported
    # (`ordermind geo import`), before the cities that ship with the package
    sourcing_geo.use_configured_postal_table()
    # carrier rates and transit days: the operator's table (ORDERMIND_RATE_TABLE), read
    # once here so a malformed file stops start-up instead of the first order
    sourcing_cost.use_configured_rate_table()
    problems.install(app)
    for module in (
        ops,
        catalog,
        tax_rates,
        inventory,
        orders,
        fulfilment,
        reviews,
        intake,
        planning,
        alerts,
        kpis,
        experiments,
        webhooks,
        connectors,
        notifications,
        exceptions,
        keys,
        audit,
        privacy,
        session,
        order_export,
        demand,
        resourcing,
        assistant,
        desk,
    ):
        app.include_router(module.router)
    docs.install(app)
    webhook_docs.install(app)  # the `webhooks` section: every event a subscriber gets
    openapi.install(app)  # response models, problem+json and bearerAuth in /openapi.json
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AssistantCors)  # the chat widget on a shop's own origin
    app.edge = EdgeMiddleware(
        app.framework,
        metrics=metrics,
        fast_app=app,
        limits=worker_limits,
    )
    app.state.tracing = install_tracing(app, engine, span_exporter)
    if app.state.tracing is not None:
        # every order through its route, so that it has its server span like any request
        app.edge.fast_app = None
    return app


def _screener(engine: Engine):
    """The fraud screen for API orders (ORDERMIND_RISK=0 turns it off). It uses the model in
    ORDERMIND_RISK_MODEL_DIR when there is one and the rules alone otherwise; its velocity
    windows are read from the database with each order (every worker sees every order)."""
    if os.environ.get("ORDERMIND_RISK", "1") == "0":
        return None
    from ordermind.services.screening import RiskScreener

    return RiskScreener(os.environ.get("ORDERMIND_RISK_MODEL_DIR"))


def _monitor(engine: Engine):
    """Watch each channel's order stream (ORDERMIND_MONITOR_INTERVAL seconds, 0 = off)."""
    interval = float(os.environ.get("ORDERMIND_MONITOR_INTERVAL", "60"))
    if interval <= 0:
        return None
    from ordermind.adapters.background import Periodic
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.services.monitoring import ChannelWatch

    watch = ChannelWatch()

    def job() -> None:
        with SqlUnitOfWork(engine) as uow:
            watch.poll(uow)
            watch.check(uow)
            uow.commit()

    periodic = Periodic("monitor", interval, job)
    periodic.start()
    return periodic


def housekeeping_pass(engine: Engine) -> dict[str, int]:
    """One pass of the hourly housekeeping: forget velocity records no window can count any
    more, and console sessions that ended over a day ago; purge customer data past its
    retention (`services.privacy`: idempotency responses, raw documents) — that one by one
    worker of all at a time. What it purged."""
    from ordermind.adapters.db.session_repo import SqlSessions
    from ordermind.adapters.db.single_runner import single_runner
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.clock import utcnow
    from ordermind.services import privacy
    from ordermind.services.screening import VELOCITY_HORIZON

    with SqlUnitOfWork(engine) as uow:
        uow.velocity.prune(utcnow() - VELOCITY_HORIZON - timedelta(days=1))
        uow.commit()
    SqlSessions(engine).prune(datetime.now(UTC) - timedelta(days=1))  # (the real clock)
    with single_runner(engine, "retention") as mine:
        if not mine:
            return {}
        with SqlUnitOfWork(engine) as uow:
            purged = privacy.purge(uow, utcnow())
            uow.commit()
    return purged


def _housekeeping(engine: Engine):
    """`housekeeping_pass` every ORDERMIND_HOUSEKEEPING_INTERVAL seconds (default 3600, 0 =
    off)."""
    from ordermind.adapters.background import Periodic

    interval = float(os.environ.get("ORDERMIND_HOUSEKEEPING_INTERVAL", "3600"))
    if interval <= 0:
        return None
    periodic = Periodic("housekeeping", interval, lambda: housekeeping_pass(engine))
    periodic.start()
    return periodic


def _shop_push(engine: Engine):
    """Availability to every connected shop every ORDERMIND_SHOP_PUSH_INTERVAL seconds
    (default 300, 0 = off), by one worker at a time."""
    from ordermind.adapters.background import Periodic
    from ordermind.adapters.connectors.push import push_all
    from ordermind.adapters.db.single_runner import single_runner

    interval = float(os.environ.get("ORDERMIND_SHOP_PUSH_INTERVAL", "300"))
    if interval <= 0:
        return None

    def one_pass() -> None:
        with single_runner(engine, "shop-push") as mine:
            if mine:
                push_all(engine)

    periodic = Periodic("shop-push", interval, one_pass)
    periodic.start()
    return periodic


def _notifier(engine: Engine):
    """Customer notifications: plan the outbox and send what is due every
    ORDERMIND_NOTIFY_INTERVAL seconds (default 10 with ORDERMIND_SMTP_HOST set, else off)."""
    import logging

    from ordermind.adapters.notifications.settings import SettingsError, notify_interval
    from ordermind.adapters.notifications.wiring import sql_notifier

    try:
        interval = notify_interval()
        notifier = sql_notifier(engine) if interval > 0 else None
    except SettingsError as exc:
        logging.getLogger("ordermind.notifications").error("notifications are off: %s", exc)
        return None
    if notifier is not None:
        notifier.start(interval)
    return notifier


def _care(engine: Engine):
    """Order care every ORDERMIND_CARE_INTERVAL seconds (default 300, 0 = off): scan open
    orders for exceptions, then apply the fixes the care policy lets apply themselves."""
    interval = float(os.environ.get("ORDERMIND_CARE_INTERVAL", "300"))
    if interval <= 0:
        return None
    from ordermind.adapters.background import Periodic
    from ordermind.adapters.db.single_runner import single_runner
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.adapters.http.routers.exceptions import CareSettings
    from ordermind.domain.clock import utcnow
    from ordermind.services import care

    settings = CareSettings(engine)

    def job() -> None:
        # every worker of every host has this timer; one of them runs each pass (two
        # passes at once would each tell the same customer and apply the same fix)
        with single_runner(engine, "care") as mine:
            if not mine:
                return
            scorer, policy = settings.get()
            now = utcnow()
            care.scan(lambda: SqlUnitOfWork(engine), now, scorer, policy)
            care.auto_apply(lambda: SqlUnitOfWork(engine), now, scorer, policy)

    periodic = Periodic("care", interval, job)
    periodic.start()
    return periodic


def _desk(engine: Engine):
    """The agent desk every ORDERMIND_DESK_INTERVAL seconds (default 60, 0 = off): bring
    new care exceptions, fraud reviews and intake reviews in as cases and route every
    queued case to an agent with room (one worker of all at a time)."""
    interval = float(os.environ.get("ORDERMIND_DESK_INTERVAL", "60"))
    if interval <= 0:
        return None
    from ordermind.adapters.background import Periodic
    from ordermind.adapters.db.single_runner import single_runner
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.clock import utcnow
    from ordermind.services import desk

    def job() -> None:
        with single_runner(engine, "desk") as mine:
            if not mine:
                return
            with SqlUnitOfWork(engine) as uow:
                desk.import_queues(uow, utcnow())
                desk.route_waiting(uow, utcnow())
                uow.commit()

    periodic = Periodic("desk", interval, job)
    periodic.start()
    return periodic

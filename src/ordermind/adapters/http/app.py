"""The FastAPI application factory."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from ordermind import __version__
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.logging import configure as configure_logging
from ordermind.adapters.webhooks.dispatcher import Dispatcher

from . import docs, problems
from .auth import KeyVerifier
from .metrics import Metrics
from .middleware import EdgeMiddleware
from .routers import (
    alerts,
    catalog,
    fulfilment,
    intake,
    inventory,
    kpis,
    ops,
    orders,
    planning,
    reviews,
    webhooks,
)

MAX_BODY_BYTES = int(os.environ.get("ORDERMIND_MAX_BODY_BYTES", 1_048_576))


def create_app(engine: Engine | None = None, *, webhooks_enabled: bool | None = None) -> FastAPI:
    engine = engine or make_engine()
    if webhooks_enabled is None:
        webhooks_enabled = os.environ.get("ORDERMIND_WEBHOOKS", "1") == "1"
    configure_logging(os.environ.get("ORDERMIND_LOG_LEVEL", "WARNING"))

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        dispatcher = Dispatcher(engine) if webhooks_enabled else None
        if dispatcher:
            dispatcher.start(float(os.environ.get("ORDERMIND_WEBHOOK_INTERVAL", "1.0")))
        monitor = _monitor(engine)
        yield
        if monitor:
            monitor.stop()
        if dispatcher:
            dispatcher.stop()

    app = FastAPI(
        title="ordermind",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served by docs.install from packaged assets: no CDN, works offline
        redoc_url=None,
        description="Distributed order management: orders, stock, sourcing, fulfilment, "
        "returns. Authenticate with `Authorization: Bearer <api key>`; send an "
        "`Idempotency-Key` header on creates. Errors are RFC 9457 problem+json.",
    )
    metrics = Metrics()
    app.state.engine = engine
    app.state.verifier = KeyVerifier(engine)
    app.state.metrics = metrics
    app.state.intake_matchers = intake.MatcherCache()
    app.state.screener = _screener(engine)
    problems.install(app)
    for module in (
        ops,
        catalog,
        inventory,
        orders,
        fulfilment,
        reviews,
        intake,
        planning,
        alerts,
        kpis,
        webhooks,
    ):
        app.include_router(module.router)
    docs.install(app)
    app.add_middleware(EdgeMiddleware, metrics=metrics, max_body=MAX_BODY_BYTES)
    return app


def _screener(engine: Engine):  # noqa: ANN202
    """The fraud screen for API orders (ORDERMIND_RISK=0 turns it off). It uses the model in
    ORDERMIND_RISK_MODEL_DIR when there is one and the rules alone otherwise; its velocity
    windows start from the last 30 days of orders."""
    if os.environ.get("ORDERMIND_RISK", "1") == "0":
        return None
    from datetime import timedelta

    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.domain.clock import utcnow
    from ordermind.services.screening import RiskScreener
    from ordermind.services.unit_of_work import OrderFilter

    screener = RiskScreener(os.environ.get("ORDERMIND_RISK_MODEL_DIR"))
    try:
        with SqlUnitOfWork(engine, readonly=True) as uow:
            recent = uow.orders.list(
                OrderFilter(created_from=utcnow() - timedelta(days=30)), None, 20_000
            )
        screener.warm(recent)
    except Exception:  # noqa: BLE001 - an unmigrated database: start with empty windows
        pass
    return screener


def _monitor(engine: Engine):  # noqa: ANN202
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

"""Optional OpenTelemetry tracing of the served app (`pip install 'ordermind[otel]'`).

When on, each request is a server span (FastAPI instrumentation) carrying its request id
(`ordermind.request_id`, the `X-Request-Id` answered), with a child span per SQL
statement (SQLAlchemy) and per outgoing HTTP request (httpx: webhook deliveries, shop
availability pushes, which carry the `traceparent` header on). Spans are exported over
OTLP/HTTP in batches; the exporter reads the standard `OTEL_EXPORTER_OTLP_*` variables
and the service is named by `OTEL_SERVICE_NAME` (default `ordermind`).

On when `ORDERMIND_TRACING` is `1` (or `otlp`; `console` prints spans to stdout instead),
or when `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set and
`ORDERMIND_TRACING` is not `0`. Off otherwise, and then nothing of the OpenTelemetry SDK
or its instrumentations is imported.

Statements and calls with no request around them (the webhook dispatcher's poll, the
periodic jobs) start no trace of their own: a root span is kept only when it is not a
client span, or is an HTTP client span (a delivery). Sampling otherwise follows the
parent, as `OTEL_TRACES_SAMPLER` would not know these kinds apart."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from ordermind.adapters.logging import request_id

log = logging.getLogger("ordermind.tracing")
REQUEST_ID = "ordermind.request_id"
_OFF = frozenset({"0", "off", "false", "no"})
_OTLP = frozenset({"1", "on", "true", "yes", "otlp"})
_ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
_PACKAGES = (
    "opentelemetry.sdk",
    "opentelemetry.exporter.otlp.proto.http",
    "opentelemetry.instrumentation.fastapi",
    "opentelemetry.instrumentation.sqlalchemy",
    "opentelemetry.instrumentation.httpx",
)


class TracingError(Exception):
    """A tracing setting the app cannot start with (a bad value, a missing extra)."""


def mode(env: Mapping[str, str] = os.environ) -> str | None:
    """`otlp`, `console` or None (off), from the environment."""
    value = env.get("ORDERMIND_TRACING", "").strip().lower()
    if not value:
        return "otlp" if any(env.get(name) for name in _ENDPOINTS) else None
    if value in _OFF:
        return None
    if value in _OTLP:
        return "otlp"
    if value == "console":
        return "console"
    raise TracingError(
        f"ORDERMIND_TRACING={env['ORDERMIND_TRACING']!r} is not one of 0, 1, otlp, console"
    )


def check(env: Mapping[str, str] = os.environ) -> str | None:
    """What `mode` says, or TracingError when the app could not start with it: a bad
    value, or tracing asked for by ORDERMIND_TRACING without the `otel` extra (checked
    without importing it)."""
    chosen = mode(env)
    if chosen and env.get("ORDERMIND_TRACING"):
        for package in _PACKAGES:
            if importlib.util.find_spec(package) is None:
                raise TracingError(
                    f"ORDERMIND_TRACING is on but {package} is not installed: "
                    "pip install 'ordermind[otel]'"
                )
    return chosen


class Tracing:
    """The provider and the instrumentations one app installed; `shutdown` flushes the
    spans still queued and takes the instrumentation off again."""

    def __init__(self, provider: Any, undo: list[Callable[[], None]]) -> None:
        self.provider = provider
        self._undo = undo

    def shutdown(self) -> None:
        for step in reversed(self._undo):
            step()
        self._undo.clear()
        self.provider.shutdown()


def install(app: Any, engine: Any, exporter: Any = None) -> Tracing | None:
    """Trace `app` and `engine` when tracing is on (always with an `exporter` given: a
    test's InMemorySpanExporter, exported span by span). None when off."""
    chosen = "given" if exporter is not None else mode()
    if chosen is None:
        return None
    try:
        return _install(app, engine, chosen, exporter)
    except ImportError as exc:
        why = f"OpenTelemetry is not installed ({exc.name}): pip install 'ordermind[otel]'"
        if chosen == "given" or os.environ.get("ORDERMIND_TRACING"):
            raise TracingError(f"tracing is on but {why}") from exc
        # only the collector's address is set (it may be meant for another program)
        log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but tracing is off: %s", why)
        return None


def _install(app: Any, engine: Any, chosen: str, exporter: Any) -> Tracing:
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    from .tracing_sampler import requests_and_calls

    service = os.environ.get("OTEL_SERVICE_NAME") or "ordermind"
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: service}), sampler=requests_and_calls()
    )
    if chosen == "given":
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    elif chosen == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))

    def with_request_id(span: Any, scope: dict) -> None:
        rid = request_id()  # set by the edge middleware, outside the framework
        if rid is not None and span.is_recording():
            span.set_attribute(REQUEST_ID, rid)

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, server_request_hook=with_request_id
    )
    undo: list[Callable[[], None]] = [lambda: FastAPIInstrumentor.uninstrument_app(app)]
    sql = SQLAlchemyInstrumentor()
    # it declares SQLAlchemy < 2.1; its engine events are the same on 2.1 (the e2e test
    # tests/e2e/test_tracing_over_http.py is what says it still works)
    sql.instrument(engine=engine, tracer_provider=provider, skip_dep_check=True)
    undo.append(sql.uninstrument)
    http = HTTPXClientInstrumentor()
    http.instrument(tracer_provider=provider)
    undo.append(http.uninstrument)
    return Tracing(provider, undo)

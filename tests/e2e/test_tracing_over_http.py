"""OpenTelemetry tracing of the served app, on SQLite and PostgreSQL: uvicorn serves the
app on loopback, in this process so that the SDK's own InMemorySpanExporter can be read.
A request is a server span carrying the request id it was answered with, its SQL
statements and its outgoing HTTP calls are child spans of it, the call carries the trace
on to the receiver, and with tracing off nothing of the SDK is even imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import uvicorn
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.tracing import REQUEST_ID
from ordermind.entrypoints.http_app import create_app


@contextmanager
def serving(app) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture
def traced(engine) -> Iterator[tuple[str, InMemorySpanExporter, dict]]:
    exporter = InMemorySpanExporter()
    app = create_app(engine, webhooks_enabled=False, span_exporter=exporter)
    headers = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
    with serving(app) as base:
        yield base, exporter, headers


def _server_span(exporter: InMemorySpanExporter, route: str, method: str):
    """The request's server span: it ends just after the answer is sent."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for span in exporter.get_finished_spans():
            attrs = span.attributes or {}
            method_of = attrs.get("http.request.method", attrs.get("http.method"))
            is_server = span.kind is SpanKind.SERVER
            if is_server and attrs.get("http.route") == route and method_of == method:
                return span
        time.sleep(0.02)
    raise AssertionError(f"no server span for {method} {route}")


def _under(span, ancestor, spans) -> bool:
    by_id = {s.context.span_id: s for s in spans}
    while span.parent is not None:
        if span.parent.span_id == ancestor.context.span_id:
            return True
        span = by_id.get(span.parent.span_id)
        if span is None:
            return False
    return False


def _is_sql(span) -> bool:
    attrs = span.attributes or {}
    return span.kind is SpanKind.CLIENT and ("db.system" in attrs or "db.system.name" in attrs)


def test_a_request_is_a_server_span_with_its_request_id_and_its_sql_statements_under_it(traced):
    base, exporter, headers = traced
    with httpx.Client(base_url=base, headers=headers) as client:
        r = client.put("/v1/products/TEE-BLK-M", json={"name": "Tee", "price": 1999})
        assert r.status_code == 200, r.text
    server = _server_span(exporter, "/v1/products/{sku}", "PUT")
    assert server.attributes[REQUEST_ID] == r.headers["x-request-id"]
    spans = exporter.get_finished_spans()
    sql = [s for s in spans if _is_sql(s) and s.context.trace_id == server.context.trace_id]
    assert sql, [s.name for s in spans]
    assert all(_under(s, server, spans) for s in sql)


def test_an_order_goes_through_its_route_and_a_callers_request_id_is_kept(traced):
    base, exporter, headers = traced
    with httpx.Client(base_url=base, headers=headers) as client:
        order = {
            "channel": "web",
            "currency": "EUR",
            "customer": {"email": "ann@example.com", "name": "Ann"},
            "ship_to": {
                "name": "Ann",
                "line1": "1 High St",
                "city": "London",
                "postal_code": "EC1A 1BB",
                "country": "GB",
            },
            "lines": [{"sku": "NOPE", "quantity": 1}],
        }
        r = client.post("/v1/orders", json=order, headers={"X-Request-Id": "trace-me-42"})
    assert r.status_code == 422  # an unknown SKU: refused, and traced all the same
    server = _server_span(exporter, "/v1/orders", "POST")
    assert server.attributes[REQUEST_ID] == "trace-me-42"
    assert server.attributes.get("http.response.status_code", 422) == 422


class _Shop:
    """A WooCommerce admin API on loopback that keeps the traceparent of each request."""

    def __init__(self) -> None:
        self.traceparents: list[str | None] = []
        shop = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                shop.traceparents.append(self.headers.get("traceparent"))
                body = json.dumps({"update": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/wp-json/wc/v3"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_an_outgoing_call_is_a_client_span_of_the_request_and_carries_the_trace_on(traced):
    base, exporter, headers = traced
    shop = _Shop()
    try:
        with httpx.Client(base_url=base, headers=headers) as client:
            assert client.put("/v1/channels/woo-de", json={"name": "Woo"}).status_code == 200
            assert (
                client.put("/v1/products/WOO-CAP", json={"name": "Cap", "price": 1500}).status_code
                == 200
            )
            made = client.post(
                "/v1/connectors",
                json={
                    "kind": "woocommerce",
                    "channel": "woo-de",
                    "shop": "https://shop.example.de",
                    "signing_secret": "s" * 24,
                    "admin_api_url": shop.url,
                    "api_token": "ck_live1234:cs_live5678",
                    "inventory_items": {"WOO-CAP": 712},
                },
            )
            assert made.status_code == 201, made.text
            pushed = client.post(f"/v1/connectors/{made.json()['id']}/availability/push")
            assert pushed.status_code == 200 and pushed.json()["accepted"] == 1, pushed.text
    finally:
        shop.close()
    server = _server_span(exporter, "/v1/connectors/{connector_id}/availability/push", "POST")
    spans = exporter.get_finished_spans()
    calls = [
        s
        for s in spans
        if s.kind is SpanKind.CLIENT and not _is_sql(s) and _under(s, server, spans)
    ]
    assert len(calls) == 1
    trace_id = format(server.context.trace_id, "032x")
    (traceparent,) = shop.traceparents  # version, trace id, parent span id, flags
    assert traceparent.split("-")[:3] == ["00", trace_id, f"{calls[0].context.span_id:016x}"]


def test_with_tracing_off_the_sdk_and_the_instrumentations_are_not_imported(database_url):
    probe = (
        "import sys\n"
        "from ordermind.entrypoints.http_app import create_app\n"
        "app = create_app(webhooks_enabled=False)\n"
        "assert app.state.tracing is None\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(\n"
        "    ('opentelemetry.sdk', 'opentelemetry.instrumentation', 'opentelemetry.exporter')))\n"
        "print(loaded)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "ORDERMIND_TRACING"))}
    env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"

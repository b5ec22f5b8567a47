"""When tracing is on, and where its traces begin: the settings read from the environment
(a bad value refused in one line), and the sampler that keeps a bare SQL statement from
starting a trace while requests and outgoing calls do."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from ordermind.adapters.tracing import TracingError, mode
from ordermind.adapters.tracing_sampler import requests_and_calls

ENDPOINT = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"ORDERMIND_TRACING": "1"}, "otlp"),
        ({"ORDERMIND_TRACING": "OTLP"}, "otlp"),
        ({"ORDERMIND_TRACING": "console"}, "console"),
        (ENDPOINT, "otlp"),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, "otlp"),
        ({**ENDPOINT, "ORDERMIND_TRACING": "0"}, None),
        ({**ENDPOINT, "ORDERMIND_TRACING": "off"}, None),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, None),
    ],
)
def test_tracing_is_on_when_asked_for_or_when_a_collector_is_named(env, expected):
    assert mode(env) == expected


def test_a_tracing_setting_of_another_value_is_refused_naming_the_values_taken():
    with pytest.raises(TracingError, match="'jaeger' is not one of 0, 1, otlp, console"):
        mode({"ORDERMIND_TRACING": "jaeger"})


def _traced() -> tuple[TracerProvider, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider(sampler=requests_and_calls())
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


def test_a_statement_outside_a_request_begins_no_trace_but_one_inside_is_kept():
    provider, exporter = _traced()
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("SELECT ordermind", kind=SpanKind.CLIENT):
        pass  # the dispatcher's poll: no request around it
    with (
        tracer.start_as_current_span("GET /v1/orders", kind=SpanKind.SERVER),
        tracer.start_as_current_span("SELECT ordermind", kind=SpanKind.CLIENT),
    ):
        pass
    assert [(s.name, s.kind) for s in exporter.get_finished_spans()] == [
        ("SELECT ordermind", SpanKind.CLIENT),
        ("GET /v1/orders", SpanKind.SERVER),
    ]
    (sql, server) = exporter.get_finished_spans()
    assert sql.parent is not None and sql.parent.span_id == server.context.span_id


def test_an_outgoing_http_call_outside_a_request_begins_its_own_trace():
    provider, exporter = _traced()
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span(
        "POST", kind=SpanKind.CLIENT, attributes={"http.request.method": "POST"}
    ):
        pass  # a webhook delivery
    assert [s.name for s in exporter.get_finished_spans()] == ["POST"]

"""The sampler of adapters/tracing.py (imported only when tracing is on): a trace starts at
a request (a server span), an outgoing HTTP request or any span of ours, never at a bare
SQL statement or connect with no request around it (the dispatcher's poll every second
and the periodic jobs would otherwise bury the requests' traces)."""

from __future__ import annotations

from collections.abc import Sequence

from opentelemetry.context import Context
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_ON,
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
)
from opentelemetry.trace import Link, SpanKind, TraceState
from opentelemetry.util.types import Attributes

_HTTP_METHOD = ("http.request.method", "http.method")  # the current and the old semconv


class _Roots(Sampler):
    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if kind is SpanKind.CLIENT and not any(k in (attributes or {}) for k in _HTTP_METHOD):
            return SamplingResult(Decision.DROP)
        return ALWAYS_ON.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return "OrdermindRoots{no trace begins at a statement outside a request}"


def requests_and_calls() -> Sampler:
    return ParentBased(root=_Roots())

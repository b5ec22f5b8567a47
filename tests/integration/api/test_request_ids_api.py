"""Every answer carries a request id, the same one its problem body and its log lines
quote, on SQLite and PostgreSQL: the caller's X-Request-Id when it is a sane token."""

from __future__ import annotations

import io
import logging

import orjson

from ordermind.adapters.logging import JsonFormatter

from .conftest import order_body


def test_every_answer_has_a_request_id_and_a_sane_callers_id_is_kept(api):
    first, second = api.get("/v1/products"), api.get("/v1/products")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    kept = api.get("/v1/products", headers={"X-Request-Id": "edge-42.a"})
    assert kept.headers["x-request-id"] == "edge-42.a"
    odd = api.get("/v1/products", headers={"X-Request-Id": "a b"})
    assert odd.headers["x-request-id"] != "a b"


def test_a_problem_quotes_the_request_id_of_its_answer_on_every_path(api):
    api.seed({("LDN", "A"): 1})
    unknown = order_body(("NOPE", 1))
    answers = [
        api.post("/v1/orders", json=unknown),  # the order fast path
        api.get("/v1/orders/999999"),  # the framework
        api.client.get("/v1/orders"),  # no key
        api.post("/v1/orders", content=b"x" * 2_000_000),  # the edge: too large
    ]
    for r in answers:
        assert r.status_code >= 400
        assert r.json()["request_id"] == r.headers["x-request-id"], r.text


def test_log_lines_written_while_a_request_is_served_carry_its_id(api):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("ordermind.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        r = api.get("/v1/products", headers={"X-Request-Id": "trace-7"})
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    lines = [orjson.loads(x) for x in stream.getvalue().splitlines()]
    assert r.status_code == 200
    assert [x.get("request_id") for x in lines if x["msg"] == "request"] == ["trace-7"]

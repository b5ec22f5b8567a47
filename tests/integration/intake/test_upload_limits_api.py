"""Uploads that cannot hurt (issue 18): each limit refuses its document over the API with
a 413 problem that names the limit, its value and its setting, and writes nothing; a
parse that overruns is killed; a busy parser pool answers 503 with Retry-After; fuzzed
documents that once crashed the parsers are refused or read, never a 5xx. Both back ends."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.parsing_pool import ParsingPool, PoolSettings
from ordermind.intake.pipeline import PipelineWorker
from ordermind.intake.security import Limits

from ...unit.intake.fuzz_targets import check, crasher_format, crashers
from ...unit.intake.samples import (
    CSV,
    make_xlsx,
    order_sheet,
    slow_edifact,
    xlsx_parts,
    zip_parts,
)
from ..api.conftest import Api


@pytest.fixture
def api(app, engine) -> Api:
    client = Api(TestClient(app), create_key(engine, Role.ADMIN))
    client.seed({("LDN", "A"): 100, ("LDN", "B"): 100})
    return client


def _upload(api: Api, data: bytes, filename: str = "po.xlsx", **params) -> object:
    return api.post(
        "/v1/intake/documents",
        content=data,
        params={"channel": "edi", "filename": filename, **params},
    )


def _nothing_written(api: Api) -> None:
    assert api.get("/v1/intake/documents").json()["items"] == []
    assert api.get("/v1/orders").json()["items"] == []


def _refused_by(r, limit: str, value: object) -> None:
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "document_too_large" and body["limit"] == limit, body
    assert body["limit_value"] == value
    assert f"{limit} = {value:,}" in body["detail"], body["detail"]
    assert f"ORDERMIND_INTAKE_{limit.upper()}" in body["detail"], body["detail"]


@pytest.mark.parametrize(
    ("limits", "filename", "document", "limit", "value"),
    [
        (Limits(max_rows=50), "po.xlsx", make_xlsx(order_sheet(60)), "max_rows", 50),
        (Limits(max_cells=150), "po.xlsx", make_xlsx(order_sheet(40, columns=5)), "max_cells", 150),
        (
            Limits(max_columns=20),
            "po.xlsx",
            make_xlsx(order_sheet(3, columns=30)),
            "max_columns",
            20,
        ),
        (
            Limits(max_shared_strings=100),
            "po.xlsx",
            make_xlsx(order_sheet(3), extra_strings=500),
            "max_shared_strings",
            100,
        ),
        (
            Limits(max_rows=50),
            "po.csv",
            b"PO Number,SKU,Qty\n" + b"PO-1,A,1\n" * 60,
            "max_rows",
            50,
        ),
        (
            Limits(max_bytes=1000),
            "po.csv",
            CSV + b"ACME,PO-7001,,,,,,A,Widget,1,,\n" * 40,
            "max_bytes",
            1000,
        ),
    ],
    ids=[
        "xlsx-rows",
        "xlsx-cells",
        "xlsx-columns",
        "xlsx-shared-strings",
        "csv-rows",
        "input-bytes",
    ],
)
def test_an_upload_past_a_limit_is_refused_with_the_limit_named_and_nothing_written(
    api, app, limits, filename, document, limit, value
):
    app.state.intake_limits = limits
    _refused_by(_upload(api, document, filename=filename), limit, value)
    _nothing_written(api)
    app.state.intake_limits = None  # the same file within the defaults is read
    assert _upload(api, document, filename=filename).status_code == 201


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_it_is_unpacked(api):
    parts = xlsx_parts(order_sheet(3))
    # 100 MB of zeros hidden in the sheet as a comment: about 100 kB on the wire
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b"<!--" + b"0" * 100_000_000 + b"-->" + b"<sheetData>"
    )
    bomb = zip_parts(parts)
    assert len(bomb) < 1_000_000
    r = _upload(api, bomb)
    _refused_by(r, "max_unzipped_bytes", 50 * 1024 * 1024)
    _nothing_written(api)


def test_a_zip_with_thousands_of_parts_is_refused(api):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in xlsx_parts(order_sheet(3)).items():
            z.writestr(name, data)
        for i in range(1_100):
            z.writestr(f"xl/media/p{i}.bin", b"")
    _refused_by(_upload(api, out.getvalue()), "max_zip_entries", 1_000)
    _nothing_written(api)


def test_the_testers_huge_csv_is_refused_by_the_row_limit_and_a_larger_one_at_the_edge(api):
    rows = b"PO Number,SKU,Qty\n" + b"P,A,1\n" * 150_000  # 900 kB: under the body limit
    _refused_by(_upload(api, rows, filename="big.csv"), "max_rows", 10_000)
    # past the document body limit (ORDERMIND_MAX_DOCUMENT_BYTES, 20 MiB): the edge refuses
    bigger = b"PO Number,SKU,Qty\n" + b"P,A,1\n" * 3_700_000
    r = _upload(api, bigger, filename="big.csv")
    assert r.status_code == 413 and "byte limit" in r.json()["detail"]
    assert r.json()["limit"] == "ORDERMIND_MAX_DOCUMENT_BYTES"
    _nothing_written(api)


def test_a_parse_that_overruns_is_stopped_cooperatively_and_the_time_limit_named(api, app):
    app.state.intake_limits = Limits(max_parse_seconds=0.05)
    r = _upload(api, make_xlsx(order_sheet(9_000)))
    _refused_by(r, "max_parse_seconds", 0.05)
    _nothing_written(api)


def test_a_parse_that_overruns_inside_a_tokeniser_is_killed_and_the_pool_recovers(api, app):
    pool = ParsingPool(PipelineWorker, PoolSettings(workers=1, queue=0))
    app.state.intake_pool = pool
    try:
        # the EDIFACT tokeniser has no checkpoints: only killing the process stops it
        slow = slow_edifact()
        app.state.intake_limits = Limits(max_parse_seconds=0.01)
        first_pid = _worker_pid(pool)
        r = _upload(api, slow, filename="slow.edi")
        _refused_by(r, "max_parse_seconds", 0.01)
        _nothing_written(api)
        assert _worker_pid(pool) != first_pid  # the overrunning process was replaced
        app.state.intake_limits = None
        r = _upload(api, CSV, filename="po.csv")
        assert r.status_code == 201, r.text
    finally:
        pool.close()


def _worker_pid(pool: ParsingPool) -> int:
    with pool.session() as s:
        return s.call("ping", timeout=30)


def test_a_busy_parser_pool_answers_503_with_retry_after_and_writes_nothing(api, app):
    pool = ParsingPool(PipelineWorker, PoolSettings(workers=1, queue=0))
    app.state.intake_pool = pool
    try:
        with pool.session():  # the only worker is taken and no one may queue
            r = _upload(api, CSV, filename="po.csv")
        assert r.status_code == 503, r.text
        assert int(r.headers["Retry-After"]) >= 1
        assert r.json()["code"] == "intake_busy"
        _nothing_written(api)
        assert _upload(api, CSV, filename="po.csv").status_code == 201  # free again
    finally:
        pool.close()


def test_an_idempotent_retry_of_an_upload_returns_the_first_answer(api):
    first = _upload(api, CSV, filename="po.csv", format="csv")
    headers = {"Idempotency-Key": "upload-1"}
    a = api.post(
        "/v1/intake/documents",
        content=CSV,
        headers=headers,
        params={"channel": "edi", "filename": "po.csv"},
    )
    b = api.post(
        "/v1/intake/documents",
        content=CSV,
        headers=headers,
        params={"channel": "edi", "filename": "po.csv"},
    )
    assert first.status_code == a.status_code == b.status_code == 201
    assert b.headers.get("Idempotent-Replayed") == "true" and a.json() == b.json()
    assert a.json()["documents"][0]["status"] == "duplicate"  # the same PO as the first


@pytest.mark.parametrize("path", crashers(), ids=lambda p: p.name)
def test_every_kept_crasher_is_refused_or_read_over_the_api_never_a_5xx(api, path):
    data = path.read_bytes()
    fmt = crasher_format(path)
    parsed = check(fmt, data)  # the parser itself: documents or an IntakeError
    for params in ({"format": fmt}, {}):
        r = _upload(api, data, filename=path.name, **params)
        assert r.status_code < 500, (params, r.text)
        if params and not isinstance(parsed, list):
            assert r.status_code in (413, 422), r.text
            assert r.headers["content-type"].startswith("application/problem+json")
        elif params:
            assert r.status_code in (201, 409), r.text

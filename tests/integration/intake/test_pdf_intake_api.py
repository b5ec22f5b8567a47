"""`POST /v1/intake/documents` with PDFs and scans, and the review view beside the page:
the record keeps the original, `GET /v1/intake/documents/{id}` lists page image URLs and
each field's box, the page image is served; past a page, pixel or inflated-size limit
the upload is a 413 naming the limit, a broken PDF a 422, and nothing is written.
SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.http.limits import MIB, LimitSettings
from ordermind.entrypoints.http_app import create_app
from ordermind.intake.security import Limits

from ...unit.intake.pdf_corpus import make_gold, render, scan
from ...unit.intake.test_pdf_documents import _pdf_with_stream
from ..api.conftest import Api


@pytest.fixture
def api(app, engine) -> Api:
    client = Api(TestClient(app), create_key(engine, Role.ADMIN))
    client.seed({("LDN", "A"): 100})  # a catalog for the matcher
    return client


def _upload(api: Api, data: bytes, filename: str, **params):
    return api.post(
        "/v1/intake/documents",
        content=data,
        params={"channel": "edi", "filename": filename, **params},
        headers={"Content-Type": "application/pdf" if filename.endswith(".pdf") else "image/png"},
    )


def _nothing_written(api: Api) -> None:
    assert api.get("/v1/intake/documents").json()["items"] == []
    assert api.get("/v1/orders").json()["items"] == []


@pytest.mark.parametrize("fmt", ["auto", "pdf"])
def test_a_pdf_purchase_order_is_received_and_shown_beside_its_page(api, fmt) -> None:
    g = make_gold(31, "A", "nl")
    g = replace(g, kind="purchase_order")
    r = _upload(api, render(g, 31), "order.pdf", format=fmt)
    assert r.status_code == 201, r.text
    [outcome] = r.json()["documents"]
    doc = api.get(f"/v1/intake/documents/{outcome['document_id']}").json()
    assert doc["format"] == "pdf" and doc["po_number"] == g.po_number
    assert doc["parsed"]["meta"]["total"] == float(g.total)
    assert doc["original"]["encoding"] == "base64"
    [page] = doc["pages"]
    assert page["url"] == f"/v1/intake/documents/{doc['id']}/pages/1.png"
    assert set(doc["boxes"]) >= {"po_number", "issue_date", "total"}
    assert len(doc["line_boxes"]) == len(g.lines)
    assert all("quantity" in b and "unit_price" in b for b in doc["line_boxes"])
    image = api.get(page["url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    from PIL import Image

    shown = Image.open(io.BytesIO(image.content))
    assert 1.3 < shown.height / shown.width < 1.5  # an A4 page
    assert api.get(f"/v1/intake/documents/{doc['id']}/pages/2.png").status_code == 404


def test_a_scanned_order_is_read_by_ocr_and_its_page_shown_upright(api) -> None:
    g = replace(make_gold(32, "B", "en"), kind="purchase_order")
    # a fax (1-bit TIFF G4) fed sideways
    image = scan(render(g, 32), 32, fmt="tiff", dpi=200, turn=90, noise=0.002, grain=6)
    r = _upload(api, image, "fax.tiff")
    assert r.status_code == 201, r.text
    [outcome] = r.json()["documents"]
    doc = api.get(f"/v1/intake/documents/{outcome['document_id']}").json()
    assert doc["format"] == "image" and doc["po_number"] == g.po_number
    assert doc["pages"][0]["source"] == "ocr"
    png = api.get(doc["pages"][0]["url"])
    from PIL import Image

    shown = Image.open(io.BytesIO(png.content))
    assert shown.height > shown.width  # the sideways scan is shown turned upright


@pytest.mark.parametrize(
    ("limits", "document", "name", "limit"),
    [
        (Limits(max_pages=1), "two_pages", "long.pdf", "max_pages"),
        (Limits(max_decompressed_bytes=5_000_000), "bomb", "bomb.pdf", "max_decompressed_bytes"),
        (Limits(max_pixels=1_000_000), "big_image", "big.png", "max_pixels"),
    ],
)
def test_a_pdf_or_image_past_a_limit_is_a_413_naming_it_and_nothing_is_written(
    api, app, limits, document, name, limit
) -> None:
    if document == "two_pages":
        g = make_gold(33, "A", "en")
        data = render(replace(g, lines=g.lines * 15), 33)
    elif document == "bomb":
        data = _pdf_with_stream(b" " * 20_000_000)
    else:
        data = scan(render(make_gold(34, "A", "en"), 34), 34, fmt="png", dpi=150, grain=0)
    app.state.intake_limits = limits
    r = _upload(api, data, name)
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["limit"] == limit and f"ORDERMIND_INTAKE_{limit.upper()}" in body["detail"]
    _nothing_written(api)


def test_a_scan_larger_than_the_json_body_limit_is_received(api) -> None:
    g = replace(make_gold(35, "B", "en"), kind="purchase_order")
    # a 300 dpi greyscale scan with sensor grain: megabytes, as a real scanner's PNG is
    image = scan(render(g, 35), 35, fmt="png", dpi=300, noise=0.002, grain=10)
    assert len(image) > 2 * MIB
    r = _upload(api, image, "scan.png")
    assert r.status_code == 201, r.text
    [outcome] = r.json()["documents"]
    doc = api.get(f"/v1/intake/documents/{outcome['document_id']}").json()
    assert doc["format"] == "image" and doc["po_number"] == g.po_number


def test_a_document_past_its_own_body_limit_is_a_413_naming_it_and_other_routes_keep_theirs(
    engine,
) -> None:
    settings = LimitSettings(max_document_bytes=2 * MIB)
    app = create_app(engine, webhooks_enabled=False, limits=settings)
    api = Api(TestClient(app), create_key(engine, Role.ADMIN))
    r = _upload(api, b"%PDF-1.7\n" + b" " * (2 * MIB), "huge.pdf")
    assert r.status_code == 413, r.text
    body = r.json()
    assert body["code"] == "payload_too_large"
    assert body["limit"] == "ORDERMIND_MAX_DOCUMENT_BYTES" and body["limit_value"] == 2 * MIB
    assert "ORDERMIND_MAX_DOCUMENT_BYTES" in body["detail"]
    # a JSON route still refuses past 1 MiB, though the document route took more
    note = api.post("/v1/orders", json={"note": "x" * (MIB + 1)})
    assert note.status_code == 413 and note.json()["limit"] == "ORDERMIND_MAX_BODY_BYTES"
    _nothing_written(api)


def test_the_body_limits_come_from_the_environment() -> None:
    env = {"ORDERMIND_MAX_DOCUMENT_BYTES": "5000000", "ORDERMIND_MAX_BODY_BYTES": "2000"}
    settings = LimitSettings.from_env(env)
    assert settings.body_limit("POST", "/v1/intake/documents") == (
        5_000_000,
        "ORDERMIND_MAX_DOCUMENT_BYTES",
    )
    assert settings.body_limit("POST", "/v1/orders") == (2000, "ORDERMIND_MAX_BODY_BYTES")
    assert LimitSettings.from_env({}).max_document_bytes == 20 * MIB


def test_a_broken_pdf_is_a_422_and_nothing_is_written(api) -> None:
    r = _upload(api, b"%PDF-1.7\nthis is not a PDF body\n%%EOF", "broken.pdf")
    assert r.status_code == 422, r.text
    assert "PDF cannot be read" in r.json()["detail"]
    _nothing_written(api)


def test_page_images_exist_only_for_pdfs_and_scans(api) -> None:
    csv = b"PO Number,SKU,Qty\nPO-9,A,1\n"
    r = api.post("/v1/intake/documents", content=csv, params={"filename": "po.csv"})
    assert r.status_code == 201, r.text
    doc_id = r.json()["documents"][0]["document_id"]
    assert "pages" not in api.get(f"/v1/intake/documents/{doc_id}").json()
    assert api.get(f"/v1/intake/documents/{doc_id}/pages/1.png").status_code == 404

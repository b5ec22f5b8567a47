"""`ordermind intake parse` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.intake import app

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / ".." / "shared" / "data" / "documents"
KEYS = [
    "format",
    "po_number",
    "issue_date",
    "currency",
    "buyer",
    "seller",
    "ship_to",
    "requested_delivery_date",
    "lines",
    "confidence",
    "issues",
    "document_kind",
    "total",
]
LINE_KEYS = [
    "line_id",
    "buyer_item_id",
    "seller_item_id",
    "gtin",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "sku",
    "attributes",
    "modifiers",
    "confidence",
]


def test_parse_prints_the_canonical_json_for_an_x12_file() -> None:
    path = DOCS / "x12" / "node-x12_850.edi"
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.output)["documents"]
    assert list(doc) == KEYS and list(doc["lines"][0]) == LINE_KEYS
    assert doc["po_number"] == "08292233294" and doc["currency"] is None


def test_parse_free_text_with_a_catalog_fills_skus(tmp_path) -> None:
    note = tmp_path / "mail.txt"
    note.write_text(
        "please send 40 boxes of A4 80g copy paper and a dozen blue ballpoint pens "
        "to our Leeds office by Friday, PO 4471"
    )
    catalog = ROOT / "tests" / "data" / "intake" / "office_catalog.json"
    result = CliRunner().invoke(
        app, ["parse", str(note), "--format", "text", "--catalog", str(catalog)]
    )
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.output)["documents"]
    assert [ln["sku"] for ln in doc["lines"]] == ["PAP-A4-80", "PEN-BP-BLU"]
    assert doc["ship_to"]["city"] == "Leeds"


def test_parse_reports_a_clear_error_for_garbage(tmp_path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["parse", str(junk)])
    assert result.exit_code == 2
    assert "binary" in result.output


def test_business_free_text_set_keeps_its_measured_quality() -> None:
    import datetime as dt

    from ordermind.intake import Catalog, CatalogMatcher
    from ordermind.intake.text import parse_text

    data = ROOT / "tests" / "data" / "intake"
    rows = [json.loads(x) for x in (data / "business_text.jsonl").read_text().splitlines()]
    assert len(rows) >= 60
    matcher = CatalogMatcher(Catalog.load(data / "office_catalog.json"))
    hits = total = po_ok = 0
    for row in rows:
        doc = matcher.match_document(parse_text(row["text"], today=dt.date(2025, 3, 17)))
        po_ok += doc.po_number == row["po_number"]
        gold = sorted((g["sku"], float(g["quantity"]), g["unit"]) for g in row["lines"])
        pred = sorted((ln.sku or "", ln.quantity or 0.0, ln.unit or "") for ln in doc.lines)
        hits += sum(1 for g in gold if g in pred)
        total += len(gold)
    assert po_ok / len(rows) >= 0.95
    assert hits / total >= 0.9

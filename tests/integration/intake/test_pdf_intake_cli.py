"""`ordermind intake parse` on PDFs and scans: auto-detected or `--format pdf|image`,
the kind of document and its stated total printed beside the canonical fields."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.intake import app

from ...unit.intake.pdf_corpus import make_gold, render, scan


@pytest.fixture(scope="module")
def order():
    g = make_gold(21, "B", "de")
    return g, render(g, 21)


@pytest.mark.parametrize("fmt", ["auto", "pdf"])
def test_parse_prints_a_pdf_order_with_its_kind_and_total(tmp_path, order, fmt) -> None:
    g, data = order
    path = tmp_path / "bestellung.pdf"
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["parse", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.output)["documents"]
    assert doc["format"] == "pdf"
    assert doc["po_number"] == g.po_number and doc["issue_date"] == g.issue_date
    assert doc["document_kind"] == g.kind
    assert doc["total"] == float(g.total)
    assert [ln["quantity"] for ln in doc["lines"]] == [ln.quantity for ln in g.lines]


def test_parse_reads_a_scan_given_as_an_image(tmp_path, order) -> None:
    g, data = order
    path = tmp_path / "fax.tiff"
    path.write_bytes(scan(data, 3, fmt="tiff", dpi=200, skew=1.0, noise=0.005))
    result = CliRunner().invoke(app, ["parse", str(path), "--format", "image"])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.output)["documents"]
    assert doc["format"] == "image" and doc["total"] == float(g.total)
    assert doc["po_number"] == g.po_number


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        ("pdf", b"PO 1234: 3 boxes of paper", "not a PDF"),
        ("image", b"PO 1234: 3 boxes of paper", "image format is not recognised"),
        ("auto", b"%PDF-1.4\nnot really\n%%EOF", "PDF cannot be read"),
        ("auto", b"PO 1234: 3 boxes of paper", "named a PDF but is not one"),
        ("auto", b"", "document is empty"),
    ],
)
def test_parse_refuses_what_is_not_a_pdf_or_image_in_one_line(tmp_path, fmt, content, message):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["parse", str(path), "--format", fmt])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_parse_refuses_a_file_named_an_image_that_is_text_and_a_missing_file_in_one_line(
    tmp_path,
) -> None:
    named = tmp_path / "scan.png"
    named.write_bytes(b"PO 1234: 3 boxes of paper")
    for path, message in ((named, "named an image"), (tmp_path / "gone.pdf", "no such file")):
        result = CliRunner().invoke(app, ["parse", str(path)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith("error: ") and message in result.output
        assert len(result.output.strip().splitlines()) == 1

"""A page of OCR'd words with misread figures is read right where its arithmetic tells
the reading apart, and left for review where it cannot; the same words from a text
layer are taken as written (a sender's arithmetic error is for a person to see). A
1-bit fax is told from a grey scan, so it is smoothed rather than median-filtered."""

from __future__ import annotations

import datetime as dt

from PIL import Image

from ordermind.intake.pdf.ocr import bilevel
from ordermind.intake.pdf.reader import read_document
from ordermind.intake.pdf.words import Page, Word

COLUMNS = (50, 300, 380, 480)  # description, qty, unit price, amount: left edges


def _row(page: Page, y: float, cells: list[str], xs: tuple[float, ...] = COLUMNS) -> None:
    for x, text in zip(xs, cells, strict=True):
        x1 = x
        for part in text.split(" "):
            page.words.append(Word(part, x1, y, x1 + 9 * len(part), y + 12, 0, 0.9))
            x1 += 9 * len(part) + 5


def _order(source: str, rows: list[list[str]], total: str) -> Page:
    page = Page(0, 600, 800, source=source)
    _row(page, 40, ["Purchase Order"], (50,))
    _row(page, 70, ["PO Number:", "PO-4711"], (50, 200))
    _row(page, 90, ["Order Date:", "03/20/2023"], (50, 200))
    _row(page, 140, ["Description", "Qty", "Unit Price", "Amount"])
    for i, cells in enumerate(rows):
        _row(page, 170 + 25 * i, cells)
    _row(page, 190 + 25 * len(rows), ["Total", total], (380, 480))
    return page


ROWS = [
    ["PVC conduit 20 mm", "12", "4,091.92", "13,103.04"],  # 1091.92 with a 1 read as 4
    ["cable ties black", "120", "532.48", "63,897.60"],
    ["safety gloves nitrile", "o", "170.44", "340.88"],  # the quantity 2 read as `o`
]
TOTAL = "77,341.52"


def _read(page: Page):
    return read_document([page], "image", today=dt.date(2023, 6, 1))


def test_misread_figures_of_a_scan_are_read_as_the_arithmetic_says() -> None:
    doc = _read(_order("ocr", ROWS, TOTAL))
    assert [(ln.quantity, ln.unit_price) for ln in doc.lines] == [
        (12, 1091.92),
        (120, 532.48),
        (2, 170.44),
    ]
    assert all(ln.confidence < 0.8 for ln in (doc.lines[0], doc.lines[2]))  # still reviewed
    assert doc.meta["total"] == 77341.52


def test_a_lost_digit_is_restored_from_the_stated_total_when_the_line_alone_cannot_tell() -> None:
    rows = [ROWS[0], ["cable ties black", "120", "32.48", "63,897.60"]]  # 532.48 lost its 5
    doc = _read(_order("ocr", rows, "77,000.64"))
    assert doc.lines[1].unit_price == 532.48
    # with a total that agrees with neither reading, nothing is guessed
    doc = _read(_order("ocr", rows, "99,999.99"))
    assert doc.lines[1].unit_price == 32.48 and doc.lines[1].confidence <= 0.5


def test_a_scans_total_a_digit_off_the_lines_sum_is_read_as_the_sum() -> None:
    rows = [["PVC conduit 20 mm", "12", "1,091.92", "13,103.04"]]
    assert _read(_order("ocr", rows, "13,108.04")).meta["total"] == 13103.04


def test_a_text_layers_figures_are_taken_as_written() -> None:
    doc = _read(_order("text", ROWS[:2], "77,000.64"))
    assert doc.lines[0].unit_price == 4091.92 and "check" in doc.lines[0].meta


def test_a_one_bit_fax_is_told_from_a_grey_scan() -> None:
    fax = Image.new("1", (40, 40), 1).convert("L")
    fax.putpixel((3, 3), 0)
    grey = Image.new("L", (40, 40), 250)
    grey.putpixel((3, 3), 30)
    assert bilevel(fax) and not bilevel(grey)


def test_a_total_is_not_corrected_from_lines_whose_price_was_not_read() -> None:
    rows = [["Room charges", "1", "", "1,939.00"], ["Rooms", "1", "", "1.00"]]
    page = _order("ocr", rows, "1,939.00")
    page.words = [w for w in page.words if w.text]
    assert _read(page).meta["total"] == 1939.00

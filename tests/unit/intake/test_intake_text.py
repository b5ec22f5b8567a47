"""Business free text and the menu (variants + modifiers) parser."""

from __future__ import annotations

import datetime as dt

from ordermind.intake.menu import PhraseCatalog, parse_menu_text
from ordermind.intake.text import parse_text, resolve_when

MONDAY = dt.date(2025, 3, 17)


def test_issue_example_yields_po_site_date_and_two_lines() -> None:
    doc = parse_text(
        "please send 40 boxes of A4 80g copy paper and a dozen blue ballpoint "
        "pens to our Leeds office by Friday, PO 4471",
        today=MONDAY,
    )
    assert doc.po_number == "4471"
    assert doc.ship_to.city == "Leeds"
    assert doc.requested_delivery_date == "2025-03-21"
    assert [(ln.quantity, ln.unit, ln.description) for ln in doc.lines] == [
        (40.0, "BX", "A4 80g copy paper"),
        (12.0, "EA", "blue ballpoint pens"),
    ]


def test_list_e_mail_with_address_typos_and_quantity_after_item() -> None:
    text = (
        "Hi,\nPO#88123\n- 3 x HP 26A toner\n- staples 24/6 x 10 boxs\n"
        "Deliver to: 12 High Street, York YO1 7HH\nneeded by 25/03/2025\nthanks, Sam"
    )
    doc = parse_text(text, today=MONDAY)
    assert doc.po_number == "88123"
    a = doc.ship_to
    assert (a.line1, a.city, a.postal_code) == ("12 High Street", "York", "YO1 7HH")
    assert doc.requested_delivery_date == "2025-03-25"
    assert [(ln.quantity, ln.unit, ln.description) for ln in doc.lines] == [
        (3.0, "EA", "HP 26A toner"),
        (10.0, "BX", "staples 24/6"),
    ]
    assert doc.lines[1].confidence < doc.lines[0].confidence  # "boxs" was a guess


def test_relative_dates_resolve_against_today() -> None:
    assert resolve_when("tomorrow", MONDAY) == "2025-03-18"
    assert resolve_when("next Monday", MONDAY) == "2025-03-24"
    assert resolve_when("end of the month", MONDAY) == "2025-03-31"
    assert resolve_when("2nd April", MONDAY) == "2025-04-02"


def test_text_without_any_quantity_reports_an_issue() -> None:
    doc = parse_text("Hello, what are your opening hours?", today=MONDAY)
    assert doc.lines == [] and doc.issues


def _menu(tmp_path) -> PhraseCatalog:
    (tmp_path / "size.txt").write_text("large\tsize(LARGE)\nsmall\tsize(SMALL)\n")
    (tmp_path / "topping.txt").write_text(
        "cheese\ttopping(CHEESE)\nonions\ttopping(ONIONS)\nham\ttopping(HAM)\n"
    )
    (tmp_path / "style.txt").write_text("thin crust\tstyle(THIN_CRUST)\n")
    (tmp_path / "number.txt").write_text("a\tnumber(1)\ntwo\tnumber(2)\n")
    (tmp_path / "drinks.txt").write_text("coke\tdrinkType(COKE)\ncokes\tdrinkType(COKE)\n")
    (tmp_path / "quant_qualifier.txt").write_text("extra\tquantity(EXTRA)\n")
    return PhraseCatalog.from_dir(tmp_path)


def test_menu_order_splits_items_with_variants_modifiers_and_negation(tmp_path) -> None:
    lines = parse_menu_text(
        "two large thin crust pizzas with extra cheese and no onions and a small coke",
        _menu(tmp_path),
    )
    pizza, coke = lines
    assert (pizza.sku, pizza.quantity, pizza.attributes) == (
        "PIZZA",
        2.0,
        {"size": "LARGE", "style": "THIN_CRUST"},
    )
    assert [(m.name, m.qualifier, m.negated) for m in pizza.modifiers] == [
        ("CHEESE", "EXTRA", False),
        ("ONIONS", None, True),
    ]
    assert (coke.sku, coke.quantity, coke.attributes) == ("COKE", 1.0, {"size": "SMALL"})


def test_menu_negation_ends_at_a_positive_cue(tmp_path) -> None:
    [pizza] = parse_menu_text("a pizza without onions and with ham", _menu(tmp_path))
    assert [(m.name, m.negated) for m in pizza.modifiers] == [("ONIONS", True), ("HAM", False)]

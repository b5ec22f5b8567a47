"""Catalog matching, unit conversion, validation, review decisions and learning."""

from __future__ import annotations

import pytest

from ordermind.intake import (
    Catalog,
    CatalogMatcher,
    JsonFileCrossReference,
    MemoryCrossReference,
    OrderDocument,
    OrderLine,
    ValidationContext,
    record_correction,
    review_decision,
    validate,
)
from ordermind.intake.model import Address, Modifier, Party

CATALOG = Catalog.from_records(
    [
        {
            "sku": "PAP-A4",
            "name": "A4 copy paper 80gsm ream",
            "gtin": "5011111000011",
            "price": 4.0,
            "packs": {"box": 5},
        },
        {
            "sku": "PEN",
            "name": "Ballpoint pen",
            "price": 0.3,
            "packs": {"BX": 50},
            "variants": [
                {"sku": "PEN-BLU", "attributes": {"colour": "blue"}},
                {"sku": "PEN-BLK", "attributes": {"colour": "black"}},
            ],
        },
        {"sku": "STAPLER", "name": "Desktop stapler", "price": 7.5},
        {"sku": "PIZZA", "name": "Pizza", "modifiers": ["CHEESE", "ONIONS", "HAM"]},
    ]
)
FULL_ADDRESS = Address(
    name="Depot", line1="1 High St", city="Leeds", postal_code="LS1 1AA", country="GB"
)


def _doc(*lines: OrderLine, po: str = "PO-1") -> OrderDocument:
    return OrderDocument(
        format="text", po_number=po, buyer=Party(id="C1"), ship_to=FULL_ADDRESS, lines=list(lines)
    )


def test_exact_sku_and_gtin_match_with_full_confidence() -> None:
    m = CatalogMatcher(CATALOG)
    assert m.match_line(OrderLine(seller_item_id="pen-blu")).sku == "PEN-BLU"
    hit = m.match_line(OrderLine(gtin="05011111000011"))
    assert (hit.sku, hit.method, hit.score) == ("PAP-A4", "gtin", 1.0)


def test_fuzzy_description_picks_product_and_variant_and_converts_boxes() -> None:
    m = CatalogMatcher(CATALOG)
    line = OrderLine(description="blue ball point pens", quantity=2, unit="boxes")
    match = m.apply(line)
    assert match.method == "fuzzy" and line.sku == "PEN-BLU"
    assert line.attributes == {"colour": "blue"}
    assert line.meta["quantity_each"] == 100  # 2 boxes of 50
    paper = OrderLine(description="copy paper A4", quantity=3, unit="BX")
    m.apply(paper)
    assert (paper.sku, paper.meta["quantity_each"]) == ("PAP-A4", 15)


def test_dozen_converts_to_twelve_each_without_catalog_help() -> None:
    line = OrderLine(description="stapler", quantity=1, unit="dozen")
    CatalogMatcher(CATALOG).apply(line)
    assert line.meta["quantity_each"] == 12


def test_unrelated_text_is_an_unknown_item_that_needs_review() -> None:
    doc = validate(
        _doc(OrderLine(line_id="1", description="zzqx", quantity=1)), CatalogMatcher(CATALOG)
    )
    assert any("unknown item" in i for i in doc.issues)
    assert review_decision(doc).needs_review


def test_clean_exact_order_is_placed_without_review() -> None:
    doc = validate(
        _doc(OrderLine(line_id="1", seller_item_id="STAPLER", quantity=2, unit_price=7.5)),
        CatalogMatcher(CATALOG),
    )
    decision = review_decision(doc)
    assert doc.issues == [] and not decision.needs_review and decision.confidence == 1.0


def test_price_off_the_list_duplicate_po_and_odd_quantity_are_flagged() -> None:
    ctx = ValidationContext(
        known_po_numbers={("C1", "PO-1")}, quantity_history={"STAPLER": [2, 3, 2, 2, 3]}
    )
    doc = validate(
        _doc(OrderLine(line_id="1", seller_item_id="STAPLER", quantity=400, unit_price=9.0)),
        CatalogMatcher(CATALOG),
        ctx,
    )
    text = " | ".join(doc.issues)
    assert "duplicate PO number" in text
    assert "differs from price list 7.5" in text
    assert "far from this customer's usual" in text
    assert review_decision(doc).needs_review


def test_missing_address_parts_are_named() -> None:
    doc = _doc(OrderLine(line_id="1", seller_item_id="STAPLER", quantity=1))
    doc.ship_to = Address(name="Depot", city="Leeds")
    validate(doc, CatalogMatcher(CATALOG))
    assert "ship-to address incomplete: missing line1, postal_code, country" in doc.issues


def test_modifiers_not_on_the_menu_are_flagged() -> None:
    line = OrderLine(
        line_id="1",
        sku="PIZZA",
        quantity=1,
        modifiers=[Modifier("CHEESE", "EXTRA"), Modifier("ANCHOVIES", None, True)],
    )
    doc = validate(_doc(line), CatalogMatcher(CATALOG))
    assert any("ANCHOVIES" in i for i in doc.issues)


@pytest.mark.parametrize("store_kind", ["memory", "json"])
def test_reviewer_correction_is_remembered_for_the_next_document(tmp_path, store_kind) -> None:
    store = (
        MemoryCrossReference()
        if store_kind == "memory"
        else JsonFileCrossReference(tmp_path / "xref.json")
    )
    matcher = CatalogMatcher(CATALOG, store)
    parsed = OrderLine(
        line_id="1", buyer_item_id="CUST-778", description="the usual clicky thing", quantity=1
    )
    assert matcher.match_line(parsed, "C1").sku != "STAPLER"
    record_correction(store, "C1", parsed, "STAPLER")
    if store_kind == "json":  # survives a restart
        matcher = CatalogMatcher(CATALOG, JsonFileCrossReference(tmp_path / "xref.json"))
    by_part = matcher.match_line(OrderLine(buyer_item_id="CUST-778"), "C1")
    by_words = matcher.match_line(OrderLine(description="The usual clicky-thing"), "C1")
    other_buyer = matcher.match_line(OrderLine(buyer_item_id="CUST-778"), "C2")
    assert (by_part.sku, by_part.method) == ("STAPLER", "xref")
    assert by_words.sku == "STAPLER"
    assert other_buyer.method != "xref"

"""Entities in customers' messages: order numbers first (they open an order's record)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ordermind.assistant.corpus import is_held_out_extraction
from ordermind.assistant.dates import extract_dates, extract_quantities
from ordermind.assistant.entities import (
    extract_emails,
    extract_entities,
    extract_order_numbers,
    extract_postcodes,
    extract_skus,
)
from ordermind.assistant.products import match_products

EXTRACTION_SET = Path(__file__).parents[2] / "data" / "assistant" / "order_numbers.jsonl"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("where is #1042", ("1042",)),
        ("order 1042 is late", ("1042",)),
        ("Order no. 1042", ("1042",)),
        ("ord-1042", ("1042",)),
        ("ordernumber1042", ("1042",)),
        ("my order is 1042", ("1042",)),
        ("order number: 000456", ("456",)),
        ("Bestellnummer 77120 bitte", ("77120",)),
        ("status of SHOP-88213?", ("SHOP-88213",)),
        ("web-2025-0042 never came", ("WEB-2025-0042",)),
        ("amazon order 1001-23-456", ("1001-23-456",)),
        ("orders 4412 and 4413 are both late", ("4412", "4413")),
        ("8812 is my order number", ("8812",)),
    ],
)
def test_order_numbers_in_the_shops_and_channels_formats(text, numbers):
    assert extract_order_numbers(text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "my postcode is 1012 AB",
        "deliver to zip 10115 please",
        "call me on 06 12345678",
        "my phone number is +44 20 7946 0958",
        "ring 555-123-4567",
        "it cost €1042.50",
        "i paid 1042 dollars",
        "i ordered 3 mugs",
        "it should have come on 2025-03-04",
        "delivered 12/03/2025 apparently",
        "tracking number 123456789012",
        "i live at 1042 main street",
        "SKU-4412 is the one",
        "write to order1042@example.com",
        "where is my order?",
    ],
)
def test_postcodes_phones_prices_quantities_and_dates_are_not_order_numbers(text):
    assert extract_order_numbers(text) == ()


def test_a_bare_number_counts_only_when_the_assistant_asked_for_one():
    assert extract_order_numbers("55123") == ()
    assert extract_order_numbers("55123", expecting_order=True) == ("55123",)
    assert extract_order_numbers("call 06 12345678", expecting_order=True) == ()


def test_the_labelled_set_scores_f1_of_at_least_098_on_its_tuning_part():
    rows = [json.loads(line) for line in EXTRACTION_SET.read_text().splitlines()]
    tuning = [r for r in rows if not is_held_out_extraction(r["text"])]
    assert len(rows) >= 400 and len(tuning) >= 250
    assert sum(1 for r in rows if not r["order_numbers"]) >= 100  # negatives
    tp = fp = fn = 0
    for row in tuning:
        got, gold = set(extract_order_numbers(row["text"])), set(row["order_numbers"])
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.98


def test_emails_are_found_and_lower_cased():
    assert extract_emails("Mail Anna.B@Example.org or j@x.co.uk.") == (
        "anna.b@example.org",
        "j@x.co.uk",
    )


@pytest.mark.parametrize(
    ("text", "postcodes"),
    [
        ("my postcode is 1012 ab", ("1012 AB",)),
        ("1012AB amsterdam", ("1012 AB",)),
        ("London SW1A 1AA", ("SW1A 1AA",)),
        ("postcode sw1a1aa", ("SW1A 1AA",)),
        ("PLZ 10115 Berlin", ("10115",)),
        ("code postal 75001", ("75001",)),
        ("zip 90210-1234", ("90210-1234",)),
        ("beverly hills 90210-1234", ("90210-1234",)),
        ("order 10115 is late", ()),  # five digits without a postcode word
        ("order 1042 is late", ()),  # "1042 is" is not a Dutch postcode
    ],
)
def test_postcodes_nl_uk_us_and_five_digit_with_context(text, postcodes):
    assert extract_postcodes(text) == postcodes


def test_relative_and_written_dates_resolve_against_the_reference_day():
    monday = date(2026, 12, 7)
    assert extract_dates("can it come tomorrow?", monday) == (date(2026, 12, 8),)
    assert extract_dates("by friday", monday) == (date(2026, 12, 11),)
    assert extract_dates("next monday", monday) == (date(2026, 12, 14),)
    assert extract_dates("in 3 days", monday) == (date(2026, 12, 10),)
    assert extract_dates("on 4 january", monday) == (date(2027, 1, 4),)
    assert extract_dates("since dec 1st", monday) == (date(2026, 12, 1),)
    assert extract_dates("on 2025-03-04 or 31/12/2026", monday) == (
        date(2025, 3, 4),
        date(2026, 12, 31),
    )
    assert extract_dates("31/02 is no date", monday) == ()


def test_quantities_but_not_durations_prices_or_order_numbers():
    assert extract_quantities("2x the cable and two of the mugs") == (2, 2)
    assert extract_quantities("qty: 4, and 3 chairs") == (4, 3)
    assert extract_quantities("waited 3 days, paid 20 euros") == ()
    assert extract_quantities("order 1042 is late") == ()


def test_sku_codes_by_pattern_and_product_words_by_catalogue():
    catalogue = {
        "MUG-BLU": "Mug, blue, 300 ml",
        "MUG-RED": "Mug, red, 300 ml",
        "KTL-01": "Electric kettle 1.7 l",
        "SCF-GRN": "Wool scarf green",
    }
    assert extract_skus("cancel SKU-4412 and sku: AB12") == ("SKU-4412", "AB12")
    assert match_products("remove the blue mug", catalogue) == ("MUG-BLU",)
    assert match_products("the kettle and the green scarves", catalogue) == ("KTL-01", "SCF-GRN")
    assert match_products("the ketle", catalogue) == ("KTL-01",)  # a typo
    assert match_products("MUG-RED please", catalogue) == ("MUG-RED",)
    assert match_products("a mug", catalogue) == ()  # which one? not guessed
    assert match_products("hello", catalogue) == ()


def test_extract_entities_fills_every_field():
    got = extract_entities(
        "order #1042: 2x SKU-77 to 1012 AB tomorrow, mail a@b.nl",
        today=date(2026, 12, 7),
    )
    assert got.order_numbers == ("1042",)
    assert got.emails == ("a@b.nl",)
    assert got.postcodes == ("1012 AB",)
    assert got.skus == ("SKU-77",)
    assert got.dates == (date(2026, 12, 8),)
    assert got.quantities == (2,)


def test_a_huge_or_hostile_message_is_read_up_to_the_limit():
    from ordermind.assistant.understanding import MAX_MESSAGE_CHARS

    head = "order #1042, mail a@b.nl "
    for filler in (" " * 10**6, "-1" * 10**5, "a." * 10**5 + "@", "order " * 10**5):
        got = extract_entities(head + filler)
        assert got.order_numbers[0] == "1042" and got.emails == ("a@b.nl",)
    beyond = "x" * MAX_MESSAGE_CHARS + " order #7777"
    assert extract_entities(beyond).order_numbers == ()

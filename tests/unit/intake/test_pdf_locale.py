"""Numbers, dates, currencies and units as PDFs write them, in six languages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ordermind.intake.pdf.locale import (
    COMMA,
    DOT,
    currency_in,
    dates_in,
    decimal_convention,
    numbers_in,
    parse_number,
)
from ordermind.intake.pdf.units import rec20
from ordermind.intake.pdf.vocab import LANGUAGES, language_of


@pytest.mark.parametrize(
    ("text", "convention", "value"),
    [
        ("2.321,00", COMMA, "2321.00"),
        ("2,321.00", DOT, "2321.00"),
        ("1 939,00", COMMA, "1939.00"),
        ("1\u202f939,00", COMMA, "1939.00"),
        ("€ 399,00", COMMA, "399.00"),
        ("$ 42.00", DOT, "42.00"),
        ("45,93 €", COMMA, "45.93"),
        ("15.00%", DOT, "15.00"),
        ("(12.50)", DOT, "-12.50"),
        ("-9,32", COMMA, "-9.32"),
        ("1.000", COMMA, "1000"),
        ("1,000", DOT, "1000"),
        ("1.234.567,89", COMMA, "1234567.89"),
        ("EUR 3,89", COMMA, "3.89"),
        ("Rs 1939", DOT, "1939"),
    ],
)
def test_a_number_is_read_in_the_documents_convention(text, convention, value) -> None:
    assert parse_number(text, convention) == Decimal(value)


def test_two_decimals_after_a_separator_decide_an_ambiguous_number_whatever_the_document() -> None:
    assert parse_number("3.50", COMMA) == Decimal("3.50")
    assert parse_number("3,50", DOT) == Decimal("3.50")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1O5,00", "105.00"),
        ("2l,50", "21.50"),
        ("l.234,56", "1234.56"),
        ("12,5O", "12.50"),
        ("238.S64,80", "238564.80"),
        ("L887,13", "1887.13"),
    ],
)
def test_letters_ocr_reads_for_digits_count_as_digits_inside_a_number(text, value) -> None:
    assert parse_number(text, COMMA) == Decimal(value)


def test_digit_like_letters_outside_a_number_stay_letters() -> None:
    for word in ("Olive", "lO", "IO", "Oil", "10 l", "SB", "M8", "S00 mm", "B2B"):
        assert parse_number(word, COMMA) is None, word


def test_text_is_not_a_number() -> None:
    assert parse_number("Office Chair", DOT) is None
    assert parse_number("12 boxes", DOT) is None


def test_the_decimal_convention_is_voted_from_the_amounts_on_the_page() -> None:
    assert decimal_convention(["€ 399,00", "69,99", "1.000"]) == COMMA
    assert decimal_convention(["$ 42.00", "1,250.00"]) == DOT


def test_numbers_are_found_inside_a_phrase() -> None:
    assert numbers_in("Rs 1939 x 1 Night x 1 Room") == [Decimal(1939), Decimal(1), Decimal(1)]


@pytest.mark.parametrize(
    ("text", "day_first", "date"),
    [
        ("29 maart 2014", True, dt.date(2014, 3, 29)),
        ("Rechnungsdatum 7. Mai 2014", True, dt.date(2014, 5, 7)),
        ("Facture n°562044387 du 02 Juillet 2015", True, dt.date(2015, 7, 2)),
        ("5 de marzo de 2024", True, dt.date(2024, 3, 5)),
        ("12 de julho de 2023", True, dt.date(2023, 7, 12)),
        ("March 20, 2023", False, dt.date(2023, 3, 20)),
        ("03/20/2023", True, dt.date(2023, 3, 20)),  # only one reading is a date
        ("03/05/2023", False, dt.date(2023, 3, 5)),
        ("03/05/2023", True, dt.date(2023, 5, 3)),
        ("20.03.2023", True, dt.date(2023, 3, 20)),
        ("2023-03-20", True, dt.date(2023, 3, 20)),
    ],
)
def test_dates_are_read_in_every_language_and_order(text, day_first, date) -> None:
    assert [d for d, _s, _e in dates_in(text, LANGUAGES, day_first)] == [date]


def test_a_word_that_is_no_month_makes_no_date() -> None:
    assert dates_in("Unit 12 Building 2024", LANGUAGES) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("Total $ 279.84", "USD"), ("45,93 €", "EUR"), ("Total EUR 34,73", "EUR"), ("£ 12.00", "GBP")],
)
def test_currency_symbols_and_codes_come_from_cldr(text, code) -> None:
    assert currency_in(text) == code


def test_a_capitalised_word_is_not_taken_for_a_currency() -> None:
    assert currency_in("ALL ITEMS VAT INCLUDED") is None


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("kg", "KGM"),
        ("Kilogramm", "KGM"),
        ("g", "GRM"),
        ("L", "LTR"),
        ("litros", "LTR"),
        ("Units", "H87"),
        ("Stück", "H87"),
        ("stuks", "H87"),
        ("pièces", "H87"),
        ("Karton", "BX"),
        ("m", "MTR"),
        ("uur", "HUR"),
    ],
)
def test_units_map_to_un_ece_recommendation_20(word, code) -> None:
    assert rec20(word) == code


def test_the_language_is_told_by_its_words() -> None:
    assert language_of(["Bestellnummer", "Menge", "Einzelpreis", "Gesamtbetrag", "MwSt"]) == "de"
    assert language_of(["Aantal", "Omschrijving", "Totaal", "BTW"]) == "nl"
    assert language_of(["1234", "5678"]) == "en"

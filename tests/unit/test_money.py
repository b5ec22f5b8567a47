"""Minor units by the ISO 4217 exponent of each currency."""

from decimal import Decimal

from ordermind.money import exponent, format_amount, is_currency, to_major, to_minor


def test_each_currency_has_the_exponent_iso_4217_gives_it():
    assert [exponent(c) for c in ("EUR", "JPY", "KWD", "IQD", "CLP", "GBP")] == [2, 0, 3, 3, 0, 2]


def test_amounts_convert_both_ways_without_dividing_yen_by_100():
    assert to_major(1999, "EUR") == Decimal("19.99")
    assert to_major(1999, "JPY") == Decimal(1999)
    assert to_major(1999, "KWD") == Decimal("1.999")
    assert to_minor("19.99", "EUR") == 1999 and to_minor(19.99, "EUR") == 1999
    assert to_minor("1999", "JPY") == 1999 and to_minor("1.9995", "KWD") == 2000


def test_amounts_are_formatted_with_the_currencys_own_digits():
    assert format_amount(123456, "EUR") == "1,234.56 EUR"
    assert format_amount(123456, "JPY") == "123,456 JPY"
    assert format_amount(123456, "KWD") == "123.456 KWD"


def test_only_codes_iso_4217_assigns_are_currencies():
    assert is_currency("EUR") and is_currency("JPY")
    assert not is_currency("XYZ") and not is_currency("EURO")

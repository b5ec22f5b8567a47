"""Choosing between OCR readings of a line's figures with its arithmetic: the reading
nearest to what was read (fewest digits changed) that makes quantity x price = amount,
ties told apart by the stated sum, nothing guessed when the arithmetic cannot decide."""

from __future__ import annotations

from decimal import Decimal as D

from ordermind.intake.pdf.readings import edits, line_readings, settle, total_reading

ONE = [D(1)]


def test_a_digit_misread_in_the_price_is_restored_from_the_amount() -> None:
    assert line_readings(D(12), D("4091.92"), D("13103.04"), ONE) == [
        (D(12), D("1091.92"), D("13103.04"))
    ]


def test_a_misread_quantity_and_price_are_restored_together() -> None:
    assert line_readings(D(16), D("1609.98"), D("16000.80"), ONE) == [
        (D(10), D("1600.08"), D("16000.80"))
    ]


def test_a_discounted_line_is_restored_through_its_discount() -> None:
    net = D(1) - D(10) / 100  # 10 % off: 5 x 120.00 x 0.9 = 540.00
    assert line_readings(D(5), D("720.00"), D("540.00"), [D(1), net]) == [
        (D(5), D("120.00"), D("540.00"))
    ]


def test_a_lost_leading_digit_can_be_the_prices_or_the_amounts_and_both_are_offered() -> None:
    found = line_readings(D(120), D("32.48"), D("63897.60"), ONE)
    assert (D(120), D("532.48"), D("63897.60")) in found
    assert (D(120), D("32.48"), D("3897.60")) in found


def test_the_stated_sum_chooses_between_equally_near_readings() -> None:
    choices = {1: line_readings(D(120), D("32.48"), D("63897.60"), ONE)}
    amounts = [D("100.00"), D("63897.60")]
    assert settle(amounts, choices, [D("63997.60")]) == {1: (D(120), D("532.48"), D("63897.60"))}
    assert settle(amounts, choices, [D("3997.60")]) == {1: (D(120), D("32.48"), D("3897.60"))}
    assert settle(amounts, choices, [D("5000.00")]) is None


def test_figures_that_no_near_reading_reconciles_are_left_as_read() -> None:
    assert line_readings(D(3), D("17.00"), D("999.99"), ONE) == []


def test_a_stated_total_a_digit_off_the_lines_sum_is_read_as_the_sum() -> None:
    assert total_reading(D("452162.30"), [D("452102.30")]) == D("452102.30")
    assert total_reading(D("452162.30"), [D("12.00")]) is None


def test_edits_count_digits_lost_added_and_misread() -> None:
    assert edits("53248", "3248") == 1
    assert edits("109192", "409192") == 1
    assert edits("160008", "160998") == 2

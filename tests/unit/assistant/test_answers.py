"""Grounded answers: each sentence from a field of the order's facts, a hold in plain
words without its reason, and nothing the facts do not hold."""

from __future__ import annotations

from datetime import date

from ordermind.assistant.answers import delivery_answer, refund_answer, status_answer
from ordermind.assistant.facts import LineFacts, OrderFacts, ReturnFacts, ShipmentFacts


def _facts(**over) -> OrderFacts:
    base = dict(
        number="42",
        status="partially_shipped",
        currency="EUR",
        total=5400,
        placed_on=date(2026, 12, 1),
        promised_date=date(2026, 12, 11),
        lines=(
            LineFacts(1, "MUG", "Blue mug", 2, 2, 0, 0, 0),
            LineFacts(2, "TEE", "Grey t-shirt", 1, 0, 0, 1, 0, date(2026, 12, 9)),
        ),
        shipments=(
            ShipmentFacts(
                "shp_1",
                "Leeds warehouse",
                "DPD",
                "DPD123",
                date(2026, 12, 2),
                None,
                (("Blue mug", 2),),
            ),
        ),
    )
    base.update(over)
    return OrderFacts(**base)  # type: ignore[arg-type]


def test_the_status_says_what_shipped_from_where_with_tracking_and_what_waits_until_when():
    text = status_answer(_facts(), "en")
    assert text.startswith("Part of order 42 is on its way.")
    assert "2 × Blue mug left Leeds warehouse on Wednesday 2 December 2026 with DPD" in text
    assert "tracking number DPD123" in text
    assert "1 × Grey t-shirt is waiting for stock; we expect new stock on Wednesday 9" in text
    assert "We promised delivery by Friday 11 December 2026." in text


def test_a_predicted_delay_gives_the_new_date_instead_of_the_promise():
    text = status_answer(_facts(predicted_late=True, predicted_date=date(2026, 12, 15)), "en")
    assert "later than we promised: we now expect it by Tuesday 15 December 2026" in text
    assert "We promised delivery by" not in text


def test_a_fraud_hold_reads_like_any_routine_check_and_a_payment_hold_says_payment():
    fraud = status_answer(_facts(status="on_hold", holds=("fraud",), shipments=()), "en")
    assert "going through a routine check" in fraud and "fraud" not in fraud.lower()
    paid = status_answer(_facts(status="on_hold", holds=("payment",), shipments=()), "en")
    assert "payment to be confirmed" in paid


def test_delivery_date_and_refund_answers_come_from_the_record():
    delivered = _facts(
        status="delivered",
        shipments=(
            ShipmentFacts(
                "shp_1",
                "Leeds",
                "DPD",
                None,
                date(2026, 12, 2),
                date(2026, 12, 4),
                (("Blue mug", 2),),
            ),
        ),
    )
    assert "delivered on Friday 4 December 2026" in delivery_answer(delivered, "en")
    refunded = _facts(returns=(ReturnFacts("rma_1", "refunded", 2400),))
    assert refund_answer(refunded, "en") == "Your return rma_1 was refunded: 24.00 EUR."
    assert "no return" in refund_answer(_facts(), "en")


def test_an_unknown_locale_answers_in_english():
    assert status_answer(_facts(), "xx") == status_answer(_facts(), "en")

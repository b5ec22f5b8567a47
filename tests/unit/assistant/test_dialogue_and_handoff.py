"""The conversation's small readings (yes or no, a new address) and the hand-off policy."""

from __future__ import annotations

from ordermind.assistant.dialogue import Memory, State, parse_address, yes_or_no
from ordermind.assistant.handoff import HandoffPolicy, reason_to_hand_off
from ordermind.assistant.intents import Intent
from ordermind.assistant.understanding import Understanding


def test_yes_and_no_are_read_and_anything_else_is_neither():
    for text in ("yes", "Yes please", "yep, go ahead", "ok", "sure, cancel it"):
        assert yes_or_no(text) is True, text
    for text in ("no", "No thanks", "nope", "don't cancel", "no, keep it"):
        assert yes_or_no(text) is False, text
    for text in ("what?", "", "maybe tomorrow", "yes no"):
        assert yes_or_no(text) is None, text


def test_an_address_needs_a_street_number_a_city_and_a_postcode():
    got = parse_address("12 Mill Lane, Leeds, ls1 4ab")
    assert got is not None and (got.line1, got.city, got.postal_code) == (
        "12 Mill Lane",
        "Leeds",
        "LS1 4AB",
    )
    assert parse_address("Flat 2, 12 Mill Lane, Leeds, LS1 4AB").line2 == "12 Mill Lane"  # type: ignore[union-attr]
    assert parse_address("somewhere in Leeds") is None
    assert parse_address("Mill Lane, Leeds, LS1 4AB") is None  # no number


def test_the_memory_survives_its_json_form():
    mem = Memory(
        State.AWAITING_CONFIRMATION,
        Intent.CANCEL_ORDER,
        "42",
        42,
        {"kind": "x"},
        1,
        ["a@b.c"],
        7,
        "cancel it",
        6,
    )
    assert Memory.from_dict(mem.as_dict()) == mem


def _u(intent: Intent, confidence: float = 0.9) -> Understanding:
    return Understanding(intent, confidence)


def test_a_person_takes_over_when_asked_on_complaints_and_after_repeated_ask_backs():
    p = HandoffPolicy()
    assert reason_to_hand_off(p, _u(Intent.TALK_TO_PERSON), ask_backs=0) == "asked_for_person"
    assert reason_to_hand_off(p, _u(Intent.COMPLAINT), ask_backs=0) == "complaint"
    assert reason_to_hand_off(p, _u(Intent.ORDER_STATUS, 0.2), ask_backs=1) is None
    assert reason_to_hand_off(p, _u(Intent.ORDER_STATUS, 0.2), ask_backs=2) == "low_confidence"
    assert reason_to_hand_off(p, _u(Intent.ORDER_STATUS), ask_backs=0) is None


def test_changes_to_valuable_orders_and_repeat_contacts_go_to_a_person():
    p = HandoffPolicy(high_value=10_000, repeat_contacts=3)
    cancel = _u(Intent.CANCEL_ORDER)
    assert reason_to_hand_off(p, cancel, ask_backs=0, order_total=10_000) == "high_value"
    assert reason_to_hand_off(p, cancel, ask_backs=0, order_total=9_999) is None
    status = _u(Intent.ORDER_STATUS)
    assert reason_to_hand_off(p, status, ask_backs=0, order_total=10**6) is None  # only asking
    assert reason_to_hand_off(p, status, ask_backs=0, contacts=3) == "repeat_contact"

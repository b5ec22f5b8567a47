"""The shop's own order numbers start at 1: a short one is an order number after a label
or a "#", or as the whole answer to "what is your order number?", never as a quantity."""

import pytest

from ordermind.assistant.entities import extract_order_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, where is my order #1?", ("1",)),
        ("order no. 7 please", ("7",)),
        ("what about order number 12", ("12",)),
        ("5 is my order", ("5",)),
    ],
)
def test_a_short_order_number_after_a_label_or_hash_is_found(text, expected):
    assert extract_order_numbers(text) == expected


@pytest.mark.parametrize(
    "text", ["I want to order 2 mugs", "order 3 of the blue cups please", "can I order 12 more"]
)
def test_a_quantity_after_the_verb_order_is_not_an_order_number(text):
    assert extract_order_numbers(text) == ()


def test_a_short_number_is_the_answer_when_asked_but_not_inside_a_sentence():
    assert extract_order_numbers("it's 7", expecting_order=True) == ("7",)
    assert extract_order_numbers("I ordered 3 items last week", expecting_order=True) == ()

"""The rule fallback and the mapping of foreign intent names."""

from __future__ import annotations

import pytest

from ordermind.assistant.intents import Intent
from ordermind.assistant.labels import UnknownLabels, map_labels
from ordermind.assistant.rules import RuleUnderstander


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("where is my parcel", Intent.ORDER_STATUS),
        ("when will it arrive", Intent.DELIVERY_DATE),
        ("please change the address on my order", Intent.CHANGE_ADDRESS),
        ("cancel my order", Intent.CANCEL_ORDER),
        ("cancel just the mug, keep the rest", Intent.CANCEL_ITEM),
        ("i want to return the shoes", Intent.START_RETURN),
        ("where is my refund", Intent.REFUND_STATUS),
        ("send me the invoice", Intent.INVOICE_COPY),
        ("do you ship to france", Intent.DELIVERY_OPTIONS),
        ("it arrived broken", Intent.COMPLAINT),
        ("let me talk to a human", Intent.TALK_TO_PERSON),
        ("hello", Intent.GREETING),
        ("thanks", Intent.THANKS),
        ("what's the weather in paris", Intent.OUT_OF_SCOPE),
    ],
)
def test_the_rule_fallback_knows_every_intent_by_its_keywords(text, intent):
    got = RuleUnderstander().understand(text)
    assert got.intent == intent
    assert got.model == "rules-v1"
    assert got.confidence <= 0.6


def test_foreign_names_map_onto_ours_clinc_bitext_and_case_insensitively():
    labels = [
        "order_status",
        "thank_you",
        "goodbye",
        "cancel",
        "order",
        "book_flight",
        "oos",
        "track_order",
        "get_invoice",
        "contact_human_agent",
        "Order Status",
        "CANCEL-ORDER",
    ]
    assert map_labels(labels) == [
        Intent.ORDER_STATUS,
        Intent.THANKS,
        Intent.THANKS,
        Intent.OUT_OF_SCOPE,
        Intent.OUT_OF_SCOPE,
        Intent.OUT_OF_SCOPE,
        Intent.OUT_OF_SCOPE,
        Intent.ORDER_STATUS,
        Intent.INVOICE_COPY,
        Intent.TALK_TO_PERSON,
        Intent.ORDER_STATUS,
        Intent.CANCEL_ORDER,
    ]


def test_a_mapping_file_comes_first_and_unknown_names_are_listed():
    assert map_labels(["cancel"], {"cancel": Intent.CANCEL_ORDER}) == [Intent.CANCEL_ORDER]
    with pytest.raises(UnknownLabels, match="'wismo'"):
        map_labels(["order_status", "wismo"])

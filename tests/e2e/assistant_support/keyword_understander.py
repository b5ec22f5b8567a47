"""A TEST DOUBLE of the assistant's trained classifier (ordermind.assistant.model): a few
keyword rules and regular expressions, deterministic, so the conversation tests are about
dialogue, verification, actions and routing, not about a model's accuracy. Used by the
terminal chat's test; the tests over HTTP run the real classifier."""

from __future__ import annotations

import re

from ordermind.assistant.intents import Intent
from ordermind.assistant.understanding import Entities, Understanding

_RULES: list[tuple[Intent, tuple[str, ...]]] = [
    (Intent.TALK_TO_PERSON, ("a person", "human", "real person", "an agent", "someone")),
    (Intent.COMPLAINT, ("terrible", "unacceptable", "complain", "awful", "disgrace")),
    (
        Intent.CANCEL_ITEM,
        ("cancel one", "cancel just", "cancel the ", "remove the ", "cancel only"),
    ),
    (Intent.CANCEL_ORDER, ("cancel",)),
    (Intent.CHANGE_ADDRESS, ("address", "deliver it to", "send it to")),
    (Intent.START_RETURN, ("return", "send it back", "send back")),
    (Intent.REFUND_STATUS, ("refund", "money back")),
    (Intent.INVOICE_COPY, ("invoice", "receipt")),
    (Intent.DELIVERY_OPTIONS, ("delivery options", "collect in store", "pick up in")),
    (Intent.DELIVERY_DATE, ("when will", "arrive", "delivery date", "when does")),
    (Intent.ORDER_STATUS, ("where is", "where's", "status", "track", "what happened")),
    (Intent.THANKS, ("thank",)),
    (Intent.GREETING, ("hello", "hi ", "hey")),
]

_ORDER = re.compile(r"(?:#\s*|\border\s+(?:no\.?\s*|number\s*|#\s*)?(?:is\s+)?)(\d{1,12})\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)


class KeywordUnderstander:
    def understand(self, text: str) -> Understanding:
        low = f" {text.lower()} "
        entities = Entities(
            order_numbers=tuple(_ORDER.findall(text)),
            emails=tuple(e.lower() for e in _EMAIL.findall(text)),
            postcodes=tuple(p.upper() for p in _POSTCODE.findall(_EMAIL.sub(" ", text))),
            quantities=tuple(int(q) for q in re.findall(r"\b(\d{1,2}) of\b", low)),
        )
        for intent, words in _RULES:
            if any(w in low for w in words):
                return Understanding(intent, 0.92, entities, model="keyword-test-double")
        if entities.order_numbers or entities.emails or entities.postcodes:
            return Understanding(Intent.ORDER_STATUS, 0.3, entities, model="keyword-test-double")
        if len(re.findall(r"[a-z]{3,}", low)) >= 3:
            return Understanding(Intent.OUT_OF_SCOPE, 0.85, entities, model="keyword-test-double")
        alternatives = ((Intent.ORDER_STATUS, 0.2), (Intent.TALK_TO_PERSON, 0.1))
        return Understanding(
            Intent.ORDER_STATUS, 0.2, entities, alternatives, "keyword-test-double"
        )

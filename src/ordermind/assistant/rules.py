"""The rule understander: keyword patterns per intent, used when the trained model cannot
be loaded (assistant/model.py). Deliberately modest: its confidences are low enough that
the conversation asks back or hands off rather than acting on a guess."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from ordermind.assistant.entities import extract_entities
from ordermind.assistant.intents import Intent
from ordermind.assistant.understanding import MAX_MESSAGE_CHARS, Understanding

RULES_VERSION = "rules-v1"
_MATCHED = 0.6  # one pattern matched
_SEVERAL = 0.4  # several intents' patterns matched: the first wins, less sure

# Checked in this order: the more specific intents first ("cancel one item" before
# "cancel", "refund" before "return", "when will it arrive" before "where is it").
_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern, re.I))
    for intent, pattern in (
        (
            Intent.TALK_TO_PERSON,
            r"\b(?:human|real person|agent|operator|representative|manager|someone|somebody"
            r"|call ?back|staff)\b",
        ),
        (
            Intent.CANCEL_ITEM,
            r"\b(?:cancel|remove|drop|delete|take)\w*\b.*\b(?:item|one|line|part|just|only"
            r"|product)\b|\bpartial cancel",
        ),
        (Intent.CANCEL_ORDER, r"\bcanc?e?l+\w*|\b(?:void|revoke|undo|withdraw|scrap)\b.*order"),
        (Intent.REFUND_STATUS, r"\bref[ou]?nd|\breimburs|\bmoney back\b.*\b(?:yet|still|when)"),
        (Intent.START_RETURN, r"\bretu?rn|\bsend (?:it |this |them )?back\b|\brma\b|\bexchange"),
        (Intent.INVOICE_COPY, r"\binvoi?ce|\breceipt|\bbill\b|\bproof of purchase"),
        (
            Intent.CHANGE_ADDRESS,
            r"\b(?:change|update|wrong|correct|edit|modify|new|different)\b.*\b(?:addr?ess?"
            r"|postcode|zip)|\bredirect|\breroute",
        ),
        (
            Intent.COMPLAINT,
            r"\b(?:damaged|broken|wrong item|defective|complain|unacceptable|terrible|awful"
            r"|worst|disappointed|missing|faulty|scam|rude|overcharged|shattered)",
        ),
        (
            Intent.DELIVERY_OPTIONS,
            r"\b(?:shipping|delivery) (?:options|costs?|methods?|fee|times)\b|\bexpress\b"
            r"|\bpick ?up\b|\bclick and collect\b|\bdo you (?:ship|deliver)\b|\bfree (?:delivery"
            r"|shipping)",
        ),
        (
            Intent.DELIVERY_DATE,
            r"\bwhen\b.*\b(?:arrive|deliver|get|come|here|expect|receive)|\beta\b"
            r"|\bdelivery date|\bhow long\b",
        ),
        (
            Intent.ORDER_STATUS,
            r"\bwhere\b.*\b(?:order|package|parcel|stuff|delivery)|\btrack|\bstatus\b"
            r"|\bship+ed\b|\bdispatched\b|wheres?my",
        ),
        (Intent.THANKS, r"\b(?:thanks?|thx|ty|cheers|appreciate|thank you|thankyou)\b"),
        (
            Intent.GREETING,
            r"^\W*(?:hi+|hello+|hey+|hiya|howdy|good (?:morning|afternoon|evening)|yo)\b",
        ),
    )
)


class RuleUnderstander:
    """An Understander from keyword patterns; out_of_scope when nothing matches."""

    name = RULES_VERSION

    def understand(
        self,
        text: str,
        today: date | None = None,
        catalogue: Mapping[str, str] | None = None,
        expecting_order: bool = False,
    ) -> Understanding:
        text = text[:MAX_MESSAGE_CHARS]
        hits = [intent for intent, pattern in _PATTERNS if pattern.search(text)]
        entities = extract_entities(text, today, catalogue, expecting_order)
        if not hits:
            return Understanding(Intent.OUT_OF_SCOPE, 0.5, entities, (), RULES_VERSION)
        confidence = _MATCHED if len(hits) == 1 else _SEVERAL
        others = tuple((intent, _SEVERAL / 2) for intent in hits[1:4])
        return Understanding(hits[0], confidence, entities, others, RULES_VERSION)

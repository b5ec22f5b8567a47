"""When a person should take over: the customer asks for one, complains, the assistant
keeps not understanding, the order is worth a lot and the customer wants to change it,
or they have been in touch about it again and again."""

from __future__ import annotations

from dataclasses import dataclass

from .dialogue import ACTIONS
from .intents import Intent
from .understanding import Understanding


@dataclass(frozen=True)
class HandoffPolicy:
    confidence_floor: float = 0.5  # below this, ask back rather than answer
    ask_backs: int = 2  # after this many ask-backs in a row, a person takes over
    high_value: int = 100_000  # minor units: changes to orders worth this go to a person
    repeat_contacts: int = 3  # conversations about one order (this one included)


# why a conversation was handed off -> the skill of the agent it needs
SKILL_OF = {
    "asked_for_person": "orders",
    "complaint": "complaints",
    "low_confidence": "orders",
    "high_value": "orders",
    "repeat_contact": "complaints",
}


def low_confidence(policy: HandoffPolicy, u: Understanding) -> bool:
    return u.intent is not Intent.OUT_OF_SCOPE and u.confidence < policy.confidence_floor


def reason_to_hand_off(
    policy: HandoffPolicy,
    u: Understanding,
    *,
    ask_backs: int,
    order_total: int | None = None,
    contacts: int = 1,
) -> str | None:
    """Why this message goes to a person (a `SKILL_OF` key), or None to carry on."""
    if u.intent is Intent.TALK_TO_PERSON and not low_confidence(policy, u):
        return "asked_for_person"
    if u.intent is Intent.COMPLAINT and not low_confidence(policy, u):
        return "complaint"
    if low_confidence(policy, u) and ask_backs >= policy.ask_backs:
        return "low_confidence"
    changes = ACTIONS - {Intent.INVOICE_COPY}
    if order_total is not None and u.intent in changes and order_total >= policy.high_value:
        return "high_value"
    if contacts >= policy.repeat_contacts:
        return "repeat_contact"
    return None

"""The contract between understanding (a trained classifier plus entity extraction) and
the conversation service: one `Understanding` per message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ordermind.assistant.intents import Intent

# A chat message is read up to this many characters; beyond it is not a message but a paste
# (the conversation service may refuse it earlier). Keeps every pattern's cost bounded.
MAX_MESSAGE_CHARS = 5000


@dataclass(frozen=True, slots=True)
class Entities:
    # Order numbers as the customer wrote them, normalised: the shop's own number as
    # digits ("1042" from "#1042", "order no. 1042", "ORD-1042") or a channel's
    # external id as written ("SHOP-88213").
    order_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()  # SKU codes or product words matched to the catalogue
    dates: tuple[date, ...] = ()
    quantities: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Understanding:
    intent: Intent
    confidence: float  # calibrated probability of `intent`, 0..1
    entities: Entities = field(default_factory=Entities)
    # The next most likely intents with their probabilities, best first (for ask-back).
    alternatives: tuple[tuple[Intent, float], ...] = ()
    model: str = "rules"  # which understander produced this (a model name and version)


class Understander(Protocol):
    def understand(self, text: str) -> Understanding: ...

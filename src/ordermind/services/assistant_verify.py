"""Verification before disclosure: is this person the customer of the order they name?

The order number plus the e-mail address or the postcode on the order, or a signed customer
token the shop gave for its logged-in customer. Failed attempts are limited per
conversation and per order number (in one spelling: "OM00000042", "0042" and "42" are one
order), stored without the details tried, and written to the audit trail. The order
number's limit counts each kind of proof apart: a postcode is few guesses from known, so
someone guessing postcodes locks postcodes, while the customer can still give the e-mail
on the order (and a shop's signed token is never a guess). The answer to a
wrong guess is the same whether the order exists or not, and a channel's conversation only
ever finds that channel's orders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ordermind.domain.orders import Order
from ordermind.services import audit
from ordermind.services.assistant_store import Conversation
from ordermind.services.unit_of_work import AbstractUnitOfWork

ACTOR_PREFIX = "assistant:"
_NUMBER = re.compile(r"(?:OM)?0*(\d{1,15})")


@dataclass(frozen=True)
class VerifyLimits:
    per_conversation: int = 3  # failed attempts, then this conversation may not try again
    per_order: int = 5  # failed attempts on one order number across conversations
    window: timedelta = timedelta(hours=1)


class Outcome(StrEnum):
    VERIFIED = "verified"
    NEEDS_PROOF = "needs_proof"
    FAILED = "failed"
    LOCKED = "locked"


def canonical(ref: str) -> str:
    m = _NUMBER.fullmatch(ref.strip().upper())
    return m.group(1) if m else ref.strip()[:64]


def postcode(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def find_order(uow: AbstractUnitOfWork, channel: str | None, ref: str) -> Order | None:
    """The order a number names (the shop's number, or the channel's own id), if the
    conversation's channel may see it."""
    m = _NUMBER.fullmatch(ref.strip().upper())
    if m:
        order = uow.orders.get(int(m.group(1)))
    elif channel is not None:
        order = uow.orders.find_by_external_id(channel, ref)
    else:
        order = None
    if order is None or order.draft:
        return None
    if channel is not None and order.channel != channel:
        return None
    return order


def locked(
    uow: AbstractUnitOfWork,
    conv_id: str,
    ref: str,
    limits: VerifyLimits,
    now: datetime,
    method: str | None = None,
) -> bool:
    """Has this conversation failed too often, or (with `method`) has that kind of proof
    failed too often for this order number?"""
    since = now - limits.window
    repo = uow.assistant
    if repo.failures(since, conv_id=conv_id) >= limits.per_conversation:
        return True
    return method is not None and (
        repo.failures(since, order_ref=ref, method=method) >= limits.per_order
    )


def verify(
    uow: AbstractUnitOfWork,
    conv: Conversation,
    ref: str,
    emails: list[str],
    postcodes: list[str],
    limits: VerifyLimits,
    now: datetime,
) -> tuple[Outcome, Order | None]:
    if locked(uow, conv.id, ref, limits, now):
        return Outcome.LOCKED, None
    order = find_order(uow, conv.channel, ref)
    if order is not None and conv.vouched_email == order.customer.email:
        uow.assistant.add_attempt(conv.id, ref, True, "token", now)
        return Outcome.VERIFIED, order
    if not emails and not postcodes:
        return Outcome.NEEDS_PROOF, None
    emails = [e.lower() for e in emails]
    codes = [postcode(p) for p in postcodes]
    method = "email" if emails else "postcode"
    if locked(uow, conv.id, ref, limits, now, method):
        return Outcome.LOCKED, None
    if order is not None and (
        order.customer.email in emails or postcode(order.ship_to.postal_code) in codes
    ):
        uow.assistant.add_attempt(conv.id, ref, True, method, now)
        return Outcome.VERIFIED, order
    uow.assistant.add_attempt(conv.id, ref, False, method, now)
    # the audit trail keeps who tried which order number how: never the details given
    audit.record(
        uow,
        f"{ACTOR_PREFIX}{conv.id}",
        "assistant.verification_failed",
        "conversation",
        conv.id,
        None,
        {"order_ref": ref, "method": method, "channel": conv.channel},
    )
    now_locked = locked(uow, conv.id, ref, limits, now, method)
    return (Outcome.LOCKED if now_locked else Outcome.FAILED), None

"""Grounded answers: every sentence comes from an `OrderFacts` field through a template.
What the record does not hold is not said; a hold is told in plain words, never its
reason (a fraud check reads like any other routine check)."""

from __future__ import annotations

from .facts import OrderFacts
from .templates import day, listing, money, say

_HOLD_WORDS = {"payment": "hold.payment", "credit": "hold.credit", "address": "hold.address"}


def hold_words(locale: str, holds: tuple[str, ...]) -> str:
    """One plain phrase for the holds on an order (the first known kind, else generic)."""
    for kind in holds:
        if kind in _HOLD_WORDS:
            return say(locale, _HOLD_WORDS[kind])
    return say(locale, "hold.other")


def status_answer(facts: OrderFacts, locale: str) -> str:
    """Where the order is: its status, then what shipped from where (carrier, tracking),
    what was delivered, what is waiting and why, and the promise (or the new date)."""
    n = facts.number
    key = f"status.{facts.status}"
    parts = [say(locale, key, number=n, hold=hold_words(locale, facts.holds))]
    for s in facts.shipments:
        items = listing([f"{q} × {name}" for name, q in s.items])
        if s.delivered_on is not None:
            parts.append(
                say(locale, "delivered_item", items=items, date=day(locale, s.delivered_on))
            )
            continue
        tracking = say(locale, "tracking", tracking=s.tracking) if s.tracking else ""
        parts.append(
            say(
                locale,
                "shipped_item",
                items=items,
                origin=s.origin,
                date=day(locale, s.shipped_on),
                carrier=s.carrier,
                tracking=tracking,
            )
        )
    if facts.status not in ("cancelled", "closed"):
        for line in facts.lines:
            if line.backordered > 0:
                inbound = (
                    say(locale, "inbound", date=day(locale, line.inbound_date))
                    if line.inbound_date
                    else ""
                )
                parts.append(
                    say(
                        locale,
                        "waiting_item",
                        units=line.backordered,
                        name=line.name,
                        inbound=inbound,
                    )
                )
    parts.extend(_promise(facts, locale))
    return " ".join(parts)


def delivery_answer(facts: OrderFacts, locale: str) -> str:
    """When it arrives: delivered already, the new date care predicts, or the promise."""
    done = [s.delivered_on for s in facts.shipments if s.delivered_on is not None]
    if facts.status in ("delivered", "closed") and done:
        return (
            say(locale, "status.delivered", number=facts.number)
            + " "
            + (say(locale, "delivered_item", items=say_items(facts), date=day(locale, max(done))))
        )
    promise = _promise(facts, locale)
    if not promise:
        return status_answer(facts, locale)
    return " ".join(
        [
            say(
                locale,
                f"status.{facts.status}",
                number=facts.number,
                hold=hold_words(locale, facts.holds),
            ),
            *promise,
        ]
    )


def say_items(facts: OrderFacts) -> str:
    return listing([f"{ln.ordered} × {ln.name}" for ln in facts.lines if ln.ordered > 0])


def _promise(facts: OrderFacts, locale: str) -> list[str]:
    if facts.status in ("cancelled", "closed", "delivered", "draft"):
        return []
    out = []
    if facts.pickup_store:
        out.append(say(locale, "pickup", store=facts.pickup_store))
    if facts.predicted_late:
        if facts.predicted_date is not None:
            out.append(say(locale, "late", date=day(locale, facts.predicted_date)))
        else:
            out.append(say(locale, "late_no_date"))
    elif facts.promised_date is not None:
        out.append(say(locale, "promised", date=day(locale, facts.promised_date)))
    return out


def refund_answer(facts: OrderFacts, locale: str) -> str:
    if not facts.returns:
        return say(locale, "refund.none", number=facts.number)
    latest = facts.returns[-1]
    amount = money(latest.refund_amount or 0, facts.currency)
    return say(locale, f"refund.{latest.status}", rma=latest.rma_id, amount=amount)

"""What the assistant says, per locale. Every sentence is a template filled from the
order's facts; a locale is one table of the same keys (English first). A key a locale
lacks falls back to English, so a new locale can start small."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

DEFAULT_LOCALE = "en"

EN: Mapping[str, str] = {
    # -- conversation
    "greeting": "Hello! I can tell you where your order is, change or cancel it before it "
    "leaves the warehouse, start a return or send your invoice again. What can I do for you?",
    "thanks": "You're welcome. Is there anything else I can help with?",
    "out_of_scope": "Sorry, that is not something I can help with: I can only help with your "
    "orders (where they are, delivery dates, changes, cancellations, returns, refunds and "
    "invoices).",
    "ask_back": "Sorry, I did not quite understand. Did you mean {choices}? You can also ask "
    "to talk to a person.",
    "ask_order": "I can help with that. What is your order number?",
    "ask_proof": "Thanks. To keep your order private, please tell me the e-mail address or "
    "the postcode on order {number}.",
    "verified": "Thank you, you are verified for order {number}.",
    "verify_failed": "Sorry, I could not match those details to that order. Please check the "
    "order number and the e-mail address or postcode you gave when ordering.",
    "verify_locked": "Sorry, too many attempts. For your security I can't check more details "
    "in this conversation right now; please try again later or ask for a person.",
    "delivery_options": "Orders are delivered to the address on the order, or collected "
    "from a store where the shop offers it. Once your order is placed I can change the "
    "delivery address until it leaves the warehouse.",
    "complaint_ack": "I'm sorry to hear that.",
    # -- status
    "status.placed": "Order {number} is placed and we are getting it ready.",
    "status.on_hold": "Order {number} is {hold} before it can be prepared.",
    "status.backordered": "Order {number} is waiting for stock.",
    "status.allocated": "Order {number} is reserved in our warehouse and will be prepared soon.",
    "status.partially_allocated": "Part of order {number} is reserved in our warehouse; the "
    "rest is waiting for stock.",
    "status.released": "Order {number} is being picked and packed.",
    "status.partially_released": "Part of order {number} is being picked and packed.",
    "status.partially_shipped": "Part of order {number} is on its way.",
    "status.shipped": "Order {number} is on its way.",
    "status.delivered": "Order {number} has been delivered.",
    "status.closed": "Order {number} was delivered and is complete.",
    "status.cancelled": "Order {number} is cancelled.",
    "status.draft": "Order {number} is a quote that has not been placed yet.",
    "hold.payment": "waiting for the payment to be confirmed",
    "hold.credit": "waiting for the payment to be confirmed",
    "hold.address": "waiting for us to confirm the delivery address",
    # fraud, intake and manual holds: the same plain words, no reasons
    "hold.other": "going through a routine check",
    "promised": "We promised delivery by {date}.",
    "pickup": "It will be ready to collect at {store}.",
    "late": "It looks like it will arrive later than we promised: we now expect it by {date}.",
    "late_no_date": "It may arrive later than we promised; we are working on it.",
    "shipped_item": "{items} left {origin} on {date} with {carrier}{tracking}.",
    "tracking": ", tracking number {tracking}",
    "delivered_item": "{items} was delivered on {date}.",
    "waiting_item": "{units} × {name} is waiting for stock{inbound}.",
    "inbound": "; we expect new stock on {date}",
    # -- actions
    "confirm_cancel_order": "Shall I cancel order {number}? Please answer yes or no.",
    "confirm_cancel_item": "Shall I cancel {units} × {name} from order {number}? Please answer "
    "yes or no.",
    "confirm_address": "Shall I change the delivery address of order {number} to {address}? "
    "Please answer yes or no.",
    "confirm_return": "Shall I start a return of {items} from order {number}? Please answer yes "
    "or no.",
    "confirm_invoice": "Shall I send the invoice for order {number} to the e-mail address on "
    "the order again? Please answer yes or no.",
    "confirm_yes_no": "Please answer yes or no.",
    "declined": "All right, I have left order {number} as it is.",
    "done_cancel_order": "Done: order {number} is cancelled. Any payment will be refunded.",
    "done_cancel_item": "Done: {units} × {name} is cancelled from order {number}.",
    "done_address": "Done: order {number} will be delivered to the new address.",
    "new_date": "The new delivery date is {date}.",
    "done_return": "Done: return {rma} is open for {items}. We will e-mail you the return "
    "instructions.",
    "done_invoice": "Done: the invoice for order {number} is on its way to the e-mail address "
    "on the order.",
    "action_failed": "Sorry, I could not do that: {why}",
    "too_late_change": "Order {number} has already left the warehouse (or is being packed), so "
    "it can no longer be changed or cancelled. You can start a return once it arrives.",
    "nothing_to_return": "Nothing on order {number} has been delivered and can still be returned.",
    "ask_item": "Which item? Order {number} has {items}.",
    "ask_address": "What is the new delivery address? Please write street, city and postcode, "
    "e.g. '12 Mill Lane, Leeds, LS1 4AB'.",
    "no_invoice": "There is no invoice for order {number} yet: it is issued when your order ships.",
    "refund.none": "There is no return on order {number}, so no refund is due yet.",
    "refund.requested": "Your return {rma} is registered; the refund follows once we receive "
    "the goods.",
    "refund.authorised": "Your return {rma} is approved; the refund follows once we receive "
    "the goods.",
    "refund.received": "We have received your return {rma}; the refund is on its way.",
    "refund.refunded": "Your return {rma} was refunded: {amount}.",
    "refund.rejected": "Your return {rma} was not accepted; a colleague can tell you more.",
    "refund.exchanged": "Your return {rma} was exchanged.",
    # -- hand-off
    "handoff": "I am passing you to a colleague who can help with this; they can see our "
    "conversation, so you won't need to repeat yourself.",
    "handed_off": "A colleague has your conversation and will answer here.",
    "closed": "This conversation is closed. Start a new one if there is anything else.",
}

LOCALES: dict[str, Mapping[str, str]] = {"en": EN}


def supported(locale: str | None) -> str:
    """The locale to answer in: the language part when known, else English."""
    lang = (locale or DEFAULT_LOCALE).split("-")[0].split("_")[0].lower()
    return lang if lang in LOCALES else DEFAULT_LOCALE


def say(locale: str, key: str, **values: object) -> str:
    table = LOCALES.get(locale, EN)
    return table.get(key, EN[key]).format(**values)


def day(locale: str, d: date) -> str:
    """A date in words ("Friday 11 December 2026")."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:.2f} {currency}"


def listing(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]

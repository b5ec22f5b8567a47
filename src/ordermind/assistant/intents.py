"""What a customer can ask the assistant for."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    ORDER_STATUS = "order_status"  # "where is my order?"
    DELIVERY_DATE = "delivery_date"
    CHANGE_ADDRESS = "change_address"
    CANCEL_ORDER = "cancel_order"
    CANCEL_ITEM = "cancel_item"
    START_RETURN = "start_return"
    REFUND_STATUS = "refund_status"
    INVOICE_COPY = "invoice_copy"
    DELIVERY_OPTIONS = "delivery_options"
    COMPLAINT = "complaint"
    TALK_TO_PERSON = "talk_to_person"
    GREETING = "greeting"
    THANKS = "thanks"
    # Not something the assistant does: answered as such, never guessed.
    OUT_OF_SCOPE = "out_of_scope"


# Intents that are about one order: the person must be verified before anything is said.
ORDER_INTENTS = frozenset(
    {
        Intent.ORDER_STATUS,
        Intent.DELIVERY_DATE,
        Intent.CHANGE_ADDRESS,
        Intent.CANCEL_ORDER,
        Intent.CANCEL_ITEM,
        Intent.START_RETURN,
        Intent.REFUND_STATUS,
        Intent.INVOICE_COPY,
    }
)

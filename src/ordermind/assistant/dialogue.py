"""The conversation as a state machine, and the small readings of a reply that only make
sense inside it (yes or no to a pending action, an address given after it was asked).

States: `open` (nothing asked yet), `awaiting_order` (an order question waits for the
number), `awaiting_proof` (the number is known; e-mail or postcode wanted),
`awaiting_detail` (an action needs the item or the new address), `awaiting_confirmation`
(an action waits for yes or no), `handed_off` (a person has it), `closed`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .intents import Intent


class State(StrEnum):
    OPEN = "open"
    AWAITING_ORDER = "awaiting_order"
    AWAITING_PROOF = "awaiting_proof"
    AWAITING_DETAIL = "awaiting_detail"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    HANDED_OFF = "handed_off"
    CLOSED = "closed"


# The intents that change an order: each needs a yes before it is done.
ACTIONS = frozenset(
    {
        Intent.CANCEL_ORDER,
        Intent.CANCEL_ITEM,
        Intent.CHANGE_ADDRESS,
        Intent.START_RETURN,
        Intent.INVOICE_COPY,
    }
)


@dataclass
class Memory:
    """What a conversation keeps between messages (stored as JSON with it)."""

    state: State = State.OPEN
    intent: Intent | None = None  # the order question or action in hand
    order_ref: str | None = None  # the order number given, not yet verified
    order_id: int | None = None  # the verified order
    pending: dict | None = None  # the action waiting for yes or no
    ask_backs: int = 0  # low-confidence messages in a row
    # personal data the customer gave in this conversation: the only data answers may echo
    given: list[str] = field(default_factory=list)
    seq: int = 0  # the last message's number in the transcript
    asked: str | None = None  # the words of the question in hand (an item named there)
    shown: int = 0  # the last message the customer has been sent (agents' replies after it)

    def as_dict(self) -> dict:
        return {
            "state": str(self.state),
            "intent": None if self.intent is None else str(self.intent),
            "order_ref": self.order_ref,
            "order_id": self.order_id,
            "pending": self.pending,
            "ask_backs": self.ask_backs,
            "given": list(self.given),
            "seq": self.seq,
            "asked": self.asked,
            "shown": self.shown,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> Memory:
        data = data or {}
        intent = data.get("intent")
        return cls(
            state=State(data.get("state", State.OPEN)),
            intent=None if intent is None else Intent(intent),
            order_ref=data.get("order_ref"),
            order_id=data.get("order_id"),
            pending=data.get("pending"),
            ask_backs=int(data.get("ask_backs", 0)),
            given=list(data.get("given", [])),
            seq=int(data.get("seq", 0)),
            asked=data.get("asked"),
            shown=int(data.get("shown", 0)),
        )


_YES = {
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "confirm",
    "correct",
    "go",
    "ahead",
    "do",
}
_NO = {"no", "n", "nope", "nah", "don't", "dont", "stop", "cancel", "keep", "not", "never"}


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the reply is neither (or both)."""
    words = set(re.findall(r"[a-z']+", text.lower()))
    if not words:
        return None
    yes, no = bool(words & _YES), bool(words & (_NO - {"cancel"}))
    if words <= {"cancel", "it", "please"} and "cancel" in words:
        yes = True  # "cancel it" answers "shall I cancel?" with a yes
    if yes == no:
        return None
    return yes


@dataclass(frozen=True)
class NewAddress:
    line1: str
    city: str
    postal_code: str
    line2: str | None = None


def parse_address(text: str) -> NewAddress | None:
    """ "12 Mill Lane, Leeds, LS1 4AB" (street, [more,] city, postcode): at least three
    comma-separated parts with a street number and a postcode-like last part."""
    parts = [p.strip() for p in text.strip().rstrip(".").split(",") if p.strip()]
    if len(parts) < 3:
        return None
    street, postcode, city = parts[0], parts[-1], parts[-2]
    street = re.sub(r"^(?:to|the new address is|new address:?)\s+", "", street, flags=re.I)
    if not re.search(r"\d", street) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]{1,9}", postcode):
        return None
    more = ", ".join(parts[1:-2]) or None
    return NewAddress(street, city, postcode.upper(), more)

"""A customer's personal data: erasure (pseudonymisation), export, retention.

**Who a customer is.** Orders carry the customer's e-mail (lower-cased by the domain); no
channel-given id is stored. So a customer is its e-mail, and its *customer id* is a stable
pseudonym derived from it: ``cus_`` + the first 24 hex digits of SHA-256 over
``ordermind-customer:<e-mail>`` (`customer_id`). The id names the customer wherever the
e-mail must not appear (the audit trail, an erased order's pseudonymous address).

**Erasure** replaces, in every row that belongs to the customer, what identifies them —
e-mail, names, phone numbers, street lines, postcodes, coordinates, free text people wrote
about the order — by ``[erased]`` (the e-mail by ``<customer id>@erased.invalid``), and
keeps the accounting facts: amounts, quantities, SKUs, dates, statuses, city, region,
country, tax. Raw documents received by intake are dropped (their parsed fields are
scrubbed). Orders stay orders: KPIs and totals do not move.

**Retention**: idempotency records' stored responses and raw intake documents are purged
after a number of days (`RETENTION_DEFAULTS`, changed by `set_retention`, audited).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from ordermind.domain.errors import Conflict, NotFound, ValidationFailed
from ordermind.services import audit
from ordermind.services.audit import SYSTEM

ERASED = "[erased]"
ERASED_DOMAIN = "erased.invalid"
CUSTOMER_ID = re.compile(r"^cus_[0-9a-f]{24}$")

# How long what holds customer data is kept, in days (0: purged at the next pass).
RETENTION_DEFAULTS = {
    "idempotency_responses": 30,  # an order retried after a month is a new order anyway
    "raw_documents": 90,  # the parsed fields stay with the order; the file goes
}
MAX_RETENTION_DAYS = 3650

# Keys whose values are personal wherever they appear in stored JSON.
PERSONAL_KEYS = frozenset(
    {
        "email",
        "customer_email",
        "recipient",
        "phone",
        "telephone",
        "mobile",
        "fax",
        "line1",
        "line2",
        "street",
        "street_address",
        "address_line",
        "postal_code",
        "postcode",
        "zip",
        "customer_name",
        "contact",
        "contact_name",
        "buyer_name",
        "note",
        "notes",
        "comment",
        "comments",
        "instructions",
        "ip",
        "device_id",
    }
)
# Keys whose values are codes and accounting facts, never personal: left as they are even
# where a name part happens to spell one (a SKU "MARSH-1" for a Ms Marsh).
KEEP_KEYS = frozenset(
    {
        "sku",
        "skus",
        "substitute",
        "currency",
        "country",
        "status",
        "channel",
        "node",
        "carrier",
        "service",
        "type",
        "kind",
        "milestone",
        "tax_class",
        "number",
        "gtin",
        "unit",
    }
)
# Keys personal inside something that is a person or an address (has one of the above).
_PERSON_KEYS = frozenset({"name", "lat", "lon", "first_name", "last_name"})
_NAME_PART_MIN = 3  # shorter name parts ("Al", "Li") would erase too much else
# What people write about an order (a hold's note, an event's reason): phone numbers in
# it are erased whatever they are, since nobody can list every number a customer gave.
FREE_TEXT_KEYS = frozenset(
    {"reason", "note", "notes", "resolution", "comment", "comments", "message", "explanation"}
)
# An international (+44 ..., 0044 ...) or national (07700 ..., (020) ...) number of 9 to
# 15 digits, with the spaces, dots, dashes and brackets people put in them.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00|\(?0)[0-9][0-9 ().\-]{6,20}[0-9](?![\w])")
_PHONE_DIGITS = (9, 15)


def erase_phones(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in m.group(0))
        low, high = _PHONE_DIGITS
        return ERASED if low <= digits <= high else m.group(0)

    return _PHONE.sub(one, text)


def customer_id(email: str) -> str:
    digest = hashlib.sha256(f"ordermind-customer:{email.strip().lower()}".encode()).hexdigest()
    return f"cus_{digest[:24]}"


def pseudonym_email(cid: str) -> str:
    return f"{cid}@{ERASED_DOMAIN}"


@dataclass
class PersonalData:
    """What identifies one customer, as found in their rows: each value is erased
    wherever it appears (any case, any spacing or punctuation between its words)."""

    email: str
    names: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)  # streets, postcodes, phones, ...
    addresses: set[tuple[str, str]] = field(default_factory=set)  # (street, postcode)

    @property
    def customer_id(self) -> str:
        return customer_id(self.email)

    def add_from(self, value: Any, key: str | None = None, personal: bool = False) -> None:
        """Collect the personal values of a stored JSON value (an address, a parsed
        document's buyer block)."""
        if isinstance(value, Mapping):
            inside = personal or any(k in PERSONAL_KEYS for k in value)
            street, postcode = value.get("line1"), value.get("postal_code")
            if isinstance(street, str) and isinstance(postcode, str) and street and postcode:
                self.addresses.add((street.strip(), postcode.strip()))
            for k, v in value.items():
                self.add_from(v, str(k), inside)
        elif isinstance(value, list):
            for v in value:
                self.add_from(v, key, personal)
        elif isinstance(value, str) and key is not None:
            text = value.strip()
            if key in ("name", "customer_name", "contact_name", "buyer_name") and personal:
                self.names.add(text)
            elif key in PERSONAL_KEYS and key not in ("note", "notes", "comment", "comments"):
                self.values.add(text)

    def needles(self) -> list[str]:
        found = {self.email, *self.names, *self.values}
        for name in self.names:
            found.update(p for p in re.findall(r"[^\W_]+", name) if len(p) >= _NAME_PART_MIN)
        return sorted((n for n in found if len(n.strip()) >= _NAME_PART_MIN), key=len, reverse=True)


class Scrubber:
    """Erases one customer's personal data from stored text and JSON."""

    def __init__(self, personal: PersonalData) -> None:
        self.personal = personal
        self.pseudonym = pseudonym_email(personal.customer_id)
        pieces = []
        for needle in personal.needles():
            words = re.findall(r"[^\W_]+", needle)
            if not words:
                continue
            flexible = r"[\W_]*".join(re.escape(w) for w in words)
            pieces.append(rf"(?<![^\W_]){flexible}(?![^\W_])")
            escaped = json.dumps(needle)[1:-1]
            if escaped != needle:
                pieces.append(re.escape(escaped))
        self._pattern = re.compile("|".join(pieces), re.IGNORECASE) if pieces else None
        self._email = re.compile(re.escape(personal.email), re.IGNORECASE)

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        out = self._email.sub(self.pseudonym, value)
        return self._pattern.sub(ERASED, out) if self._pattern is not None else out

    def free_text(self, value: str | None) -> str | None:
        """`text`, and any phone number in it erased (what people wrote)."""
        out = self.text(value)
        return None if out is None else erase_phones(out)

    def json(self, value: Any, personal: bool = False) -> Any:
        if isinstance(value, Mapping):
            inside = personal or any(k in PERSONAL_KEYS for k in value)
            return {k: self._field(str(k), v, inside) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v, personal) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def _field(self, key: str, value: Any, inside: bool) -> Any:
        if value is None or isinstance(value, bool) or key in KEEP_KEYS:
            return value
        if key in FREE_TEXT_KEYS and isinstance(value, str):
            return self.free_text(value)
        if key in PERSONAL_KEYS or (inside and key in _PERSON_KEYS):
            if isinstance(value, int | float):
                return None  # coordinates, a phone stored as a number
            if isinstance(value, str):
                if key in ("email", "customer_email", "recipient") and "@" in value:
                    return self.pseudonym
                return ERASED
            return self.json(value, True)
        return self.json(value, inside)

    def address(self, ship_to: Mapping[str, Any]) -> dict:
        """An order's delivery address: city, region and country kept (tax, regional
        KPIs), the rest erased; the fields an address must have stay filled."""
        out = dict(ship_to)
        for k in ("name", "line1", "postal_code"):
            if k in out:
                out[k] = ERASED
        for k in ("line2", "lat", "lon", "phone"):
            if out.get(k) is not None:
                out[k] = None
        return {k: (self.text(v) if isinstance(v, str) else v) for k, v in out.items()}


@dataclass
class Erasure:
    customer_id: str
    orders: int
    rows: dict[str, int]  # table -> rows changed
    already_erased: bool = False

    def as_dict(self) -> dict:
        return {
            "customer_id": self.customer_id,
            "orders": self.orders,
            "rows": self.rows,
            "already_erased": self.already_erased,
        }


class PrivacyRepository(Protocol):
    """Only the databases implement it (see `services.ports`)."""

    def find_email(self, cid: str) -> str | None:
        """The e-mail whose customer id this is, if the store holds any of its data."""
        ...

    def is_erased(self, cid: str) -> bool: ...

    def personal_data(self, email: str) -> PersonalData: ...

    def open_orders(self, email: str) -> list[int]:
        """Ids of the customer's orders still to be shipped (placed, held, allocated,
        back-ordered, released, partly shipped): their address is still needed."""
        ...

    def erase(self, personal: PersonalData, scrubber: Scrubber) -> tuple[int, dict[str, int]]:
        """Pseudonymise every row of the customer: (their orders, rows changed per table)."""
        ...

    def export(self, email: str) -> dict: ...

    def retention(self) -> dict[str, int]:
        """Setting name -> days, as stored (settings never set left out)."""
        ...

    def set_retention(self, name: str, days: int, actor: str, at: datetime) -> None: ...

    def purge(self, idempotency_before: datetime, documents_before: datetime) -> dict[str, int]:
        """Drop stored responses and raw documents older than these; rows changed."""
        ...


class _WithPrivacy(audit.Audited, Protocol):
    @property
    def privacy(self) -> PrivacyRepository: ...


def resolve(uow: _WithPrivacy, customer: str) -> str:
    """The e-mail of a customer named by its id or its e-mail (404 when the store has no
    data of it)."""
    value = customer.strip()
    if CUSTOMER_ID.match(value):
        email = uow.privacy.find_email(value)
        if email is None:
            raise NotFound(f"no customer with id {value}")
        return email
    if "@" not in value or len(value) > 254:
        raise ValidationFailed("name the customer by its id (cus_...) or its e-mail address")
    return value.lower()


def erase_customer(
    uow: _WithPrivacy, customer: str, actor: str = SYSTEM, force: bool = False
) -> Erasure:
    """Pseudonymise the customer everywhere, in one transaction with its audit entry (which
    names the customer by id only). Erasing an erased customer changes nothing. A customer
    with orders still to be shipped is refused (their address is needed to deliver them)
    unless `force`: then those orders keep no address either."""
    value = customer.strip().lower()
    if (
        CUSTOMER_ID.match(value)
        and uow.privacy.find_email(value) is None
        and uow.privacy.is_erased(value)
    ):
        return Erasure(value, 0, {}, already_erased=True)
    email = resolve(uow, value)
    waiting = uow.privacy.open_orders(email)
    if waiting and not force:
        shown = ", ".join(map(str, waiting[:10])) + (" ..." if len(waiting) > 10 else "")
        raise Conflict(
            f"customer {customer_id(email)} has {len(waiting)} order(s) still to be shipped "
            f"({shown}): erase once they are shipped or cancelled, or erase with force",
            orders=waiting[:100],
        )
    personal = uow.privacy.personal_data(email)
    orders, rows = uow.privacy.erase(personal, Scrubber(personal))
    done = Erasure(personal.customer_id, orders, {k: v for k, v in rows.items() if v})
    if not done.rows:
        raise NotFound(f"no data of customer {personal.customer_id} is stored")
    audit.record(
        uow,
        actor,
        "customer.erased",
        "customer",
        personal.customer_id,
        None,
        {"orders": orders, "rows": done.rows},
    )
    return done


def export_customer(uow: _WithPrivacy, customer: str, actor: str = SYSTEM) -> dict:
    """Everything the store holds of the customer, as JSON (audited, by id)."""
    email = resolve(uow, customer)
    data = uow.privacy.export(email)
    cid = customer_id(email)
    if not any(data.values()):
        raise NotFound(f"no data of customer {cid} is stored")
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    audit.record(uow, actor, "customer.exported", "customer", cid, None, {"items": counts})
    return {"customer_id": cid, "email": email, **data}


# -- retention ---------------------------------------------------------------------------


def retention(uow: _WithPrivacy) -> dict[str, int]:
    return RETENTION_DEFAULTS | uow.privacy.retention()


def set_retention(
    uow: _WithPrivacy, changes: Mapping[str, int], actor: str, at: datetime
) -> dict[str, int]:
    unknown = sorted(set(changes) - set(RETENTION_DEFAULTS))
    if unknown:
        raise ValidationFailed(
            f"unknown retention setting(s) {', '.join(unknown)}; known: "
            f"{', '.join(RETENTION_DEFAULTS)}"
        )
    for name, days in changes.items():
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 0 <= days <= MAX_RETENTION_DAYS
        ):
            raise ValidationFailed(
                f"{name} must be a whole number of days, 0 to {MAX_RETENTION_DAYS}"
            )
    before = retention(uow)
    for name, days in changes.items():
        uow.privacy.set_retention(name, days, actor, at)
    after = retention(uow)
    audit.record(uow, actor, "retention.updated", "retention", "customer_data", before, after)
    return after


def purge(uow: _WithPrivacy, now: datetime) -> dict[str, int]:
    """Drop what is older than its retention: idempotency records (their stored responses
    are the whole answer, customer data included) and raw intake documents."""
    days = retention(uow)
    return uow.privacy.purge(
        now - timedelta(days=days["idempotency_responses"]),
        now - timedelta(days=days["raw_documents"]),
    )

"""A customer's rows on SQL: found, pseudonymised, exported; retention purges.

The tables are not listed by hand: every table of the metadata with an `order_id` column
belongs to orders, so a customer's rows there are those of their orders, and its text
and JSON columns are scrubbed (a table added later is covered without a change here).
Rows tied to the customer otherwise are handled by name: the customer record and
notification preferences (keyed by e-mail), idempotency records and webhook deliveries
(that hold a whole answer or event), velocity records (keyed by identities), and intake
documents not (yet) tied to an order."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    LargeBinary,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)

from ordermind.services.privacy import (
    ERASED,
    PERSONAL_KEYS,
    PersonalData,
    Scrubber,
    customer_id,
    pseudonym_email,
)

from . import tables as t
from .sql import upsert

_CHUNK = 500
# Columns that are accounting facts or codes, never free text: left as they are.
_KEEP_COLUMNS = frozenset(
    {"sku", "currency", "status", "channel", "node", "carrier", "type", "kind", "milestone"}
)
_DOCUMENT_PLACEHOLDER = b""
# Order statuses with units still to leave a node: the delivery address is still needed.
_OPEN = (
    "placed",
    "on_hold",
    "backordered",
    "partially_allocated",
    "allocated",
    "partially_released",
    "released",
    "partially_shipped",
)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _is_json(col: Column) -> bool:
    return isinstance(col.type, JSON) or isinstance(getattr(col.type, "impl", None), JSON)


def _order_tables() -> list[Table]:
    return [
        table
        for table in t.metadata.sorted_tables
        if "order_id" in table.c and table is not t.velocity_events
    ]


def _lowered_text(col: Column):
    return func.lower(cast(col, Text()))


def _mentions(col: Column, terms: Iterable[str]):
    return or_(*(_lowered_text(col).contains(term, autoescape=True) for term in terms))


class SqlPrivacy:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- who ---------------------------------------------------------------------------

    def _emails(self) -> Iterator[str]:
        o, c, p = t.orders, t.customers, t.notification_preferences
        for q in (
            select(o.c.customer_email).distinct(),
            select(c.c.email),
            select(p.c.email),
        ):
            yield from self.conn.execute(q).scalars()

    def find_email(self, cid: str) -> str | None:
        """Scans the distinct e-mails (an admin's rare request; by e-mail it is a look-up)."""
        return next((e for e in self._emails() if customer_id(e) == cid), None)

    def is_erased(self, cid: str) -> bool:
        o = t.orders
        pseudo = pseudonym_email(cid)
        return (
            self.conn.execute(select(o.c.id).where(o.c.customer_email == pseudo).limit(1)).first()
            is not None
        )

    def _order_ids(self, email: str) -> list[int]:
        """The customer's orders: placed under their e-mail, or made from a document that
        names them (an e-mailed order is placed for the sender's company or inbox)."""
        o, d = t.orders, t.intake_documents
        mine = set(self.conn.execute(select(o.c.id).where(o.c.customer_email == email)).scalars())
        from_documents = select(d.c.order_id).where(d.c.order_id.is_not(None), self._naming(email))
        mine.update(self.conn.execute(from_documents).scalars())
        return sorted(mine)

    def _naming(self, email: str):
        """Documents whose parsed fields or raw bytes hold the e-mail (any case), or whose
        parse holds the street and postcode of an address the customer's orders go to (a
        mailed order's body names its sender's address, the envelope's sender is not kept)."""
        d, o = t.intake_documents, t.orders
        if self.conn.dialect.name == "postgresql":
            raw = func.lower(func.encode(d.c.content, "escape"))  # bytes as text, never fails
        else:
            raw = func.lower(cast(d.c.content, Text()))
        found = PersonalData(email)
        for (ship_to,) in self.conn.execute(select(o.c.ship_to).where(o.c.customer_email == email)):
            found.add_from(ship_to, personal=True)
        parsed = _lowered_text(d.c.parsed)
        at_their_address = [
            and_(
                text.contains(street.lower(), autoescape=True),
                text.contains(code.lower(), autoescape=True),
            )
            for street, code in sorted(found.addresses)
            for text in (parsed, raw)
        ]
        return or_(
            parsed.contains(email, autoescape=True),
            raw.contains(email, autoescape=True),
            *at_their_address,
        )

    def open_orders(self, email: str) -> list[int]:
        o = t.orders
        ids = self._order_ids(email)
        return [
            i
            for chunk in _chunks(ids)
            for i in self.conn.execute(
                select(o.c.id)
                .where(o.c.id.in_(chunk), o.c.draft.is_(False), o.c.status.in_(_OPEN))
                .order_by(o.c.id)
            ).scalars()
        ]

    def personal_data(self, email: str) -> PersonalData:
        found = PersonalData(email)
        o = t.orders
        ids = self._order_ids(email)
        for chunk in _chunks(ids):
            for name, ship_to in self.conn.execute(
                select(o.c.customer_name, o.c.ship_to).where(o.c.id.in_(chunk))
            ):
                if name:
                    found.names.add(name.strip())
                found.add_from(ship_to, personal=True)
        c = t.customers
        for (name,) in self.conn.execute(select(c.c.name).where(c.c.email == email)):
            if name:
                found.names.add(name.strip())
        d = t.intake_documents
        for (parsed,) in self.conn.execute(select(d.c.parsed).where(self._documents(email, ids))):
            found.add_from(parsed)
        found.values.discard(email)
        return found

    def _documents(self, email: str, ids: list[int] | None = None):
        """The customer's intake documents: of their orders, or naming their e-mail."""
        d = t.intake_documents
        ids = self._order_ids(email) if ids is None else ids
        return or_(d.c.order_id.in_(ids), self._naming(email)) if ids else self._naming(email)

    # -- erasure -----------------------------------------------------------------------

    def erase(self, personal: PersonalData, scrubber: Scrubber) -> tuple[int, dict[str, int]]:
        email, cid = personal.email, personal.customer_id
        ids = self._order_ids(email)
        rows: dict[str, int] = {}
        docs = self._documents(email, ids)
        d = t.intake_documents
        rows["intake_documents"] = self._scrub(d, docs, scrubber, raw_too=True)
        for table in _order_tables():
            if table is d:
                continue
            for chunk in _chunks(ids):
                n = self._scrub(table, table.c.order_id.in_(chunk), scrubber)
                rows[table.name] = rows.get(table.name, 0) + n
        rows["assistant_messages"] = self._scrub_transcripts(email, ids, scrubber)
        events = select(t.order_events.c.id).where(t.order_events.c.order_id.in_(ids))
        w = t.webhook_deliveries
        rows["webhook_deliveries"] = self._scrub(
            w, or_(w.c.event_id.in_(events), _mentions(w.c.payload, [email])), scrubber
        )
        k = t.idempotency_keys
        # a stored answer is theirs if it names their e-mail, or one of their addresses
        # (street and postcode: a document's parse names no e-mail)
        theirs = [_mentions(k.c.response, [email])] + [
            and_(_mentions(k.c.response, [street.lower()]), _mentions(k.c.response, [code.lower()]))
            for street, code in sorted(personal.addresses)
        ]
        rows["idempotency_keys"] = self._scrub(k, or_(*theirs), scrubber)
        rows["notifications_stopped"] = self._stop_notifications(ids)
        rows["velocity_events"] = self._pseudonymise_velocity(ids, email, cid)
        rows["orders"] = self._erase_orders(ids, email, scrubber)
        c = t.customers
        # (an earlier erasure of the same customer left its pseudonymous record)
        self.conn.execute(delete(c).where(c.c.email == scrubber.pseudonym))
        rows["customers"] = self.conn.execute(
            update(c).where(c.c.email == email).values(email=scrubber.pseudonym, name=None)
        ).rowcount
        p = t.notification_preferences
        rows["notification_preferences"] = self.conn.execute(
            delete(p).where(p.c.email == email)
        ).rowcount
        return len(ids), rows

    def _scrub_transcripts(self, email: str, ids: list[int], scrubber: Scrubber) -> int:
        """The order assistant's transcripts: every message of the conversations about
        their orders or vouched for them by their shop, and any message naming their
        e-mail (written before they were verified); the conversations' own rows with an
        order id are scrubbed with the order tables."""
        cv, m = t.assistant_conversations, t.assistant_messages
        vouched = cv.c.vouched_email == email
        self._scrub(cv, vouched, scrubber)
        self.conn.execute(update(cv).where(vouched).values(vouched_email=scrubber.pseudonym))
        theirs = [vouched, *(cv.c.order_id.in_(chunk) for chunk in _chunks(ids))]
        about = select(cv.c.id).where(or_(*theirs))
        return self._scrub(
            m, or_(m.c.conversation_id.in_(about), _mentions(m.c.text, [email])), scrubber
        )

    def _erase_orders(self, ids: list[int], email: str, scrubber: Scrubber) -> int:
        o = t.orders
        n = 0
        for chunk in _chunks(ids):
            for r in self.conn.execute(
                select(o.c.id, o.c.ship_to, o.c.sourcing, o.c.risk).where(o.c.id.in_(chunk))
            ):
                self.conn.execute(
                    update(o)
                    .where(o.c.id == r.id)
                    .values(
                        # (an order made from their document may be under its company)
                        customer_email=case(
                            (o.c.customer_email == email, scrubber.pseudonym),
                            else_=o.c.customer_email,
                        ),
                        customer_name=None,
                        ship_to=scrubber.address(r.ship_to or {}),
                        sourcing=scrubber.json(r.sourcing),
                        risk=scrubber.json(r.risk),
                        # a saved order's version moves, so a writer holding it re-reads
                        version=o.c.version + 1,
                    )
                )
                n += 1
        return n

    def _stop_notifications(self, ids: list[int]) -> int:
        """Nothing more is sent to an erased customer: messages not yet sent are suppressed
        and milestones not yet planned skipped (their address is a pseudonym now)."""
        n, o = t.notifications, t.notification_outbox
        stopped = 0
        for chunk in _chunks(ids):
            stopped += self.conn.execute(
                update(n)
                .where(n.c.order_id.in_(chunk), n.c.status.in_(("pending", "held")))
                .values(status="suppressed", reason="customer erased")
            ).rowcount
            stopped += self.conn.execute(
                update(o)
                .where(o.c.order_id.in_(chunk), o.c.status == "pending")
                .values(status="skipped", note="customer erased")
            ).rowcount
        return stopped

    def _pseudonymise_velocity(self, ids: list[int], email: str, cid: str) -> int:
        """The fraud screen's windows keep counting the pseudonymous customer; every
        identity of theirs (e-mail, address, device, IP, card) becomes the id."""
        v = t.velocity_events
        n = 0
        for chunk in _chunks(ids):
            for r in self.conn.execute(select(v).where(v.c.order_id.in_(chunk))).all():
                key = cid if r.kind in ("customer", "email") else f"{cid}:{r.kind}"
                peer = cid if r.peer else ""  # the buyer, or the card they paid with
                if (key, peer) != (r.key, r.peer):
                    self.conn.execute(
                        update(v)
                        .where(v.c.kind == r.kind, v.c.key == r.key, v.c.order_id == r.order_id)
                        .values(key=key, peer=peer)
                    )
                    n += 1
        return n

    def _scrub(self, table: Table, where, scrubber: Scrubber, raw_too: bool = False) -> int:
        """Scrub the text and JSON columns of the rows `where` selects; rows changed."""
        cleaners: dict[str, Callable[[Any], Any]] = {}
        for col in table.c:
            if col.primary_key or col.foreign_keys or col.name in _KEEP_COLUMNS:
                continue
            if _is_json(col):
                cleaners[col.name] = scrubber.json
            elif isinstance(col.type, LargeBinary):
                if raw_too:
                    cleaners[col.name] = lambda raw: _DOCUMENT_PLACEHOLDER if raw else raw
            elif isinstance(col.type, Text):  # (before String: Text is one)
                cleaners[col.name] = _text_cleaner(col.name, scrubber, scrubber.free_text)
            elif isinstance(col.type, String):
                cleaners[col.name] = _text_cleaner(col.name, scrubber, scrubber.text)
        if not cleaners:
            return 0
        pk = list(table.primary_key.columns)
        n = 0
        for r in self.conn.execute(select(*pk, *(table.c[c] for c in cleaners)).where(where)):
            m = r._mapping
            changes = {
                name: new for name, fn in cleaners.items() if (new := fn(m[name])) != m[name]
            }
            if changes:
                key = and_(*(c == m[c.name] for c in pk))
                self.conn.execute(update(table).where(key).values(**changes))
                n += 1
        return n

    # -- export ------------------------------------------------------------------------

    def export(self, email: str) -> dict:
        ids = self._order_ids(email)
        out: dict[str, Any] = {}
        o = t.orders
        out["orders"] = [row for chunk in _chunks(ids) for row in self._rows(o, o.c.id.in_(chunk))]
        for table in [*_order_tables(), t.velocity_events]:
            if table is t.intake_documents:
                continue
            out[table.name] = [
                row
                for chunk in _chunks(ids)
                for row in self._rows(table, table.c.order_id.in_(chunk))
            ]
        out["intake_documents"] = self._rows(t.intake_documents, self._documents(email, ids))
        cv, m = t.assistant_conversations, t.assistant_messages
        about = select(cv.c.id).where(
            or_(cv.c.vouched_email == email, *(cv.c.order_id.in_(ch) for ch in _chunks(ids)))
        )
        out["assistant_messages"] = self._rows(m, m.c.conversation_id.in_(about))
        c, p = t.customers, t.notification_preferences
        found = self._rows(c, c.c.email == email)
        out["customer"] = found[0] if found else None
        out["notification_preferences"] = self._rows(p, p.c.email == email)
        return out

    def _rows(self, table: Table, where) -> list[dict]:
        return [
            {k: _plain(v) for k, v in r._mapping.items()}
            for r in self.conn.execute(select(table).where(where))
        ]

    # -- retention ---------------------------------------------------------------------

    def retention(self) -> dict[str, int]:
        r = t.retention_settings
        return dict(self.conn.execute(select(r.c.name, r.c.days)).tuples().all())

    def set_retention(self, name: str, days: int, actor: str, at: datetime) -> None:
        r = t.retention_settings
        values = {"days": days, "updated_at": at, "updated_by": actor[:128]}
        self.conn.execute(
            upsert(self.conn, r)
            .values(name=name, **values)
            .on_conflict_do_update(index_elements=["name"], set_=values)
        )

    def purge(self, idempotency_before: datetime, documents_before: datetime) -> dict[str, int]:
        """Stored responses give way to a marker that keeps a retry from creating twice
        (the status and the created resource's id, no customer data); raw documents are
        emptied (their parsed fields and the order stay)."""
        k = t.idempotency_keys
        purged = 0
        stale = self.conn.execute(
            select(k.c.scope, k.c.key, k.c.response).where(k.c.created_at < idempotency_before)
        ).all()
        for r in stale:
            body = r.response if isinstance(r.response, dict) else {}
            if body.get("purged") is True:
                continue
            marker = {"purged": True, "id": body.get("id")}
            self.conn.execute(
                update(k).where(k.c.scope == r.scope, k.c.key == r.key).values(response=marker)
            )
            purged += 1
        d = t.intake_documents
        emptied = self.conn.execute(
            update(d)
            .where(d.c.created_at < documents_before, func.length(d.c.content) > literal(0))
            .values(content=_DOCUMENT_PLACEHOLDER)
        ).rowcount
        return {"idempotency_responses": purged, "raw_documents": emptied}


def _text_cleaner(
    name: str, scrubber: Scrubber, clean: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    if name in PERSONAL_KEYS:  # a note, a recipient: the whole value is theirs

        def whole(value: Any) -> Any:
            if not value:
                return value
            return scrubber.pseudonym if "@" in value else ERASED

        return whole
    return clean


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value

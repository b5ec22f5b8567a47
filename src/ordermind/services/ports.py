"""The ports of the repositories only the databases implement: received documents and
reviewers' decisions (intake), demand history, forecasts and replenishment proposals
(planning), and the order stream with its alerts (monitoring).

They are Protocols: `adapters/db` satisfies them by shape, without inheriting. The
in-memory store (`adapters/memory`) has no implementation of any of them, so the use
cases that read or write them (`services.intake`, `services.planning`,
`services.monitoring`, the fraud screen's training set) run on a database only; a review
decision on the memory store is applied but not recorded (`services.reviews`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

# (created_at, sku, node, quantity) of one order line at the node that fulfils it; units
# no node holds yet (back-orders) count against node "*".
DemandLine = tuple[datetime, str, str, int]

# (order id, created_at, channel, total in minor units) of one placed order.
PlacedOrder = tuple[int, datetime, str, int]

# A stored row (supplier terms, a forecast, a proposal, an alert) as column -> value.
Row = dict[str, Any]


@dataclass
class IntakeRecord:
    id: int | None
    channel: str
    source: str
    filename: str | None
    format: str | None
    sha256: str
    content: bytes
    parsed: dict[str, Any]
    buyer_id: str | None
    po_number: str | None
    confidence: float
    status: str
    reasons: list[str]
    order_id: int | None = None
    created_at: datetime | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class IntakeRepository(Protocol):
    """Received documents, the buyer cross-reference, and reviewers' decisions."""

    def add(self, record: IntakeRecord) -> IntakeRecord:
        """Store a received document; sets its id and created_at."""
        ...

    def get(self, doc_id: int) -> IntakeRecord | None: ...

    def update(self, doc_id: int, **values: object) -> None: ...

    def find_po(self, channel: str, buyer_id: str | None, po_number: str) -> IntakeRecord | None:
        """The first document of this purchase order that was placed, is in review or was
        resolved (the buyer's own, or one without a buyer when buyer_id is None)."""
        ...

    def find(self, status: str | None, limit: int) -> list[IntakeRecord]:
        """Documents, newest first, of one status or (None) any."""
        ...

    def xref_get(self, buyer_id: str | None, key: str) -> str | None: ...

    def xref_put(self, buyer_id: str | None, key: str, sku: str) -> None: ...

    def layouts(self) -> dict[str, dict]:
        """Sender layouts of PDF and scan intake, by sender key."""
        ...

    def layout_put(self, sender: str, layout: dict, actor: str) -> None:
        """Store (replace) one sender's layout."""
        ...

    def record_decision(
        self,
        order_id: int,
        hold_id: str,
        hold_reason: str,
        decision: str,
        reason: str | None,
        actor: str,
    ) -> None: ...

    def decisions(self, hold_reason: str) -> list[tuple[int, str]]:
        """(order_id, decision) of every reviewed hold of that reason, oldest first."""
        ...


class PlanningRepository(Protocol):
    """Demand history, supplier terms, the latest forecast and replenishment proposals."""

    def demand_lines(self) -> list[DemandLine]: ...

    def on_order(self) -> dict[tuple[str, str], int]:
        """(sku, node) -> units of inbound supply not yet received."""
        ...

    def terms(self) -> dict[str, Row]:
        """sku -> its supplier terms."""
        ...

    def put_terms(self, values: Row) -> None: ...

    def replace_forecasts(self, rows: list[Row]) -> None:
        """Drop the previous forecast and store this one (only the latest run is served)."""
        ...

    def forecasts(self, sku: str | None, node: str | None, limit: int) -> list[Row]: ...

    def add_proposals(self, rows: list[Row]) -> None:
        """Supersede the open proposals and store these as proposed."""
        ...

    def proposals(self, status: str | None, limit: int) -> list[Row]: ...

    def proposal(self, proposal_id: int) -> Row | None: ...

    def decide(self, proposal_id: int, status: str, actor: str, inbound_id: int | None) -> None: ...

    def set_quantity(self, proposal_id: int, quantity: int) -> None:
        """Change how many units a proposal would order or move (before it is decided)."""
        ...


class MonitoringRepository(Protocol):
    """The placed-order stream the channel watch reads, and the alerts it raises."""

    def placed_after(
        self, order_id: int, since: datetime | None = None, limit: int = 50_000
    ) -> list[PlacedOrder]:
        """Orders (not drafts) after the id `order_id`, oldest first, created at or after
        `since` when given."""
        ...

    def raise_alert(
        self, kind: str, channel: str, at: datetime, observed: float, expected: float, message: str
    ) -> bool:
        """Store an alert once; True when it is new."""
        ...

    def alerts(
        self, since: datetime | None, limit: int, channel: str | None = None
    ) -> list[Row]: ...

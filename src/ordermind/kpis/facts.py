"""Order facts: one plain row per order, the input every KPI is computed from.

The databases' KPI reads (`adapters/db/kpi_facts.py`) and the digital twin
(`facts_from_orders`) both produce these rows, so the store and the simulation are measured
by the same code.

Touchless: an order is touchless when every event in its timeline was made by an
automated actor. A *person* is an API key whose role is admin, operator, agent or viewer
(`key:<prefix>` looked up in api_keys), or an actor named `user:...`/`person:...` or
containing `@`. Everything else — `system`, channel keys (integrations), importers
(`import:...`), the twin (`twin`), rules and models — is automation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from ordermind.domain.returns import ReturnStatus

PERSON_ROLES = frozenset({"admin", "operator", "agent", "viewer"})


@dataclass(slots=True)
class OrderFact:
    order_id: int
    channel: str
    created_at: datetime
    status: str
    promised: date | None = None  # promised date, else the requested date
    segment: str | None = None
    node: str | None = None  # first shipping node, else the first allocated node
    ordered: int = 0
    cancelled: int = 0
    backordered: int = 0
    shipped: int = 0
    delivered: int = 0
    returned: int = 0
    returns: int = 0  # RMAs not rejected
    first_shipped_at: datetime | None = None
    delivered_at: datetime | None = None  # last delivery, set when every shipment arrived
    ship_nodes: int = 0
    shipping_cost: float | None = None  # minor units, from the recorded cost breakdown
    handling_cost: float | None = None
    carbon_kg: float | None = None
    touched: bool = False  # a person acted on the order


FACT_COLUMNS = [f.name for f in fields(OrderFact)]

# The measures every report leads with: the CLI's table and the twin's policy comparison.
HEADLINE = (
    "otif",
    "on_time_rate",
    "cycle_time_days_p50",
    "cycle_time_days_p90",
    "order_to_ship_hours_p50",
    "fill_rate",
    "split_rate",
    "backlog_rate",
    "cancellation_rate",
    "return_rate",
    "cost_per_order",
    "carbon_kg_per_order",
    "touchless_rate",
)


def is_person(actor: str, roles: Mapping[str, str]) -> bool:
    """roles: API key prefix -> role."""
    if actor.startswith("key:"):
        return roles.get(actor[4:], "channel") in PERSON_ROLES
    return actor.startswith(("user:", "person:")) or "@" in actor


def _num(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) else None


def sourcing_costs(sourcing: Mapping | None) -> tuple[float | None, float | None, float | None]:
    """(shipping, handling, carbon kg) from a sourcing decision's cost breakdown."""
    cost = (sourcing or {}).get("cost")
    if not isinstance(cost, Mapping):
        return None, None, None
    return _num(cost.get("shipping")), _num(cost.get("handling")), _num(cost.get("carbon_kg"))


def facts_from_orders(
    orders: Iterable,
    actors: Mapping[int, Iterable[str]] | None = None,
    roles: Mapping[str, str] | None = None,
    segments: Mapping[str, str] | None = None,
) -> list[OrderFact]:
    """Facts from domain `Order` objects (the twin's memory mode). actors: order id ->
    the actors of its events."""
    roles = roles or {}
    actors = actors or {}
    segments = segments or {}
    rejected = ReturnStatus.REJECTED
    people: dict[str, bool] = {}  # actor -> is a person (an order's actors repeat)
    out = []
    for o in orders:
        if o.draft:
            continue
        # One pass over lines and shipments (the twin builds a fact for every order).
        ordered = cancelled = backordered = shipped = delivered = returned = 0
        node = None
        for ln in o.lines:
            ordered += ln.ordered
            cancelled += ln.cancelled
            backordered += ln.backordered
            shipped += ln.shipped
            delivered += ln.delivered
            returned += ln.returned
            if node is None and ln.allocations:
                node = ln.allocations[0].node
        ships = o.shipments
        delivered_at = first_shipped_at = None
        if len(ships) == 1:
            node, first_shipped_at, delivered_at = (
                ships[0].node,
                ships[0].shipped_at,
                ships[0].delivered_at,
            )
        elif ships:
            node = ships[0].node
            first_shipped_at = min(s.shipped_at for s in ships)
            if all(s.delivered_at is not None for s in ships):
                delivered_at = max(s.delivered_at for s in ships)
        shipping, handling, carbon = sourcing_costs(o.sourcing)
        touched = False
        for a in actors.get(o.id, ()):
            person = people.get(a)
            if person is None:
                person = people[a] = is_person(a, roles)
            if person:
                touched = True
                break
        out.append(
            OrderFact(
                order_id=o.id,
                channel=o.channel,
                created_at=o.created_at,
                status=str(o.status),
                promised=o.promised_delivery_date or o.requested_delivery_date,
                segment=segments.get(o.customer.email, o.customer.segment),
                node=node,
                ordered=ordered,
                cancelled=cancelled,
                backordered=backordered,
                shipped=shipped,
                delivered=delivered,
                returned=returned,
                returns=sum(1 for r in o.returns if r.status is not rejected) if o.returns else 0,
                first_shipped_at=first_shipped_at,
                delivered_at=delivered_at,
                ship_nodes=len({s.node for s in ships}) if len(ships) > 1 else len(ships),
                shipping_cost=shipping,
                handling_cost=handling,
                carbon_kg=carbon,
                touched=touched,
            )
        )
    return out

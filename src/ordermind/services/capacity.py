"""Node capacity for live sourcing: each node ships so many order lines a day
(`Node.daily_capacity`), and the lines it has already taken today are what the sourcing
strategies see as `capacity_used`. A full node is passed over for the next best one with
room, so a small store is not buried under a backlog while a warehouse idles.

Capacity is a preference, not a wall: when only full nodes hold the stock, the order is
still sourced there (flagged `over_capacity`) and waits in that node's queue, rather than
being back-ordered against stock that is on the shelf.

"Today" is each node's own calendar day. Lines released by a cancellation are not given
back: the count is of lines the node was asked to pick, which is what its day was planned
on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from ordermind.domain.clock import utcnow
from ordermind.domain.network import Node
from ordermind.services.unit_of_work import AbstractUnitOfWork
from ordermind.sourcing import NodeInfo, SourcingPlan, SourcingRequest
from ordermind.sourcing.promise import local_time

OVER_CAPACITY = "over_capacity"


# The last answer of `node_days`: (network, UTC quarter hour, days), replaced whole so a
# thread never reads one answer's days with another's key. Every zone's offset is a whole
# number of quarter hours, so no node's date changes within one.
_last_days: tuple = (None, None, {})


def node_days(nodes: dict[str, NodeInfo] | dict[str, Node]) -> dict[str, date]:
    """Each node's local date now (a read-only dict)."""
    global _last_days
    now = utcnow()
    slot = int(now.timestamp()) // 900
    last = _last_days
    if last[0] is nodes and last[1] == slot:
        return last[2]
    by_zone: dict[str, date] = {}
    days = {}
    for code, node in nodes.items():
        tz = node.timezone
        day = by_zone.get(tz)
        if day is None:
            day = by_zone[tz] = local_time(now, tz).date()
        days[code] = day
    _last_days = (nodes, slot, days)
    return days


def lines_today(uow: AbstractUnitOfWork, nodes: list[Node]) -> dict[str, int]:
    """Order lines each node has taken on its own day so far (nodes with none left out)."""
    return uow.nodes.lines_taken(node_days({n.code: n for n in nodes}))


def plan_within_capacity(
    request: SourcingRequest, plan: Callable[[SourcingRequest], SourcingPlan]
) -> SourcingPlan:
    """`plan` with today's capacity; if full nodes left stock unsourced that they hold,
    the plan without capacity (flagged) when it back-orders less."""
    first = plan(request)
    if not first.backordered or not request.capacity_used:
        return first
    free = plan(replace(request, capacity_used={}))
    if sum(free.backordered.values()) >= sum(first.backordered.values()):
        return first
    flags = [*free.flags, OVER_CAPACITY]
    return replace(free, flags=flags, explanation={**free.explanation, "flags": flags})


def record_taken(
    uow: AbstractUnitOfWork, days: dict[str, date], reserved: list[tuple[int, str, int]]
) -> None:
    """Count each (line, node) reserved as one line the node took today."""
    if not reserved:
        return
    per_node: dict[str, int] = {}
    for _, node in {(line_no, node) for line_no, node, _ in reserved}:
        per_node[node] = per_node.get(node, 0) + 1
    uow.nodes.take_lines([(node, days[node], n) for node, n in per_node.items()])

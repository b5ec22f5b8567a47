from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.errors import Conflict, StaleWrite
from ordermind.domain.fences import RingFence, usable
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.domain.orders import Order, OrderStatus
from ordermind.services.unit_of_work import (
    ChannelRepository,
    IdempotencyRepository,
    InventoryRepository,
    NodeRepository,
    OrderFilter,
    OrderRepository,
    ProductRepository,
    StoredResponse,
    SupplyRepository,
)

from .overlay import Overlay


class MemoryProducts(ProductRepository):
    def __init__(self, data: Overlay[Product]) -> None:
        self.data = data

    def get(self, sku: str) -> Product | None:
        return self.data.get(sku)

    def get_many(self, skus: Iterable[str]) -> dict[str, Product]:
        found = {sku: self.data.get(sku) for sku in set(skus)}
        return {sku: p for sku, p in found.items() if p is not None}

    def upsert(self, product: Product) -> None:
        self.data.put(product.sku, product)

    def list(self, after: str | None, limit: int) -> list[Product]:
        skus = sorted(k for k in self.data if after is None or k > after)  # type: ignore[operator]
        return [self.data.get(s) for s in skus[:limit]]  # type: ignore[misc]


class MemoryNodes(NodeRepository):
    def __init__(self, data: Overlay[Node], load: Overlay[int]) -> None:
        self.data = data
        self.load = load  # (node, day) -> lines taken

    def get(self, code: str) -> Node | None:
        return self.data.get(code)

    def all(self) -> list[Node]:
        return sorted(self.data.values(), key=lambda n: n.code)

    def upsert(self, node: Node) -> None:
        self.data.put(node.code, node)

    def lines_taken(self, days: dict[str, date]) -> dict[str, int]:
        return {code: n for code, day in days.items() if (n := self.load.get((code, day)))}

    def load_on(self, days: Collection[date]) -> dict[tuple[str, date], int]:
        wanted = set(days)
        return {key: n for key in self.load.keys()  # noqa: SIM118 - an Overlay, not a dict
                if key[1] in wanted and (n := self.load.get(key))}  # type: ignore[index]

    def take_lines(self, taken: Iterable[tuple[str, date, int]]) -> None:
        for node, day, lines in taken:
            self.load.put((node, day), (self.load.get((node, day)) or 0) + lines)


class MemoryChannels(ChannelRepository):
    def __init__(self, data: Overlay[Channel]) -> None:
        self.data = data

    def get(self, code: str) -> Channel | None:
        return self.data.get(code)

    def all(self) -> list[Channel]:
        return sorted(self.data.values(), key=lambda c: c.code)

    def upsert(self, channel: Channel) -> None:
        self.data.put(channel.code, channel)


class MemoryInventory(InventoryRepository):
    def __init__(self, data: Overlay[InventoryPosition], movements: list) -> None:
        self.data = data
        self.movements = movements

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        return self.data.get((node, sku))

    def list(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        rows = [
            p
            for p in self.data.values()
            if (sku is None or p.sku == sku) and (node is None or p.node == node)
        ]
        return sorted(rows, key=lambda p: (p.sku, p.node))

    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        pos = self.get(node, sku) or InventoryPosition(node=node, sku=sku)
        pos = replace(pos, on_hand=on_hand, safety_stock=safety_stock)
        self.data.put((node, sku), pos)
        return pos

    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        pos = self.get(node, sku) or InventoryPosition(node=node, sku=sku)
        if pos.on_hand + delta < 0:
            return None
        pos = replace(pos, on_hand=pos.on_hand + delta)
        self.data.put((node, sku), pos)
        return pos

    def try_reserve(self, node: str, sku: str, qty: int,
                    fences: Sequence[RingFence] = ()) -> bool:
        pos = self.get(node, sku)
        if pos is None or usable(pos.available, fences) < qty:
            return False
        self.data.put((node, sku), replace(pos, reserved=pos.reserved + qty))
        return True

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        pos = self.get(node, sku)
        assert pos is not None and pos.reserved >= qty, "unreserve more than reserved"
        self.data.put((node, sku), replace(pos, reserved=pos.reserved - qty))

    def consume(self, node: str, sku: str, qty: int) -> None:
        pos = self.get(node, sku)
        assert pos is not None and pos.reserved >= qty and pos.on_hand >= qty
        self.data.put(
            (node, sku), replace(pos, reserved=pos.reserved - qty, on_hand=pos.on_hand - qty)
        )

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        wanted = set(skus)
        out: dict[str, dict[str, int]] = {}
        for pos in self.data.values():
            if pos.sku in wanted and pos.available > 0:
                out.setdefault(pos.sku, {})[pos.node] = pos.available
        return out

    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None:
        self.movements.append((node, sku, delta, reason, actor))


class MemorySupply(SupplyRepository):
    def __init__(self, data: Overlay[InboundSupply]) -> None:
        self.data = data

    def add(self, supply: InboundSupply) -> InboundSupply:
        supply = replace(supply, id=max((k for k in self.data), default=0) + 1)  # type: ignore[operator]
        self.data.put(supply.id, supply)
        return supply

    def list(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
        return [
            s
            for s in self.data.values()
            if (sku is None or s.sku == sku) and not (open_only and s.received)
        ]

    def get(self, supply_id: int) -> InboundSupply | None:
        return self.data.get(supply_id)

    def mark_received(self, supply_id: int) -> None:
        s = self.data.get(supply_id)
        if s is not None:
            self.data.put(supply_id, replace(s, received=True))


class MemoryOrders(OrderRepository):
    def __init__(self, data: Overlay[Order], events: dict[int, list[dict]], seq: list[int]) -> None:
        self.data = data
        self.events_by_order = events
        self.staged_events: list[tuple[int, dict]] = []
        self.seq = seq

    def _flush_events(self, order: Order) -> None:
        for ev in order.events:
            self.staged_events.append(
                (
                    order.id,
                    {  # type: ignore[arg-type]
                        "type": str(ev.type),
                        "actor": ev.actor,
                        "at": ev.at,
                        "reason": ev.reason,
                        "status_before": ev.status_before,
                        "status_after": ev.status_after,
                        "data": ev.data,
                    },
                )
            )
        order.events.clear()

    def add(self, order: Order) -> None:
        if order.external_id is not None:
            existing = self.find_by_external_id(order.channel, order.external_id)
            if existing is not None:
                raise Conflict(
                    f"channel {order.channel} already has order {existing.number} "
                    f"with external_id {order.external_id!r}",
                    order_id=existing.id,
                )
        self.seq[0] += 1
        order.id = self.seq[0]
        self._flush_events(order)
        self.data.put(order.id, order)

    def get(self, order_id: int) -> Order | None:
        return self.data.get(order_id)

    def save(self, order: Order) -> None:
        stored = self.data.get(order.id)
        if stored is None or stored.version != order.version:
            raise StaleWrite(f"order {order.id} was changed by someone else; reload and retry")
        order.version += 1
        self._flush_events(order)
        self.data.put(order.id, order)

    def find_by_external_id(self, channel: str, external_id: str) -> Order | None:
        for o in self.data.values():
            if o.channel == channel and o.external_id == external_id:
                return o
        return None

    def list(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
        out = []
        for oid in sorted(self.data.keys(), reverse=True):  # type: ignore[type-var]
            if cursor is not None and oid >= cursor:  # type: ignore[operator]
                continue
            o = self.data.get(oid)
            if flt.status and str(o.status) != flt.status:  # type: ignore[union-attr]
                continue
            if flt.channel and o.channel != flt.channel:  # type: ignore[union-attr]
                continue
            if flt.sku and all(ln.sku != flt.sku for ln in o.lines):  # type: ignore[union-attr]
                continue
            out.append(o)
            if len(out) >= limit:
                break
        return out

    def with_backorders(self, sku: str, limit: int) -> list[int]:
        ids = [
            o.id
            for o in self.data.values()
            if any(ln.sku == sku and ln.backordered for ln in o.lines)
            and o.status not in (OrderStatus.CANCELLED, OrderStatus.CLOSED)
        ]
        return sorted(ids)[:limit]  # type: ignore[type-var]

    def with_unreleased_at(self, node: str, sku: str | None, limit: int) -> list[int]:
        ids = [
            o.id
            for o in self.data.values()
            if any(
                (sku is None or ln.sku == sku)
                and any(a.node == node and a.allocated for a in ln.allocations)
                for ln in o.lines
            )
        ]
        return sorted(ids, reverse=True)[:limit]  # type: ignore[type-var]

    def order_id_for_shipment(self, shipment_id: str) -> int | None:
        return next(
            (o.id for o in self.data.values() if any(s.id == shipment_id for s in o.shipments)),
            None,
        )

    def order_id_for_return(self, rma_id: str) -> int | None:
        return next(
            (o.id for o in self.data.values() if any(r.id == rma_id for r in o.returns)), None
        )

    def events(self, order_id: int) -> list[dict]:
        return list(self.events_by_order.get(order_id, [])) + [
            e for oid, e in self.staged_events if oid == order_id
        ]

    def active_holds(self, reason: str | None, limit: int) -> list[tuple[int, str]]:
        rows = [
            (h.placed_at, o.id, h.id)
            for o in self.data.values()
            for h in o.active_holds
            if reason is None or h.reason == reason
        ]
        return [(oid, hid) for _, oid, hid in sorted(rows)[:limit]]  # type: ignore[misc]

    def commit(self) -> None:
        for oid, ev in self.staged_events:
            self.events_by_order.setdefault(oid, []).append(ev)
        self.staged_events.clear()


class MemoryIdempotency(IdempotencyRepository):
    def __init__(self, data: Overlay[StoredResponse]) -> None:
        self.data = data

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        found = self.data.get((scope, key))
        if found is not None:
            return found
        self.data.put((scope, key), StoredResponse(request_hash, 0, {}))
        return None

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        old = self.data.get((scope, key))
        self.data.put(
            (scope, key), StoredResponse(old.request_hash if old else "", status_code, body)
        )

"""Repositories for stock positions (the atomic reservation lives here), inbound supply and
idempotency keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, insert, select, update

from ordermind.domain.errors import StaleWrite
from ordermind.domain.fences import RingFence, usable
from ordermind.domain.network import InboundSupply, InventoryPosition, SupplyKind
from ordermind.services.unit_of_work import (
    IdempotencyRepository,
    InventoryRepository,
    StoredResponse,
    SupplyRepository,
)

from . import hot_statements as hot
from . import tables as t
from .sql import aware, now, upsert

inv = t.inventory


class SqlInventory(InventoryRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @staticmethod
    def _pos(row) -> InventoryPosition:
        return InventoryPosition(
            node=row.node,
            sku=row.sku,
            on_hand=row.on_hand,
            reserved=row.reserved,
            safety_stock=row.safety_stock,
        )

    def _key(self, node: str, sku: str):
        return and_(inv.c.node == node, inv.c.sku == sku)

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        row = self.conn.execute(select(inv).where(self._key(node, sku))).first()
        return self._pos(row) if row else None

    def find(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        q = select(inv).order_by(inv.c.sku, inv.c.node)
        if sku is not None:
            q = q.where(inv.c.sku == sku)
        if node is not None:
            q = q.where(inv.c.node == node)
        return [self._pos(r) for r in self.conn.execute(q)]

    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        stmt = upsert(self.conn, inv).values(
            node=node, sku=sku, on_hand=on_hand, reserved=0, safety_stock=safety_stock
        )
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["node", "sku"],
                set_={"on_hand": on_hand, "safety_stock": safety_stock},
            )
        )
        pos = self.get(node, sku)
        assert pos is not None  # just written
        return pos

    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        done = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.on_hand + delta >= 0)
            .values(on_hand=inv.c.on_hand + delta)
        ).rowcount
        if not done:
            if delta < 0 or self.get(node, sku) is not None:
                return None
            self.conn.execute(
                insert(inv).values(node=node, sku=sku, on_hand=delta, reserved=0, safety_stock=0)
            )
        return self.get(node, sku)

    def try_reserve(self, node: str, sku: str, qty: int, fences: Sequence[RingFence] = ()) -> bool:
        if fences:
            return self._reserve_beyond_fences(node, sku, qty, fences)
        # DESIGN principle 3: one atomic conditional update, correct without app locks.
        return self.conn.execute(hot.RESERVE, {"n": node, "s": sku, "q": qty}).rowcount == 1

    def _reserve_beyond_fences(
        self, node: str, sku: str, qty: int, fences: Sequence[RingFence]
    ) -> bool:
        # A share fence depends on the free units at the moment of reserving, so read the row
        # under a lock (FOR UPDATE; SQLite's transaction already holds the write lock) and
        # update only if it is still the row that was read.
        row = self.conn.execute(
            select(inv.c.on_hand, inv.c.reserved, inv.c.safety_stock)
            .where(self._key(node, sku))
            .with_for_update()
        ).first()
        if row is None:
            return False
        if usable(row.on_hand - row.reserved - row.safety_stock, fences) < qty:
            return False
        result = self.conn.execute(
            update(inv)
            .where(
                self._key(node, sku),
                inv.c.on_hand == row.on_hand,
                inv.c.reserved == row.reserved,
                inv.c.safety_stock == row.safety_stock,
            )
            .values(reserved=inv.c.reserved + qty)
        )
        return result.rowcount == 1

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        done = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.reserved >= qty)
            .values(reserved=inv.c.reserved - qty)
        ).rowcount
        if not done:  # the order was read before a concurrent change took these units
            raise StaleWrite(
                f"cannot unreserve {qty} of {sku} at {node}: fewer are reserved; "
                "the order changed meanwhile"
            )

    def consume(self, node: str, sku: str, qty: int) -> None:
        done = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.reserved >= qty, inv.c.on_hand >= qty)
            .values(reserved=inv.c.reserved - qty, on_hand=inv.c.on_hand - qty)
        ).rowcount
        if not done:  # as for unreserve: a stale read of the order
            raise StaleWrite(
                f"cannot ship {qty} of {sku} from {node}: not reserved there; "
                "the order changed meanwhile"
            )

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        rows = self.conn.execute(hot.AVAILABLE, {"skus": list(set(skus))})
        out: dict[str, dict[str, int]] = {}
        for sku, node, qty in rows:
            out.setdefault(sku, {})[node] = qty
        return out

    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None:
        self.conn.execute(
            insert(t.stock_movements).values(
                node=node, sku=sku, delta=delta, reason=reason, actor=actor, created_at=now()
            )
        )


class SqlSupply(SupplyRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @staticmethod
    def _supply(row) -> InboundSupply:
        return InboundSupply(
            id=row.id,
            kind=SupplyKind(row.kind),
            sku=row.sku,
            node=row.node,
            quantity=row.quantity,
            eta=aware(row.eta),
            source=row.source,
            reference=row.reference,
            received=row.received,
        )

    def add(self, supply: InboundSupply) -> InboundSupply:
        new_id = self.conn.execute(
            insert(t.inbound_supply)
            .values(
                kind=str(supply.kind),
                sku=supply.sku,
                node=supply.node,
                quantity=supply.quantity,
                eta=supply.eta,
                source=supply.source,
                reference=supply.reference,
                received=supply.received,
            )
            .returning(t.inbound_supply.c.id)
        ).scalar_one()
        supply.id = new_id
        return supply

    def find(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
        q = select(t.inbound_supply).order_by(t.inbound_supply.c.eta)
        if sku is not None:
            q = q.where(t.inbound_supply.c.sku == sku)
        if open_only:
            q = q.where(t.inbound_supply.c.received.is_(False))
        return [self._supply(r) for r in self.conn.execute(q)]

    def get(self, supply_id: int) -> InboundSupply | None:
        row = self.conn.execute(
            select(t.inbound_supply).where(t.inbound_supply.c.id == supply_id)
        ).first()
        return self._supply(row) if row else None

    def mark_received(self, supply_id: int) -> None:
        self.conn.execute(
            update(t.inbound_supply).where(t.inbound_supply.c.id == supply_id).values(received=True)
        )


class SqlIdempotency(IdempotencyRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        # The primary key decides: a concurrent twin blocks on it until we commit.
        # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
        claimed = self.conn.execute(
            hot.claim_key(self.conn),
            {
                "scope": scope,
                "key": key,
                "request_hash": request_hash,
                "status_code": 0,
                "response": {},
                "created_at": now(),
            },
        ).first()
        if claimed is not None:
            return None
        row = self.conn.execute(
            select(t.idempotency_keys).where(
                t.idempotency_keys.c.scope == scope, t.idempotency_keys.c.key == key
            )
        ).one()
        return StoredResponse(row.request_hash, row.status_code, row.response)

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        self.conn.execute(
            hot.STORE_RESPONSE,
            {"sc": scope, "k": key, "status_code": status_code, "response": body},
        )

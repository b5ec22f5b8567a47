"""Stock, inbound supply and idempotency keys of the in-memory store. Each write logs its
undo on the unit of work's list; refusals are the databases' (a conditional update that
matches no row, a primary key already taken)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import attrgetter

from ordermind.domain.errors import StaleWrite
from ordermind.domain.fences import RingFence, usable
from ordermind.domain.network import InboundSupply, InventoryPosition
from ordermind.services.unit_of_work import (
    IdempotencyRepository,
    InventoryRepository,
    StoredResponse,
    SupplyRepository,
)

from .fast_catalog import Undo, put_back
from .store import FastStore

_ETA = attrgetter("eta")


def _restore(pos: InventoryPosition, on_hand: int, reserved: int, safety: int) -> None:
    pos.on_hand, pos.reserved, pos.safety_stock = on_hand, reserved, safety


class FastInventory(InventoryRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        self.store = store
        self.stock = store.stock
        self.undo = undo

    def _pos(self, node: str, sku: str) -> InventoryPosition | None:
        at = self.stock.get(sku)
        return at.get(node) if at else None

    def _new(self, node: str, sku: str) -> InventoryPosition:
        pos = InventoryPosition(node=node, sku=sku)
        self.stock.setdefault(sku, {})[node] = pos
        self.undo.append((self._drop, (node, sku)))
        return pos

    def _drop(self, node: str, sku: str) -> None:
        self.stock[sku].pop(node, None)

    def _save(self, pos: InventoryPosition) -> None:
        self.undo.append((_restore, (pos, pos.on_hand, pos.reserved, pos.safety_stock)))

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        return self._pos(node, sku)

    def find(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        rows = [
            p
            for s, at in self.stock.items()
            if sku is None or s == sku
            for p in at.values()
            if node is None or p.node == node
        ]
        return sorted(rows, key=lambda p: (p.sku, p.node))

    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        pos = self._pos(node, sku) or self._new(node, sku)
        self._save(pos)
        pos.on_hand, pos.safety_stock = on_hand, safety_stock
        return pos

    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        pos = self._pos(node, sku)
        if pos is None:
            if delta < 0:
                return None
            pos = self._new(node, sku)
        if pos.on_hand + delta < 0:
            return None
        self._save(pos)
        pos.on_hand += delta
        return pos

    def try_reserve(self, node: str, sku: str, qty: int, fences: Sequence[RingFence] = ()) -> bool:
        pos = self._pos(node, sku)
        if pos is None:
            return False
        free = pos.on_hand - pos.reserved - pos.safety_stock
        if (usable(free, fences) if fences else free) < qty:
            return False
        self._save(pos)
        pos.reserved += qty
        return True

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        pos = self._pos(node, sku)
        if pos is None or pos.reserved < qty:
            raise StaleWrite(
                f"cannot unreserve {qty} of {sku} at {node}: fewer are reserved; "
                "the order changed meanwhile"
            )
        self._save(pos)
        pos.reserved -= qty

    def consume(self, node: str, sku: str, qty: int) -> None:
        pos = self._pos(node, sku)
        if pos is None or pos.reserved < qty or pos.on_hand < qty:
            raise StaleWrite(
                f"cannot ship {qty} of {sku} from {node}: not reserved there; "
                "the order changed meanwhile"
            )
        self._save(pos)
        pos.reserved -= qty
        pos.on_hand -= qty

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        stock = self.stock
        for sku in skus:
            at = stock.get(sku)
            if not at:
                continue
            free = {}
            for n, p in at.items():
                q = p.on_hand - p.reserved - p.safety_stock
                if q > 0:
                    free[n] = q
            if free:
                out[sku] = free
        return out

    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None:
        if self.store.keep_movements:
            movements = self.store.movements
            movements.append((node, sku, delta, reason, actor))
            self.undo.append((movements.pop, ()))


class FastSupply(SupplyRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        self.store = store
        self.d = store.supply
        self.undo = undo

    def add(self, supply: InboundSupply) -> InboundSupply:
        # Like a database sequence, the counter is not given back on rollback.
        self.store.supply_seq += 1
        supply = replace(supply, id=self.store.supply_seq)
        self.d[self.store.supply_seq] = supply
        self.undo.append((self.d.pop, (supply.id, None)))
        return supply

    def find(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
        found = [
            s
            for s in self.d.values()
            if (sku is None or s.sku == sku) and not (open_only and s.received)
        ]
        return sorted(found, key=_ETA)  # as the databases order them

    def get(self, supply_id: int) -> InboundSupply | None:
        return self.d.get(supply_id)

    def mark_received(self, supply_id: int) -> None:
        s = self.d.get(supply_id)
        if s is not None:
            self.undo.append((setattr, (s, "received", s.received)))
            s.received = True


class FastIdempotency(IdempotencyRepository):
    """Keys kept for the contract's sake; the twin places orders without them."""

    def __init__(self, store: FastStore, undo: Undo) -> None:
        self.d = store.idempotency
        self.undo = undo

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        found = self.d.get((scope, key))
        if found is not None:
            return found
        self.d[(scope, key)] = StoredResponse(request_hash, 0, {})
        self.undo.append((self.d.pop, ((scope, key), None)))
        return None

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        old = self.d.get((scope, key))
        if old is None:
            return  # the database's UPDATE finds no row of an unclaimed key
        self.undo.append((put_back, (self.d, (scope, key), old)))
        self.d[(scope, key)] = StoredResponse(old.request_hash, status_code, body)

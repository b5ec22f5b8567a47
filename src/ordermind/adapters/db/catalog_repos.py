"""Repositories for catalog, network, stock, supply and idempotency keys."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import Connection, and_, insert, select, update

from ordermind.domain.catalog import Product, TaxClass
from ordermind.domain.channels import Channel
from ordermind.domain.network import InboundSupply, InventoryPosition, Node, NodeKind, SupplyKind
from ordermind.domain.orders import BackorderPolicy
from ordermind.services.unit_of_work import (
    ChannelRepository,
    IdempotencyRepository,
    InventoryRepository,
    NodeRepository,
    ProductRepository,
    StoredResponse,
    SupplyRepository,
)

from . import tables as t
from .sql import aware, now, upsert


def _product(row) -> Product:  # noqa: ANN001
    return Product(
        sku=row.sku,
        name=row.name,
        price=row.price,
        currency=row.currency,
        gtin=row.gtin,
        weight_g=row.weight_g,
        length_mm=row.length_mm,
        width_mm=row.width_mm,
        height_mm=row.height_mm,
        tax_class=TaxClass(row.tax_class),
        category=row.category,
        active=row.active,
    )


class SqlProducts(ProductRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, sku: str) -> Product | None:
        row = self.conn.execute(select(t.products).where(t.products.c.sku == sku)).first()
        return _product(row) if row else None

    def get_many(self, skus: Iterable[str]) -> dict[str, Product]:
        wanted = list(set(skus))
        if not wanted:
            return {}
        rows = self.conn.execute(select(t.products).where(t.products.c.sku.in_(wanted)))
        return {row.sku: _product(row) for row in rows}

    def upsert(self, product: Product) -> None:
        values = {
            k: getattr(product, k)
            for k in (
                "sku",
                "name",
                "gtin",
                "price",
                "currency",
                "weight_g",
                "length_mm",
                "width_mm",
                "height_mm",
                "category",
                "active",
            )
        }
        values["tax_class"] = str(product.tax_class)
        values["updated_at"] = now()
        stmt = upsert(self.conn, t.products).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["sku"], set_={k: v for k, v in values.items() if k != "sku"}
            )
        )

    def list(self, after: str | None, limit: int) -> list[Product]:
        q = select(t.products).order_by(t.products.c.sku).limit(limit)
        if after is not None:
            q = q.where(t.products.c.sku > after)
        return [_product(r) for r in self.conn.execute(q)]


_NODE_CACHE: dict[str, tuple[float, list[Node]]] = {}
NODE_CACHE_SECONDS = 2.0  # nodes change rarely; every order reads them


def _node(row) -> Node:  # noqa: ANN001
    return Node(
        code=row.code,
        name=row.name,
        kind=NodeKind(row.kind),
        country=row.country,
        postal_code=row.postal_code,
        lat=row.lat,
        lon=row.lon,
        daily_capacity=row.daily_capacity,
        handling_cost=row.handling_cost,
        can_ship=row.can_ship,
        can_pickup=row.can_pickup,
        priority=row.priority,
        active=row.active,
    )


class SqlNodes(NodeRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.key = str(conn.engine.url)

    def get(self, code: str) -> Node | None:
        row = self.conn.execute(select(t.nodes).where(t.nodes.c.code == code)).first()
        return _node(row) if row else None

    def all(self) -> list[Node]:
        hit = _NODE_CACHE.get(self.key)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        found = [_node(r) for r in self.conn.execute(select(t.nodes).order_by(t.nodes.c.code))]
        _NODE_CACHE[self.key] = (time.monotonic() + NODE_CACHE_SECONDS, found)
        return found

    def upsert(self, node: Node) -> None:
        values = {
            k: getattr(node, k)
            for k in (
                "code",
                "name",
                "country",
                "postal_code",
                "lat",
                "lon",
                "daily_capacity",
                "handling_cost",
                "can_ship",
                "can_pickup",
                "priority",
                "active",
            )
        }
        values["kind"] = str(node.kind)
        values["updated_at"] = now()
        stmt = upsert(self.conn, t.nodes).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"}
            )
        )
        _NODE_CACHE.pop(self.key, None)


_CHANNEL_CACHE: dict[str, tuple[float, dict[str, Channel]]] = {}


class SqlChannels(ChannelRepository):
    """Channel rules are read on every order and change rarely: cached per process for
    NODE_CACHE_SECONDS, invalidated at once by an upsert in the same process."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.key = str(conn.engine.url)

    @staticmethod
    def _channel(row) -> Channel:  # noqa: ANN001
        return Channel(
            code=row.code,
            name=row.name,
            backorder_policy=BackorderPolicy(row.backorder_policy),
            sourcing_strategy=row.sourcing_strategy,
        )

    def _all(self) -> dict[str, Channel]:
        hit = _CHANNEL_CACHE.get(self.key)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        found = {
            r.code: self._channel(r) for r in self.conn.execute(select(t.channels).order_by("code"))
        }
        _CHANNEL_CACHE[self.key] = (time.monotonic() + NODE_CACHE_SECONDS, found)
        return found

    def get(self, code: str) -> Channel | None:
        return self._all().get(code)

    def all(self) -> list[Channel]:
        return list(self._all().values())

    def upsert(self, channel: Channel) -> None:
        values = {
            "code": channel.code,
            "name": channel.name,
            "backorder_policy": str(channel.backorder_policy),
            "sourcing_strategy": channel.sourcing_strategy,
        }
        stmt = upsert(self.conn, t.channels).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"}
            )
        )
        _CHANNEL_CACHE.pop(self.key, None)


inv = t.inventory


class SqlInventory(InventoryRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @staticmethod
    def _pos(row) -> InventoryPosition:  # noqa: ANN001
        return InventoryPosition(
            node=row.node,
            sku=row.sku,
            on_hand=row.on_hand,
            reserved=row.reserved,
            safety_stock=row.safety_stock,
        )

    def _key(self, node: str, sku: str):  # noqa: ANN202
        return and_(inv.c.node == node, inv.c.sku == sku)

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        row = self.conn.execute(select(inv).where(self._key(node, sku))).first()
        return self._pos(row) if row else None

    def list(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
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
        return self.get(node, sku)  # type: ignore[return-value]

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

    def try_reserve(self, node: str, sku: str, qty: int) -> bool:
        # DESIGN principle 3: one atomic conditional update, correct without app locks.
        result = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.on_hand - inv.c.reserved - inv.c.safety_stock >= qty)
            .values(reserved=inv.c.reserved + qty)
        )
        return result.rowcount == 1

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        done = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.reserved >= qty)
            .values(reserved=inv.c.reserved - qty)
        ).rowcount
        if not done:
            raise RuntimeError(f"cannot unreserve {qty} of {sku} at {node}: fewer are reserved")

    def consume(self, node: str, sku: str, qty: int) -> None:
        done = self.conn.execute(
            update(inv)
            .where(self._key(node, sku), inv.c.reserved >= qty, inv.c.on_hand >= qty)
            .values(reserved=inv.c.reserved - qty, on_hand=inv.c.on_hand - qty)
        ).rowcount
        if not done:
            raise RuntimeError(f"cannot ship {qty} of {sku} from {node}: not reserved there")

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        wanted = list(set(skus))
        avail = (inv.c.on_hand - inv.c.reserved - inv.c.safety_stock).label("available")
        rows = self.conn.execute(
            select(inv.c.sku, inv.c.node, avail).where(inv.c.sku.in_(wanted), avail > 0)
        )
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
    def _supply(row) -> InboundSupply:  # noqa: ANN001
        return InboundSupply(
            id=row.id,
            kind=SupplyKind(row.kind),
            sku=row.sku,
            node=row.node,
            quantity=row.quantity,
            eta=aware(row.eta),
            source=row.source,  # type: ignore[arg-type]
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

    def list(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
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
    def __init__(self, conn: Connection, scope_prefix: str = "") -> None:
        self.conn = conn

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        # The primary key decides: a concurrent twin blocks on it until we commit.
        stmt = (
            upsert(self.conn, t.idempotency_keys)
            .values(
                scope=scope,
                key=key,
                request_hash=request_hash,
                status_code=0,
                response={},
                created_at=now(),
            )
            .on_conflict_do_nothing(index_elements=["scope", "key"])
        )
        # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
        if self.conn.execute(stmt.returning(t.idempotency_keys.c.key)).first() is not None:
            return None
        row = self.conn.execute(
            select(t.idempotency_keys).where(
                t.idempotency_keys.c.scope == scope, t.idempotency_keys.c.key == key
            )
        ).one()
        return StoredResponse(row.request_hash, row.status_code, row.response)

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        self.conn.execute(
            update(t.idempotency_keys)
            .where(t.idempotency_keys.c.scope == scope, t.idempotency_keys.c.key == key)
            .values(status_code=status_code, response=body)
        )

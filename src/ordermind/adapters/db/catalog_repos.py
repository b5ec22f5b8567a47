"""Repositories for the catalog, stock locations and sales channels. Nodes and channels are
read on every order, so each process caches them; a cache is used only while the
database's `config_versions` row for the network (bumped by a trigger on every change to
nodes, channels or ring fences, whoever made it) still has the version it was filled at."""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable
from dataclasses import asdict
from datetime import date

from sqlalchemy import Connection, Engine, select

from ordermind.domain.catalog import Product, TaxClass
from ordermind.domain.channels import Channel
from ordermind.domain.fences import RingFence
from ordermind.domain.network import Node, NodeKind
from ordermind.domain.orders import BackorderPolicy
from ordermind.services.unit_of_work import (
    ChannelRepository,
    NodeRepository,
    ProductRepository,
)

from . import hot_statements as hot
from . import tables as t
from .sql import now, upsert


def _product(row) -> Product:
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
        rows = self.conn.execute(hot.PRODUCTS, {"skus": wanted})
        return {row.sku: _product(row) for row in rows}

    def upsert(self, product: Product) -> None:
        values = asdict(product) | {"tax_class": str(product.tax_class), "updated_at": now()}
        stmt = upsert(self.conn, t.products).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["sku"], set_={k: v for k, v in values.items() if k != "sku"}
            )
        )

    def sku_of_gtin(self, gtin: str) -> str | None:
        q = select(t.products.c.sku).where(t.products.c.gtin == gtin)
        return self.conn.execute(q).scalar_one_or_none()

    def page(self, after: str | None, limit: int) -> list[Product]:
        q = select(t.products).order_by(t.products.c.sku).limit(limit)
        if after is not None:
            q = q.where(t.products.c.sku > after)
        return [_product(r) for r in self.conn.execute(q)]


class ConfigVersions:
    """The network configuration's version as this unit of work sees it: read once (or
    handed over by a read that fetched it alongside other things), and marked dirty when
    the unit of work changes the configuration itself, whose uncommitted state must never
    be cached for others."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._network: int | None = None
        self._read = False
        self.dirty = False

    def network(self) -> int | None:
        """None when the row is missing (a truncated table): then nothing is cached."""
        if not self._read:
            c = t.config_versions.c
            self.seen(self.conn.execute(select(c.version).where(c.name == "network")).scalar())
        return self._network

    def seen(self, network: int | None) -> None:
        self._network, self._read = network, True

    def cacheable(self, version: int | None) -> bool:
        return version is not None and not self.dirty


# engine URL -> (network version, value)
_NODE_CACHE: dict[str, tuple[int, list[Node]]] = {}


def _node(row) -> Node:
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
        timezone=row.timezone,
        cutoff=row.cutoff,
        processing_days=row.processing_days,
        holidays=row.holidays,
    )


_DATABASE_KEYS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def database_key(engine: Engine) -> str:
    """Which database an engine is on, as the per-process caches below are keyed:
    rendered once per engine (rendering a URL is not free, and it is asked on every
    order)."""
    key = _DATABASE_KEYS.get(engine)
    if key is None:
        key = _DATABASE_KEYS[engine] = str(engine.url)
    return key


class SqlNodes(NodeRepository):
    def __init__(self, conn: Connection, versions: ConfigVersions) -> None:
        self.conn = conn
        self.key = database_key(conn.engine)
        self.versions = versions
        self.pending: dict[tuple[str, date], int] = {}  # lines taken, to add after commit

    def get(self, code: str) -> Node | None:
        row = self.conn.execute(select(t.nodes).where(t.nodes.c.code == code)).first()
        return _node(row) if row else None

    def all(self) -> list[Node]:
        version = self.versions.network()
        cacheable = self.versions.cacheable(version)
        hit = _NODE_CACHE.get(self.key)
        if cacheable and hit and hit[0] == version:
            return hit[1]
        found = [_node(r) for r in self.conn.execute(select(t.nodes).order_by(t.nodes.c.code))]
        if cacheable and version is not None:  # (cacheable says it is)
            _NODE_CACHE[self.key] = (version, found)
        return found

    def upsert(self, node: Node) -> None:
        values = asdict(node) | {"kind": str(node.kind), "updated_at": now()}
        stmt = upsert(self.conn, t.nodes).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"}
            )
        )
        self.versions.dirty = True
        _NODE_CACHE.pop(self.key, None)

    def lines_taken(self, days: dict[str, date]) -> dict[str, int]:
        if not days:
            return {}
        rows = self.conn.execute(hot.LINES_TAKEN, {"days": sorted(set(days.values()))})
        return {r.node: r.lines for r in rows if days.get(r.node) == r.day and r.lines}

    def load_on(self, days: Collection[date]) -> dict[tuple[str, date], int]:
        if not days:
            return {}
        rows = self.conn.execute(hot.LINES_TAKEN, {"days": sorted(set(days))})
        return {(r.node, r.day): r.lines for r in rows if r.lines}

    def take_lines(self, taken: Iterable[tuple[str, date, int]]) -> None:
        # Kept until the unit of work commits, then added in a statement of its own
        # (`flush_lines`): a counter row every order of the day updates would otherwise be
        # locked from the reservation to the commit, queueing every order behind it.
        for node, day, lines in taken:
            self.pending[(node, day)] = self.pending.get((node, day), 0) + lines

    def flush_lines(self) -> None:
        """Add the committed orders' lines in a transaction of their own (sorted: writers
        lock the rows in one order). On PostgreSQL in autocommit: one round trip, the rows
        locked for that statement only; the connection is transactional again after."""
        rows = [{"node": n, "day": d, "lines": k} for (n, d), k in sorted(self.pending.items())]
        self.pending.clear()
        if not rows:
            return
        conn = self.conn
        if conn.dialect.name != "postgresql":  # SQLite has one writer at a time anyway
            conn.execute(hot.take_lines(conn), rows)
            conn.commit()
            return
        level = conn.default_isolation_level
        conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            conn.execute(hot.take_lines(conn), rows)
        finally:
            conn.commit()  # ends SQLAlchemy's transaction: nothing to send in autocommit
            conn.execution_options(isolation_level=level)


_CHANNEL_CACHE: dict[str, tuple[int, dict[str, Channel]]] = {}


class SqlChannels(ChannelRepository):
    """Channel rules are read on every order and change rarely: cached per process while
    the network version holds (see the module's docstring)."""

    def __init__(self, conn: Connection, versions: ConfigVersions) -> None:
        self.conn = conn
        self.key = database_key(conn.engine)
        self.versions = versions

    @staticmethod
    def _channel(row, fences: Iterable[RingFence], priority=None) -> Channel:
        extra = (
            {}
            if priority is None
            else {
                "priority": priority.policy,
                "priority_weights": dict(priority.weights or {}),
                "ship_sla_hours": priority.ship_sla_hours,
            }
        )
        return Channel(
            code=row.code,
            name=row.name,
            backorder_policy=BackorderPolicy(row.backorder_policy),
            sourcing_strategy=row.sourcing_strategy,
            ring_fences=tuple(fences),
            price_override=bool(row.price_override),
            **extra,
        )

    def _all(self) -> dict[str, Channel]:
        version = self.versions.network()
        cacheable = self.versions.cacheable(version)
        hit = _CHANNEL_CACHE.get(self.key)
        if cacheable and hit and hit[0] == version:
            return hit[1]
        fences: dict[str, list[RingFence]] = {}
        for r in self.conn.execute(select(t.ring_fences).order_by(t.ring_fences.c.id)):
            fences.setdefault(r.channel, []).append(
                RingFence(
                    node=r.node, channel=r.channel, share=r.share, quantity=r.quantity, sku=r.sku
                )
            )
        priorities = {r.channel: r for r in self.conn.execute(select(t.channel_priorities))}
        found = {
            r.code: self._channel(r, fences.get(r.code, ()), priorities.get(r.code))
            for r in self.conn.execute(select(t.channels).order_by("code"))
        }
        if cacheable and version is not None:  # (cacheable says it is)
            _CHANNEL_CACHE[self.key] = (version, found)
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
            "price_override": channel.price_override,
        }
        stmt = upsert(self.conn, t.channels).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"], set_={k: v for k, v in values.items() if k != "code"}
            )
        )
        rf = t.ring_fences
        self.conn.execute(rf.delete().where(rf.c.channel == channel.code))
        if channel.ring_fences:
            self.conn.execute(
                rf.insert(),
                [
                    {
                        "channel": f.channel,
                        "node": f.node,
                        "sku": f.sku,
                        "share": f.share,
                        "quantity": f.quantity,
                    }
                    for f in channel.ring_fences
                ],
            )
        cp = t.channel_priorities
        rules = {
            "policy": channel.priority,
            "weights": dict(channel.priority_weights),
            "ship_sla_hours": channel.ship_sla_hours,
        }
        self.conn.execute(
            upsert(self.conn, cp)
            .values(channel=channel.code, **rules)
            .on_conflict_do_update(index_elements=["channel"], set_=rules)
        )
        self.versions.dirty = True
        _CHANNEL_CACHE.pop(self.key, None)

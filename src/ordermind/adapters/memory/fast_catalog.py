"""Products, nodes and channels of the in-memory store. Every upsert logs how to put the
previous value back (or remove the new one) on the unit of work's undo list."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node
from ordermind.services.unit_of_work import ChannelRepository, NodeRepository, ProductRepository

from .store import FastStore

Undo = list[tuple[Any, tuple]]  # (function, arguments), run newest first on rollback


def put_back(d: dict, key: object, old: object) -> None:
    """Undo a write of d[key]: the old value again, or no entry when there was none."""
    if old is None:
        d.pop(key, None)
    else:
        d[key] = old


class FastProducts(ProductRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        self.d = store.products
        self.undo = undo

    def get(self, sku: str) -> Product | None:
        return self.d.get(sku)

    def get_many(self, skus: Iterable[str]) -> dict[str, Product]:
        d = self.d
        return {s: d[s] for s in skus if s in d}

    def upsert(self, product: Product) -> None:
        d = self.d
        self.undo.append((put_back, (d, product.sku, d.get(product.sku))))
        d[product.sku] = replace(product)

    def sku_of_gtin(self, gtin: str) -> str | None:
        return next((p.sku for p in self.d.values() if p.gtin == gtin), None)

    def page(self, after: str | None, limit: int) -> list[Product]:
        skus = sorted(k for k in self.d if after is None or k > after)
        return [self.d[s] for s in skus[:limit]]


class _Listed:
    """`all()` in code order, sorted once per change and kept on the store (every order
    reads the network and the channels' fences); callers get a fresh list each time."""

    def __init__(self, store: FastStore, d: dict, name: str, undo: Undo) -> None:
        self.store = store
        self.d = d
        self.name = name
        self.undo = undo

    def get(self, code: str) -> Any:
        return self.d.get(code)

    def all(self) -> list:
        got = self.store.sorted_views.get(self.name)
        if got is None:
            got = self.store.sorted_views[self.name] = tuple(self.d[k] for k in sorted(self.d))
        return list(got)

    def upsert(self, value: Node | Channel) -> None:
        self.undo.append((self._put_back, (value.code, self.d.get(value.code))))
        self.d[value.code] = replace(value)
        self.store.sorted_views.pop(self.name, None)

    def _put_back(self, code: str, old: object) -> None:
        put_back(self.d, code, old)
        self.store.sorted_views.pop(self.name, None)  # the view may hold the undone value


class FastNodes(_Listed, NodeRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        super().__init__(store, store.nodes, "nodes", undo)
        self.load = store.node_load

    def lines_taken(self, days: dict[str, date]) -> dict[str, int]:
        load = self.load
        return {code: n for code, day in days.items() if (n := load.get((code, day)))}

    def load_on(self, days: Collection[date]) -> dict[tuple[str, date], int]:
        wanted = set(days)
        return {key: n for key, n in self.load.items() if key[1] in wanted and n}

    def take_lines(self, taken: Iterable[tuple[str, date, int]]) -> None:
        load, undo = self.load, self.undo
        for node, day, lines in taken:
            key = (node, day)
            old = load.get(key)
            load[key] = (old or 0) + lines
            # bound built-ins, not `put_back`: this runs for every order the twin places
            undo.append((load.pop, (key,)) if old is None else (load.__setitem__, (key, old)))


class FastChannels(_Listed, ChannelRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        super().__init__(store, store.channels, "channels", undo)

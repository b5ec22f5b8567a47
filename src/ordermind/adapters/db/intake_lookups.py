"""Batched reads for intake matching: the cross-reference entries a document can use, in
a query per 500 keys instead of two per key (an 8,000-line sheet asked 3,000 questions)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from . import tables as t

_CHUNK = 500


def xref_many(
    conn: Connection, wanted: Iterable[tuple[str | None, str]]
) -> dict[tuple[str | None, str], str]:
    """(buyer or None, key) -> SKU for each wanted key, with the entry for every buyer
    (stored under buyer "") returned as (None, key)."""
    wanted = set(wanted)
    keys = sorted({key[:255] for _, key in wanted})
    buyers = sorted({b for b, _ in wanted if b is not None} | {""})
    x = t.customer_xref
    found: dict[tuple[str | None, str], str] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = conn.execute(
            select(x.c.buyer_id, x.c.key, x.c.sku).where(
                x.c.key.in_(chunk), x.c.buyer_id.in_(buyers)
            )
        )
        for buyer, key, sku in rows:
            found[(buyer or None, key)] = sku
    return found

"""The `shop_connectors` table: every statement on it is here. Secrets go in sealed by
the webhook vault and come out only to verify a signature or call the shop's API; no
view of a connector holds them."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.sql import aware, now
from ordermind.adapters.webhooks import vault
from ordermind.domain.errors import Conflict, NotFound

c = t.shop_connectors
KINDS = ("shopify", "woocommerce")


class Connector(NamedTuple):
    id: int
    kind: str
    channel: str
    shop: str
    admin_api_url: str | None
    signing_secret: str
    api_token: str | None
    locations: dict[str, str | int]
    inventory_items: dict[str, str | int]


def view(row) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "channel": row.channel,
        "shop": row.shop,
        "admin_api_url": row.admin_api_url,
        "locations": row.locations,
        "inventory_items": row.inventory_items,
        "active": row.active,
        "created_at": aware(row.created_at),
        "deleted_at": aware(row.deleted_at),
        "last_push_at": aware(row.last_push_at),
        "last_push": row.last_push,
        "webhook_path": f"/v1/connectors/{row.id}/webhooks",
    }


def add(
    conn: Connection,
    *,
    kind: str,
    channel: str,
    shop: str,
    admin_api_url: str | None,
    signing_secret: str,
    api_token: str | None,
    locations: dict,
    inventory_items: dict,
) -> dict:
    # One shop per channel: the shop's order ids are the channel's external ids, and two
    # WooCommerce sites both number their orders from 1.
    taken = conn.execute(select(c.c.id).where(c.c.channel == channel, c.c.active.is_(True))).first()
    if taken is not None:
        raise Conflict(f"channel {channel} already has connector {taken.id}; delete it first")
    new_id = conn.execute(
        insert(c)
        .values(
            kind=kind,
            channel=channel,
            shop=shop,
            admin_api_url=admin_api_url,
            secrets=vault.seal([{"signing_secret": signing_secret, "api_token": api_token}]),
            locations=locations,
            inventory_items=inventory_items,
            active=True,
            created_at=now(),
        )
        .returning(c.c.id)
    ).scalar_one()
    return get(conn, new_id)


def _row(conn: Connection, connector_id: int, active_only: bool = False):
    row = conn.execute(select(c).where(c.c.id == connector_id)).first()
    if row is None or (active_only and not row.active):
        raise NotFound(f"connector {connector_id} not found")
    return row


def get(conn: Connection, connector_id: int) -> dict:
    return view(_row(conn, connector_id))


def all_connectors(conn: Connection) -> list[dict]:
    return [view(r) for r in conn.execute(select(c).order_by(c.c.id))]


def active_ids(conn: Connection) -> list[int]:
    return list(conn.execute(select(c.c.id).where(c.c.active.is_(True)).order_by(c.c.id)).scalars())


def load(conn: Connection, connector_id: int) -> Connector:
    """An active connector with its secrets unsealed (NotFound once deleted)."""
    row = _row(conn, connector_id, active_only=True)
    secrets = vault.unseal(row.secrets)[0]
    return Connector(
        row.id,
        row.kind,
        row.channel,
        row.shop,
        row.admin_api_url,
        secrets["signing_secret"],
        secrets.get("api_token"),
        dict(row.locations),
        dict(row.inventory_items),
    )


def delete(conn: Connection, connector_id: int) -> dict:
    """Deactivate: its webhooks are refused from now on; the row stays for the record."""
    _row(conn, connector_id, active_only=True)
    conn.execute(update(c).where(c.c.id == connector_id).values(active=False, deleted_at=now()))
    return get(conn, connector_id)


def record_push(conn: Connection, connector_id: int, result: dict) -> None:
    conn.execute(
        update(c).where(c.c.id == connector_id).values(last_push_at=now(), last_push=result)
    )

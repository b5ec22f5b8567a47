"""A generic CSV of historical order lines (`ordermind import csv`), one row per line,
grouped by (channel, external_id): orders as they happened, written by the history writer
without replaying the services (for orders to place now, see `live_csv`).

Required columns: external_id, channel, created_at, currency, customer_email, sku,
quantity, unit_price (minor units). Optional: promised_date, node, shipped_at,
delivered_at, cancelled (units), customer_name, city, postal_code, country, carrier,
shipping_cost (minor units, per order; summed over its rows).
Timestamps are ISO 8601; without a zone they are taken as UTC.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from .historical import HistLine, HistOrder, HistShipment

HISTORICAL_REQUIRED = (
    "external_id",
    "channel",
    "created_at",
    "currency",
    "customer_email",
    "sku",
    "quantity",
    "unit_price",
)


class CsvError(ValueError):
    pass


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    at = datetime.fromisoformat(value.strip())
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _int(row: dict, key: str, default: int = 0) -> int:
    value = (row.get(key) or "").strip()
    return int(value) if value else default


def read_csv(path: Path) -> Iterator[HistOrder]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in HISTORICAL_REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise CsvError(f"{path.name}: missing column(s) {', '.join(missing)}")
        rows: dict[tuple[str, str], list[dict]] = {}
        for n, row in enumerate(reader, start=2):
            for col in HISTORICAL_REQUIRED:
                if not (row.get(col) or "").strip():
                    raise CsvError(f"{path.name} line {n}: {col} is empty")
            rows.setdefault((row["channel"], row["external_id"]), []).append(row)
    for (channel, ext), group in rows.items():
        yield _order(channel, ext, group)


def _order(channel: str, ext: str, group: list[dict]) -> HistOrder:
    first = group[0]
    lines: list[HistLine] = []
    ships: dict[str, HistShipment] = {}
    cost = 0
    for row in group:
        qty, cancelled = _int(row, "quantity"), _int(row, "cancelled")
        if qty <= 0 or not 0 <= cancelled <= qty:
            raise CsvError(f"order {ext}: quantity must be positive and cancelled within it")
        if any(ln.sku == row["sku"] for ln in lines):
            raise CsvError(f"order {ext}: SKU {row['sku']} appears twice; merge the rows")
        node = (row.get("node") or "").strip() or None
        shipped_at = _ts(row.get("shipped_at"))
        live = qty - cancelled
        line = HistLine(row["sku"], qty, _int(row, "unit_price"), node=node, cancelled=cancelled)
        if live and shipped_at is None and node:
            line.released = live
        lines.append(line)
        if live and shipped_at is not None:
            if node is None:
                raise CsvError(f"order {ext}: a shipped line needs its node")
            ship = ships.setdefault(
                node,
                HistShipment(
                    node=node,
                    shipped_at=shipped_at,
                    lines={},
                    delivered_at=_ts(row.get("delivered_at")),
                    carrier=row.get("carrier") or "unknown",
                ),
            )
            ship.lines[row["sku"]] = live
        cost += _int(row, "shipping_cost")
    shipments = list(ships.values())
    delivered = [s.delivered_at for s in shipments if s.delivered_at]
    all_done = (
        bool(shipments)
        and len(delivered) == len(shipments)
        and all(
            ln.cancelled + sum(s.lines.get(ln.sku, 0) for s in shipments) == ln.quantity
            for ln in lines
        )
    )
    promised = (first.get("promised_date") or "").strip()
    created = _ts(first["created_at"])
    return HistOrder(
        channel=channel,
        external_id=ext,
        currency=first["currency"].strip().upper(),
        customer_email=first["customer_email"].strip().lower(),
        customer_name=first.get("customer_name") or None,
        created_at=created,  # type: ignore[arg-type]
        lines=lines,
        promised_date=date.fromisoformat(promised[:10]) if promised else None,
        ship_to={
            "name": first.get("customer_name") or first["customer_email"],
            "line1": "-",
            "line2": None,
            "city": first.get("city") or "-",
            "region": None,
            "postal_code": first.get("postal_code") or "-",
            "country": (first.get("country") or "GB").upper(),
            "lat": None,
            "lon": None,
        },
        shipments=shipments,
        closed_at=max(delivered) if all_done else None,
        cancelled_at=created if all(ln.cancelled == ln.quantity for ln in lines) else None,
        sourcing={
            "strategy": "imported",
            "source": "csv",
            "cost": {"shipping": cost, "handling": None, "total": cost},
        }
        if any((r.get("shipping_cost") or "").strip() for r in group)
        else None,
    )

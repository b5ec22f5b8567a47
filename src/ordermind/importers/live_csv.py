"""Live orders from a CSV (`ordermind orders import`): one row per order line, grouped into
orders by (channel, external_id), each placed now through the order services as the API
places one (for past orders with their real timestamps, see `historical_csv`).
Idempotent: an order whose external_id exists is skipped."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ordermind.domain.errors import DomainError
from ordermind.domain.orders import Address, Customer
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order
from ordermind.services.unit_of_work import AbstractUnitOfWork

LIVE_REQUIRED = (
    "external_id",
    "channel",
    "currency",
    "customer_email",
    "ship_name",
    "line1",
    "city",
    "postal_code",
    "country",
    "sku",
    "quantity",
)


@dataclass
class ImportReport:
    placed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def read_orders(path: Path) -> Iterator[tuple[str, PlaceOrder]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in LIVE_REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        groups: dict[tuple[str, str], list[dict]] = {}
        for row in reader:
            groups.setdefault((row["channel"], row["external_id"]), []).append(row)
    for (channel, ext), rows in groups.items():
        first = rows[0]
        try:
            lines = [
                OrderLineInput(
                    r["sku"],
                    int(r["quantity"]),
                    int(r["unit_price"]) if r.get("unit_price") else None,
                )
                for r in rows
            ]
            cmd = PlaceOrder(
                channel=channel,
                currency=first["currency"],
                external_id=ext,
                customer=Customer(first["customer_email"], first.get("customer_name") or None),
                ship_to=Address(
                    first["ship_name"],
                    first["line1"],
                    first["city"],
                    first["postal_code"],
                    first["country"],
                    lat=float(first["lat"]) if first.get("lat") else None,
                    lon=float(first["lon"]) if first.get("lon") else None,
                ),
                lines=lines,
            )
        except (ValueError, DomainError) as exc:
            yield ext, exc  # type: ignore[misc]
            continue
        yield ext, cmd


def import_orders(
    uow: Callable[[], AbstractUnitOfWork],
    path: Path,
    actor: str,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Place each order of the file in its own unit of work (from `uow`)."""
    report = ImportReport()
    for ext, cmd in read_orders(path):
        if isinstance(cmd, Exception):
            report.failed.append((ext, str(cmd)))
        else:
            with uow() as work:
                if work.orders.find_by_external_id(cmd.channel, ext) is not None:
                    report.skipped += 1
                else:
                    try:
                        place_order(work, cmd, actor)
                        work.commit()
                        report.placed += 1
                    except DomainError as exc:
                        report.failed.append((ext, exc.detail))
        if progress:
            progress(1)
    return report

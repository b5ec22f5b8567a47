"""Documents arriving by watched folder or e-mail go through the same intake service as
the API upload, each in its own unit of work."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Engine

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.services.intake import IntakeOutcome, catalog_records, ingest

log = logging.getLogger("ordermind.intake")


def make_handler(engine: Engine, channel: str) -> Callable[[bytes, str, str], list[IntakeOutcome]]:
    matcher_cache: dict[str, object] = {}

    def handle(data: bytes, filename: str, source: str) -> list[IntakeOutcome]:
        with SqlUnitOfWork(engine) as uow:
            if "m" not in matcher_cache:
                from ordermind.intake import Catalog, CatalogMatcher

                matcher_cache["m"] = CatalogMatcher(Catalog.from_records(catalog_records(uow)))
            kind = source.split(":", 1)[0][:24]  # "folder:/path/…" or "email:<sender>"
            outcomes = ingest(
                uow,
                data,
                matcher=matcher_cache["m"],
                channel=channel,
                actor=f"intake:{kind}",
                source=kind,
                filename=filename,
            )
            uow.commit()
        for o in outcomes:
            log.info(
                "document",
                extra={
                    "fields": {
                        "file": filename,
                        "source": source,
                        "status": o.status,
                        "order": o.order_id,
                    }
                },
            )
        return outcomes

    return handle

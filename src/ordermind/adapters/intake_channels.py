"""Documents arriving by watched folder or e-mail go through the same intake service as
the API upload, each in its own unit of work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from ordermind.adapters.db.retry import with_retries
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.services.intake import (
    REVIEW_THRESHOLD,
    IntakeOutcome,
    catalog_records,
    lookups,
    parse,
    record,
)

if TYPE_CHECKING:  # imported when first used: the intake parsers are heavy
    from ordermind.intake import CatalogMatcher

log = logging.getLogger("ordermind.intake")


def make_handler(engine: Engine, channel: str) -> Callable[[bytes, str, str], list[IntakeOutcome]]:
    matcher_cache: dict[str, CatalogMatcher] = {}

    def handle(data: bytes, filename: str, source: str) -> list[IntakeOutcome]:
        from ordermind.intake.pipeline import match_documents, wanted_for

        # Parse and match with no transaction open (the writer lock on SQLite is held for
        # the writes only), as the HTTP upload does; then one short write, run again from
        # the prepared documents if the database could not finish it.
        docs = parse(data, filename)
        with SqlUnitOfWork(engine, readonly=True) as uow:
            if "m" not in matcher_cache:
                from ordermind.intake import Catalog, CatalogMatcher

                matcher_cache["m"] = CatalogMatcher(Catalog.from_records(catalog_records(uow)))
            found = lookups(uow, channel, wanted_for(docs))
        prepared = match_documents(
            docs, matcher_cache["m"], found.xref, set(found.seen), REVIEW_THRESHOLD
        )
        kind = source.split(":", 1)[0][:24]  # "folder:/path/…" or "email:<sender>"

        def write() -> list[IntakeOutcome]:
            with SqlUnitOfWork(engine) as uow:
                done = record(
                    uow,
                    prepared,
                    data,
                    channel=channel,
                    actor=f"intake:{kind}",
                    source=kind,
                    filename=filename,
                )
                uow.commit()
            return done

        outcomes = with_retries(write)
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

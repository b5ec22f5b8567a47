"""The two CPU-heavy stages of intake as plain functions, and the worker that runs them
in a separate process.

    parse:  bytes -> documents, plus what the caller must look up in its store
            (the buyer's cross-reference keys and each document's PO number)
    match:  documents + those look-ups + the catalog -> documents matched and validated,
            each with its review decision

Between the two the caller reads its database (read-only); after them it writes in one
short transaction. No stage touches a database, so both run where the caller likes: in
this process (the folder watcher, tests) or in a parsing-pool worker (the HTTP API)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .api import parse_document
from .catalog import Catalog, CatalogMatcher
from .model import IntakeError, OrderDocument
from .security import DEFAULT_LIMITS, Deadline, Limits
from .validate import ReviewDecision, ValidationContext, review_decision, validate
from .xref import description_key

# (buyer id or None, key) -> SKU, and (buyer id or None, PO number)
XrefKey = tuple[str | None, str]
PoKey = tuple[str | None, str]


@dataclass
class Wanted:
    """What the caller must read from its store before matching."""

    xref_keys: set[XrefKey] = field(default_factory=set)
    po_keys: set[PoKey] = field(default_factory=set)
    documents: int = 0
    lines: int = 0


_EXTENDED = ("document_type", "field_confidence", "meta")


@dataclass
class Prepared:
    """A matched, validated document as plain data: everything the write step needs.
    Plain dicts cross a process boundary as JSON in milliseconds, where the document
    objects of an 8,000-line sheet took a quarter of a second to unpickle."""

    parsed: dict[str, Any]  # the extended canonical JSON: what the intake record stores
    reasons: list[str]
    needs_review: bool

    @classmethod
    def of(cls, doc: OrderDocument, decision: ReviewDecision) -> Prepared:
        return cls(doc.to_dict(extended=True), list(decision.reasons), decision.needs_review)

    @property
    def shown(self) -> dict[str, Any]:
        return canonical_view(self.parsed)


def canonical_view(parsed: dict[str, Any]) -> dict[str, Any]:
    """The canonical JSON (what `OrderDocument.to_dict()` gives) from the extended one."""
    out = {k: v for k, v in parsed.items() if k not in _EXTENDED}
    out["lines"] = [
        {k: v for k, v in ln.items() if k not in _EXTENDED} for ln in parsed.get("lines") or []
    ]
    return out


def encode(prepared: list[Prepared]) -> bytes:
    import orjson

    return orjson.dumps([vars(p) for p in prepared], default=str, option=orjson.OPT_NON_STR_KEYS)


def decode(data: bytes) -> list[Prepared]:
    import orjson

    return [Prepared(**item) for item in orjson.loads(data)]


def wanted_for(docs: list[OrderDocument]) -> Wanted:
    want = Wanted(documents=len(docs), lines=sum(len(d.lines) for d in docs))
    for doc in docs:
        buyer = doc.buyer.id if doc.buyer else None
        if doc.po_number:
            want.po_keys.add((buyer, doc.po_number))
        for line in doc.lines:
            for key in (line.buyer_item_id, description_key(line.description)):
                if key:
                    want.xref_keys.add((buyer, key))
    return want


class PrefetchedXref:
    """The cross-reference as read before matching: the buyer's own entry first, then
    the entry for every buyer (the same order the database-backed store asks in)."""

    def __init__(self, found: Mapping[XrefKey, str]) -> None:
        self.found = dict(found)

    def get(self, buyer_id: str | None, key: str) -> str | None:
        return self.found.get((buyer_id, key)) or self.found.get((None, key))

    def put(self, buyer_id: str | None, key: str, sku: str) -> None:
        raise TypeError("the prefetched cross-reference is read-only")


def match_documents(
    docs: list[OrderDocument],
    matcher: CatalogMatcher,
    xref: Mapping[XrefKey, str],
    known_pos: set[PoKey],
    threshold: float,
) -> list[Prepared]:
    """Match and validate every document; nothing here reads or writes a store."""
    bound = copy.copy(matcher)
    bound.xref = PrefetchedXref(xref)
    out = []
    for doc in docs:
        buyer = doc.buyer.id if doc.buyer else None
        key = (buyer, doc.po_number) if doc.po_number else None
        ctx = ValidationContext(known_po_numbers={key} if key in known_pos else set())
        validate(doc, bound, ctx)
        out.append(Prepared.of(doc, review_decision(doc, threshold)))
    return out


def catalog_version(records: list[dict[str, Any]]) -> str:
    """A fingerprint of the catalog records: a worker rebuilds its matcher only when the
    catalog really changed, not on every refresh."""
    import orjson

    return hashlib.sha256(orjson.dumps(records, option=orjson.OPT_SORT_KEYS)).hexdigest()[:24]


class PipelineWorker:
    """The handler a parsing-pool process serves: one upload at a time, the parsed
    documents kept between `parse` and `match`, one catalog matcher kept across uploads."""

    expected = (IntakeError,)  # raised back to the caller as they are

    def __init__(self) -> None:
        self._docs: list[OrderDocument] = []
        self._deadline: Deadline | None = None
        self._matcher: tuple[str, CatalogMatcher] | None = None

    def ping(self) -> int:
        import os

        return os.getpid()

    def parse(
        self,
        data: bytes,
        filename: str | None,
        fmt: str,
        limits: Limits = DEFAULT_LIMITS,
        today: dt.date | None = None,
        layouts: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Wanted:
        self._docs = []
        self._deadline = Deadline(limits)
        self._docs = parse_document(
            data, filename, fmt, limits=limits, today=today, layouts=layouts
        )
        self._deadline.check()
        return wanted_for(self._docs)

    def documents(self) -> list[OrderDocument]:
        """The parsed documents, unmatched (the CLI without a catalog)."""
        return self._docs

    def has_catalog(self, version: str) -> bool:
        return self._matcher is not None and self._matcher[0] == version

    def load_catalog(self, version: str, records: list[dict[str, Any]]) -> str:
        started = time.process_time()
        self._matcher = (version, CatalogMatcher(Catalog.from_records(records)))
        if self._deadline is not None:  # building the matcher is not the upload's time
            self._deadline.at += time.process_time() - started
        return version

    def match(
        self,
        version: str,
        xref: Mapping[XrefKey, str],
        known_pos: set[PoKey],
        threshold: float,
    ) -> list[Prepared]:
        if self._matcher is None or self._matcher[0] != version:
            raise LookupError(f"catalog {version} is not loaded in this worker")
        prepared = match_documents(self._docs, self._matcher[1], xref, known_pos, threshold)
        self._docs = []
        if self._deadline is not None:
            self._deadline.check()
        return prepared

    def match_encoded(
        self,
        version: str,
        xref: Mapping[XrefKey, str],
        known_pos: set[PoKey],
        threshold: float,
    ) -> bytes:
        """`match`, answered as JSON bytes (`decode` reads them) for the trip back."""
        return encode(self.match(version, xref, known_pos, threshold))

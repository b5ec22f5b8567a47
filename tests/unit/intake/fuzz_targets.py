"""One fuzz target per intake parser and the property every target checks: the parser
returns canonical documents that can be stored and matched, or it raises an
`IntakeError` with a message. Any other exception is a crash.

The same targets run three ways: briefly in the test suite through Hypothesis
(test_intake_fuzz.py, derandomised), coverage-guided through atheris for longer runs
(atheris_fuzz.py), and as replays of every kept crasher (tests/data/intake/crashers)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import orjson

from ordermind.intake import Catalog, CatalogMatcher, IntakeError, OrderDocument, parse_document
from ordermind.intake.pipeline import decode, encode, match_documents

from .samples import CATALOG

CRASHERS = Path(__file__).resolve().parents[2] / "data" / "intake" / "crashers"
FORMATS = ("ubl", "x12", "edifact", "csv", "xlsx", "text", "auto")

_matcher: CatalogMatcher | None = None


def matcher() -> CatalogMatcher:
    global _matcher
    if _matcher is None:
        _matcher = CatalogMatcher(Catalog.from_records(CATALOG))
    return _matcher


def parser_for(fmt: str) -> Callable[[bytes], list[OrderDocument]]:
    return lambda data: parse_document(data, filename=None, fmt=fmt)


def check(fmt: str, data: bytes) -> list[OrderDocument] | IntakeError:
    """Run one input through the parser for `fmt` and then the matcher; return the
    documents or the refusal. Anything else propagates: that is the crash."""
    try:
        docs = parser_for(fmt)(data)
    except IntakeError as exc:
        assert str(exc).strip(), "a refusal must say why"
        return exc
    assert isinstance(docs, list)
    for doc in docs:
        assert isinstance(doc, OrderDocument), type(doc)
        _numbers_are_finite(doc)
    prepared = match_documents(docs, matcher(), {}, set(), 0.85)
    for item in prepared:
        for line in item.parsed["lines"]:
            meta = line["meta"]
            for value in (
                line["quantity"],
                line["unit_price"],
                meta.get("quantity_each"),
                meta.get("eaches_per_unit"),
            ):
                assert value is None or math.isfinite(value), line
        orjson.dumps(item.parsed)  # what the intake record stores, exactly as the store does
        orjson.dumps([item.shown, item.reasons])  # what the upload answers
    assert decode(encode(prepared)) == prepared  # the trip back from a parsing worker
    return docs


def _numbers_are_finite(doc: OrderDocument) -> None:
    for line in doc.lines:
        for name, value in (
            ("quantity", line.quantity),
            ("unit_price", line.unit_price),
            ("quantity_each", line.meta.get("quantity_each")),
            ("eaches_per_unit", line.meta.get("eaches_per_unit")),
        ):
            assert value is None or math.isfinite(value), f"line {line.line_id} {name}={value}"


def crasher_format(path: Path) -> str:
    """Crasher files are named <format>-<what>.<ext>; an unknown prefix means auto."""
    head = path.name.split("-", 1)[0]
    return head if head in FORMATS else "auto"


def crashers() -> list[Path]:
    return sorted(p for p in CRASHERS.iterdir() if p.is_file() and not p.name.startswith("."))

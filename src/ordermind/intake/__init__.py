"""Order intake: documents in any common B2B format into validated canonical orders.

Public entry points for the services layer:
    parse_document(data, filename=None, fmt="auto") -> list[OrderDocument]
    CatalogMatcher(Catalog.from_records(...), xref).match_document(doc)
    validate(doc, matcher, ValidationContext(...)); review_decision(doc, threshold)
    record_correction(xref_store, buyer_id, parsed_line, corrected_sku)
"""

from .api import detect_format, parse_document
from .catalog import Catalog, CatalogMatcher, Product, Variant
from .model import (
    Address,
    DocumentTooLargeError,
    IntakeError,
    MalformedDocumentError,
    Modifier,
    OrderDocument,
    OrderLine,
    Party,
    UnsafeDocumentError,
    UnsupportedFormatError,
)
from .validate import (
    ReviewDecision,
    ValidationContext,
    document_key,
    record_correction,
    review_decision,
    validate,
)
from .xref import JsonFileCrossReference, MemoryCrossReference

__all__ = [
    "Address",
    "Catalog",
    "CatalogMatcher",
    "DocumentTooLargeError",
    "IntakeError",
    "JsonFileCrossReference",
    "MalformedDocumentError",
    "MemoryCrossReference",
    "Modifier",
    "OrderDocument",
    "OrderLine",
    "Party",
    "Product",
    "ReviewDecision",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
    "ValidationContext",
    "Variant",
    "detect_format",
    "document_key",
    "parse_document",
    "record_correction",
    "review_decision",
    "validate",
]

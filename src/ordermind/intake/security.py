"""Input limits and safe decoding shared by every parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import DocumentTooLargeError, UnsafeDocumentError, UnsupportedFormatError


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024  # a real PO is kilobytes; 10 MiB leaves ample room
    max_line_chars: int = 100_000  # per physical line (CSV, text) or per EDI segment
    max_lines: int = 200_000  # order lines / segments / rows
    max_text_chars: int = 20_000  # free text is an e-mail body, not a book


DEFAULT_LIMITS = Limits()


def check_size(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(data) > limits.max_bytes:
        raise DocumentTooLargeError(
            f"document is {len(data):,} bytes; the limit is {limits.max_bytes:,} bytes"
        )
    if not data.strip():
        raise UnsupportedFormatError("document is empty")


def looks_binary(data: bytes) -> bool:
    """True for bytes no text format could hold: NULs or many control characters."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 28, 29, 30, 31))
    return controls > max(8, len(sample) // 100)


def decode_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decode a text document (UTF-8 with or without BOM, else Latin-1), refusing garbage."""
    check_size(data, limits)
    if looks_binary(data):
        raise UnsupportedFormatError(
            "document looks like binary data, not a text order document "
            "(NUL or control bytes found)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text


def check_lines(text: str, limits: Limits = DEFAULT_LIMITS, what: str = "line") -> None:
    lines = text.splitlines()
    if len(lines) > limits.max_lines:
        raise DocumentTooLargeError(
            f"document has {len(lines):,} lines; the limit is {limits.max_lines:,}"
        )
    for i, line in enumerate(lines, 1):
        if len(line) > limits.max_line_chars:
            raise DocumentTooLargeError(
                f"{what} {i} is {len(line):,} characters; the limit is {limits.max_line_chars:,}"
            )


def parse_xml(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse XML with defusedxml: DTDs, entities and external references are refused."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as dET
    from defusedxml import DefusedXmlException

    check_size(data, limits)
    if looks_binary(data.lstrip(b"\xef\xbb\xbf")[:4096]) and not data.startswith(b"\xff\xfe"):
        raise UnsupportedFormatError("document looks like binary data, not XML")
    try:
        return dET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeDocumentError(
            f"XML refused for safety: {type(exc).__name__} (DTDs and entities are not accepted)"
        ) from exc
    except ParseError as exc:
        from .model import MalformedDocumentError

        raise MalformedDocumentError(f"XML is not well-formed: {exc}") from exc

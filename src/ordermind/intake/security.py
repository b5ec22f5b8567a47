"""Input limits and safe decoding shared by every parser.

Every limit has a name, a value and the environment variable that sets it, and every
refusal says all three, so the person who sent the file (or runs the store) knows what
to change. The limits bound work, not just bytes: rows, cells and columns are counted
while a sheet streams, a zip's declared sizes are checked before anything is unpacked,
and a cooperative deadline is checked as rows are read (the parsing pool kills a parse
that still overruns)."""

from __future__ import annotations

import codecs
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .model import (
    DocumentTooLargeError,
    MalformedDocumentError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MIB  # a PO is kilobytes, a scanned one megabytes: ample room
    max_rows: int = 10_000  # spreadsheet rows and order lines, over all documents in a file
    max_columns: int = 100  # spreadsheet columns with a value
    max_cells: int = 500_000  # spreadsheet cells with a value
    max_shared_strings: int = 200_000  # XLSX shared-string table entries
    max_unzipped_bytes: int = 50 * MIB  # an XLSX's declared uncompressed size, all parts
    max_zip_entries: int = 1_000  # parts in an XLSX package
    max_segments: int = 200_000  # EDI segments, XML elements, physical text lines
    max_line_chars: int = 100_000  # per physical line (CSV, text) or per EDI segment
    max_text_chars: int = 20_000  # free text is an e-mail body, not a book
    max_parse_seconds: float = 10.0  # CPU seconds to parse and catalog-match one file
    max_pages: int = 50  # pages of a PDF or frames of a TIFF (a PO is a page or three)
    max_pixels: int = 40_000_000  # per page image: A4 at 600 dpi is 35 million
    max_decompressed_bytes: int = 100 * MIB  # a PDF's streams once inflated, all of them

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Each field from ORDERMIND_INTAKE_<FIELD> (e.g. ORDERMIND_INTAKE_MAX_ROWS)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(env_name(f.name))
            if raw is None or not raw.strip():
                continue
            kind = float if f.type in ("float", float) else int
            try:
                value = kind(raw.replace("_", ""))
            except ValueError:
                raise ValueError(f"{env_name(f.name)}={raw!r} is not a number") from None
            if value <= 0:
                raise ValueError(f"{env_name(f.name)} must be positive, not {raw!r}")
            values[f.name] = value
        return cls(**values)


DEFAULT_LIMITS = Limits()


def env_name(limit: str) -> str:
    return f"ORDERMIND_INTAKE_{limit.upper()}"


class LimitExceeded(DocumentTooLargeError):
    """A named limit was broken; the message names the limit, its value and its setting."""

    def __init__(self, limit: str, value: float, what: str) -> None:
        self.limit, self.value, self.what = limit, value, what
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        super().__init__(f"{what}; the limit is {limit} = {shown} ({env_name(limit)})")

    def __reduce__(self):
        return (type(self), (self.limit, self.value, self.what))


class ParseTimeLimit(LimitExceeded):
    """The parse (and match) of one file took longer than max_parse_seconds."""

    def __init__(self, limit: str, value: float, what: str | None = None) -> None:
        super().__init__(limit, value, what or f"parsing needed more than {value:g} CPU seconds")


class Deadline:
    """A cooperative time limit in CPU seconds of this process (a parse at low priority on
    a busy machine is slow, not too big): parsers call `check()` every so many rows."""

    def __init__(self, limits: Limits) -> None:
        self.seconds = limits.max_parse_seconds
        self.at = time.process_time() + self.seconds

    def check(self) -> None:
        if time.process_time() > self.at:
            raise ParseTimeLimit("max_parse_seconds", self.seconds)


class TableBudget:
    """Counts rows, columns and cells of a sheet as it streams; refuses at the first one
    past a limit, so a huge sheet costs only as much as the limit allows. Rows without a
    value (formatting only, or a jump in row numbers) are not order rows, but they still
    cost time: they count against max_segments."""

    def __init__(self, limits: Limits, what: str) -> None:
        self.limits, self.what = limits, what
        self.rows = self.cells = self.seen = 0
        self.deadline = Deadline(limits)

    def row(self, width: int, filled: int) -> None:
        """Account for one row: `width` up to its last value, `filled` values in it."""
        lim = self.limits
        self.seen += 1
        if self.seen % 500 == 0:
            self.deadline.check()
        if self.seen > lim.max_segments:
            raise LimitExceeded(
                "max_segments",
                lim.max_segments,
                f"{self.what} has more than {lim.max_segments:,} rows, counting empty ones",
            )
        if not filled:
            return
        self.rows += 1
        if self.rows > lim.max_rows:
            raise LimitExceeded(
                "max_rows", lim.max_rows, f"{self.what} has more than {lim.max_rows:,} rows"
            )
        if width > lim.max_columns:
            raise LimitExceeded(
                "max_columns", lim.max_columns, f"{self.what} row {self.seen} has {width:,} columns"
            )
        self.cells += filled
        if self.cells > lim.max_cells:
            raise LimitExceeded(
                "max_cells",
                lim.max_cells,
                f"{self.what} has more than {lim.max_cells:,} cells with a value",
            )


def check_size(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(data) > limits.max_bytes:
        raise LimitExceeded("max_bytes", limits.max_bytes, f"document is {len(data):,} bytes")
    if not data.strip():
        raise UnsupportedFormatError("document is empty")


def check_order_lines(count: int, limits: Limits = DEFAULT_LIMITS) -> None:
    if count > limits.max_rows:
        raise LimitExceeded("max_rows", limits.max_rows, f"document has {count:,} order lines")


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
    count = text.count("\n") + 1  # cheap upper bound before splitting anything
    if count > limits.max_segments:
        lines = text.splitlines()
        if len(lines) > limits.max_segments:
            raise LimitExceeded(
                "max_segments", limits.max_segments, f"document has {len(lines):,} lines"
            )
    for i, line in enumerate(text.splitlines(), 1):
        if len(line) > limits.max_line_chars:
            raise LimitExceeded(
                "max_line_chars", limits.max_line_chars, f"{what} {i} is {len(line):,} characters"
            )


# -- XML -------------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*([\"'])([^\"']{0,64})\1")
# What expat reads itself; Python adds single-byte code pages (Latin-2, cp1252, ...).
_NATIVE = {"utf8", "utf16", "utf16le", "utf16be", "latin1", "iso88591", "ascii", "usascii"}


def check_xml_encoding(data: bytes) -> None:
    """Refuse an XML declaration naming an encoding the XML parser cannot read: unknown
    names, bytes-to-bytes codecs (base64, zlib) and multi-byte sets other than UTF-8/16."""
    m = _XML_DECL.match(data.lstrip(b"\xef\xbb\xbf")[:300])
    if m is None:
        return
    name = m.group(2).decode("ascii", "replace").strip()
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    if key in _NATIVE:
        return
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UnsupportedFormatError(f"XML declares an unknown encoding {name!r}") from None
    probe = bytes(range(256))
    single_byte = True
    try:
        single_byte = len(probe.decode(info.name, "replace")) == 256
    except Exception:
        single_byte = False
    if not getattr(info, "_is_text_encoding", True) or not single_byte:
        raise UnsupportedFormatError(
            f"XML declares encoding {name!r}, which is not supported "
            "(use UTF-8, UTF-16 or a single-byte character set)"
        )


def parse_xml(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse XML with defusedxml: DTDs, entities and external references are refused, and
    the element count is bounded (a tree of millions of tiny elements is a memory bomb)."""
    from xml.etree.ElementTree import ParseError, TreeBuilder

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    check_size(data, limits)
    if looks_binary(data.lstrip(b"\xef\xbb\xbf")[:4096]) and not data.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        raise UnsupportedFormatError("document looks like binary data, not XML")
    check_xml_encoding(data)
    cap = limits.max_segments

    class _CountingBuilder(TreeBuilder):
        count = 0

        def start(self, tag, attrs):
            self.count += 1
            if self.count > cap:
                raise LimitExceeded("max_segments", cap, f"XML has more than {cap:,} elements")
            return super().start(tag, attrs)

    parser = DefusedXMLParser(
        target=_CountingBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException as exc:
        raise UnsafeDocumentError(
            f"XML refused for safety: {type(exc).__name__} (DTDs and entities are not accepted)"
        ) from exc
    except ParseError as exc:
        raise MalformedDocumentError(f"XML is not well-formed: {exc}") from exc
    except (LookupError, UnicodeError) as exc:  # an encoding the declaration check let by
        raise UnsupportedFormatError(f"XML cannot be decoded: {exc}") from exc
    except ValueError as exc:
        if isinstance(exc, DocumentTooLargeError):
            raise
        raise MalformedDocumentError(f"XML cannot be read: {exc}") from exc


# -- zip packages (XLSX) ----------------------------------------------------------------


def check_zip(archive: Any, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip bomb from its central directory alone, before anything is unpacked.
    zipfile never inflates a member past its declared size (it stops there and fails the
    CRC), so the declared sizes bound the work that follows."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise LimitExceeded(
            "max_zip_entries", limits.max_zip_entries, f"XLSX package has {len(infos):,} parts"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsupportedFormatError("XLSX package is encrypted; send it without a password")
        total += info.file_size
        if total > limits.max_unzipped_bytes:
            raise LimitExceeded(
                "max_unzipped_bytes",
                limits.max_unzipped_bytes,
                f"XLSX package unpacks to more than {limits.max_unzipped_bytes:,} bytes",
            )

"""CSV and XLSX purchase orders with automatic column mapping (English headers and common
synonyms, fuzzy-matched when spelled differently)."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .model import (
    Address,
    DocumentTooLargeError,
    IntakeError,
    MalformedDocumentError,
    OrderDocument,
    OrderLine,
    Party,
)
from .normalize import parse_date, parse_number
from .security import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    TableBudget,
    check_lines,
    check_size,
    check_zip,
    decode_text,
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "po_number": (
        "po",
        "po number",
        "po no",
        "po num",
        "purchase order",
        "purchase order number",
        "order number",
        "order no",
        "order ref",
        "order reference",
        "po ref",
        "invoice no",
        "invoiceno",
    ),
    "issue_date": ("order date", "po date", "date", "issue date", "invoice date", "invoicedate"),
    "requested_delivery_date": (
        "delivery date",
        "required date",
        "need by",
        "needed by",
        "due date",
        "requested date",
        "deliver by",
        "required by",
        "requested delivery date",
        "ship date",
    ),
    "currency": ("currency", "ccy", "curr", "currency code"),
    "buyer_id": (
        "customer id",
        "customer",
        "account",
        "account no",
        "customer number",
        "buyer id",
        "customerid",
        "customer no",
    ),
    "buyer_name": ("customer name", "buyer", "buyer name", "company", "bill to"),
    "ship_name": ("ship to", "ship to name", "deliver to", "consignee"),
    "ship_line1": ("address", "street", "ship to address", "delivery address", "address line 1"),
    "ship_city": ("city", "town", "ship to city"),
    "ship_postal": ("postcode", "post code", "zip", "zip code", "postal code"),
    "ship_country": ("country", "country code", "ship to country"),
    "line_id": ("line", "line no", "line number", "ln", "#", "pos", "position"),
    "buyer_item_id": (
        "customer part",
        "customer part number",
        "your part",
        "buyer part",
        "buyer part number",
        "our part no",
        "cust part",
        "customer item",
        "customer sku",
    ),
    "seller_item_id": (
        "sku",
        "item code",
        "product code",
        "article",
        "article number",
        "part number",
        "part no",
        "supplier part",
        "vendor part",
        "item number",
        "stock code",
        "stockcode",
        "item no",
        "catalog number",
        "mpn",
    ),
    "gtin": ("gtin", "ean", "upc", "barcode", "ean13", "ean 13"),
    "description": (
        "description",
        "item description",
        "product",
        "product name",
        "item",
        "name",
        "details",
        "product description",
        "item name",
    ),
    "quantity": (
        "qty",
        "quantity",
        "order qty",
        "qty ordered",
        "quantity ordered",
        "units",
        "count",
        "amount ordered",
        "ordered",
    ),
    "unit": ("uom", "unit", "unit of measure", "units of measure", "pack", "unit code"),
    "unit_price": (
        "price",
        "unit price",
        "unitprice",
        "cost",
        "unit cost",
        "rate",
        "price each",
        "each",
        "net price",
    ),
}
ATTRIBUTE_HEADERS = (
    "size",
    "colour",
    "color",
    "style",
    "material",
    "flavour",
    "flavor",
    "finish",
    "width",
    "length",
    "variant",
)
_FUZZY_CUTOFF = 0.82


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", header.lower()).split())


def map_columns(headers: list[str]) -> dict[int, tuple[str, float]]:
    """Column index -> (canonical field or 'attr:<name>', confidence). Exact synonyms win;
    fuzzy matches get their similarity as confidence; each field is taken once."""
    lookup = {syn: fld for fld, syns in SYNONYMS.items() for syn in syns}
    mapping: dict[int, tuple[str, float]] = {}
    taken: set[str] = set()
    pending: list[int] = []
    for i, raw in enumerate(headers):
        h = _norm(str(raw or ""))
        if not h:
            continue
        if h in lookup and lookup[h] not in taken:
            mapping[i] = (lookup[h], 1.0)
            taken.add(lookup[h])
        elif h in ATTRIBUTE_HEADERS:
            mapping[i] = (f"attr:{h.replace('color', 'colour')}", 1.0)
        else:
            pending.append(i)
    for i in pending:
        h = _norm(str(headers[i]))
        best = difflib.get_close_matches(h, list(lookup), n=1, cutoff=_FUZZY_CUTOFF)
        if best and lookup[best[0]] not in taken:
            score = difflib.SequenceMatcher(None, h, best[0]).ratio()
            mapping[i] = (lookup[best[0]], round(score, 3))
            taken.add(lookup[best[0]])
    return mapping


def _is_header(row: list[Any]) -> bool:
    fields = {f for f, _ in map_columns([str(c or "") for c in row]).values()}
    return len(fields) >= 2 and bool({"quantity", "description", "seller_item_id", "gtin"} & fields)


_NO_HEADER = (
    "no header row found: a spreadsheet order needs a header with at least a quantity "
    "and an item column (e.g. 'SKU', 'Description', 'Qty')"
)
_HEADER_SEARCH = 15  # non-empty rows above the table where the header may be


def rows_to_documents(
    rows: Iterable[list[Any]], fmt: str, decimal_comma: bool = False
) -> list[OrderDocument]:
    """Documents from a stream of rows: the header is looked for in the first non-empty
    rows, then each later row keeps only its mapped cells (memory follows the lines, not
    the sheet)."""
    stream = (r for r in rows if any(str(c).strip() for c in r if c is not None))
    above: list[list[Any]] = []
    header: list[Any] | None = None
    header_at = 0
    for row in stream:
        if _is_header(row):
            header, header_at = row, len(above)
            break
        above.append(row)
        if len(above) >= _HEADER_SEARCH:
            raise MalformedDocumentError(_NO_HEADER)
    if header is None:
        if not above:
            raise MalformedDocumentError(f"{fmt.upper()} document has no rows")
        raise MalformedDocumentError(_NO_HEADER)
    mapping = map_columns([str(c or "") for c in header])
    preamble = _preamble(above)
    docs: dict[str, OrderDocument] = {}
    for r, row in enumerate(stream, start=header_at + 2):
        values: dict[str, Any] = {}
        for i, (fld, _) in mapping.items():
            if i < len(row) and row[i] is not None and str(row[i]).strip() != "":
                values[fld] = row[i]
        if not values:
            continue
        po = str(values.get("po_number") or preamble.get("po_number") or "")
        doc = docs.get(po)
        if doc is None:
            doc = docs[po] = _new_doc(fmt, po or None, values, preamble, mapping)
        doc.lines.append(_row_line(values, mapping, r, len(doc.lines) + 1, decimal_comma))
    if not docs:
        raise MalformedDocumentError(f"{fmt.upper()} document has a header but no order lines")
    return list(docs.values())


def _preamble(rows: list[list[Any]]) -> dict[str, Any]:
    """Key/value cells above the table, e.g. 'PO Number' | '4471'."""
    found: dict[str, Any] = {}
    lookup = {syn: fld for fld, syns in SYNONYMS.items() for syn in syns}
    for row in rows:
        cells = [c for c in row if c is not None and str(c).strip()]
        for key, value in zip(cells, cells[1:], strict=False):
            fld = lookup.get(_norm(str(key).rstrip(":")))
            if fld and fld not in found:
                found[fld] = value
    return found


def _text(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    if isinstance(v, float) and v.is_integer():
        s = str(int(v))
    return s or None


def _new_doc(
    fmt: str,
    po: str | None,
    v: dict[str, Any],
    pre: dict[str, Any],
    mapping: dict[int, tuple[str, float]],
) -> OrderDocument:
    def get(k: str) -> Any:
        return v.get(k, pre.get(k))

    doc = OrderDocument(format=fmt, po_number=po)
    doc.issue_date = parse_date(get("issue_date"))
    doc.requested_delivery_date = parse_date(get("requested_delivery_date"))
    doc.currency = _text(get("currency"))
    if get("buyer_id") is not None or get("buyer_name") is not None:
        doc.buyer = Party(id=_text(get("buyer_id")), name=_text(get("buyer_name")))
    ship = [get(k) for k in ("ship_name", "ship_line1", "ship_city", "ship_postal", "ship_country")]
    if any(x is not None for x in ship):
        doc.ship_to = Address(*[_text(x) for x in ship])
    doc.field_confidence = {f: c for f, c in mapping.values() if not f.startswith("attr")}
    doc.meta["column_mapping"] = {fld: conf for fld, conf in mapping.values()}
    return doc


def _row_line(
    v: dict[str, Any],
    mapping: dict[int, tuple[str, float]],
    row: int,
    index: int,
    decimal_comma: bool,
) -> OrderLine:
    line = OrderLine(
        line_id=_text(v.get("line_id")) or str(index),
        buyer_item_id=_text(v.get("buyer_item_id")),
        seller_item_id=_text(v.get("seller_item_id")),
        gtin=_text(v.get("gtin")),
        description=_text(v.get("description")),
        quantity=parse_number(v.get("quantity"), decimal_comma),
        unit=_text(v.get("unit")),
        unit_price=parse_number(v.get("unit_price"), decimal_comma),
    )
    for fld, conf in mapping.values():
        if fld.startswith("attr:") and fld in v:
            line.attributes[fld[5:]] = _text(v[fld]) or ""
        elif not fld.startswith("attr:") and hasattr(line, fld):
            line.field_confidence[fld] = conf
    line.meta["row"] = row
    return line


def _counted(rows: Iterable[list[Any]], budget: TableBudget) -> Iterator[list[Any]]:
    for row in rows:
        width = len(row)
        while width and (row[width - 1] is None or row[width - 1] == ""):
            width -= 1
        budget.row(width, sum(1 for c in row[:width] if c is not None and c != ""))
        yield row


def parse_csv(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[OrderDocument]:
    text = decode_text(data, limits)
    check_lines(text, limits)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return rows_to_documents(
            _counted(reader, TableBudget(limits, "CSV")),
            "csv",
            decimal_comma=dialect.delimiter == ";",
        )
    except csv.Error as exc:
        raise MalformedDocumentError(
            f"CSV cannot be read at line {reader.line_num}: {exc}"
        ) from exc


_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _count_shared_strings(archive: Any, part: str, limits: Limits) -> None:
    """Count the shared-string table while it streams: openpyxl would load all of it."""
    from defusedxml.ElementTree import iterparse

    count = 0
    with archive.open(part) as src:
        for _, el in iterparse(src, events=("end",), forbid_dtd=True):
            if el.tag.rsplit("}", 1)[-1] == "si":
                count += 1
                el.clear()
                if count > limits.max_shared_strings:
                    raise LimitExceeded(
                        "max_shared_strings",
                        limits.max_shared_strings,
                        "XLSX shared-string table has more than "
                        f"{limits.max_shared_strings:,} entries",
                    )


def _read_xlsx(data: bytes, limits: Limits) -> list[OrderDocument]:
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    archive = reader.archive
    check_zip(archive, limits)  # before openpyxl unpacks its first part
    reader.read_manifest()
    strings = reader.package.find(_SHARED_STRINGS)
    if strings is not None:
        _count_shared_strings(archive, strings.PartName.lstrip("/"), limits)
    reader.read()
    wb = reader.wb
    try:
        if not wb.worksheets:
            raise MalformedDocumentError("XLSX workbook has no worksheet")
        ws = wb.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row
        rows = (list(r) for r in ws.iter_rows(values_only=True))
        return rows_to_documents(_counted(rows, TableBudget(limits, "XLSX sheet")), "xlsx")
    finally:
        wb.close()


def parse_xlsx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[OrderDocument]:
    check_size(data, limits)
    try:
        return _read_xlsx(data, limits)
    except IntakeError:
        raise
    except MemoryError as exc:
        raise DocumentTooLargeError("XLSX workbook is too large to read in memory") from exc
    except Exception as exc:
        # openpyxl and zipfile answer hostile packages with every exception type there is
        # (KeyError, TypeError, zlib.error, ...); each means this file cannot be read.
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise MalformedDocumentError(f"XLSX workbook cannot be read: {reason}") from exc

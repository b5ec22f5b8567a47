"""ANSI X12 interchanges: tokeniser with separators read from ISA, envelope validation
(ISA/IEA, GS/GE, ST/SE) and mapping of 850, 855, 856 and 810 sets to canonical documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import MalformedDocumentError, OrderDocument
from .security import DEFAULT_LIMITS, LimitExceeded, Limits, decode_text
from .x12_sets import map_transaction


@dataclass
class Separators:
    element: str
    component: str
    segment: str


@dataclass
class TransactionSet:
    set_id: str
    control_number: str
    segments: list[list[str]] = field(default_factory=list)  # ST..SE inclusive
    sender: str | None = None
    receiver: str | None = None
    interchange_date: str | None = None


def read_separators(text: str) -> Separators:
    """ISA is fixed-width: 16 elements, ISA16 is the component separator and the character
    right after it terminates the segment. Counting separators (not columns) also accepts
    senders who trim the padding."""
    start = text.find("ISA")
    if start < 0 or len(text) < start + 4:
        raise MalformedDocumentError("X12 interchange must start with an ISA segment")
    element = text[start + 3]
    if element.isalnum() or element.isspace():
        raise MalformedDocumentError(
            f"X12 element separator {element!r} after ISA is not a valid delimiter"
        )
    pos = start
    for _ in range(16):
        pos = text.find(element, pos + 1)
        if pos < 0:
            raise MalformedDocumentError("X12 ISA segment is truncated (fewer than 16 elements)")
    if pos + 2 >= len(text) + 1 or pos + 1 >= len(text):
        raise MalformedDocumentError("X12 ISA segment is truncated (no ISA16 / terminator)")
    component = text[pos + 1]
    segment = text[pos + 2] if pos + 2 < len(text) else "\n"
    if segment == "\r":
        segment = "\n"
    if len({element, component, segment}) < 3:
        raise MalformedDocumentError(
            "X12 separators in ISA are not distinct "
            f"(element {element!r}, component {component!r}, segment {segment!r})"
        )
    return Separators(element, component, segment)


def tokenize(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Separators, list[list[str]]]:
    seps = read_separators(text)
    body = text[text.find("ISA") :]
    raw = body.split(seps.segment)
    segments: list[list[str]] = []
    for chunk in raw:
        chunk = chunk.strip("\r\n\t ")
        if not chunk:
            continue
        if len(chunk) > limits.max_line_chars:
            raise MalformedDocumentError(
                f"X12 segment {len(segments) + 1} is {len(chunk):,} characters long; the "
                "segment terminator is probably wrong"
            )
        segments.append(chunk.split(seps.element))
        if len(segments) > limits.max_segments:
            raise LimitExceeded(
                "max_segments",
                limits.max_segments,
                f"X12 interchange has over {limits.max_segments:,} segments",
            )
    return seps, segments


def _count(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise MalformedDocumentError(f"X12 {what} count {value!r} is not a number") from exc


def split_envelopes(segments: list[list[str]]) -> list[TransactionSet]:
    """Walk ISA/GS/ST nesting and validate every trailer; raise on the first broken one."""
    sets: list[TransactionSet] = []
    i, n = 0, len(segments)
    while i < n:
        isa = segments[i]
        if isa[0] != "ISA":
            raise MalformedDocumentError(f"X12: expected ISA, found {isa[0]!r} (segment {i + 1})")
        if len(isa) < 17:
            raise MalformedDocumentError("X12 ISA segment has fewer than 16 elements")
        isa_ctrl, sender, receiver = isa[13].strip(), isa[6].strip(), isa[8].strip()
        i += 1
        groups = 0
        while i < n and segments[i][0] == "GS":
            gs = segments[i]
            gs_ctrl = gs[6] if len(gs) > 6 else ""
            i += 1
            n_sets = 0
            while i < n and segments[i][0] == "ST":
                st = segments[i]
                ts = TransactionSet(st[1] if len(st) > 1 else "", st[2] if len(st) > 2 else "")
                ts.sender, ts.receiver, ts.interchange_date = sender, receiver, isa[9]
                start = i
                i += 1
                while i < n and segments[i][0] not in ("SE", "ST", "GE", "IEA", "ISA"):
                    i += 1
                if i >= n or segments[i][0] != "SE":
                    raise MalformedDocumentError(
                        f"X12 transaction set {ts.set_id} {ts.control_number} has no SE trailer "
                        "(truncated interchange?)"
                    )
                se = segments[i]
                ts.segments = segments[start : i + 1]
                if _count(se[1] if len(se) > 1 else "", "SE01") != len(ts.segments):
                    raise MalformedDocumentError(
                        f"X12 SE01 says {se[1]} segments but transaction set "
                        f"{ts.control_number} has {len(ts.segments)}"
                    )
                if len(se) < 3 or se[2] != ts.control_number:
                    raise MalformedDocumentError(
                        f"X12 SE02 {se[2] if len(se) > 2 else ''!r} does not match ST02 "
                        f"{ts.control_number!r}"
                    )
                sets.append(ts)
                n_sets += 1
                i += 1
            if i >= n or segments[i][0] != "GE":
                raise MalformedDocumentError(
                    f"X12 functional group {gs_ctrl} has no GE trailer (truncated interchange?)"
                )
            ge = segments[i]
            if _count(ge[1] if len(ge) > 1 else "", "GE01") != n_sets:
                raise MalformedDocumentError(
                    f"X12 GE01 says {ge[1]} transaction sets but group {gs_ctrl} has {n_sets}"
                )
            if len(ge) < 3 or ge[2] != gs_ctrl:
                raise MalformedDocumentError(f"X12 GE02 does not match GS06 {gs_ctrl!r}")
            groups += 1
            i += 1
        if i >= n or segments[i][0] != "IEA":
            raise MalformedDocumentError(
                f"X12 interchange {isa_ctrl} has no IEA trailer (truncated interchange?)"
            )
        iea = segments[i]
        if _count(iea[1] if len(iea) > 1 else "", "IEA01") != groups:
            raise MalformedDocumentError(
                f"X12 IEA01 says {iea[1]} functional groups but interchange has {groups}"
            )
        if len(iea) < 3 or iea[2].strip() != isa_ctrl:
            raise MalformedDocumentError(
                f"X12 IEA02 {iea[2] if len(iea) > 2 else ''!r} does not match ISA13 {isa_ctrl!r}"
            )
        i += 1
    return sets


def parse_x12(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[OrderDocument]:
    text = decode_text(data, limits)
    seps, segments = tokenize(text.lstrip(), limits)
    sets = split_envelopes(segments)
    if not sets:
        raise MalformedDocumentError("X12 interchange holds no transaction set")
    return [map_transaction(ts, seps.component) for ts in sets]

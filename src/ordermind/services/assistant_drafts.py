"""What a customer's details make of a pending change: the address they gave, the line
they named, the lines they may return. Each draft is the action the assistant will ask
them to confirm, or None when the message does not give what it needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ordermind.assistant.dialogue import parse_address
from ordermind.assistant.facts import LineFacts, OrderFacts


@dataclass(frozen=True)
class Draft:
    action: dict[str, object]
    template: str  # the confirmation question's template
    values: dict[str, object]  # what the template names besides the order number


def address_draft(text: str) -> Draft | None:
    addr = parse_address(text)
    if addr is None:
        return None
    shown = f"{addr.line1}, {addr.city}, {addr.postal_code}"
    action: dict[str, object] = {
        "kind": "change_address",
        "line1": addr.line1,
        "line2": addr.line2,
        "city": addr.city,
        "postal_code": addr.postal_code,
    }
    return Draft(action, "confirm_address", {"address": shown})


def cancel_item_draft(line: LineFacts | None, quantities: Iterable[int]) -> Draft | None:
    if line is None:
        return None
    most = line.ordered - line.shipped
    qty = next((q for q in quantities if 0 < q <= most), most)
    action: dict[str, object] = {"kind": "cancel_item", "sku": line.sku, "quantity": qty}
    return Draft(action, "confirm_cancel_item", {"units": qty, "name": line.name})


def returnable_lines(facts: OrderFacts, today: date, return_days: int) -> list[LineFacts]:
    """The lines that may go back: none unless a shipment arrived within the window."""
    since = today - timedelta(days=return_days)
    recent = any(s.delivered_on and s.delivered_on >= since for s in facts.shipments)
    return [ln for ln in facts.lines if ln.returnable > 0] if recent else []


def return_draft(chosen: list[LineFacts], items: str) -> Draft:
    action: dict[str, object] = {
        "kind": "start_return",
        "lines": [[ln.sku, ln.returnable] for ln in chosen],
    }
    return Draft(action, "confirm_return", {"items": items})


def pick_line(
    lines: list[LineFacts], skus: Iterable[str], texts: Iterable[str], asked_again: bool
) -> LineFacts | None:
    """The one line the message names (its SKU or a word of its product name), or the
    only line there is. `asked_again`: the customer was asked which line, so even a
    single line must be named."""
    if len(lines) == 1 and not asked_again:
        return lines[0]
    wanted = {s.lower() for s in skus}
    for text in texts:
        words = set(re.findall(r"[a-z0-9]+", text.lower()))
        hits = [
            ln
            for ln in lines
            if ln.sku.lower() in wanted
            or ln.sku.lower() in words
            or words & {w for w in re.findall(r"[a-z0-9]+", ln.name.lower()) if len(w) > 2}
        ]
        if len(hits) == 1:
            return hits[0]
    return lines[0] if len(lines) == 1 else None

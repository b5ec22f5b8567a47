"""Foreign intent names onto the assistant's, for scoring labelled files from elsewhere
(`ordermind assistant eval`). Documented in docs/assistant.md.

Known without a mapping file: our own names; CLINC150's 150 intents and `oos`
(corpus.CLINC_TO_INTENT, the rest out_of_scope); and the intents of Bitext's customer
support data set, the common public e-commerce one. Any other name needs `--map FILE`."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from ordermind.assistant.intents import Intent

# Bitext "customer support" (27 intents). Those with no counterpart of ours (accounts,
# payments, newsletters, placing an order) are out_of_scope, as the assistant answers them.
BITEXT_TO_INTENT: dict[str, Intent] = {
    "track_order": Intent.ORDER_STATUS,
    "delivery_period": Intent.DELIVERY_DATE,
    "change_shipping_address": Intent.CHANGE_ADDRESS,
    "set_up_shipping_address": Intent.CHANGE_ADDRESS,
    "cancel_order": Intent.CANCEL_ORDER,
    "get_refund": Intent.START_RETURN,  # "i want my money back for this item": a return
    "track_refund": Intent.REFUND_STATUS,
    "get_invoice": Intent.INVOICE_COPY,
    "check_invoice": Intent.INVOICE_COPY,
    "delivery_options": Intent.DELIVERY_OPTIONS,
    "complaint": Intent.COMPLAINT,
    "contact_human_agent": Intent.TALK_TO_PERSON,
    "contact_customer_service": Intent.TALK_TO_PERSON,
    **{
        name: Intent.OUT_OF_SCOPE
        for name in (
            "change_order",
            "check_cancellation_fee",
            "check_payment_methods",
            "check_refund_policy",
            "create_account",
            "delete_account",
            "edit_account",
            "newsletter_subscription",
            "payment_issue",
            "place_order",
            "recover_password",
            "registration_problems",
            "review",
            "switch_account",
        )
    },
}


class UnknownLabels(ValueError):
    """Gold labels that no mapping covers."""


def builtin_mapping() -> dict[str, Intent]:
    from ordermind.assistant.corpus import clinc_examples, map_clinc

    mapping = {name: map_clinc(name) for name in {n for _, n in clinc_examples()}}
    mapping.update(BITEXT_TO_INTENT)
    mapping.update({i.value: i for i in Intent})  # ours win: cancel_order, complaint, ...
    return mapping


def read_mapping(path: Path) -> dict[str, Intent]:
    """A CSV of `foreign,intent` rows (a header row naming them is allowed)."""
    out: dict[str, Intent] = {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        for number, row in enumerate(csv.reader(f), start=1):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                raise ValueError(f"{path} line {number}: expected foreign,intent")
            foreign, ours = row[0].strip(), row[1].strip()
            if number == 1 and ours.lower() == "intent":
                continue
            try:
                out[foreign] = Intent(ours)
            except ValueError:
                names = ", ".join(i.value for i in Intent)
                raise ValueError(
                    f"{path} line {number}: {ours!r} is not an intent (one of {names})"
                ) from None
    return out


def map_labels(labels: Iterable[str], extra: Mapping[str, Intent] | None = None) -> list[Intent]:
    """Each label as ours: the mapping file first, then the built-in names; matched as
    written, then case- and space-insensitively ("Order Status" -> order_status)."""
    mapping = {**builtin_mapping(), **(extra or {})}
    folded = {_fold(k): v for k, v in mapping.items()}
    out, unknown = [], set()
    for label in labels:
        intent = mapping.get(label) or folded.get(_fold(label))
        if intent is None:
            unknown.add(label)
        else:
            out.append(intent)
    if unknown:
        shown = ", ".join(repr(u) for u in sorted(unknown)[:8])
        more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
        raise UnknownLabels(f"intent labels with no mapping: {shown}{more} (give --map FILE)")
    return out


def _fold(label: str) -> str:
    return "_".join(label.strip().lower().replace("-", " ").split())

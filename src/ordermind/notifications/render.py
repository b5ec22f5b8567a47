"""Messages from templates: templates/<locale>/<milestone>.txt (subject block and plain
text) and .html (autoescaped), falling back to English for a locale without them. Dates
and money are written the locale's way by babel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.numbers import format_currency, get_currency_precision
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .milestones import Milestone
from .policy import Notice, OrderFacts

FALLBACK = "en"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    locale: str  # the templates' locale (FALLBACK when the wanted one has none)


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("ordermind.notifications", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,  # a misspelt field fails the test, not the customer
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def available_locales() -> frozenset[str]:
    """Locales with a template for every milestone."""
    root = resources.files("ordermind.notifications") / "templates"
    found = set()
    for d in root.iterdir():
        if d.is_dir() and all(
            (d / f"{m.value}.{ext}").is_file() for m in Milestone for ext in ("txt", "html")
        ):
            found.add(d.name)
    return frozenset(found)


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def message_context(
    order: OrderFacts, notice: Notice, support: str, extra: Mapping | None = None
) -> dict:
    """Everything a template may use, as plain JSON-able values (stored with the message so
    a retry writes the same thing). `extra` adds what the order knows beyond the event
    (the shipment's carrier and service, a return's refund)."""
    data = {**notice.data, **(extra or {})}
    return {
        "order_number": order.number,
        "customer_name": order.name,
        "support": support,
        "currency": order.currency,
        "promised_date": str(data.get("promised_date") or order.promised_date or "") or None,
        "carrier": data.get("carrier"),
        "service": data.get("service"),
        "tracking": data.get("tracking"),
        "shipment_id": data.get("shipment_id"),
        "new_date": data.get("new_date"),
        "reason": data.get("reason"),
        "return_id": data.get("return_id"),
        "refund": data.get("amount"),
        "invoice_number": data.get("invoice_number"),
    }


def render(milestone: Milestone | str, locale: str, context: Mapping) -> Rendered:
    milestone = Milestone(milestone)
    used = locale if locale in available_locales() else locale.split("_")[0]
    if used not in available_locales():
        used = FALLBACK

    def fmt_date(value: object) -> str:
        day = _day(value)
        return "" if day is None else format_date(day, format="long", locale=used)

    def fmt_money(minor: int | None, currency: str) -> str:
        if minor is None:
            return ""
        digits = get_currency_precision(currency)  # JPY 0, EUR 2, KWD 3
        return format_currency(Decimal(int(minor)).scaleb(-digits), currency, locale=used)

    values = {**context, "fmt_date": fmt_date, "fmt_money": fmt_money}
    env = _env()
    text_t = env.get_template(f"{used}/{milestone.value}.txt")
    subject = "".join(text_t.blocks["subject"](text_t.new_context(values))).strip()
    text = text_t.render(values).strip() + "\n"
    html = env.get_template(f"{used}/{milestone.value}.html").render(values)
    return Rendered(" ".join(subject.split()), text, html, used)

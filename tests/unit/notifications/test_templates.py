"""Every milestone renders in English and German, plain text and autoescaped HTML, with
dates and money written the locale's way; an unknown locale falls back to English."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest
from jinja2 import UndefinedError

from ordermind.notifications.mail import build_email, message_id, redact
from ordermind.notifications.milestones import Milestone
from ordermind.notifications.policy import Notice, OrderFacts
from ordermind.notifications.render import available_locales, message_context, render

ORDER = OrderFacts(
    7, "OM00000007", "a@example.de", "Anna <b>Schmidt</b>", "shipped", "EUR", "DE", date(2026, 3, 5)
)
DATA = {
    "carrier": "DHL",
    "service": "Express",
    "tracking": "JJD0099",
    "shipment_id": "shp_1",
    "new_date": "2026-03-09",
    "reason": "carrier backlog",
    "return_id": "rma_1",
    "amount": 1999,
}


def ctx(milestone: Milestone, **over: object) -> dict:
    notice = Notice(7, milestone, "x", datetime.now(UTC), {**DATA, **over})
    return message_context(ORDER, notice, "help@shop.example")


def test_english_and_german_templates_exist_for_every_milestone() -> None:
    assert {"en", "de"} <= available_locales()


@pytest.mark.parametrize("locale", ["en", "de"])
@pytest.mark.parametrize("milestone", list(Milestone))
def test_each_message_names_the_order_and_support_in_text_and_html(milestone, locale) -> None:
    r = render(milestone, locale, ctx(milestone))
    assert r.locale == locale and "OM00000007" in r.subject and "\n" not in r.subject
    for body in (r.text, r.html):
        assert "OM00000007" in body and "help@shop.example" in body
    assert "Anna &lt;b&gt;Schmidt&lt;/b&gt;" in r.html and "<b>Schmidt" not in r.html
    assert "Anna <b>Schmidt</b>" in r.text  # plain text is not HTML: nothing to escape
    assert f'lang="{locale}"' in r.html


def test_shipped_names_carrier_service_and_tracking() -> None:
    for locale in ("en", "de"):
        r = render(Milestone.SHIPPED, locale, ctx(Milestone.SHIPPED))
        for body in (r.text, r.html):
            assert "DHL" in body and "Express" in body and "JJD0099" in body
    no_tracking = render(Milestone.SHIPPED, "en", ctx(Milestone.SHIPPED, tracking=None))
    assert "not given by the carrier yet" in no_tracking.text


def test_a_delay_gives_the_new_date_and_the_reason_in_the_locales_own_format() -> None:
    en = render(Milestone.DELAY_PREDICTED, "en", ctx(Milestone.DELAY_PREDICTED))
    de = render(Milestone.DELAY_PREDICTED, "de", ctx(Milestone.DELAY_PREDICTED))
    assert "March 9, 2026" in en.subject and "March 5, 2026" in en.text
    assert "9. März 2026" in de.subject and "5. März 2026" in de.text
    assert "carrier backlog" in en.text and "carrier backlog" in de.html


def test_a_refund_is_written_with_the_currencys_own_decimals() -> None:
    assert "€19.99" in render(Milestone.REFUNDED, "en", ctx(Milestone.REFUNDED)).text
    assert "19,99\xa0€" in render(Milestone.REFUNDED, "de", ctx(Milestone.REFUNDED)).text
    yen = {**ctx(Milestone.REFUNDED), "currency": "JPY"}
    assert "¥1,999" in render(Milestone.REFUNDED, "en", yen).text  # JPY has no minor unit


def test_a_locale_without_templates_falls_back_to_english_and_a_regional_one_to_its_language() -> (
    None
):
    assert render(Milestone.CONFIRMED, "fr", ctx(Milestone.CONFIRMED)).locale == "en"
    assert render(Milestone.CONFIRMED, "de_AT", ctx(Milestone.CONFIRMED)).locale == "de"


def test_a_context_missing_a_field_fails_loudly_instead_of_printing_nothing() -> None:
    broken = ctx(Milestone.SHIPPED)
    del broken["carrier"]
    with pytest.raises(UndefinedError):
        render(Milestone.SHIPPED, "en", broken)


def test_the_email_has_a_text_and_an_html_part_and_a_message_id_fixed_by_its_subject() -> None:
    r = render(Milestone.SHIPPED, "de", ctx(Milestone.SHIPPED))
    mid = message_id(7, "shipped", "shp_1", "email", "shop.example")
    assert mid == message_id(7, "shipped", "shp_1", "email", "shop.example")
    assert mid != message_id(7, "shipped", "shp_2", "email", "shop.example")
    msg = build_email(
        r,
        "a@example.de",
        "orders@shop.example",
        mid,
        "OM00000007",
        datetime(2026, 3, 3, tzinfo=UTC),
    )
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == mid and parsed["Subject"] == r.subject
    assert parsed.get_content_type() == "multipart/alternative"
    assert "JJD0099" in parsed.get_body(("plain",)).get_content()
    assert "JJD0099" in parsed.get_body(("html",)).get_content()
    assert parsed["Content-Language"] == "de"


def test_addresses_in_smtp_errors_keep_only_their_domain() -> None:
    assert redact("550 <anna.s+x@example.de> unknown") == "550 <***@example.de> unknown"

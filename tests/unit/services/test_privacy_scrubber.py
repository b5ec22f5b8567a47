"""What erasure replaces in a customer's stored text and JSON, and what it keeps."""

from __future__ import annotations

from ordermind.services.privacy import (
    ERASED,
    PersonalData,
    Scrubber,
    customer_id,
    erase_phones,
    pseudonym_email,
)

EMAIL = "zoe.marsh@example.org"


def _scrubber() -> Scrubber:
    personal = PersonalData(EMAIL)
    personal.add_from(
        {
            "name": "Zoë Marsh",
            "line1": "27 Wrenfield Crescent",
            "city": "York",
            "postal_code": "YO31 7QZ",
            "country": "GB",
        },
        personal=True,
    )
    return Scrubber(personal)


def test_the_customer_id_is_stable_pseudonymous_and_ignores_case_and_spaces():
    cid = customer_id(EMAIL)
    assert cid == customer_id(" Zoe.Marsh@EXAMPLE.org ") and cid.startswith("cus_")
    assert len(cid) == 28 and "zoe" not in cid
    assert customer_id("someone.else@example.org") != cid
    assert pseudonym_email(cid) == f"{cid}@erased.invalid"


def test_names_streets_and_postcodes_go_in_any_case_and_spacing_but_city_and_country_stay():
    s = _scrubber()
    out = s.text("Dear ZOË MARSH, to 27 wrenfield crescent, York yo317qz (GB); Zoë rang")
    assert out == f"Dear {ERASED}, to {ERASED}, York {ERASED} (GB); {ERASED} rang"
    assert s.text(f"mail {EMAIL.upper()} now") == f"mail {pseudonym_email(customer_id(EMAIL))} now"


def test_a_name_part_is_erased_as_a_word_never_inside_another():
    s = _scrubber()
    assert s.text("Marshall's marsh-mallow, Mr Marsh") == f"Marshall's {ERASED}-mallow, Mr {ERASED}"


def test_json_keeps_the_accounting_and_erases_the_person():
    s = _scrubber()
    event = {
        "customer": {"email": EMAIL, "name": "Zoë Marsh", "segment": "vip"},
        "ship_to": {
            "name": "Zoë Marsh",
            "line1": "27 Wrenfield Crescent",
            "lat": 53.9,
            "lon": -1.1,
            "city": "York",
            "postal_code": "YO31 7QZ",
            "country": "GB",
        },
        "lines": [{"sku": "MARSH-1", "quantity": 2, "unit_price": 1000, "name": "Widget"}],
        "total": 2000,
        "currency": "EUR",
        "reason": "Zoë called from +44 7700 900461",
        "escaped": "Zo\\u00eb Marsh",
    }
    out = s.json(event)
    assert out["customer"] == {
        "email": pseudonym_email(customer_id(EMAIL)),
        "name": ERASED,
        "segment": "vip",
    }
    assert out["ship_to"] == {
        "name": ERASED,
        "line1": ERASED,
        "lat": None,
        "lon": None,
        "city": "York",
        "postal_code": ERASED,
        "country": "GB",
    }
    assert out["lines"] == [{"sku": "MARSH-1", "quantity": 2, "unit_price": 1000, "name": "Widget"}]
    assert (out["total"], out["currency"]) == (2000, "EUR")
    assert out["reason"] == f"{ERASED} called from {ERASED}"
    assert out["escaped"] == ERASED


def test_an_address_keeps_the_fields_an_address_must_have():
    s = _scrubber()
    out = s.address(
        {
            "name": "Zoë Marsh",
            "line1": "27 Wrenfield Crescent",
            "line2": "Flat 4",
            "city": "York",
            "postal_code": "YO31 7QZ",
            "country": "GB",
            "lat": 1.0,
            "lon": 2.0,
        }
    )
    assert out == {
        "name": ERASED,
        "line1": ERASED,
        "line2": None,
        "city": "York",
        "postal_code": ERASED,
        "country": "GB",
        "lat": None,
        "lon": None,
    }


def test_phone_numbers_in_free_text_go_but_amounts_dates_and_references_stay():
    for number in (
        "+44 7700 900461",
        "07700 900461",
        "(020) 7946 0958",
        "0044 20 7946 0958",
        "+1 (212) 555-0100",
        "+33 1 23 45 67 89",
    ):
        assert erase_phones(f"call {number} today") == f"call {ERASED} today", number
    for kept in (
        "refund 1000 on 2026-12-07",
        "order 123456789",
        "PO 88123",
        "TRK1234567890",
        "3 x 400 units",
    ):
        assert erase_phones(kept) == kept

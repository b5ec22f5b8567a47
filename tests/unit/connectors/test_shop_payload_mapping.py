"""The shops' payloads mapped to ordermind's order command, without a database: amounts
in minor units by the currency's ISO 4217 exponent, lines net of discounts and tax, the
address and buyer; and every wrong shape of payload refused as a ValidationFailed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from ordermind.adapters.connectors import shopify, signatures, woocommerce
from ordermind.adapters.connectors.money import check_currency, to_minor
from ordermind.domain.errors import ValidationFailed

DATA = Path(__file__).resolve().parents[2] / "data" / "connectors"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("19.99", "EUR", 1999), ("1500", "JPY", 1500), ("1.250", "KWD", 1250), ("7", "GBP", 700)],
)
def test_amounts_take_the_currencys_own_exponent(amount, currency, minor):
    assert to_minor(amount, currency, "price") == minor


@pytest.mark.parametrize(("amount", "currency"), [("10.005", "EUR"), ("10.5", "JPY")])
def test_an_amount_finer_than_the_minor_unit_is_refused(amount, currency):
    with pytest.raises(ValidationFailed, match=currency):
        to_minor(amount, currency, "price")


@pytest.mark.parametrize("amount", ["ten", "NaN", "Infinity", None, True, [], {}])
def test_something_that_is_not_an_amount_is_refused(amount):
    with pytest.raises(ValidationFailed):
        to_minor(amount, "EUR", "price")


def test_an_unknown_currency_is_refused():
    with pytest.raises(ValidationFailed, match="ISO 4217"):
        check_currency("XBT")


def test_a_shopify_order_with_tax_included_is_priced_before_tax_and_after_discounts():
    placed = shopify.order(_load("shopify_orders_create_gbp.json"), "shopify-uk")
    assert placed.number == "#1042"
    cmd = placed.cmd
    assert (cmd.channel, cmd.external_id, cmd.currency) == ("shopify-uk", "5934012465321", "GBP")
    assert [(ln.sku, ln.quantity, ln.unit_price) for ln in cmd.lines] == [
        ("TEE-BLK-M", 2, 1875),
        ("MUG-ENAMEL", 1, 900),
        ("SOCK-3PK", 3, 749),
    ]
    assert (cmd.ship_to.lat, cmd.ship_to.lon) == (53.4794, -2.2453)
    assert cmd.ship_to.region == "ENG"


def test_a_shopify_order_without_tax_in_its_prices_keeps_the_tax_out():
    payload = _load("shopify_orders_create_gbp.json")
    payload["taxes_included"] = False
    lines = {ln.sku: ln.unit_price for ln in shopify.order(payload, "s").cmd.lines}
    assert lines == {"TEE-BLK-M": 2250, "MUG-ENAMEL": 1080, "SOCK-3PK": 899}


def test_the_same_sku_on_two_shop_lines_becomes_one_line_at_the_average_net_price():
    payload = _load("shopify_orders_create_gbp.json")
    payload["line_items"][1]["sku"] = "TEE-BLK-M"  # the mug line now sells a tee too
    lines = shopify.order(payload, "s").cmd.lines
    assert [(ln.sku, ln.quantity, ln.unit_price) for ln in lines] == [
        ("TEE-BLK-M", 3, 1550),  # (3750 + 900) / 3
        ("SOCK-3PK", 3, 749),
    ]


def test_an_order_without_a_shipping_address_ships_to_its_billing_address():
    payload = _load("shopify_orders_create_gbp.json")
    payload["shipping_address"] = None
    assert shopify.order(payload, "s").cmd.ship_to.lat is None  # the billing one has none


def test_a_woocommerce_order_takes_its_line_totals_and_shipping_address():
    cmd = woocommerce.order(_load("woocommerce_order_created_eur.json"), "woo").cmd
    assert [(ln.sku, ln.quantity, ln.unit_price) for ln in cmd.lines] == [
        ("WOO-HOODIE-L", 1, 4410),
        ("WOO-CAP", 2, 1350),
        ("WOO-BEANIE-RED", 1, 1350),
    ]
    assert (cmd.ship_to.city, cmd.ship_to.postal_code, cmd.ship_to.region) == (
        "Berlin",
        "10119",
        "BE",
    )
    assert cmd.customer.name == "Lena Vogel"


def test_a_virtual_woocommerce_order_ships_to_its_billing_address():
    payload = _load("woocommerce_order_created_eur.json")
    payload["shipping"] = dict.fromkeys(payload["shipping"], "")
    assert woocommerce.order(payload, "woo").cmd.ship_to.line1 == "Kastanienallee 12"


def _charges(cmd) -> list[tuple]:
    return [(str(c.kind), c.title, c.code, c.amount, c.tax) for c in cmd.charges]


def test_a_shopify_shipping_line_is_a_shipping_charge_before_tax_and_after_its_discounts():
    payload = _load("shopify_orders_create_gbp.json")
    # 4.95 with 0.83 VAT included
    assert _charges(shopify.order(payload, "s").cmd) == [
        ("shipping", "Royal Mail Tracked 48", "Standard", 412, 83)
    ]
    payload["shipping_lines"][0]["discount_allocations"] = [
        {"amount": "1.00", "discount_application_index": 1}
    ]
    payload["taxes_included"] = False
    assert _charges(shopify.order(payload, "s").cmd) == [
        ("shipping", "Royal Mail Tracked 48", "Standard", 395, 83)
    ]


def test_a_removed_shopify_shipping_line_is_not_charged():
    payload = _load("shopify_orders_create_gbp.json")
    payload["shipping_lines"][0]["is_removed"] = True
    assert shopify.order(payload, "s").cmd.charges == ()


def test_an_order_without_shipping_lines_has_no_charges():
    payload = _load("shopify_orders_create_jpy.json")
    payload["shipping_lines"] = []
    assert shopify.order(payload, "s").cmd.charges == ()


def test_woocommerce_shipping_and_fee_lines_are_charges_at_their_totals_with_their_tax():
    cmd = woocommerce.order(_load("woocommerce_order_created_eur.json"), "woo").cmd
    assert _charges(cmd) == [
        ("shipping", "DHL Paket", "flat_rate", 590, 112),
        ("fee", "Geschenkverpackung", None, 250, 48),
    ]


def test_a_negative_woocommerce_fee_is_kept_as_a_discount_but_negative_shipping_is_refused():
    payload = _load("woocommerce_order_created_eur.json")
    payload["fee_lines"][0].update(name="Stammkundenrabatt", total="-3.00", total_tax="0.00")
    assert _charges(woocommerce.order(payload, "woo").cmd)[1] == (
        "fee",
        "Stammkundenrabatt",
        None,
        -300,
        0,
    )
    payload["shipping_lines"][0]["total"] = "-5.90"
    with pytest.raises(ValidationFailed, match="shipping charge 'DHL Paket': amount is negative"):
        woocommerce.order(payload, "woo")


@pytest.mark.parametrize(
    ("item", "ref"), [(712, (712, None)), ("712", (712, None)), ("720/723", (720, 723))]
)
def test_a_woocommerce_inventory_item_names_a_product_or_one_of_its_variations(item, ref):
    assert woocommerce.product_ref(item) == ref


@pytest.mark.parametrize("item", ["720/", "/723", "720/723/1", "cap", "72 0"])
def test_a_woocommerce_inventory_item_of_another_shape_is_refused(item):
    with pytest.raises(ValidationFailed, match="variation"):
        woocommerce.product_ref(item)


def test_the_signature_is_base64_of_the_bodys_hmac_sha256():
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    expected = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
    assert signatures.sign("Jefe", b"what do ya want for nothing?") == expected
    assert signatures.verify("Jefe", b"what do ya want for nothing?", expected)
    assert not signatures.verify("Jefe", b"what do ya want for nothing!", expected)
    assert not signatures.verify("Jefe", b"what do ya want for nothing?", None)


WRONG_VALUES = [None, "", "x", -1, 0, 1.5, True, [], {}, [1], {"a": 1}, "99999999999999999999"]


def _paths(value, path=()):
    """Every key path in a payload (into lists by index)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*path, k)
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield (*path, i)
            yield from _paths(v, (*path, i))


def _set(payload, path, value):
    target = payload
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("mapper", "sample"),
    [
        (shopify.order, "shopify_orders_create_gbp.json"),
        (shopify.order, "shopify_orders_create_jpy.json"),
        (woocommerce.order, "woocommerce_order_created_eur.json"),
    ],
)
def test_any_field_of_the_wrong_shape_maps_or_is_refused_never_crashes(mapper, sample):
    original = _load(sample)
    for path in _paths(original):
        for wrong in WRONG_VALUES:
            payload = copy.deepcopy(original)
            _set(payload, path, wrong)
            try:
                mapper(payload, "shop")
            except ValidationFailed:
                pass
            except Exception as exc:
                pytest.fail(f"{path} = {wrong!r}: {type(exc).__name__}: {exc}")


def test_what_the_shop_knows_of_the_buyer_goes_to_the_fraud_screen():
    shop = shopify.order(_load("shopify_orders_create_gbp.json"), "s").risk
    assert (shop.ip, shop.billing_country) == ("81.2.69.160", "GB")
    assert shop.account_created_at is not None
    assert shop.account_created_at.isoformat() == "2025-03-02T09:00:11+00:00"
    woo = woocommerce.order(_load("woocommerce_order_created_eur.json"), "w").risk
    assert (woo.ip, woo.billing_country, woo.account_created_at) == ("198.51.100.23", "DE", None)


def test_a_buyer_fact_that_is_not_what_it_claims_is_left_out_not_refused():
    payload = _load("shopify_orders_create_gbp.json")
    payload["browser_ip"] = "not-an-ip"
    payload["customer"]["created_at"] = "yesterday"
    payload["billing_address"]["country_code"] = "GBR"
    shop = shopify.order(payload, "s").risk
    assert (shop.ip, shop.billing_country, shop.account_created_at) == (None, None, None)

from datetime import UTC, datetime, timedelta

from ordermind.risk.facts import OrderFacts, OrderLineFacts
from ordermind.risk.lists import forwarder_match, is_disposable
from ordermind.risk.rules import screen
from ordermind.risk.velocity import VelocityWindows

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def order(i: int = 0, **kw) -> OrderFacts:
    base = dict(
        order_id=f"o{i}",
        placed_at=NOW,
        total_value=4_500,
        customer_id="c1",
        customer_email="ann@example.com",
        customer_created_at=NOW - timedelta(days=200),
        prior_orders=4,
        device_id="dev1",
        ip="10.0.0.1",
        card_token="tok1",
        billing_country="DE",
        shipping_country="DE",
        shipping_address="Hauptstr. 5, 10115 Berlin",
    )
    base.update(kw)
    return OrderFacts(**base)


def codes(result) -> set[str]:
    return {flag.code for flag in result.flags}


def test_an_ordinary_order_from_a_known_customer_passes_without_flags():
    result = screen(order(), VelocityWindows())
    assert result.flags == [] and not result.flagged and result.score == 0


def test_fourth_order_from_one_device_within_an_hour_is_flagged_with_a_count():
    velocity = VelocityWindows()
    for i in range(3):
        velocity.record(
            order(
                i,
                placed_at=NOW - timedelta(minutes=10 * (i + 1)),
                customer_email=f"u{i}@example.com",
                customer_id=f"c{i}",
            )
        )
    result = screen(order(9, customer_email="new@example.com", customer_id="c9"), velocity)
    assert "velocity_device_1h" in codes(result)
    assert any("4 orders from this device in the last hour" in r for r in result.reasons)
    assert result.flagged


def test_card_value_over_the_daily_limit_is_flagged():
    velocity = VelocityWindows()
    velocity.record(order(1, placed_at=NOW - timedelta(hours=3), total_value=280_000))
    result = screen(order(2, total_value=30_000), velocity)
    assert "card_value_velocity" in codes(result)


def test_one_device_used_by_three_customers_in_a_day_is_flagged():
    velocity = VelocityWindows()
    for i in range(2):
        velocity.record(
            order(
                i,
                placed_at=NOW - timedelta(hours=5 + i),
                customer_email=f"u{i}@example.com",
                customer_id=f"c{i}",
                card_token=f"t{i}",
                ip=f"10.0.1.{i}",
            )
        )
    result = screen(
        order(
            5, customer_email="third@example.com", customer_id="c5", card_token="t5", ip="10.0.2.1"
        ),
        velocity,
    )
    assert "shared_device" in codes(result)
    assert any("3 different customers" in r for r in result.reasons)


def test_order_seconds_after_signup_is_flagged_as_scripted():
    result = screen(order(customer_created_at=NOW - timedelta(seconds=20)))
    assert "instant_order" in codes(result) and result.flagged


def test_young_account_alone_is_a_weak_signal_that_does_not_flag():
    result = screen(order(customer_created_at=NOW - timedelta(minutes=30)))
    assert codes(result) == {"new_account"} and not result.flagged


def test_young_account_plus_foreign_shipping_country_flags():
    result = screen(order(customer_created_at=NOW - timedelta(minutes=30), shipping_country="NG"))
    assert codes(result) == {"new_account", "country_mismatch"} and result.flagged
    assert any("Billing country DE differs from shipping country NG" in r for r in result.reasons)


def test_first_order_of_high_value_is_flagged_but_a_repeat_customer_is_not():
    assert "first_order_high_value" in codes(screen(order(prior_orders=0, total_value=90_000)))
    assert "first_order_high_value" not in codes(screen(order(prior_orders=3, total_value=90_000)))


def test_first_order_is_recognised_from_velocity_when_the_store_gives_no_count():
    velocity = VelocityWindows()
    fresh = order(prior_orders=None, total_value=90_000)
    assert "first_order_high_value" in codes(screen(fresh, velocity))
    velocity.record(order(0, placed_at=NOW - timedelta(days=2)))
    assert "first_order_high_value" not in codes(screen(fresh, velocity))


def test_disposable_email_domains_and_their_subdomains_are_flagged():
    assert "disposable_email" in codes(screen(order(customer_email="x@mailinator.com")))
    assert is_disposable("inbox.yopmail.com")
    assert not is_disposable("gmail.com")


def test_quantity_far_above_the_sku_norm_is_flagged():
    lines = (OrderLineFacts("SKU-1", 40, 999), OrderLineFacts("SKU-2", 2, 500))
    result = screen(order(lines=lines), sku_norms={"SKU-1": 2.0, "SKU-2": 2.0})
    assert "quantity_above_norm" in codes(result)
    assert any("40 x SKU-1" in r for r in result.reasons)
    normal = (OrderLineFacts("SKU-1", 6, 999),)
    assert "quantity_above_norm" not in codes(screen(order(lines=normal), sku_norms={"SKU-1": 2.0}))


def test_freight_forwarder_addresses_are_recognised():
    result = screen(order(shipping_address="c/o Shipito, 1001 Main St Suite MY-123456, OR"))
    assert "freight_forwarder" in codes(result)
    assert forwarder_match("Package forwarding service, 12 Dock Rd") is not None
    assert forwarder_match("12 Rose Lane, Leeds") is None

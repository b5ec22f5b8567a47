from datetime import UTC, datetime, timedelta

from ordermind.risk.facts import OrderFacts
from ordermind.risk.velocity import VelocityWindows

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def facts(minutes: float, value: int = 1000, email: str = "a@x.com", **kw) -> OrderFacts:
    return OrderFacts(
        order_id=f"o{minutes}",
        placed_at=T0 + timedelta(minutes=minutes),
        total_value=value,
        customer_email=email,
        device_id="d1",
        **kw,
    )


def test_counts_only_orders_inside_the_window_and_before_the_query_time():
    windows = VelocityWindows()
    for minute in (0, 30, 50, 90):
        windows.record(facts(minute, value=100 * (minute + 1)))
    at = (T0 + timedelta(minutes=60)).timestamp()
    stats = windows.stats("device", "d1", at, "1h")
    assert stats.count == 3 and stats.value == 100 + 3100 + 5100
    assert windows.stats("device", "d1", (T0 + timedelta(minutes=95)).timestamp(), "1h").count == 2


def test_an_order_never_counts_itself_nor_another_order_of_the_same_instant():
    windows = VelocityWindows()
    windows.record(facts(10, email="a@x.com"))
    snap = windows.snapshot(facts(10, email="b@x.com"))
    assert snap["device_1h"].count == 0


def test_late_arrivals_are_kept_in_time_order():
    windows = VelocityWindows()
    windows.record(facts(50))
    windows.record(facts(5))
    windows.record(facts(30))
    at = (T0 + timedelta(minutes=40)).timestamp()
    assert windows.stats("email", "a@x.com", at, "1h").count == 2


def test_email_keys_ignore_case_and_distinct_buyers_are_counted():
    windows = VelocityWindows()
    windows.record(facts(0, email="Ann@X.com"))
    windows.record(facts(1, email="ann@x.com"))
    windows.record(facts(2, email="bob@x.com"))
    snap = windows.snapshot(facts(3, email="carl@x.com"))
    assert snap["email_1h"].count == 0
    assert snap["device_1h"].count == 3 and snap["device_1h"].distinct_peers == 2


def test_prune_drops_orders_older_than_the_longest_window():
    windows = VelocityWindows(windows={"1h": 3600.0})
    windows.record(facts(0, email="old@x.com", ip="1.1.1.1"))
    windows.record(facts(180, email="new@x.com", ip="2.2.2.2"))
    windows.prune()
    assert (
        windows.stats("email", "old@x.com", (T0 + timedelta(minutes=1)).timestamp(), "1h").count
        == 0
    )
    assert len(windows) == 3  # new e-mail, its ip and the shared device


def test_rebuilt_windows_equal_the_incrementally_fed_ones():
    orders = [facts(m, email=f"u{m % 3}@x.com") for m in range(0, 300, 7)]
    live = VelocityWindows()
    for o in orders:
        live.record(o)
    rebuilt = VelocityWindows.from_orders(reversed(orders))
    probe = facts(301, email="u1@x.com")
    assert live.snapshot(probe) == rebuilt.snapshot(probe)

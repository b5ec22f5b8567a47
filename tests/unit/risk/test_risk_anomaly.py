from datetime import timedelta

import pytest

from ordermind.risk.anomaly import OrderStreamMonitor, binomial_sf, poisson_cdf

from .risk_simulate import START, simulate

DROP_AT = START + timedelta(days=28, hours=12)


def run_checks(monitor, start, minutes):
    alerts = []
    for k in range(0, minutes, 5):
        alerts += monitor.check(start + timedelta(minutes=k))
    return alerts


def test_normal_daily_and_weekly_seasonality_raises_at_most_one_alarm_in_three_weeks():
    # Three independent simulated weeks, checked every 5 minutes (6,048 checks). A plain
    # "half of last week" rule raises 10-20 alarms per week on these streams.
    false_alarms = []
    for seed in (2, 5, 11):
        monitor = OrderStreamMonitor()
        simulate(monitor, 35, peak=6.0, seed=seed)
        alerts = run_checks(monitor, START + timedelta(days=28), 7 * 1440)
        false_alarms += [a for a in alerts if a.kind != "recovered"]
    # An order drop and the value drop it causes are one incident.
    assert len({(a.channel, a.at) for a in false_alarms}) <= 1, false_alarms


def test_a_fifty_percent_drop_is_alerted_within_fifteen_minutes_and_then_recovers():
    monitor = OrderStreamMonitor()
    simulate(monitor, 28, peak=12.0, seed=4)
    simulate(
        monitor,
        1,
        peak=12.0,
        seed=40,
        start=START + timedelta(days=28),
        factor=lambda t: 0.5 if DROP_AT <= t < DROP_AT + timedelta(minutes=45) else 1.0,
    )
    alerts = run_checks(monitor, START + timedelta(days=28), 1440)
    drops = [a for a in alerts if a.kind == "order_drop"]
    assert len(drops) == 1
    assert drops[0].at - DROP_AT <= timedelta(minutes=20)
    assert "expected about" in drops[0].message
    assert any(a.kind == "recovered" and a.at > drops[0].at for a in alerts)


def test_a_channel_that_goes_silent_is_alerted():
    monitor = OrderStreamMonitor()
    simulate(monitor, 28, peak=4.0, seed=8, channel="marketplace")
    simulate(
        monitor,
        1,
        peak=4.0,
        seed=9,
        channel="marketplace",
        start=START + timedelta(days=28),
        factor=lambda t: 0.0 if t >= DROP_AT else 1.0,
    )
    alerts = run_checks(monitor, DROP_AT, 60)
    assert any(a.kind == "order_drop" and a.channel == "marketplace" for a in alerts)


def test_no_alert_without_history_to_compare_with():
    monitor = OrderStreamMonitor()
    simulate(monitor, 1, peak=8.0, seed=1)
    assert run_checks(monitor, START + timedelta(days=1), 120) == []


def test_integration_error_spike_is_alerted_and_normal_noise_is_not():
    monitor = OrderStreamMonitor()
    for minute in range(3 * 1440):
        t = START + timedelta(minutes=minute)
        for i in range(4):
            monitor.observe_outcome(t, "edi-partner-7", failed=(minute * 4 + i) % 100 == 0)
    assert run_checks(monitor, START + timedelta(days=2), 1440) == []
    spike = START + timedelta(days=3)
    for minute in range(20):
        for i in range(4):
            monitor.observe_outcome(
                spike + timedelta(minutes=minute), "edi-partner-7", failed=i < 2
            )
    alerts = run_checks(monitor, spike + timedelta(minutes=15), 10)
    assert [a.kind for a in alerts] == ["error_rate"]
    assert "failed" in alerts[0].message


def test_payment_declines_are_reported_as_decline_rate():
    monitor = OrderStreamMonitor()
    for minute in range(1440):
        monitor.observe_outcome(
            START + timedelta(minutes=minute), "psp", failed=minute % 20 == 0, kind="decline"
        )
    for minute in range(15):
        for _ in range(5):
            monitor.observe_outcome(
                START + timedelta(days=1, minutes=minute), "psp", True, kind="decline"
            )
    alerts = monitor.check(START + timedelta(days=1, minutes=15))
    assert [a.kind for a in alerts] == ["decline_rate"]


def test_tail_probabilities_match_known_values():
    assert poisson_cdf(0, 2.0) == pytest.approx(0.1353, abs=1e-4)
    assert poisson_cdf(3, 2.0) == pytest.approx(0.8571, abs=1e-4)
    assert binomial_sf(2, 3, 0.5) == pytest.approx(0.5)

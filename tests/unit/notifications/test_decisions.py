"""The pure decision: which channels, now or after quiet hours, or suppressed and why."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ordermind.notifications.milestones import Milestone, from_event
from ordermind.notifications.policy import (
    Notice,
    NotifyPolicy,
    OrderFacts,
    decide,
    resolve_locale,
    told_before_promise,
)
from ordermind.notifications.preferences import Preferences, QuietHours

NOW = datetime(2026, 3, 3, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
LOCALES = {"en", "de"}
ORDER = OrderFacts(
    7,
    "OM00000007",
    "anna@example.de",
    "Anna",
    "allocated",
    "EUR",
    "DE",
    promised_date=date(2026, 3, 5),
)
QUIET = QuietHours(time(21, 0), time(8, 0), "Europe/Berlin")
BOTH = frozenset({"email", "webhook"})


def notice(milestone: Milestone, **data: object) -> Notice:
    return Notice(7, milestone, str(data.get("new_date", "")), NOW - timedelta(minutes=1), data)


def test_by_default_the_customer_is_emailed_at_once_in_their_countrys_language() -> None:
    plan = decide(notice(Milestone.CONFIRMED), ORDER, None, NOW, BOTH, LOCALES)
    assert plan.skipped is None
    (d,) = plan.decisions
    assert (d.channel, d.send, d.not_before, d.locale, d.held) == ("email", True, NOW, "de", False)


def test_opting_out_of_one_milestone_suppresses_it_on_every_channel_with_the_reason() -> None:
    prefs = Preferences(channels=BOTH, opted_out=frozenset({Milestone.SHIPPED}))
    plan = decide(notice(Milestone.SHIPPED), ORDER, prefs, NOW, BOTH, LOCALES)
    assert [(d.channel, d.send, d.reason) for d in plan.decisions] == [
        ("email", False, "customer opted out of shipped notifications"),
        ("webhook", False, "customer opted out of shipped notifications"),
    ]
    assert all(
        d.send
        for d in decide(notice(Milestone.DELIVERED), ORDER, prefs, NOW, BOTH, LOCALES).decisions
    )


def test_opting_out_of_everything_suppresses_every_milestone() -> None:
    prefs = Preferences(opt_out_all=True)
    for m in Milestone:
        (d,) = decide(notice(m, new_date="2026-03-09"), ORDER, prefs, NOW, BOTH, LOCALES).decisions
        assert not d.send and d.reason == "customer opted out of all notifications"


def test_a_channel_this_installation_cannot_send_through_is_suppressed_not_dropped() -> None:
    prefs = Preferences(channels=BOTH)
    plan = decide(notice(Milestone.CONFIRMED), ORDER, prefs, NOW, {"webhook"}, LOCALES)
    assert [(d.channel, d.send, d.reason) for d in plan.decisions] == [
        ("email", False, "channel email is not configured"),
        ("webhook", True, None),
    ]


def test_no_channel_enabled_is_recorded_as_a_suppression() -> None:
    (d,) = decide(
        notice(Milestone.CONFIRMED), ORDER, Preferences(channels=frozenset()), NOW, BOTH, LOCALES
    ).decisions
    assert not d.send and d.reason == "customer enabled no channel"


def test_in_quiet_hours_a_message_is_held_until_they_end() -> None:
    (d,) = decide(
        notice(Milestone.SHIPPED), ORDER, Preferences(quiet_hours=QUIET), NOW, BOTH, LOCALES
    ).decisions
    assert d.send and d.held and d.reason == "quiet hours"
    assert d.not_before == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 in Berlin


def test_a_delay_notice_is_held_only_while_it_would_still_beat_the_broken_promise() -> None:
    prefs = Preferences(quiet_hours=QUIET)
    in_time = decide(
        notice(Milestone.DELAY_PREDICTED, new_date="2026-03-09"), ORDER, prefs, NOW, BOTH, LOCALES
    ).decisions[0]
    assert in_time.held  # promised for the 5th: the 4th at 08:00 still beats it
    due_today = OrderFacts(**{**ORDER.__dict__, "promised_date": date(2026, 3, 3)})
    urgent = decide(
        notice(Milestone.DELAY_PREDICTED, new_date="2026-03-09"),
        due_today,
        prefs,
        NOW,
        BOTH,
        LOCALES,
    ).decisions[0]
    assert urgent.send and not urgent.held and urgent.not_before == NOW
    assert urgent.reason.startswith("urgent")


def test_pointless_news_is_suppressed() -> None:
    cancelled = OrderFacts(**{**ORDER.__dict__, "status": "cancelled"})
    delivered = OrderFacts(**{**ORDER.__dict__, "status": "delivered"})
    assert (
        decide(notice(Milestone.CONFIRMED), cancelled, None, NOW, BOTH, LOCALES).decisions[0].reason
        == "order is cancelled"
    )
    assert decide(notice(Milestone.REFUNDED), cancelled, None, NOW, BOTH, LOCALES).decisions[0].send
    assert (
        decide(
            notice(Milestone.DELAY_PREDICTED, new_date="2026-03-09"),
            delivered,
            None,
            NOW,
            BOTH,
            LOCALES,
        )
        .decisions[0]
        .reason
        == "order is already delivered"
    )


def test_a_milestone_older_than_the_maximum_age_is_skipped_without_a_message() -> None:
    old = Notice(7, Milestone.SHIPPED, "s1", NOW - timedelta(days=4))
    plan = decide(old, ORDER, None, NOW, BOTH, LOCALES, NotifyPolicy(max_age=timedelta(days=3)))
    assert plan.decisions == [] and "older than" in plan.skipped


def test_the_locale_comes_from_the_preference_then_the_country_then_english() -> None:
    assert resolve_locale("de_AT", "GB", LOCALES) == "de"
    assert resolve_locale(None, "AT", LOCALES) == "de"
    assert resolve_locale(None, "CH", LOCALES) == "de"
    assert resolve_locale("es", "ES", LOCALES) == "en"
    assert resolve_locale(None, None, LOCALES) == "en"


def test_the_lead_before_the_promise_is_measured_to_the_end_of_the_promised_day() -> None:
    sent = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert told_before_promise(sent, date(2026, 3, 5)) == timedelta(hours=36)
    assert told_before_promise(sent, date(2026, 3, 3)) == timedelta(hours=-12)


def test_events_become_milestones_except_imported_history_and_other_types() -> None:
    assert from_event("order.placed", "key:abc", {}) == (Milestone.CONFIRMED, "")
    assert from_event("order.shipped", "api", {"shipment_id": "shp_1"}) == (
        Milestone.SHIPPED,
        "shp_1",
    )
    assert from_event("return.refunded", "api", {"return_id": "rma_9"}) == (
        Milestone.REFUNDED,
        "rma_9",
    )
    assert from_event("order.shipped", "import:olist", {"shipment_id": "s"}) is None
    assert from_event("order.allocated", "api", {}) is None

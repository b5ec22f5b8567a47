"""KPI definitions on hand-made facts, where every answer can be counted by eye."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ordermind.kpis.facts import OrderFact, is_person
from ordermind.kpis.measures import facts_frame, report

T0 = datetime(2025, 3, 3, 10, tzinfo=UTC)


def fact(i: int, **kw) -> OrderFact:
    base = dict(
        order_id=i,
        channel="web",
        created_at=T0,
        status="delivered",
        promised=date(2025, 3, 6),
        ordered=2,
        shipped=2,
        delivered=2,
        first_shipped_at=datetime(2025, 3, 3, 20, tzinfo=UTC),
        delivered_at=datetime(2025, 3, 5, 10, tzinfo=UTC),
        ship_nodes=1,
    )
    base.update(kw)
    return OrderFact(**base)


def test_on_time_in_full_counts_late_and_short_orders_against_otif() -> None:
    facts = [
        fact(1),
        fact(2, delivered_at=datetime(2025, 3, 7, 9, tzinfo=UTC)),
        fact(3, ordered=3, cancelled=1),
        fact(
            4,
            status="cancelled",
            ordered=1,
            shipped=0,
            delivered=0,
            cancelled=1,
            first_shipped_at=None,
            delivered_at=None,
        ),
    ]
    t = report(facts_frame(facts), as_of=datetime(2025, 4, 1, tzinfo=UTC))["total"]
    assert t["otif"] == 0.25 and t["otif_base"] == 4
    assert t["on_time_rate"] == round(2 / 3, 4) and t["late_deliveries"] == 1
    assert t["cancellation_rate"] == 0.25
    assert t["by_status"] == {"cancelled": 1, "delivered": 3}


def test_an_order_on_its_way_counts_for_otif_only_once_its_promise_date_has_passed() -> None:
    in_transit = dict(status="shipped", delivered=0, delivered_at=None)
    facts = [
        fact(1),
        fact(2, **in_transit),  # promised 6 March: not due on the 5th, a miss on the 7th
    ]
    before = report(facts_frame(facts), as_of=datetime(2025, 3, 5, 12, tzinfo=UTC))["total"]
    assert before["otif"] == 1.0 and before["otif_base"] == 1
    after = report(facts_frame(facts), as_of=datetime(2025, 3, 7, 12, tzinfo=UTC))["total"]
    assert after["otif"] == 0.5 and after["otif_base"] == 2


def test_delivery_on_the_promised_day_is_on_time_unless_the_deadline_is_its_start() -> None:
    facts = [fact(1, delivered_at=datetime(2025, 3, 6, 15, tzinfo=UTC))]
    df = facts_frame(facts)
    assert report(df)["total"]["on_time_rate"] == 1.0
    assert report(df, deadline="start_of_day")["total"]["on_time_rate"] == 0.0


def test_cycle_time_split_backlog_and_touchless() -> None:
    facts = [
        fact(1),
        fact(2, ship_nodes=2, touched=True),
        fact(
            3, status="released", shipped=0, delivered=0, first_shipped_at=None, delivered_at=None
        ),
    ]
    t = report(facts_frame(facts), as_of=datetime(2025, 3, 10, tzinfo=UTC))["total"]
    assert t["cycle_time_days_p50"] == 2.0
    assert t["order_to_ship_hours_p50"] == 10.0
    assert t["split_rate"] == 0.5
    assert t["backlog_orders"] == 1 and t["backlog_rate"] == round(1 / 3, 4)
    assert t["touchless_rate"] == round(2 / 3, 4)


def test_grouping_by_channel_reports_each_group() -> None:
    facts = [fact(1), fact(2, channel="b2b", delivered_at=datetime(2025, 3, 9, tzinfo=UTC))]
    out = report(facts_frame(facts), "channel")
    assert out["groups"]["web"]["on_time_rate"] == 1.0
    assert out["groups"]["b2b"]["on_time_rate"] == 0.0


def test_people_are_keys_with_human_roles_and_named_users() -> None:
    roles = {"ab12": "operator", "cd34": "channel"}
    assert is_person("key:ab12", roles) and is_person("user:ann", roles)
    assert not is_person("key:cd34", roles) and not is_person("system", roles)
    assert not is_person("import:olist", roles)

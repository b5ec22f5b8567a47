from datetime import date, datetime, time

import pytest

from ordermind.sourcing.promise import (
    NodeProfile,
    WorkCalendar,
    delivery_date,
    ship_date,
    ship_date_from_inbound,
)
from ordermind.sourcing.rates import RateTable, load_rate_table

MONDAY = date(2026, 11, 23)


def test_shipped_table_prices_by_zone_and_weight_band():
    table = load_rate_table()
    near = table.zone_for("standard", 30)
    far = table.zone_for("standard", 800)
    assert near.zone < far.zone
    assert near.price(900) < near.price(4000) < near.price(25_000)
    assert near.price(900) < far.price(900)
    assert far.transit_days >= near.transit_days


def test_heavier_than_the_heaviest_band_ships_as_several_parcels():
    zone = load_rate_table().zone_for("standard", 30)
    heaviest = zone.band_limits[-1]
    assert zone.price(heaviest + 500) == zone.band_costs[-1] + zone.price(500)
    assert zone.price(2 * heaviest) == 2 * zone.band_costs[-1]


def test_distance_beyond_the_last_zone_uses_the_farthest_zone():
    table = load_rate_table()
    assert table.zone_for("standard", 1e6).zone == table.zone_for("standard", 19_000).zone


def test_rate_table_loads_from_any_csv(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "service_level,zone,max_km,max_weight_g,cost_minor,transit_days,mode\n"
        "next_day,1,100,2000,700,1,road\nnext_day,1,100,10000,900,1,road\n"
        "next_day,2,10000,2000,1500,1,air\nnext_day,2,10000,10000,2100,1,air\n"
    )
    table = load_rate_table(path)
    assert table.services == ["next_day"]
    assert table.zone_for("next_day", 50).price(3000) == 900
    assert table.zone_for("next_day", 500).mode == "air"


def test_rate_table_rejects_missing_columns_and_cheaper_heavier_bands():
    with pytest.raises(ValueError, match="lacks"):
        RateTable([{"service_level": "s", "zone": "1"}])
    rows = [
        {
            "service_level": "s",
            "zone": "1",
            "max_km": "10",
            "max_weight_g": w,
            "cost_minor": c,
            "transit_days": "1",
            "mode": "road",
        }
        for w, c in (("1000", "500"), ("2000", "400"))
    ]
    with pytest.raises(ValueError, match="cheaper"):
        RateTable(rows)


def test_unknown_service_level_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown service level"):
        load_rate_table().zone_for("teleport", 10)


def test_order_before_cutoff_ships_the_same_working_day():
    assert ship_date(datetime(2026, 11, 23, 9, 0), NodeProfile(cutoff=time(14))) == MONDAY


def test_order_after_cutoff_ships_the_next_working_day():
    assert ship_date(datetime(2026, 11, 23, 15, 0), NodeProfile()) == date(2026, 11, 24)


def test_friday_evening_order_ships_on_monday_and_holidays_are_skipped():
    cal = WorkCalendar(holidays=frozenset({date(2026, 11, 30)}))
    friday_late = datetime(2026, 11, 27, 18, 0)
    assert ship_date(friday_late, NodeProfile(calendar=cal)) == date(2026, 12, 1)


def test_processing_days_count_working_days_only():
    profile = NodeProfile(processing_days=2)
    assert ship_date(datetime(2026, 11, 26, 9, 0), profile) == date(2026, 11, 30)  # Thu -> Mon


def test_transit_days_skip_the_carriers_weekend():
    assert delivery_date(date(2026, 11, 27), 1, WorkCalendar()) == date(2026, 11, 30)
    six_day_carrier = WorkCalendar(weekend=frozenset({6}))
    assert delivery_date(date(2026, 11, 27), 1, six_day_carrier) == date(2026, 11, 28)


def test_inbound_stock_ships_after_receiving():
    eta = date(2026, 11, 25)  # Wednesday
    shipped = ship_date_from_inbound(eta, datetime(2026, 11, 23, 9), NodeProfile())
    assert shipped == date(2026, 11, 26)  # one working day to receive


def test_a_calendar_without_working_days_fails_clearly():
    with pytest.raises(ValueError):
        WorkCalendar(weekend=frozenset(range(7))).next_working(MONDAY)

"""Distributed order management over the API: promise, strategy per channel, outage."""

import pytest

from .conftest import order_body


def test_availability_answers_per_option_with_dates_and_counts_inbound(api):
    api.seed({("LDN", "A"): 3, ("EDI", "A"): 0})
    api.post(
        "/v1/inbound",
        json={"sku": "A", "node": "EDI", "quantity": 20, "eta": "2030-01-10T00:00:00Z"},
    )
    r = api.get("/v1/availability?skus=A&country=GB&postal_code=EC1A&quantity=2")
    assert r.status_code == 200, r.text
    home = r.json()["skus"]["A"]["ship_to_home"]
    assert home["quantity"] == 3 and home["quantity_with_inbound"] == 23
    assert home["earliest_date"] is not None and home["node"] == "LDN"
    assert api.get("/v1/availability?skus=NOPE&country=GB").status_code == 422


def test_the_channel_strategy_decides_and_the_order_explains_its_choice(api):
    api.seed({("LDN", "A"): 5, ("EDI", "A"): 5})
    assert api.put("/v1/channels/web", json={"sourcing_strategy": "cost"}).status_code == 200
    order = api.post("/v1/orders", json=order_body(("A", 2))).json()
    sourcing = order["sourcing"]
    assert sourcing["strategy"] == "cost" and sourcing["cost"]["total"] > 0
    assert sourcing["cost"]["shipping"] > 0 and sourcing["cost"]["carbon_kg"] >= 0
    assert order["promised_delivery_date"] is not None
    assert order["lines"][0]["allocations"][0]["node"] == "LDN"  # London customer
    assert "alternatives" in str(sourcing) or "rejected" in str(sourcing)
    bad = api.put("/v1/channels/web", json={"sourcing_strategy": "random"})
    assert bad.status_code == 422


def test_a_node_outage_moves_its_unreleased_orders_elsewhere(api):
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10})
    ids = [api.post("/v1/orders", json=order_body(("A", 2))).json()["id"] for _ in range(3)]
    released = ids[0]
    api.post(f"/v1/orders/{released}/release")  # already with the pickers: stays
    r = api.post("/v1/nodes/LDN/outage")
    assert r.status_code == 200, r.text
    assert r.json()["orders"] == 2 and r.json()["units_resourced"] == 4
    for oid in ids[1:]:
        order = api.get(f"/v1/orders/{oid}").json()
        assert [a["node"] for a in order["lines"][0]["allocations"]] == ["MAN"]
    stock = {p["node"]: p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock == {"LDN": 2, "MAN": 4}
    # while down, new orders avoid it; back up, it serves again
    new = api.post("/v1/orders", json=order_body(("A", 1))).json()
    assert new["lines"][0]["allocations"][0]["node"] == "MAN"
    assert api.post("/v1/nodes/LDN/restore").json()["active"] is True


def test_cut_offs_are_read_on_the_nodes_own_clock(api):
    from datetime import UTC, date, datetime

    from ordermind.domain.clock import use_clock

    api.seed({("LDN", "A"): 10})
    r = api.put(
        "/v1/nodes/LDN",
        json={"name": "LDN", "lat": 51.5, "lon": -0.12, "timezone": "Europe/London"},
    )
    assert r.status_code == 200 and r.json()["timezone"] == "Europe/London"

    def days_to_promise(when: datetime) -> int:
        with use_clock(lambda: when):
            order = api.post("/v1/orders", json=order_body(("A", 1))).json()
        return (date.fromisoformat(order["promised_delivery_date"]) - when.date()).days

    # 13:30 UTC on a Wednesday: 13:30 in London in January (before the 14:00 cut-off),
    # 14:30 in July (after it), so the summer order leaves a working day later.
    winter = days_to_promise(datetime(2026, 1, 14, 13, 30, tzinfo=UTC))
    summer = days_to_promise(datetime(2026, 7, 15, 13, 30, tzinfo=UTC))
    assert summer > winter
    # Half an hour earlier in summer is before the cut-off again.
    assert days_to_promise(datetime(2026, 7, 15, 12, 30, tzinfo=UTC)) == winter


def test_an_unknown_time_zone_is_refused_and_the_node_is_unchanged(api):
    api.seed({("LDN", "A"): 1})
    r = api.put("/v1/nodes/LDN", json={"name": "LDN", "timezone": "Mars/Olympus"})
    assert r.status_code == 422 and "time zone" in r.json()["detail"]
    nodes = {n["code"]: n for n in api.get("/v1/nodes").json()["items"]}
    assert nodes["LDN"]["timezone"] == "UTC" and nodes["LDN"]["lat"] == 51.5


def test_the_node_list_shows_the_lines_each_node_took_today_against_its_capacity(api):
    api.seed({("LDN", "A"): 10, ("LDN", "B"): 10, ("MAN", "A"): 10})
    r = api.put(
        "/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12, "daily_capacity": 2}
    )
    assert r.status_code == 200, r.text
    first = api.post("/v1/orders", json=order_body(("A", 1), ("B", 1))).json()
    assert {a["node"] for ln in first["lines"] for a in ln["allocations"]} == {"LDN"}
    second = api.post("/v1/orders", json=order_body(("A", 1))).json()  # London is full
    assert second["lines"][0]["allocations"][0]["node"] == "MAN"
    nodes = {n["code"]: n for n in api.get("/v1/nodes").json()["items"]}
    assert (nodes["LDN"]["lines_today"], nodes["LDN"]["daily_capacity"]) == (2, 2)
    assert nodes["MAN"]["lines_today"] == 1 and nodes["EDI"]["lines_today"] == 0


def test_a_nodes_own_cut_off_processing_days_and_regional_holidays_move_its_promise(api):
    from datetime import UTC, date, datetime, timedelta

    from ordermind.domain.clock import use_clock

    api.seed({("EDI", "A"): 50})
    node = {"name": "EDI", "lat": 55.95, "lon": -3.19, "timezone": "Europe/London"}

    def promised(**profile) -> date:
        r = api.put("/v1/nodes/EDI", json={**node, **profile})
        assert r.status_code == 200, r.text
        # Friday 27 November 2026, 15:00 in Edinburgh: after the default 14:00 cut-off,
        # so it leaves on Monday 30 November...
        with use_clock(lambda: datetime(2026, 11, 27, 15, 0, tzinfo=UTC)):
            order = api.post("/v1/orders", json=order_body(("A", 1))).json()
        return date.fromisoformat(order["promised_delivery_date"])

    usual = promised()
    # ...which is St Andrew's Day, a bank holiday in Scotland (not in England): a day later
    assert promised(holidays="GB-SCT") == usual + timedelta(days=1)
    assert promised(holidays="GB-ENG") == usual
    # its own later cut-off: it leaves on the Friday, a working day earlier (transit runs
    # over the weekend's working days: it arrives a day earlier)
    assert promised(cutoff="16:00") == usual - timedelta(days=1)
    # two processing days from that Friday: it leaves on Tuesday
    assert promised(cutoff="16:00", processing_days=2) == usual + timedelta(days=1)
    shown = api.get("/v1/nodes").json()["items"][0]
    assert (shown["cutoff"], shown["processing_days"]) == ("16:00", 2)


@pytest.mark.parametrize(
    ("profile", "needle"),
    [
        ({"holidays": "GB-XYZ"}, "not a region of GB"),
        ({"holidays": "QQ"}, "no public holidays are known"),
        ({"cutoff": "25:00"}, "cutoff"),
        ({"processing_days": 31}, "processing_days"),
    ],
)
def test_a_working_profile_that_cannot_be_is_refused_and_the_node_is_unchanged(
    api, profile, needle
):
    api.seed({("EDI", "A"): 1})
    r = api.put("/v1/nodes/EDI", json={"name": "EDI", **profile})
    assert r.status_code == 422 and needle in r.text, r.text
    assert api.get("/v1/nodes").json()["items"][0]["holidays"] is None

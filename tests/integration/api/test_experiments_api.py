"""Live experiments over HTTP, on SQLite and PostgreSQL: an admin starts one, live orders
(through the order fast path and its one-statement write) are split by customer and
sourced by their group's strategy, the assignment lands in `experiment_assignments` with
the order, the report compares the groups, and bad input is refused and writes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from ordermind.adapters.db import tables as t
from ordermind.domain.experiments import group_of

from .conftest import order_body

PILOT = {"name": "Winter trial", "policy": "sourcing_strategy", "treatment": "cost"}


def _network(api) -> None:
    """A London buyer's nearest node (LDN) handles dearly; MAN is further and cheap."""
    for code, lat, lon, handling in (("LDN", 51.5, -0.12, 2000), ("MAN", 53.48, -2.24, 100)):
        r = api.put(
            f"/v1/nodes/{code}",
            json={"name": code, "lat": lat, "lon": lon, "handling_cost": handling},
        )
        assert r.status_code == 200, r.text
    assert api.put("/v1/products/A", json={"name": "A", "price": 1000}).status_code == 200
    for node in ("LDN", "MAN"):
        r = api.put(f"/v1/inventory/{node}/A", json={"on_hand": 500, "safety_stock": 0})
        assert r.status_code == 200, r.text


def _rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_orders_are_sourced_by_their_group_s_strategy_and_the_report_compares_them(api, engine):
    _network(api)
    made = api.post("/v1/experiments", json=PILOT)
    assert made.status_code == 201, made.text
    exp = made.json()
    assert (exp["control"], exp["unit"], exp["share"], exp["mode"], exp["status"]) == (
        "channel",
        "customer",
        0.5,
        "live",
        "running",
    )
    groups = {}
    for i in range(24):
        email = f"pilot{i}@example.com"
        r = api.post("/v1/orders", json=order_body(("A", 1), email=email))
        assert r.status_code == 201, r.text
        order = r.json()
        group = group_of(exp["id"], email, 0.5)
        groups[order["id"]] = group
        node = order["lines"][0]["allocations"][0]["node"]
        assert node == ("MAN" if group == "treatment" else "LDN"), (group, order)
    assert set(groups.values()) == {"treatment", "control"}
    # each assignment is in the table (the trigger on order_events) and in the timeline
    a = t.experiment_assignments.c
    with engine.connect() as conn:
        q = select(a.order_id, a.arm).where(a.experiment_id == exp["id"])
        stored = {oid: arm for oid, arm in conn.execute(q)}
    assert stored == groups
    oid = next(iter(groups))
    events = api.get(f"/v1/orders/{oid}/events").json()["items"]
    (assigned,) = [e for e in events if e["type"] == "experiment.assigned"]
    assert assigned["data"]["group"] == groups[oid] and assigned["data"]["experiment"] == exp["id"]

    report = api.get(f"/v1/experiments/{exp['id']}")
    assert report.status_code == 200, report.text
    body = report.json()
    n_t = sum(g == "treatment" for g in groups.values())
    assert body["groups"]["treatment"]["orders"] == n_t
    assert body["groups"]["control"]["orders"] == len(groups) - n_t
    assert (
        body["groups"]["treatment"]["cost_per_order"] < body["groups"]["control"]["cost_per_order"]
    )
    cost = body["delta"]["cost_per_order"]
    assert cost["low"] <= cost["value"] <= cost["high"] and cost["value"] < 0
    assert body["money"]["orders"] == n_t and body["money"]["difference"] < 0
    assert "normal approximation" in body["ci_method"]

    listed = api.get("/v1/experiments").json()
    assert [e["id"] for e in listed["items"]] == [exp["id"]]
    assert listed["items"][0]["orders"] == {"treatment": n_t, "control": len(groups) - n_t}
    assert "cost" in listed["policies"]["sourcing_strategy"]


def test_a_stopped_experiment_assigns_no_new_orders(api, engine):
    _network(api)
    exp = api.post("/v1/experiments", json=PILOT).json()
    clash = api.post("/v1/experiments", json=PILOT | {"treatment": "priority"})
    assert clash.status_code == 409 and exp["id"] in clash.json()["detail"]
    stopped = api.post(f"/v1/experiments/{exp['id']}/stop")
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["status"] == "stopped" and stopped.json()["stopped_at"]
    for i in range(6):
        r = api.post("/v1/orders", json=order_body(("A", 1), email=f"after{i}@example.com"))
        assert r.json()["lines"][0]["allocations"][0]["node"] == "LDN"
    assert _rows(engine, t.experiment_assignments) == 0
    assert api.post("/v1/experiments/exp_nope/stop").status_code == 404
    assert api.get("/v1/experiments/exp_nope").status_code == 404


def test_shadow_mode_records_the_treatment_s_plan_and_applies_the_control_s(api, engine):
    _network(api)
    exp = api.post("/v1/experiments", json=PILOT | {"mode": "shadow", "share": 0.6}).json()
    for i in range(12):
        r = api.post("/v1/orders", json=order_body(("A", 1), email=f"sh{i}@example.com"))
        assert r.json()["lines"][0]["allocations"][0]["node"] == "LDN"
    shadow = api.get(f"/v1/experiments/{exp['id']}").json()["shadow"]
    treated = sum(group_of(exp["id"], f"sh{i}@example.com", 0.6) == "treatment" for i in range(12))
    assert shadow["orders"] == shadow["decisions_differ"] == treated > 0


def test_bad_input_is_refused_naming_the_allowed_values_and_writes_nothing(api, engine):
    trail = _rows(engine, t.audit_log)
    cases = {
        "policy": ({"policy": "pricing"}, "risk_screen, sourcing_strategy"),
        "treatment": ({"treatment": "cheapest"}, "cost, default, nearest, priority"),
        "unit": ({"unit": "region"}, "customer, channel"),
        "mode": ({"mode": "dry_run"}, "live, shadow"),
        "share": ({"share": 1.5}, "between 0 and 1"),
    }
    for field, (change, allowed) in cases.items():
        r = api.post("/v1/experiments", json=PILOT | change)
        assert r.status_code == 422, (field, r.text)
        assert allowed in r.json()["detail"] and field in r.json()["detail"], r.json()
    for body in (PILOT | {"share": "half"}, PILOT | {"colour": "red"}, {"name": "x"}):
        assert api.post("/v1/experiments", json=body).status_code == 422
    assert _rows(engine, t.experiments) == 0
    assert _rows(engine, t.audit_log) == trail


def test_only_an_admin_starts_or_stops_an_experiment(api, key_for):
    exp = api.post("/v1/experiments", json=PILOT).json()
    operator, viewer, channel = key_for("operator"), key_for("viewer"), key_for("channel", "web")
    assert api.post("/v1/experiments", json=PILOT, headers=operator).status_code == 403
    assert api.post(f"/v1/experiments/{exp['id']}/stop", headers=operator).status_code == 403
    assert api.get(f"/v1/experiments/{exp['id']}", headers=viewer).status_code == 200
    assert api.get("/v1/experiments", headers=channel).status_code == 403


def test_two_workers_put_a_customer_in_the_group_the_hash_names(served):
    """Two uvicorn worker processes on one database: the split is by hash, not by any
    worker's state, so whichever worker takes an order, the group is the same."""
    with served.client() as http:
        for code, lat, lon, handling in (("LDN", 51.5, -0.12, 2000), ("MAN", 53.48, -2.24, 100)):
            body = {"name": code, "lat": lat, "lon": lon, "handling_cost": handling}
            assert http.put(f"/v1/nodes/{code}", json=body).status_code == 200
        assert http.put("/v1/products/A", json={"name": "A", "price": 1000}).status_code == 200
        for node in ("LDN", "MAN"):
            r = http.put(f"/v1/inventory/{node}/A", json={"on_hand": 500, "safety_stock": 0})
            assert r.status_code == 200
        exp = http.post("/v1/experiments", json=PILOT).json()
        for i in range(30):
            email = f"w{i % 10}@example.com"  # ten customers, three orders each
            order = http.post("/v1/orders", json=order_body(("A", 1), email=email)).json()
            group = group_of(exp["id"], email, 0.5)
            assert order["lines"][0]["allocations"][0]["node"] == (
                "MAN" if group == "treatment" else "LDN"
            )
        listed = http.get("/v1/experiments").json()["items"][0]["orders"]
        assert listed["treatment"] + listed["control"] == 30

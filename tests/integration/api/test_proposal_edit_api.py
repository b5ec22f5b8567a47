"""A planner changes a proposal's quantity before approving it, on SQLite and PostgreSQL:
the approval orders the changed quantity, the audit trail keeps both, and a decided
proposal, a quantity of nothing and a viewer are refused."""

from __future__ import annotations

from ordermind.adapters.db.planning_repo import SqlPlanning


def _proposal(engine) -> int:
    with engine.begin() as conn:
        repo = SqlPlanning(conn)
        repo.add_proposals(
            [
                {
                    "run_id": "r1",
                    "kind": "purchase_order",
                    "sku": "A",
                    "node": "LDN",
                    "source": "ACME",
                    "quantity": 60,
                    "unit_cost": 300,
                    "lead_time_days": 10.0,
                    "reason": "below the reorder point",
                }
            ]
        )
        return int(repo.proposals("proposed", 1)[0]["id"])


def test_an_edited_quantity_is_what_the_approval_orders_and_the_audit_keeps_both(api, engine):
    api.seed({("LDN", "A"): 5})
    pid = _proposal(engine)
    r = api.patch(f"/v1/replenishment/proposals/{pid}", json={"quantity": 75})
    assert r.status_code == 200, r.text
    assert r.json()["quantity"] == 75 and r.json()["status"] == "proposed"
    assert api.post(f"/v1/replenishment/proposals/{pid}/approve").status_code == 200
    inbound = api.get("/v1/inbound?sku=A").json()["items"]
    assert [(s["node"], s["quantity"]) for s in inbound] == [("LDN", 75)]
    trail = api.get("/v1/audit", params={"resource_type": "replenishment_proposal"}).json()
    (entry,) = trail["items"]
    assert entry["before"] == {"quantity": 60} and entry["after"] == {"quantity": 75}


def test_a_decided_proposal_a_quantity_of_nothing_and_a_viewer_are_refused(api, engine, key_for):
    api.seed({("LDN", "A"): 5})
    pid = _proposal(engine)
    url = f"/v1/replenishment/proposals/{pid}"
    for bad in ({"quantity": 0}, {"quantity": -3}, {"quantity": "5"}, {}):
        assert api.patch(url, json=bad).status_code == 422
    r = api.client.patch(url, json={"quantity": 5}, headers=key_for("viewer"))
    assert r.status_code == 403
    assert api.patch("/v1/replenishment/proposals/999", json={"quantity": 5}).status_code == 404
    assert api.post(f"{url}/reject").status_code == 200
    assert api.patch(url, json={"quantity": 5}).status_code == 409
    assert (
        api.get("/v1/replenishment/proposals?status=rejected").json()["items"][0]["quantity"] == 60
    )

"""The agent desk over real HTTP on SQLite and PostgreSQL: a hand-off makes a case with
the transcript, the verified order and a suggested reply, routed to the agent with the
skill, language and room for it; the agent claims it, replies into the customer's
conversation, passes it on and resolves it; the existing work queues (held orders for a
fraud review here) come in as cases too."""

from __future__ import annotations

import httpx

from ordermind.adapters.http.auth import Role, create_key

from .assistant_world import ANN, World


def _key_id(engine) -> tuple[int, str]:
    from ordermind.adapters.http.auth import list_keys

    key = create_key(engine, Role.AGENT)
    info = next(k for k in list_keys(engine) if key.startswith(f"om_{k.prefix}_"))
    return info.id, key


def _agent(
    world: World, name: str, skills, languages=("en",), capacity=3
) -> tuple[dict, httpx.Client]:
    key_id, key = _key_id(world.engine)
    body = {
        "name": name,
        "key_id": key_id,
        "skills": list(skills),
        "languages": list(languages),
        "capacity": capacity,
    }
    agent = world.ok(world.admin.post("/v1/agents", json=body), 201)
    client = httpx.Client(
        base_url=world.base, timeout=60, headers={"Authorization": f"Bearer {key}"}
    )
    return agent, client


def test_a_hand_off_makes_a_routed_case_the_agent_claims_answers_passes_on_and_resolves(world):
    busy, busy_c = _agent(world, "Busy Bee", ["orders", "complaints"], capacity=1)
    free, free_c = _agent(world, "Free Fran", ["orders", "complaints"], capacity=3)
    german, german_c = _agent(world, "Greta", ["orders", "complaints"], languages=["de"])
    order = world.order(ANN, "Ann Buyer")
    first = world.chat()
    first.say(f"where is order #{order['id']}, my email is {ANN['email']}")
    handed = first.say("This is unacceptable, I have waited for ages and I am very unhappy")
    assert handed["state"] == "handed_off" and handed["case_id"], handed
    case_id = handed["case_id"]
    case = world.ok(world.admin.get(f"/v1/cases/{case_id}"))
    assert case["order_id"] == order["id"] and case["status"] == "assigned"
    assert case["skill"] == "complaints" and case["language"] == "en"
    assert "reserved" in case["suggested_reply"] or "placed" in case["suggested_reply"]
    assert [m["author"] for m in case["conversation"]["messages"]][-2:] == ["customer", "assistant"]
    # equal room: ties go to the lower id; then the next case goes to whoever has more room
    assert case["agent_id"] == busy["id"]
    second = world.chat()
    handed2 = second.say("I want to talk to a real person please")
    case2 = world.ok(world.admin.get(f"/v1/cases/{handed2['case_id']}"))
    assert case2["agent_id"] == free["id"]  # Busy Bee is at capacity
    queue_free = world.ok(free_c.get("/v1/agents/me/queue"))["items"]
    assert [c["agent_id"] for c in queue_free] == [free["id"]]
    assert world.ok(german_c.get("/v1/agents/me/queue"))["items"] == []  # English cases
    # claim, reply into the conversation, the customer sees it with their next message
    queue = world.ok(busy_c.get("/v1/agents/me/queue"))
    assert [c["id"] for c in queue["items"]] == [case_id] and queue["agent"]["load"] == 1
    r = busy_c.post(f"/v1/cases/{case_id}/reply", json={"text": "Hello"})
    assert r.status_code == 409  # claim first
    assert world.ok(busy_c.post(f"/v1/cases/{case_id}/claim"))["status"] == "claimed"
    assert free_c.post(f"/v1/cases/{case_id}/claim").status_code in (403, 409)
    reply = "Hello Ann, I'm sorry about the wait. Your order is reserved and ships tomorrow."
    world.ok(busy_c.post(f"/v1/cases/{case_id}/reply", json={"text": reply}))
    back = first.say("ok, thanks")
    assert [m["text"] for m in back["agent_messages"]] == [reply]
    transcript = world.ok(world.admin.get(f"/v1/assistant/conversations/{first.id}"))
    assert any(m["author"] == "agent" and m["text"] == reply for m in transcript["messages"])
    # passed to a colleague, who claims and resolves it
    r = busy_c.post(f"/v1/cases/{case_id}/reassign", json={"agent_id": german["id"]})
    assert r.status_code == 422  # no English
    moved = world.ok(busy_c.post(f"/v1/cases/{case_id}/reassign", json={"agent_id": free["id"]}))
    assert moved["agent_id"] == free["id"] and moved["status"] == "assigned"
    assert busy_c.post(f"/v1/cases/{case_id}/resolve", json={"resolution": "x"}).status_code == 403
    world.ok(free_c.post(f"/v1/cases/{case_id}/claim"))
    done = world.ok(free_c.post(f"/v1/cases/{case_id}/resolve", json={"resolution": "explained"}))
    assert done["status"] == "resolved"
    hows = [a["how"] for a in world.ok(world.admin.get(f"/v1/cases/{case_id}"))["assignments"]]
    assert hows == ["routed", "claimed", "reassigned", "claimed", "resolved"]
    for c in (busy_c, free_c, german_c):
        c.close()


def test_held_orders_come_in_as_fraud_review_cases_for_agents_with_that_skill(world):
    fraud, fraud_c = _agent(world, "Fred", ["fraud"])
    order = world.order(ANN, "Ann Buyer")
    hold = {"reason": "fraud", "note": "manual check"}
    world.ok(world.admin.post(f"/v1/orders/{order['id']}/holds", json=hold), 201)
    routed = world.ok(world.admin.post("/v1/desk/route"))
    assert routed == {"imported": 1, "routed": 1}
    again = world.ok(world.admin.post("/v1/desk/route"))
    assert again == {"imported": 0, "routed": 0}  # one case per held order
    items = world.ok(fraud_c.get("/v1/agents/me/queue"))["items"]
    assert [(c["kind"], c["order_id"]) for c in items] == [("fraud_review", order["id"])]
    # a plain agent key that is not a desk agent is told so; a channel key may not ask
    stranger = create_key(world.engine, Role.AGENT)
    r = httpx.get(
        f"{world.base}/v1/agents/me/queue", headers={"Authorization": f"Bearer {stranger}"}
    )
    assert r.status_code == 403 and "not an agent" in r.json()["detail"]
    assert world.widget.get("/v1/agents/me/queue").status_code == 403
    bad = {"name": "X", "key_id": 10**9, "skills": ["orders"], "languages": ["en"]}
    assert world.admin.post("/v1/agents", json=bad).status_code == 404
    bad = {"name": "X", "key_id": 1, "skills": ["juggling"], "languages": ["en"]}
    assert world.admin.post("/v1/agents", json=bad).status_code == 422
    assert len(world.ok(world.admin.get("/v1/agents"))["items"]) == 1
    fraud_c.close()

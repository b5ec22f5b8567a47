"""The order assistant over real HTTP (uvicorn on loopback) on SQLite and PostgreSQL: a
customer is verified before anything is said, told where the order is from the live
record, and cancels, changes, returns and asks for the invoice with a yes; wrong details
are refused and rate-limited; guessed order numbers reveal nothing; out-of-scope is said
to be out of scope; and bad input changes nothing.

The app understands messages with the trained classifier, loaded as in production."""

from __future__ import annotations

import httpx

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.http.permissions import Scope

from .assistant_world import ANN, BOB


def test_a_customer_is_verified_told_where_the_order_is_and_cancels_it_after_a_yes(world):
    order = world.order(ANN, "Ann Buyer")
    oid = order["id"]
    chat = world.chat()
    assert "order" in chat.first["reply"].lower()
    asked = chat.say(f"Hi, where is my order #{oid}?")
    assert asked["intent"] == "order_status" and not asked["verified"]
    assert "mug" not in asked["reply"].lower()  # nothing about the order yet
    told = chat.say(f"My email is {ANN['email']}")
    assert told["verified"], told
    assert "reserved" in told["reply"] or "placed" in told["reply"], told["reply"]
    promised = world.ok(world.admin.get(f"/v1/orders/{oid}"))["promised_delivery_date"]
    if promised:
        assert "We promised delivery by" in told["reply"]
    pending = chat.say("Please cancel my order")
    assert pending["intent"] == "cancel_order"
    assert pending["action"] == {"kind": "cancel_order", "status": "pending"}
    assert world.ok(world.admin.get(f"/v1/orders/{oid}"))["status"] != "cancelled"
    done = chat.say("yes")
    assert done["action"]["status"] == "done" and "cancelled" in done["reply"]
    assert world.ok(world.admin.get(f"/v1/orders/{oid}"))["status"] == "cancelled"
    events = world.ok(world.admin.get(f"/v1/orders/{oid}/events"))
    items = events["items"] if isinstance(events, dict) else events
    cancelled = [e for e in items if e["type"] == "order.cancelled"]
    assert cancelled and cancelled[0]["actor"] == f"assistant:{chat.id}"


def test_wrong_details_are_refused_rate_limited_and_guessed_orders_reveal_nothing(world):
    bob = world.order(BOB, "Bob Other")
    mine = world.order(ANN, "Ann Buyer")
    chat = world.chat()
    first = chat.say(f"Where is order #{bob['id']}?")
    assert not first["verified"]
    replies = []
    for guess in (bob["id"], bob["id"] + 1000, mine["id"]):
        replies.append(chat.say(f"Where is order #{guess}? my email is mallory@example.net"))
    assert all(not r["verified"] for r in replies)
    assert "could not match" in replies[0]["reply"]
    # the same answer whether the order exists or not: no oracle for order numbers
    assert replies[0]["reply"] == replies[1]["reply"]
    assert "too many attempts" in replies[2]["reply"].lower()
    # locked: even the right details are not checked any more in this conversation
    right = chat.say(f"Order #{mine['id']}, email {ANN['email']}")
    assert not right["verified"] and "too many attempts" in right["reply"].lower()
    transcript = world.ok(world.admin.get(f"/v1/assistant/conversations/{chat.id}"))
    said = " ".join(m["text"] for m in transcript["messages"] if m["author"] == "assistant")
    for secret in ("Bob", "bob.other", "M1 1AE", "mug", "t-shirt", "London warehouse"):
        assert secret.lower() not in said.lower(), secret
    audit = world.ok(
        world.admin.get("/v1/audit", params={"action": "assistant.verification_failed"})
    )
    assert len([e for e in audit["items"] if e["resource_id"] == chat.id]) == 3
    # a wrong postcode is refused too
    other = world.chat()
    other.say(f"where is order #{mine['id']}")
    refused = other.say("my postcode is SW1A 2AA")
    assert not refused["verified"] and "could not match" in refused["reply"]
    assert other.say(f"sorry, it is {ANN['postcode']}")["verified"]


def test_a_channel_key_never_finds_another_channels_order_even_with_the_right_details(world):
    theirs = world.order(ANN, "Ann Buyer", channel="market")
    chat = world.chat()
    chat.say(f"Where is order #{theirs['id']}?")
    reply = chat.say(f"my email is {ANN['email']}")
    assert not reply["verified"] and "could not match" in reply["reply"]


def test_out_of_scope_is_answered_as_such_and_a_greeting_needs_no_order(world):
    chat = world.chat()
    scope = chat.say("Can you recommend a good pizza recipe for tonight")
    assert scope["intent"] == "out_of_scope"
    assert "not something I can help with" in scope["reply"]
    hello = chat.say("hello there")
    assert hello["intent"] == "greeting" and not hello["verified"]
    options = chat.say("What delivery options do you have?")
    assert options["intent"] == "delivery_options" and "collected" in options["reply"]
    thanks = chat.say("thank you!")
    assert thanks["intent"] == "thanks" and "welcome" in thanks["reply"]


def test_the_delivery_date_is_the_promise_and_a_valuable_order_goes_to_a_person(world):
    order = world.order(ANN, "Ann Buyer", lines=(("MUG", 40), ("TEE", 40)))  # 1,280.00
    chat = world.chat()
    chat.say(f"When will order #{order['id']} arrive?")
    when = chat.say(f"the postcode is {ANN['postcode']}")
    assert when["intent"] in ("delivery_date", "order_status") and when["verified"], when
    promised = world.ok(world.admin.get(f"/v1/orders/{order['id']}"))["promised_delivery_date"]
    assert promised, "the order was promised a date"
    assert "We promised delivery by" in when["reply"]
    handed = chat.say("Please cancel my order")
    assert handed["state"] == "handed_off" and handed["action"]["reason"] == "high_value"
    assert world.ok(world.admin.get(f"/v1/orders/{order['id']}"))["status"] != "cancelled"
    case = world.ok(world.admin.get(f"/v1/cases/{handed['case_id']}"))
    assert case["order_id"] == order["id"] and case["status"] == "queued"  # no agents yet


def test_the_address_changes_before_release_and_the_new_date_is_told(world):
    order = world.order(BOB, "Bob Other")
    oid = order["id"]
    chat = world.chat()
    chat.say(f"I need to change the delivery address for order #{oid}")
    asked = chat.say(f"The postcode is {BOB['postcode']}")
    assert asked["verified"] and "new delivery address" in asked["reply"], asked
    pending = chat.say("12 Mill Lane, Leeds, LS1 4AB")
    assert pending["action"]["kind"] == "change_address", pending
    assert "12 Mill Lane, Leeds, LS1 4AB" in pending["reply"]
    done = chat.say("yes please")
    assert done["action"]["status"] == "done", done
    after = world.ok(world.admin.get(f"/v1/orders/{oid}"))
    assert after["ship_to"]["postal_code"] == "LS1 4AB" and after["ship_to"]["city"] == "Leeds"
    if after["promised_delivery_date"]:
        assert "new delivery date" in done["reply"]
    # released orders can no longer be changed
    world.ok(world.admin.post(f"/v1/orders/{oid}/release"))
    late = chat.say("Actually please cancel my order")
    assert "can no longer be changed or cancelled" in late["reply"]
    assert world.ok(world.admin.get(f"/v1/orders/{oid}"))["status"] == "released"


def test_one_item_is_cancelled_and_a_delivered_order_is_tracked_returned_and_invoiced(world):
    order = world.order(ANN, "Ann Buyer")
    oid = order["id"]
    chat = world.chat()
    chat.say(f"I want to cancel the grey t-shirt from order #{oid}")
    pending = chat.say(f"my email is {ANN['email']}")
    assert pending["verified"] and pending["action"] == {
        "kind": "cancel_item",
        "sku": "TEE",
        "quantity": 1,
        "status": "pending",
    }, pending
    assert chat.say("yes")["action"]["status"] == "done"
    lines = world.ok(world.admin.get(f"/v1/orders/{oid}"))["lines"]
    assert {ln["sku"]: ln["cancelled"] for ln in lines} == {"MUG": 0, "TEE": 1}
    world.ship({**order, "lines": [ln for ln in order["lines"] if ln["sku"] == "MUG"]})
    status = chat.say("Where is my order now?")
    assert "delivered" in status["reply"], status
    assert "Blue mug" in status["reply"]
    refund = chat.say("Where is my refund?")
    assert refund["intent"] == "refund_status" and "no return" in refund["reply"]
    ret = chat.say("I would like to return it")
    assert ret["action"]["kind"] == "start_return", ret
    done = chat.say("yes")
    assert done["action"]["status"] == "done", done
    rma = done["action"]["return_id"]
    assert world.ok(world.admin.get(f"/v1/returns/{rma}"))["status"] == "requested"
    invoice = chat.say("Can you send me the invoice again?")
    assert invoice["action"]["kind"] == "invoice_copy", invoice
    sent = chat.say("yes")
    assert sent["action"]["status"] == "done", sent
    events = world.ok(world.admin.get(f"/v1/orders/{oid}/events"))
    items = events["items"] if isinstance(events, dict) else events
    mine = {e["type"] for e in items if e["actor"] == f"assistant:{chat.id}"}
    assert {"order.cancelled", "return.requested", "order.invoice_resent"} <= mine


def test_a_signed_customer_token_verifies_only_its_customer_in_its_channel(world):
    order = world.order(ANN, "Ann Buyer")
    shop = create_key(world.engine, Role.CHANNEL, "web")
    with httpx.Client(base_url=world.base, headers={"Authorization": f"Bearer {shop}"}) as c:
        token = world.ok(
            c.post("/v1/assistant/customer-tokens", json={"email": ANN["email"]}), 201
        )["token"]
        # the widget's key cannot make tokens: it lives in a public page
        r = world.widget.post("/v1/assistant/customer-tokens", json={"email": ANN["email"]})
        assert r.status_code == 403
    chat = world.chat(customer_token=token)
    told = chat.say(f"Where is order #{order['id']}?")
    assert told["verified"], told
    bob = world.order(BOB, "Bob Other")
    other = chat.say(f"And where is order #{bob['id']}?")
    assert not other["verified"] and "e-mail address or the postcode" in other["reply"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    r = world.widget.post("/v1/assistant/conversations", json={"customer_token": tampered})
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"


def test_bad_input_gets_a_problem_and_changes_nothing(world):
    chat = world.chat()
    before = world.ok(world.admin.get(f"/v1/assistant/conversations/{chat.id}"))
    url = f"/v1/assistant/conversations/{chat.id}/messages"
    bad = [
        world.widget.post(url, json={}),
        world.widget.post(url, json={"text": ""}),
        world.widget.post(url, json={"text": "x" * 2001}),
        world.widget.post(url, json={"text": "hi", "extra": 1}),
        world.widget.post(url, content=b"{not json", headers={"content-type": "application/json"}),
        world.widget.post("/v1/assistant/conversations/cnv_nope/messages", json={"text": "hi"}),
        world.widget.post("/v1/assistant/conversations", json={"locale": "<script>"}),
        world.widget.get(f"/v1/assistant/conversations/{chat.id}"),  # staff only
        world.widget.get("/v1/orders"),  # a widget key can do nothing but chat
    ]
    for r in bad:
        assert 400 <= r.status_code < 500, r.text
        assert r.headers["content-type"] == "application/problem+json", r.text
    assert [r.status_code for r in bad[-2:]] == [403, 403]
    after = world.ok(world.admin.get(f"/v1/assistant/conversations/{chat.id}"))
    assert after["messages"] == before["messages"]
    # another channel's key does not find this conversation
    other = create_key(world.engine, Role.CHANNEL, "market", scope=Scope.ASSISTANT_ONLY)
    r = httpx.post(
        f"{world.base}{url}", json={"text": "hi"}, headers={"Authorization": f"Bearer {other}"}
    )
    assert r.status_code == 404

"""The chat widget in a real Chromium, embedded with one script tag in a shop's page on
another origin: the customer asks where the order is, is asked for and gives the e-mail,
is told, and cancels it with a yes — the order is cancelled in the store."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ordermind.adapters.http.auth import Role, create_key, list_keys
from ordermind.adapters.http.permissions import Scope

from ..e2e.assistant_world import ANN, SUPPORT, World

SHOP_PAGE = """<!doctype html><html><head><title>Shop</title></head><body>
<h1>Our shop</h1>
<script src="{base}/console/assistant-widget.js" data-key="{key}" data-locale="en" async></script>
</body></html>"""


def _shop(page: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def assistant_server(database_url, engine, tmp_path: Path, start_server):
    env = {
        "ORDERMIND_CARE_INTERVAL": "0",
        "ORDERMIND_MONITOR_INTERVAL": "0",
        "ORDERMIND_RISK": "0",
        "ORDERMIND_DESK_INTERVAL": "0",
    }
    args = ("--factory", "--app-dir", str(SUPPORT), "--log-level", "warning")
    with start_server(
        database_url, tmp_path / "server.log", 1, env, "assistant_app:make", args
    ) as base:
        yield base


def test_a_customer_chats_in_the_widget_on_a_shop_page_and_cancels_the_order(
    browser, assistant_server, engine
):
    world = World(assistant_server, engine)
    world.seed()
    order = world.order(ANN, "Ann Buyer")
    key = create_key(engine, Role.CHANNEL, "web", scope=Scope.ASSISTANT_ONLY)
    shop = _shop(SHOP_PAGE.format(base=assistant_server, key=key))
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{shop.server_address[1]}/")
        page.click("[data-om=open]")
        said = page.locator("[data-author=assistant]")
        said.first.wait_for()
        assert "order" in said.first.text_content().lower()

        def ask(text: str, n: int) -> str:
            page.fill("[data-om=input]", text)
            page.click("[data-om=send]")
            said.nth(n).wait_for()
            return said.nth(n).text_content()

        assert "e-mail" in ask(f"Where is my order #{order['id']}?", 1)
        told = ask(f"my email is {ANN['email']}", 2)
        assert "verified" in told and ("reserved" in told or "placed" in told), told
        assert "yes or no" in ask("please cancel my order", 3)
        assert "cancelled" in ask("yes", 4)
        # handed to a person, whose answer shows in the widget without the customer writing
        agent_key = create_key(engine, Role.AGENT)
        key_id = next(k.id for k in list_keys(engine) if agent_key.startswith(f"om_{k.prefix}_"))
        body = {"name": "Ada", "key_id": key_id, "skills": ["orders"], "languages": ["en"]}
        world.ok(world.admin.post("/v1/agents", json=body), 201)
        assert "colleague" in ask("I would like to talk to a person", 5)
        agent = {"Authorization": f"Bearer {agent_key}"}
        with httpx.Client(base_url=assistant_server, headers=agent, timeout=30) as desk:
            case = world.ok(desk.get("/v1/agents/me/queue"))["items"][0]
            world.ok(desk.post(f"/v1/cases/{case['id']}/claim"))
            text = "Hi Ann, this is Ada. Your order is cancelled and the refund is on its way."
            world.ok(desk.post(f"/v1/cases/{case['id']}/reply", json={"text": text}))
        answered = page.locator("[data-author=agent]")
        answered.first.wait_for(timeout=15_000)
        assert answered.first.text_content() == text
        assert errors == []
        status = world.ok(world.admin.get(f"/v1/orders/{order['id']}"))["status"]
        assert status == "cancelled"
        # the widget's key is good for chatting only, even from the page
        r = httpx.get(f"{assistant_server}/v1/orders", headers={"Authorization": f"Bearer {key}"})
        assert r.status_code == 403
    finally:
        shop.shutdown()
        world.close()

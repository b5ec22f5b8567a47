"""The OpenAPI document's `webhooks` section names every event type a subscription can
receive, each with the delivery envelope and the keys of its data."""

from __future__ import annotations

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.http.webhook_docs import CATALOGUE, event_model
from ordermind.domain.events import EventType
from ordermind.entrypoints.http_app import create_app


def test_the_catalogue_describes_every_event_type_and_nothing_else():
    assert set(CATALOGUE) == set(EventType)


def test_the_document_has_one_webhook_per_event_type_with_its_envelope(tmp_path):
    app = create_app(make_engine(f"sqlite:///{tmp_path / 's.db'}"), webhooks_enabled=False)
    spec = app.openapi()
    assert set(spec["webhooks"]) == {str(t) for t in EventType}
    shipped = spec["webhooks"]["order.shipped"]["post"]
    ref = shipped["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert schema["properties"]["type"]["const"] == "order.shipped"
    assert {"id", "order_id", "occurred_at", "type", "data"} <= set(schema["required"])
    assert "tracking" in schema["properties"]["data"]["description"]
    assert "webhook-signature" in shipped["description"]


def test_a_delivery_body_as_the_dispatcher_writes_it_fits_its_model():
    body = {
        "id": 7,
        "type": "order.cancelled",
        "order_id": 3,
        "occurred_at": "2026-12-02T10:00:00+00:00",
        "actor": "key:4",
        "reason": "customer asked",
        "status_before": "allocated",
        "status_after": "cancelled",
        "data": {"lines": [{"sku": "A", "quantity": 1}]},
    }
    assert event_model(EventType.CANCELLED).model_validate(body).data["lines"][0]["sku"] == "A"

"""One example for every request body of the API, shown in /docs and /openapi.json.

Kept in one table (by model name) rather than on each model so they read as a set: one
small store, one order. A test validates each against its model, so an example that
stops being accepted fails the build instead of misleading a caller."""

from __future__ import annotations

from typing import Any

_ADDRESS = {
    "name": "Ann Buyer",
    "line1": "1 High Street",
    "city": "Manchester",
    "postal_code": "M1 1AA",
    "country": "GB",
}

REQUEST_EXAMPLES: dict[str, dict[str, Any]] = {
    "ProductIn": {
        "name": "Espresso cup, 6-pack",
        "price": 1999,
        "currency": "EUR",
        "gtin": "4006381333931",
        "weight_g": 850,
        "tax_class": "standard",
        "category": "kitchen",
    },
    "NodeIn": {
        "name": "Manchester DC",
        "kind": "warehouse",
        "country": "GB",
        "postal_code": "M1 1AA",
        "daily_capacity": 2000,
        "handling_cost": 150,
        "timezone": "Europe/London",
    },
    "ChannelIn": {
        "name": "Web shop",
        "backorder_policy": "backorder",
        "sourcing_strategy": "cost",
        "ring_fences": [{"node": "MAN", "share": 0.2}],
        "ship_sla_hours": 24,
    },
    "ReleaseWaveIn": {"limit": 200},
    "TaxRatesIn": {"rates": {"standard": 1900, "reduced": 700}},
    "ExperimentIn": {
        "name": "Cost-based sourcing pilot",
        "policy": "sourcing_strategy",
        "treatment": "cost",
        "control": "channel",
        "unit": "customer",
        "share": 0.2,
        "mode": "live",
    },
    "StockIn": {"on_hand": 120, "safety_stock": 5},
    "AdjustmentIn": {"delta": -2, "reason": "damaged in the warehouse"},
    "SupplyIn": {
        "kind": "purchase_order",
        "sku": "CUP-6",
        "node": "MAN",
        "quantity": 500,
        "eta": "2027-03-01T09:00:00Z",
        "reference": "PO-2027-0042",
    },
    "OrderIn": {
        "channel": "web",
        "external_id": "WEB-100231",
        "currency": "EUR",
        "customer": {"email": "ann.buyer@example.com", "name": "Ann Buyer"},
        "ship_to": _ADDRESS,
        "lines": [{"sku": "CUP-6", "quantity": 2}, {"sku": "SAUCER-6", "quantity": 1}],
    },
    "OrderChangeIn": {
        "ship_to": {**_ADDRESS, "line1": "22 Deansgate"},
        "lines": [{"sku": "CUP-6", "quantity": 3}],
    },
    "CancelIn": {
        "reason": "customer changed their mind",
        "lines": [{"sku": "SAUCER-6", "quantity": 1}],
    },
    "HoldIn": {"reason": "payment", "note": "card authorisation pending"},
    "HoldReleaseIn": {"resolution": "payment captured"},
    "ShipmentIn": {
        "order_id": 1042,
        "node": "MAN",
        "lines": [{"sku": "CUP-6", "quantity": 2}],
        "carrier": "DPD",
        "service": "next-day",
        "tracking": "15501234567890",
        "packages": 1,
    },
    "ReturnIn": {"order_id": 1042, "lines": [{"sku": "CUP-6", "quantity": 1, "reason": "broken"}]},
    "AuthoriseIn": {"approve": True, "node": "MAN", "note": "photo of the damage received"},
    "ReceiveIn": {"dispositions": {"CUP-6": "scrap"}},
    "RefundIn": {"amount": 1999},
    "ReviewDecisionIn": {"reason": "customer confirmed the order by phone"},
    "IntakeResolveIn": {
        "lines": [{"line_id": "1", "sku": "CUP-6", "quantity": 12}],
        "fields": {"po_number": "PO-88213"},
    },
    "SupplierTermsIn": {
        "supplier_id": "SUP-ROSTI",
        "moq": 100,
        "pack_size": 12,
        "unit_cost": 640,
        "currency": "EUR",
        "lead_time_days": 14,
        "lead_time_std_days": 3,
    },
    "WebhookIn": {
        "url": "https://erp.example.com/hooks/ordermind",
        "event_types": ["order.placed", "order.shipped"],
        "ordered": False,
    },
    "WebhookRotateIn": {"grace_seconds": 86400},
    "WebhookReplayIn": {"since": "2026-12-01T00:00:00Z"},
    "PreferencesIn": {
        "channels": {"email": True, "webhook": False},
        "opted_out": ["order.backordered"],
        "locale": "en-GB",
        "quiet_hours": {"start": "21:00", "end": "08:00", "timezone": "Europe/London"},
    },
    "ScanIn": {"order_ids": [1042, 1043], "auto_apply": False},
    "ApplyIn": {"note": "moved to Leeds after the Manchester outage"},
    "DismissIn": {"reason": "customer collects in store instead"},
    "ScanEventIn": {
        "status": "arrived_at_hub",
        "at": "2026-12-02T06:40:00Z",
        "location": "Hinckley hub",
    },
    "SubstitutesIn": {"substitutes": ["CUP-6-BLUE", "CUP-4"]},
    "CarrierDelayIn": {
        "extra_days": 2,
        "until": "2026-12-24",
        "reason": "storm over the North Sea",
    },
    "KeyIn": {"role": "channel", "channel": "web", "name": "web shop backend"},
    "KeyRotateIn": {"grace_seconds": 3600},
    "CustomerEmailIn": {"email": "ann.buyer@example.com"},
    "EraseIn": {"email": "ann.buyer@example.com", "force": False},
    "RetentionIn": {"idempotency_responses": 30, "raw_documents": 90},
    "ProposalEditIn": {"quantity": 240},
    "SignInIn": {"api_key": "om_51c88189_IrRF0rQrDPP9PJFH6OM28GNy4qU9wFOC"},
    "ResourceIn": {"node": "LDN"},
    "CustomerTokenIn": {"email": "ann.buyer@example.com", "ttl_seconds": 3600},
    "ConversationIn": {"locale": "en"},
    "MessageIn": {"text": "hi, where is my order 1042? my email is ann.buyer@example.com"},
    "ReplyIn": {"text": "I have moved your order to our Leeds warehouse; it arrives Friday."},
    "ResolveIn": {"resolution": "re-sourced to Leeds, customer told"},
    "ReassignIn": {"agent_id": 3},
    "AgentIn": {
        "name": "Priya Shah",
        "key_id": 12,
        "skills": ["delivery", "returns"],
        "languages": ["en", "de"],
        "capacity": 6,
    },
    "ConnectorIn": {
        "kind": "shopify",
        "channel": "web",
        "shop": "cups-and-saucers.myshopify.com",
        "admin_api_url": "https://cups-and-saucers.myshopify.com/admin/api/2024-10",
        "api_token": "shpat_0123456789abcdef",
        "locations": {"MAN": "71234567890"},
        "inventory_items": {"CUP-6": "45678901234"},
    },
}


def add_example(schema: dict[str, Any], model: type) -> None:
    """pydantic's `json_schema_extra` hook: the model's example from the table, if any."""
    example = REQUEST_EXAMPLES.get(model.__name__)
    if example is not None:
        schema["examples"] = [example]

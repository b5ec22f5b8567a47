"""Request bodies (strictly validated) for the HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
)

from ordermind.domain.catalog import TaxClass
from ordermind.domain.network import NodeKind, SupplyKind
from ordermind.domain.orders import BackorderPolicy, HoldReason
from ordermind.domain.returns import Disposition
from ordermind.services.countries import ALPHA_2

from .examples import add_example


def _iso_country(code: str) -> str:
    if code.upper() not in ALPHA_2:
        raise ValueError("not an ISO 3166-1 alpha-2 country code")
    return code


Qty = Annotated[StrictInt, Field(gt=0, le=1_000_000)]
# Money is an integer in the currency's minor units, by its ISO 4217 exponent:
# 1999 EUR is 19.99, 1999 JPY is 1,999 yen, 1999 KWD is 1.999 dinar.
Money = Annotated[
    StrictInt,
    Field(
        ge=0,
        le=10**12,
        description="integer amount in the currency's minor units (ISO 4217 exponent: "
        "1999 EUR = 19.99, 1999 JPY = 1999, 1999 KWD = 1.999)",
    ),
]
Code = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(max_length=500)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=add_example)


class ProductIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    price: Money
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    gtin: Annotated[str, Field(pattern=r"^\d{8,14}$")] | None = None
    weight_g: Annotated[StrictInt, Field(ge=0, le=10**7)] = 0
    length_mm: Annotated[StrictInt, Field(ge=0, le=10**5)] = 0
    width_mm: Annotated[StrictInt, Field(ge=0, le=10**5)] = 0
    height_mm: Annotated[StrictInt, Field(ge=0, le=10**5)] = 0
    tax_class: TaxClass = TaxClass.STANDARD
    category: Text | None = None
    active: StrictBool = True


class NodeIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: NodeKind = NodeKind.WAREHOUSE
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] = "GB"
    postal_code: Annotated[str, Field(max_length=16)] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    daily_capacity: Annotated[StrictInt, Field(ge=0, le=10**7)] = 1000
    handling_cost: Annotated[StrictInt, Field(ge=0, le=10**9)] = 0
    can_ship: StrictBool = True
    can_pickup: StrictBool = False
    priority: Annotated[StrictInt, Field(ge=0, le=10**6)] = 100
    active: StrictBool = True
    timezone: Annotated[
        str, Field(min_length=1, max_length=64, description="IANA time zone of the node's cut-offs")
    ] = "UTC"
    cutoff: (
        Annotated[
            str,
            Field(
                pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                description="HH:MM node-local: orders after it start the next working day "
                "(default: warehouses 14:00, stores and suppliers 12:00)",
            ),
        ]
        | None
    ) = None
    processing_days: (
        Annotated[
            StrictInt,
            Field(ge=0, le=30, description="working days from start to carrier hand-over"),
        ]
        | None
    ) = None
    holidays: (
        Annotated[
            str,
            Field(
                pattern=r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,5})?$",
                description="public holidays the node does not work: a country (DE) or "
                "ISO 3166-2 region (GB-SCT, DE-BY)",
            ),
        ]
        | None
    ) = None


class RingFenceIn(Strict):
    """Stock at `node` kept for this channel: a share of the free units and/or a quantity
    (the larger applies); no `sku` = every SKU at the node."""

    node: Code
    sku: Code | None = None
    share: Annotated[StrictFloat | StrictInt, Field(ge=0, le=1)] = 0.0
    quantity: Annotated[StrictInt, Field(ge=0, le=10**9)] = 0


class ChannelIn(Strict):
    name: Text | None = None
    backorder_policy: BackorderPolicy = BackorderPolicy.BACKORDER
    sourcing_strategy: Code = "default"
    # PUT semantics: the list given replaces the channel's fences.
    ring_fences: Annotated[list[RingFenceIn], Field(max_length=1000)] = []
    # How waiting orders are taken (back-orders when stock arrives, release waves):
    # "fifo" by promise then age, or "dynamic" by priority score (see care/priority.py).
    priority: Literal["fifo", "dynamic"] = "fifo"
    priority_weights: Annotated[
        dict[
            Literal[
                "promise_slack",
                "delay_risk",
                "segment",
                "lifetime_value",
                "channel_sla",
                "order_age",
            ],
            Annotated[StrictFloat | StrictInt, Field(ge=0, le=100)],
        ],
        Field(description="factor -> weight, overriding the defaults (0 turns one off)"),
    ] = {}
    ship_sla_hours: Annotated[StrictInt, Field(ge=1, le=2160)] = 48
    price_override: Annotated[
        StrictBool,
        Field(description="the channel's own key may set a unit_price other than the catalog's"),
    ] = False


class StockIn(Strict):
    on_hand: Annotated[StrictInt, Field(ge=0, le=10**9)]
    safety_stock: Annotated[StrictInt, Field(ge=0, le=10**9)] = 0


class AdjustmentIn(Strict):
    delta: Annotated[StrictInt, Field(ge=-(10**9), le=10**9)]
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class SupplyIn(Strict):
    kind: SupplyKind = SupplyKind.PURCHASE_ORDER
    sku: Code
    node: Code
    quantity: Qty
    eta: datetime
    source: Code | None = None
    reference: Code | None = None


class CustomerIn(Strict):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    name: Annotated[str, Field(max_length=200)] | None = None
    # e.g. consumer, business, vip: KPIs and the fairness audit group by it.
    segment: (
        Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")] | None
    ) = None


class AddressIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    line1: Annotated[str, Field(min_length=1, max_length=200)]
    line2: Annotated[str, Field(max_length=200)] | None = None
    city: Annotated[str, Field(min_length=1, max_length=100)]
    region: Annotated[str, Field(max_length=100)] | None = None
    postal_code: Annotated[str, Field(min_length=1, max_length=16)]
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None


class LineIn(Strict):
    sku: Code
    quantity: Qty
    unit_price: Money | None = None


class RiskContextIn(Strict):
    """What the channel knows about the buyer, for the fraud screen (all optional)."""

    device_id: Annotated[str, Field(max_length=128)] | None = None
    ip: Annotated[str, Field(max_length=64)] | None = None
    card_token: Annotated[str, Field(max_length=128)] | None = None
    billing_country: (
        Annotated[str, Field(pattern=r"^[A-Za-z]{2}$"), AfterValidator(_iso_country)] | None
    ) = None
    account_created_at: datetime | None = None


class OrderIn(Strict):
    channel: Code
    external_id: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    customer: CustomerIn
    ship_to: AddressIn
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=500)]
    requested_delivery_date: date | None = None
    draft: StrictBool = False
    # Buy online, pick up in store: the store's own stock first, the rest sent to the store.
    pickup_node: Code | None = None
    risk_context: RiskContextIn | None = None


class ChangeLineIn(Strict):
    sku: Code
    quantity: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    unit_price: Money | None = None


class OrderChangeIn(Strict):
    ship_to: AddressIn | None = None
    lines: Annotated[list[ChangeLineIn], Field(min_length=1, max_length=500)] | None = None
    requested_delivery_date: date | None = None


class SkuQty(Strict):
    sku: Code
    quantity: Qty


class CancelIn(Strict):
    reason: Text | None = None
    lines: Annotated[list[SkuQty], Field(min_length=1, max_length=500)] | None = None


class HoldIn(Strict):
    reason: HoldReason = HoldReason.MANUAL
    note: Text | None = None


class HoldReleaseIn(Strict):
    resolution: Text | None = None


class ShipmentIn(Strict):
    order_id: Annotated[StrictInt, Field(gt=0, le=2**62)]
    node: Code
    lines: Annotated[list[SkuQty], Field(min_length=1, max_length=500)]
    carrier: Annotated[str, Field(min_length=1, max_length=64)]
    service: Annotated[str, Field(max_length=64)] | None = None
    tracking: Annotated[str, Field(max_length=128)] | None = None
    packages: Annotated[StrictInt, Field(ge=1, le=1000)] = 1


class ReturnLineIn(Strict):
    sku: Code
    quantity: Qty
    reason: Text | None = None


class ReturnIn(Strict):
    order_id: Annotated[StrictInt, Field(gt=0, le=2**62)]
    lines: Annotated[list[ReturnLineIn], Field(min_length=1, max_length=500)]


class AuthoriseIn(Strict):
    approve: StrictBool = True
    node: Code | None = None
    note: Text | None = None


class ReceiveIn(Strict):
    dispositions: dict[Code, Disposition] = Field(default_factory=dict, max_length=500)


class RefundIn(Strict):
    amount: Money | None = None


class WebhookIn(Strict):
    # an http(s) endpoint, or nats://host:port/<subject prefix> for a JetStream stream
    url: Annotated[str, Field(pattern=r"^(https?|nats)://", max_length=2000)]
    event_types: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = ["*"]
    # a `whsec_` secret (Standard Webhooks' form) or any 16+ characters; made if omitted
    secret: Annotated[str, Field(min_length=16, max_length=128)] | None = None
    ordered: Annotated[StrictBool, Field(description="deliver one at a time in event order")] = (
        False
    )


class WebhookRotateIn(Strict):
    # the old secret also signs for this long (0: at once), at most 7 days
    grace_seconds: Annotated[StrictInt, Field(ge=0, le=7 * 86400)] = 86400


class WebhookReplayIn(Strict):
    since: AwareDatetime


class LineCorrectionIn(Strict):
    line_id: Annotated[str, Field(min_length=1, max_length=64)]
    sku: Code
    quantity: Qty | None = None


class IntakeFieldsIn(Strict):
    """Corrected header fields of a document; on a PDF or scan each one also teaches the
    sender's layout (where that sender prints it)."""

    po_number: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    issue_date: date | None = None
    total: Annotated[float, Field(ge=0, le=1e12)] | None = None


class IntakeResolveIn(Strict):
    lines: Annotated[list[LineCorrectionIn], Field(max_length=500)] = []
    ship_to: AddressIn | None = None
    fields: IntakeFieldsIn | None = None


class ReviewDecisionIn(Strict):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class SupplierTermsIn(Strict):
    supplier_id: Code
    moq: Annotated[StrictInt, Field(ge=1, le=10**7)] = 1
    pack_size: Annotated[StrictInt, Field(ge=1, le=10**6)] = 1
    unit_cost: Money = 0
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    lead_time_days: Annotated[float, Field(ge=0, le=365)] = 7.0
    lead_time_std_days: Annotated[float, Field(ge=0, le=365)] = 0.0


class ReleaseWaveIn(Strict):
    """At most `limit` orders (default and cap: what the node has left of today's
    capacity), taken in priority order."""

    limit: Annotated[StrictInt, Field(ge=1, le=10_000)] | None = None


class KeyIn(Strict):
    role: Literal["admin", "operator", "agent", "channel", "viewer"]
    channel: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    name: Annotated[str, Field(max_length=200)] | None = None
    expires_at: AwareDatetime | None = None
    # narrower than the role; omitted: everything the role may do
    scope: Literal["read_only", "intake_only", "assistant_only"] | None = None


class KeyRotateIn(Strict):
    # the old key keeps working this long (0: revoked at once), at most 30 days
    grace_seconds: Annotated[int, Field(ge=0, le=30 * 86400)] = 0
    expires_at: AwareDatetime | None = None

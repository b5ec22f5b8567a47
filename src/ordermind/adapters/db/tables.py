"""Table definitions: the single source for Alembic migrations and the repositories."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Json = JSON().with_variant(JSONB(), "postgresql")
# BIGINT autoincrement keys on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")
TS = DateTime(timezone=True)

products = Table(
    "products",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("gtin", String(14), unique=True),
    Column("price", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("weight_g", Integer, nullable=False, server_default="0"),
    Column("length_mm", Integer, nullable=False, server_default="0"),
    Column("width_mm", Integer, nullable=False, server_default="0"),
    Column("height_mm", Integer, nullable=False, server_default="0"),
    Column("tax_class", String(16), nullable=False),
    Column("category", Text),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("updated_at", TS, nullable=False),
)

nodes = Table(
    "nodes",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("postal_code", String(16)),
    Column("lat", Float),
    Column("lon", Float),
    Column("daily_capacity", Integer, nullable=False),
    Column("handling_cost", Integer, nullable=False),
    Column("can_ship", Boolean, nullable=False),
    Column("can_pickup", Boolean, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("cutoff", String(5)),  # "HH:MM" node-local; NULL: the kind's default
    Column("processing_days", Integer),
    Column("holidays", String(16)),  # "GB-SCT": public holidays not worked
)

# Order lines each node took on a day (its local date): the daily capacity sourcing
# leaves for the orders still to come that day. One row per node and day, added to just
# after each order's transaction commits (see `SqlNodes.flush_lines`).
node_daily_load = Table(
    "node_daily_load",
    metadata,
    Column("node", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    # A node's day is counted in a few rows (the sum is its load): concurrent orders to
    # one node then rarely wait on each other's counter row until their commits.
    Column("shard", Integer, primary_key=True, server_default="0"),
    Column("lines", Integer, nullable=False),
    CheckConstraint("lines >= 0", name="lines_not_negative"),
)

channels = Table(
    "channels",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text),
    Column("backorder_policy", String(16), nullable=False),
    Column("sourcing_strategy", String(32), nullable=False),
    # whether the channel's own key may set a unit_price other than the catalog's
    Column("price_override", Boolean, nullable=False, server_default="0"),
)

# Stock at a node kept for one channel; sku NULL = every SKU at the node. The channel's
# whole list is replaced when the channel is saved.
ring_fences = Table(
    "ring_fences",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("channel", String(64), ForeignKey("channels.code"), nullable=False),
    Column("node", String(64), ForeignKey("nodes.code"), nullable=False),
    Column("sku", String(64)),
    Column("share", Float, nullable=False),
    Column("quantity", Integer, nullable=False),
    Index("ix_ring_fences_channel", "channel"),
)

customers = Table(
    "customers",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("name", Text),
    Column("segment", String(32)),
    Column("created_at", TS, nullable=False),
)

inventory = Table(
    "inventory",
    metadata,
    Column("node", String(64), ForeignKey("nodes.code"), primary_key=True),
    Column("sku", String(64), ForeignKey("products.sku"), primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False, server_default="0"),
    Column("safety_stock", Integer, nullable=False, server_default="0"),
    CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    CheckConstraint("reserved >= 0", name="reserved_not_negative"),
    CheckConstraint("safety_stock >= 0", name="safety_stock_not_negative"),
    Index("ix_inventory_sku", "sku"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("node", String(64), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("delta", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_stock_movements_sku_node", "sku", "node"),
)

inbound_supply = Table(
    "inbound_supply",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("sku", String(64), ForeignKey("products.sku"), nullable=False),
    Column("node", String(64), ForeignKey("nodes.code"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("eta", TS, nullable=False),
    Column("source", String(64)),
    Column("reference", String(64)),
    Column("received", Boolean, nullable=False, server_default="0"),
    Index("ix_inbound_supply_sku", "sku"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("channel", String(64), nullable=False),
    Column("external_id", String(128)),
    Column("currency", String(3), nullable=False),
    Column("customer_email", String(254), nullable=False),
    Column("customer_name", Text),
    Column("ship_to", Json, nullable=False),
    Column("requested_delivery_date", Date),
    Column("promised_delivery_date", Date),
    Column("draft", Boolean, nullable=False),
    Column("status", String(24), nullable=False),  # derived, stored for filtering only
    Column("total", BigInteger, nullable=False),
    Column("sourcing", Json),
    Column("risk", Json),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("closed_at", TS),
    Column("version", Integer, nullable=False),
    Column("pickup_node", String(64)),  # buy online, pick up in store
    UniqueConstraint("channel", "external_id", name="uq_orders_channel_external_id"),
    Index("ix_orders_status", "status"),
    Index("ix_orders_channel", "channel"),
    Index("ix_orders_customer_email", "customer_email"),
    Index("ix_orders_created_at", "created_at"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_id", Id, ForeignKey("orders.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("ordered", Integer, nullable=False),
    Column("allocated", Integer, nullable=False),
    Column("backordered", Integer, nullable=False),
    Column("released", Integer, nullable=False),
    Column("shipped", Integer, nullable=False),
    Column("delivered", Integer, nullable=False),
    Column("cancelled", Integer, nullable=False),
    Column("returned", Integer, nullable=False),
    Index("ix_order_lines_sku", "sku"),
)

allocations = Table(
    "allocations",
    metadata,
    Column("order_id", Id, ForeignKey("orders.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("node", String(64), primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("allocated", Integer, nullable=False),
    Column("released", Integer, nullable=False),
    Index("ix_allocations_node_sku", "node", "sku"),
)

holds = Table(
    "holds",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False),
    Column("reason", String(24), nullable=False),
    Column("note", Text),
    Column("placed_by", String(64), nullable=False),
    Column("placed_at", TS, nullable=False),
    Column("released_at", TS),
    Column("released_by", String(64)),
    Column("resolution", Text),
    Index("ix_holds_order_id", "order_id"),
)

shipments = Table(
    "shipments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False),
    Column("node", String(64), nullable=False),
    Column("carrier", String(64), nullable=False),
    Column("service", String(64)),
    Column("tracking", String(128)),
    Column("packages", Integer, nullable=False),
    Column("lines", Json, nullable=False),
    Column("shipped_at", TS, nullable=False),
    Column("delivered_at", TS),
    Index("ix_shipments_order_id", "order_id"),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False),
    Column("number", String(64), nullable=False, unique=True),
    Column("shipment_id", String(32), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("lines", Json, nullable=False),
    Column("subtotal", BigInteger, nullable=False),
    Column("tax", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("issued_at", TS, nullable=False),
    Index("ix_invoices_order_id", "order_id"),
)

returns = Table(
    "returns",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("node", String(64)),
    Column("refund_amount", BigInteger),
    Column("lines", Json, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Index("ix_returns_order_id", "order_id"),
)

# Append-only timeline; also the transactional outbox the webhook dispatcher reads.
order_events = Table(
    "order_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # NULL for events about the operation rather than one order (alert.raised)
    Column("order_id", Id, ForeignKey("orders.id"), nullable=True),
    Column("type", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("reason", Text),
    Column("status_before", String(24)),
    Column("status_after", String(24)),
    Column("data", Json, nullable=False),
    Column("created_at", TS, nullable=False),
    # PostgreSQL: the inserting transaction's id (default pg_current_xact_id(), migration
    # 0017), the webhook cursor's commit order; NULL on SQLite
    Column("tx", BigInteger),
    Index("ix_order_events_order_id", "order_id"),
    Index("ix_order_events_tx_id", "tx", "id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", Json, nullable=False),
    Column("created_at", TS, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("channel", String(64)),
    Column("name", Text),
    Column("created_at", TS, nullable=False),
    Column("revoked_at", TS),
    Column("expires_at", TS),  # optional: refused from then on
    Column("last_used_at", TS),  # written at most once a minute per key
    Column("scope", String(16)),  # read_only | intake_only; NULL: all the role may do
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False),
    # the signing secrets (current, and the previous one during a rotation), sealed by
    # adapters/webhooks/vault.py with a key that is never in the database
    Column("signing_secrets", Text),
    Column("event_types", Json, nullable=False),
    Column("ordered", Boolean, nullable=False, server_default="0"),  # one at a time, in order
    Column("active", Boolean, nullable=False),
    Column("cursor", BigInteger, nullable=False),  # last order_events.id handed out
    Column("cursor_tx", BigInteger, nullable=False),  # and its tx (PostgreSQL; 0 on SQLite)
    Column("lease_owner", String(64)),
    Column("lease_until", TS),
    Column("created_at", TS, nullable=False),
    Column("consecutive_failures", Integer, nullable=False, server_default="0"),
    Column("failing_since", TS),  # set after FAILING_AFTER failures in a row (an alert)
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("subscription_id", Id, ForeignKey("webhook_subscriptions.id"), nullable=False),
    Column("event_id", BigInteger, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("payload", Json, nullable=False),
    # pending | delivered | rejected (a 4xx) | failed (3 days of retries) | cancelled
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", TS, nullable=False),
    Column("last_status_code", Integer),
    Column("last_error", Text),
    Column("created_at", TS, nullable=False),
    Column("delivered_at", TS),
    Column("give_up_at", TS),  # the end of its retry window
    UniqueConstraint("subscription_id", "event_id", name="uq_webhook_deliveries_sub_event"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)

# A web shop (Shopify or WooCommerce) whose order webhooks come in as one channel's orders
# and to which availability goes out (adapters/connectors/). Its webhook signing secret and
# admin API token are sealed by adapters/webhooks/vault.py, never stored in clear.
shop_connectors = Table(
    "shop_connectors",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # shopify | woocommerce
    Column("channel", String(64), nullable=False),  # the ordermind channel of its orders
    Column("shop", String(255), nullable=False),  # shop domain (Shopify) or source URL (Woo)
    Column("admin_api_url", Text),  # where availability is pushed; none: no push
    Column("secrets", Text, nullable=False),  # sealed: signing secret, admin API token
    Column("locations", Json, nullable=False),  # node code -> the shop's location id
    Column("inventory_items", Json, nullable=False),  # SKU -> inventory item / product id
    Column("active", Boolean, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("deleted_at", TS),
    Column("last_push_at", TS),
    Column("last_push", Json),  # what the last availability push sent and got back
)

# Documents received by intake, kept beside what was parsed from them for review.
intake_documents = Table(
    "intake_documents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("channel", String(64), nullable=False),
    Column("source", String(32), nullable=False),  # api | folder | email
    Column("filename", Text),
    Column("format", String(16)),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("parsed", Json, nullable=False),
    Column("buyer_id", String(128)),
    Column("po_number", String(128)),
    Column("confidence", Float, nullable=False),
    Column(
        "status", String(16), nullable=False
    ),  # placed | review | duplicate | rejected | resolved
    Column("reasons", Json, nullable=False),
    Column("order_id", Id),
    Column("created_at", TS, nullable=False),
    Column("reviewed_by", String(64)),
    Column("reviewed_at", TS),
    Index("ix_intake_documents_status", "status"),
    Index("ix_intake_documents_po", "buyer_id", "po_number"),
)

# A buyer's own part numbers and wording -> our SKU; grows from reviewers' corrections.
customer_xref = Table(
    "customer_xref",
    metadata,
    Column("buyer_id", String(128), primary_key=True),  # "" for any buyer
    Column("key", String(255), primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("updated_at", TS, nullable=False),
)

# What reviewers decided on held orders: the labels risk models retrain on.
review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("order_id", Id, nullable=False),
    Column("hold_id", String(32), nullable=False),
    Column("hold_reason", String(24), nullable=False),
    Column("decision", String(16), nullable=False),  # approve | reject
    Column("reason", Text),
    Column("actor", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_review_decisions_order_id", "order_id"),
)

# Planning: supplier terms per SKU, the latest forecasts, replenishment proposals.
supplier_terms = Table(
    "supplier_terms",
    metadata,
    Column("sku", String(64), ForeignKey("products.sku"), primary_key=True),
    Column("supplier_id", String(64), nullable=False),
    Column("moq", Integer, nullable=False),
    Column("pack_size", Integer, nullable=False),
    Column("unit_cost", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("lead_time_days", Float, nullable=False),
    Column("lead_time_std_days", Float, nullable=False),
)

forecasts = Table(
    "forecasts",
    metadata,
    Column("run_id", String(32), primary_key=True),
    Column("unique_id", String(160), primary_key=True),
    Column("ds", Date, primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("node", String(64), nullable=False),
    Column("yhat", Float, nullable=False),
    Column("yhat_lo_80", Float),
    Column("yhat_hi_80", Float),
    Column("yhat_lo_95", Float),
    Column("yhat_hi_95", Float),
    Column("model", String(64), nullable=False),
    Column("backtest_rmsse", Float),
    Column("created_at", TS, nullable=False),
    Index("ix_forecasts_sku_node", "sku", "node"),
)

replenishment_proposals = Table(
    "replenishment_proposals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("run_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # purchase_order | transfer
    Column("sku", String(64), nullable=False),
    Column("node", String(64), nullable=False),  # destination
    Column("source", String(64), nullable=False),  # supplier id or origin node
    Column("quantity", Integer, nullable=False),
    Column("unit_cost", BigInteger),
    Column("lead_time_days", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),  # proposed | approved | rejected | superseded
    Column("inbound_id", Id),
    Column("created_at", TS, nullable=False),
    Column("decided_by", String(64)),
    Index("ix_replenishment_proposals_status", "status"),
)

# Operational alerts (a channel's orders dropping, error or decline rates rising).
alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(24), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("at", TS, nullable=False),
    Column("observed", Float, nullable=False),
    Column("expected", Float, nullable=False),
    Column("message", Text, nullable=False),
    Column("created_at", TS, nullable=False),
    UniqueConstraint("kind", "channel", "at", name="uq_alerts_kind_channel_at"),
    Index("ix_alerts_at", "at"),
)

# One row per identity (customer, e-mail, device, IP, card, address) of each order placed:
# the fraud screen's velocity windows, read by every worker and host alike.
velocity_events = Table(
    "velocity_events",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("order_id", Id, primary_key=True),
    Column("at", TS, nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("peer", String(255), nullable=False),
    Index("ix_velocity_events_kind_key_at", "kind", "key", "at"),
    Index("ix_velocity_events_at", "at"),
)

# A version per cached configuration ("network": nodes, channels, ring fences; "catalog":
# products), bumped by triggers on those tables: a worker's cache is dropped when it moves.
config_versions = Table(
    "config_versions",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("version", BigInteger, nullable=False),
)

# Customer notifications (migration 0014). The outbox holds one item per milestone of an
# order, inserted by a trigger on order_events in the event's own transaction (or by
# services.notifications.enqueue); planning makes one message per channel from it.
notification_outbox = Table(
    "notification_outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("order_id", Id, nullable=False),  # no foreign key: one less check per order
    Column("milestone", String(24), nullable=False),
    Column("subject", String(64), nullable=False),  # shipment, return or new date; "" = order
    Column("event_id", BigInteger),
    Column("data", Json, nullable=False),
    Column("status", String(16), nullable=False),  # pending | planned | skipped
    Column("note", Text),
    Column("created_at", TS, nullable=False),
    Column("processed_at", TS),
    UniqueConstraint(
        "order_id", "milestone", "subject", name="uq_notification_outbox_order_milestone_subject"
    ),
    Index("ix_notification_outbox_status_id", "status", "id"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("outbox_id", Id, nullable=False),
    Column("order_id", Id, nullable=False),
    Column("milestone", String(24), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("message_id", String(255), nullable=False),  # Message-ID / idempotency key
    Column("recipient", String(254), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("context", Json, nullable=False),  # what the templates are rendered from
    # pending | held | sending | sent | failed | suppressed
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", TS, nullable=False),
    Column("last_error", Text),
    Column("title", Text),
    Column("created_at", TS, nullable=False),
    Column("sent_at", TS),
    Column("updated_at", TS),
    UniqueConstraint(
        "order_id",
        "milestone",
        "subject",
        "channel",
        name="uq_notifications_order_milestone_subject_channel",
    ),
    Index("ix_notifications_order_id", "order_id"),
    Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
)

notification_preferences = Table(
    "notification_preferences",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("channels", Json, nullable=False),  # enabled channels
    Column("opted_out", Json, nullable=False),  # milestones
    Column("opt_out_all", Boolean, nullable=False),
    Column("locale", String(35)),
    Column("quiet_start", String(5)),  # HH:MM on the customer's clock
    Column("quiet_end", String(5)),
    Column("timezone", String(64)),
    Column("updated_at", TS, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# A channel's priority rules (issue 13): `fifo` or `dynamic`, the factor weights that
# override the defaults, and the channel's ship SLA. One row per configured channel; a
# channel without one is FIFO with default weights. A trigger bumps the network version.
channel_priorities = Table(
    "channel_priorities",
    metadata,
    Column("channel", String(64), ForeignKey("channels.code"), primary_key=True),
    Column("policy", String(16), nullable=False),
    Column("weights", Json, nullable=False),  # factor -> weight
    Column("ship_sla_hours", Integer, nullable=False),
)

# Order care (services/care.py): exceptions found on open orders. `open_cause` holds the
# cause while the exception is active (open, or dismissed while its cause is still found)
# and is NULL otherwise: unique with the order, it lets one active exception per (order,
# cause) in (NULLs never collide), whichever scan gets there first.
care_exceptions = Table(
    "care_exceptions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("cause", String(160), nullable=False),
    Column("open_cause", String(160)),
    Column("type", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # open | closed | dismissed
    Column("severity", String(16), nullable=False),
    Column("money_at_risk", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("promise_at_risk", Date),
    Column("explanation", Text, nullable=False),
    Column("details", Json, nullable=False),
    Column("evaluation", Json),  # the last evaluation of its fixes, ranked
    Column("applied", Json),  # the fix applied to it, by whom, with its effects
    Column("opened_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("evaluated_at", TS),
    Column("applied_at", TS),
    Column("closed_at", TS),
    Column("close_reason", Text),
    Column("closed_by", String(64)),
    Column("version", Integer, nullable=False),
    UniqueConstraint("order_id", "open_cause", name="uq_care_exceptions_order_open_cause"),
    Index("ix_care_exceptions_status_type", "status", "type"),
    Index("ix_care_exceptions_order_id", "order_id"),
)

# The latest delay-risk score of each open order (what GET /v1/orders/{id} shows).
delay_scores = Table(
    "delay_scores",
    metadata,
    Column("order_id", Id, ForeignKey("orders.id"), primary_key=True, autoincrement=False),
    Column("late_probability", Float, nullable=False),
    Column("top_factors", Json, nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("fallback_used", Boolean, nullable=False),
    Column("fallback_reason", Text),
    Column("stage", String(16), nullable=False),
    Column("scored_at", TS, nullable=False),
)

# Each fix offered on a decided exception: chosen or passed over, by a person or applied
# automatically. People's decisions train the fix ranker (care/ranking.py).
care_fix_decisions = Table(
    "care_fix_decisions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("exception_id", Id, ForeignKey("care_exceptions.id"), nullable=False),
    Column("order_id", Id, nullable=False),
    Column("exception_type", String(32), nullable=False),
    Column("fix_type", String(32), nullable=False),
    Column("fix_key", String(200), nullable=False),
    Column("position", Integer, nullable=False),  # 0 = ranked first when offered
    Column("chosen", Boolean, nullable=False),
    Column("decision", String(16), nullable=False),  # applied | passed_over | dismissed
    Column("auto", Boolean, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("effects", Json, nullable=False),
    Column("ranker", String(16), nullable=False),
    Column("note", Text),
    Column("created_at", TS, nullable=False),
    Index("ix_care_fix_decisions_exception_id", "exception_id"),
)

# Equivalent SKUs a back-ordered line may be switched to (preferred first: lower rank).
product_substitutes = Table(
    "product_substitutes",
    metadata,
    Column("sku", String(64), ForeignKey("products.sku"), primary_key=True),
    Column("substitute", String(64), ForeignKey("products.sku"), primary_key=True),
    Column("rank", Integer, nullable=False),
)

# Delays carriers announced (PUT /v1/carriers/{code}/delays): the care scan tells the delay
# scorer, for parcels with that carrier and for orders waiting at nodes that ship by it.
carrier_delays = Table(
    "carrier_delays",
    metadata,
    Column("carrier", String(64), primary_key=True),
    Column("extra_days", Float, nullable=False),
    Column("starts_at", TS, nullable=False),
    Column("ends_at", TS, nullable=False),
    Column("reason", Text, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at", TS, nullable=False),
)

# Leases of background jobs that must run in one place at a time (SQLite; PostgreSQL uses
# an advisory lock): the holder and until when it holds the job.
job_leases = Table(
    "job_leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("expires_at", TS, nullable=False),
)

# The care scan reads the hand-offs of the last 60 days (the nodes' recent pace).
Index("ix_shipments_shipped_at", shipments.c.shipped_at)

# -- audit and privacy (migration 0019) --------------------------------------------------

# Who changed which configuration, when, from what to what (`services.audit`): written in
# the transaction of the change itself; append-only (triggers refuse UPDATE and DELETE).
# No customer data: an erasure or export names the customer by its pseudonymous id only.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", TS, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("resource_type", String(32), nullable=False),
    Column("resource_id", String(255), nullable=False),
    Column("before", Json),
    Column("after", Json),
    Column("request_id", String(64)),
    Index("ix_audit_log_resource", "resource_type", "resource_id", "id"),
    Index("ix_audit_log_actor", "actor", "id"),
    Index("ix_audit_log_at", "at"),
)

# How many days what holds customer data is kept (`services.privacy`): idempotency
# records' stored responses, raw intake documents. A missing row is the default.
retention_settings = Table(
    "retention_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("days", Integer, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("updated_by", String(128), nullable=False),
)

# -- PDF and scan intake (issue 21) -----------------------------------------------------

# Where each sender prints its header fields, learnt from reviewers' corrections: the
# next PDF or scan from that sender is read there first (intake.pdf.senders).
intake_sender_layouts = Table(
    "intake_sender_layouts",
    metadata,
    Column("sender", String(128), primary_key=True),  # the issuer's name, folded
    Column("layout", Json, nullable=False),  # {field: {page, x0, y0, x1, y1}}
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", TS, nullable=False),
)

# Console sign-in (migration 0024): an API key exchanged for a session cookie. Only the
# SHA-256 of the cookie's token is stored; signing out sets revoked_at, and a session is
# refused once revoked, past expires_at, or when its key is revoked or expired.
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("key_id", Id, ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("revoked_at", TS),
    Index("ix_console_sessions_key_id", "key_id"),
)

# -- the order assistant and the agent desk (migration 0023) ----------------------------

# A customer's conversation with the assistant; `memory` is the dialogue state
# (assistant.dialogue.Memory). Opened by a key: a channel's conversation finds only its
# orders.
assistant_conversations = Table(
    "assistant_conversations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(64)),
    Column("locale", String(16), nullable=False),
    Column("memory", Json, nullable=False),
    Column("opened_by", String(128), nullable=False),
    Column("order_id", Id),  # the order the person was verified for
    Column("vouched_email", String(254)),  # from a signed customer token
    Column("case_id", Id),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_assistant_conversations_order_id", "order_id", "created_at"),
)

assistant_messages = Table(
    "assistant_messages",
    metadata,
    Column(
        "conversation_id", String(40), ForeignKey("assistant_conversations.id"), primary_key=True
    ),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("author", String(16), nullable=False),  # customer | assistant | agent
    Column("actor", String(128)),
    Column("text", Text, nullable=False),
    Column("intent", String(32)),
    Column("confidence", Float),
    Column("action", Json),
    Column("at", TS, nullable=False),
)

# Every verification attempt: the rate limits count the failed ones per conversation and
# per order number. No e-mail or postcode is kept, only how the person tried.
assistant_verifications = Table(
    "assistant_verifications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("conversation_id", String(40), nullable=False),
    Column("order_ref", String(64), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("method", String(16), nullable=False),  # email | postcode | token
    Column("at", TS, nullable=False),
    Index("ix_assistant_verifications_conversation", "conversation_id", "at"),
    Index("ix_assistant_verifications_order_ref", "order_ref", "at"),
)

# The people at the desk: each is one API key's actor (`key:<prefix>`).
desk_agents = Table(
    "desk_agents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("actor", String(128), nullable=False, unique=True),
    Column("skills", Json, nullable=False),
    Column("languages", Json, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", TS, nullable=False),
)

# Work for a person: a handed-off conversation, or a pointer to an item of another queue
# (a care exception, a held order's review, an intake document) — one case per item.
desk_cases = Table(
    "desk_cases",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("skill", String(32), nullable=False),
    Column("language", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # queued | assigned | claimed | resolved
    Column("agent_id", Id, ForeignKey("desk_agents.id")),
    Column("order_id", Id),
    Column("channel", String(64)),
    Column("priority", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("suggested_reply", Text),
    Column("details", Json, nullable=False),
    Column("due_at", TS, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("claimed_at", TS),
    Column("resolved_at", TS),
    Column("resolution", Text),
    UniqueConstraint("kind", "ref", name="uq_desk_cases_kind_ref"),
    Index("ix_desk_cases_status_due", "status", "due_at"),
    Index("ix_desk_cases_agent", "agent_id", "status"),
)

# Who had each case when: routed, claimed, reassigned, resolved.
desk_assignments = Table(
    "desk_assignments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("case_id", Id, ForeignKey("desk_cases.id"), nullable=False),
    Column("agent_id", Id),
    Column("how", String(16), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("at", TS, nullable=False),
    Index("ix_desk_assignments_case", "case_id", "id"),
)

# Tax rates as configuration (migration 0027): basis points by ship-to country (ISO 3166-1
# alpha-2, or "*" for the defaults) and tax class. A class a country has no row for takes
# the default row; a class with no default row takes the built-in rate (domain.tax).
tax_rates = Table(
    "tax_rates",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("tax_class", String(16), primary_key=True),
    Column("rate_bp", Integer, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("updated_by", String(128), nullable=False),
)

# Live experiments (migration 0028): a policy's treatment value against its control value
# on live orders, split by a hash of (experiment id, customer or channel).
experiments = Table(
    "experiments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("policy", String(32), nullable=False),
    Column("treatment", String(32), nullable=False),
    Column("control", String(32), nullable=False),
    Column("unit", String(16), nullable=False),  # customer | channel
    Column("share", Float, nullable=False),  # of the units in the treatment group
    Column("mode", String(16), nullable=False),  # live | shadow
    Column("status", String(16), nullable=False),  # running | stopped
    Column("created_at", TS, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("stopped_at", TS),
)

# One row per order and experiment, inserted by a trigger on order_events from the order's
# `experiment.assigned` event, in the order's own transaction (also the one-statement
# write, om_place_order).
experiment_assignments = Table(
    "experiment_assignments",
    metadata,
    Column("experiment_id", String(32), primary_key=True),
    Column("order_id", Id, primary_key=True),  # no foreign key: one less check per order
    Column("arm", String(16), nullable=False),  # treatment | control
    Column("value", String(32), nullable=False),  # the policy value that served the order
    Column("shadow", Json),  # shadow mode: what the treatment would have decided
    Column("created_at", TS, nullable=False),
)

"""What each operation answers on success, for the OpenAPI document.

`BY_OPERATION` maps an operation id (the handler's name) to its JSON model, or to the
media type of a body that is not JSON. A new route adds one line here; the contract
test (tests/integration/api/test_openapi_contract.py) names every route without one.
The handlers keep building plain dicts: these models document, they never filter."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import (
    admin,
    assistant,
    care,
    catalog,
    connectors,
    experiments,
    fulfilment,
    intake,
    inventory,
    notifications,
    ops,
    orders,
    planning,
    session,
    tax,
    webhooks,
)
from .problem import Problem


@dataclass(frozen=True)
class Media:
    """A body that is not JSON: its media types and what it is."""

    media_types: tuple[str, ...]
    description: str
    binary: bool = False


@dataclass(frozen=True)
class NoContent:
    description: str


Documented = type[BaseModel] | Media | NoContent

BY_OPERATION: dict[str, Documented] = {
    # ops
    "healthz": ops.Health,
    "metrics": Media(("text/plain",), "Prometheus text exposition format 0.0.4"),
    "list_alerts": ops.AlertList,
    "get_kpis": ops.KpiReport,
    # catalog
    "put_product": catalog.Product,
    "get_product": catalog.Product,
    "list_products": catalog.ProductPage,
    "put_node": catalog.Node,
    "list_nodes": catalog.NodeList,
    "put_channel": catalog.Channel,
    "list_channels": catalog.ChannelList,
    "node_outage": catalog.NodeOutage,
    "node_restore": catalog.NodeRestore,
    "node_release_wave": catalog.ReleaseWave,
    "get_availability": catalog.Availability,
    # experiments (pilot vs control on live orders)
    "create_experiment": experiments.ExperimentSummary,
    "list_experiments": experiments.ExperimentList,
    "get_experiment": experiments.ExperimentReport,
    "stop_experiment": experiments.ExperimentSummary,
    # tax
    "put_tax_rates": tax.TaxRates,
    "list_tax_rates": tax.TaxRates,
    # inventory
    "put_stock": inventory.StockPosition,
    "adjust_stock": inventory.StockPosition,
    "list_stock": inventory.StockList,
    "add_supply": inventory.Supply,
    "list_supply": inventory.SupplyList,
    "receive_supply": inventory.StockPosition,
    # orders
    "create_order": orders.Order,
    "list_orders": orders.OrderPage,
    "get_order": orders.OrderDetail,
    "change_order": orders.Order,
    "list_order_events": orders.OrderEvents,
    "list_order_invoices": orders.InvoiceList,
    "cancel_order": orders.Order,
    "hold_order": orders.HoldPlaced,
    "release_hold": orders.Order,
    "release_order": orders.Order,
    "place_draft": orders.Order,
    "close_order": orders.Order,
    "get_order_document": Media(
        ("application/edi-x12", "application/xml"),
        "the document: X12 855, 856 or 810 as EDI text, or a UBL OrderResponse as XML",
    ),
    # fulfilment and returns
    "create_shipment": fulfilment.ShipmentWithOrder,
    "get_shipment": fulfilment.ShipmentOut,
    "deliver_shipment": fulfilment.ShipmentWithOrder,
    "create_return": fulfilment.ReturnOut,
    "get_return": fulfilment.ReturnOut,
    "authorise_return": fulfilment.ReturnWithOrder,
    "receive_return": fulfilment.ReturnWithOrder,
    "refund_return": fulfilment.ReturnWithOrder,
    "add_shipment_scan": fulfilment.ShipmentScan,
    # reviews
    "list_reviews": fulfilment.ReviewList,
    "decide_review": orders.Order,
    # intake
    "upload_documents": intake.IntakeUpload,
    "list_documents": intake.IntakeDocumentList,
    "get_document": intake.IntakeDocumentDetail,
    "get_document_page": Media(("image/png",), "the page as read, as a PNG image", binary=True),
    "resolve_document": intake.IntakeDocument,
    # planning
    "list_forecasts": planning.ForecastList,
    "put_supplier_terms": planning.SupplierTerms,
    "list_proposals": planning.ProposalList,
    "approve_proposal": planning.Proposal,
    "reject_proposal": planning.Proposal,
    "edit_proposal": planning.Proposal,
    "daily_demand": planning.DailyDemand,
    # the console's session (and who any key is)
    "sign_in": session.Caller,
    "get_session": session.Caller,
    "export_orders": Media(("text/csv",), "the orders found, one row per line (UTF-8)"),
    "resource_order": orders.OrderDetail,
    # the order assistant and the agent desk
    "create_customer_token": assistant.CustomerToken,
    "start_conversation": assistant.AssistantReply,
    "send_message": assistant.AssistantReply,
    "list_new_messages": assistant.NewMessages,
    "get_conversation": assistant.Conversation,
    "my_queue": assistant.Queue,
    "get_case": assistant.CaseDetail,
    "claim_case": assistant.Case,
    "reply_to_case": assistant.AgentReply,
    "resolve_case": assistant.Case,
    "reassign_case": assistant.Case,
    "route_cases": assistant.RoutingPass,
    "list_agents": assistant.AgentList,
    "add_agent": assistant.Agent,
    "update_agent": assistant.Agent,
    # shop connectors
    "create_connector": connectors.ConnectorCreated,
    "list_connectors": connectors.ConnectorList,
    "get_connector": connectors.Connector,
    "delete_connector": connectors.Connector,
    "push_availability": connectors.PushResult,
    "receive_shop_webhook": connectors.ShopDelivery,
    # webhooks
    "create_subscription": webhooks.SubscriptionCreated,
    "list_subscriptions": webhooks.SubscriptionList,
    "delete_subscription": webhooks.Subscription,
    "rotate_subscription_secret": webhooks.SecretRotated,
    "list_deliveries": webhooks.DeliveryPage,
    "redeliver_delivery": webhooks.Delivery,
    "replay_subscription": webhooks.Replay,
    # notifications
    "get_notification_preferences": notifications.NotificationPreferences,
    "put_notification_preferences": notifications.NotificationPreferences,
    "order_notifications": notifications.OrderNotifications,
    # care
    "list_exceptions": care.ExceptionPage,
    "exception_stats": care.ExceptionStats,
    "get_exception": care.ExceptionDetail,
    "scan_exceptions": care.ScanResult,
    "apply_fix": care.FixApplied,
    "dismiss_exception": care.CareException,
    "put_substitutes": care.Substitutes,
    "get_substitutes": care.Substitutes,
    "put_carrier_delay": care.CarrierDelay,
    "delete_carrier_delay": NoContent("the delay is withdrawn"),
    "list_carrier_delays": care.CarrierDelayList,
    # keys
    "list_keys": admin.ApiKeyList,
    "create_key": admin.ApiKeyCreated,
    "get_key": admin.ApiKey,
    "revoke_key": admin.ApiKey,
    "rotate_key": admin.ApiKeyRotated,
    # audit and privacy
    "list_audit": admin.AuditPage,
    "erase_customer": admin.Erasure,
    "erase_customer_by_email": admin.Erasure,
    "export_customer": admin.CustomerExport,
    "export_customer_by_email": admin.CustomerExport,
    "get_retention": admin.Retention,
    "put_retention": admin.Retention,
    "purge_expired": admin.Purged,
}

__all__ = ["BY_OPERATION", "Documented", "Media", "NoContent", "Problem"]

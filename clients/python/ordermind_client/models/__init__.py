"""Contains all the data models used in inputs/outputs"""

from .address_in import AddressIn
from .address_out import AddressOut
from .adjustment_in import AdjustmentIn
from .agent import Agent
from .agent_in import AgentIn
from .agent_list import AgentList
from .agent_reply import AgentReply
from .alert import Alert
from .alert_list import AlertList
from .allocation_out import AllocationOut
from .api_key import ApiKey
from .api_key_created import ApiKeyCreated
from .api_key_list import ApiKeyList
from .api_key_rotated import ApiKeyRotated
from .apply_in import ApplyIn
from .assignment import Assignment
from .assistant_reply import AssistantReply
from .assistant_reply_action_type_0 import AssistantReplyActionType0
from .assistant_reply_agent_messages_item import AssistantReplyAgentMessagesItem
from .audit_entry import AuditEntry
from .audit_entry_after_type_0 import AuditEntryAfterType0
from .audit_entry_before_type_0 import AuditEntryBeforeType0
from .audit_page import AuditPage
from .authorise_in import AuthoriseIn
from .auto_apply_report import AutoApplyReport
from .auto_apply_report_applied import AutoApplyReportApplied
from .auto_decision import AutoDecision
from .availability import Availability
from .availability_skus import AvailabilitySkus
from .backorder_policy import BackorderPolicy
from .caller import Caller
from .caller_key import CallerKey
from .cancel_in import CancelIn
from .care_exception import CareException
from .care_exception_applied_type_0 import CareExceptionAppliedType0
from .care_exception_closed_event import CareExceptionClosedEvent
from .care_exception_closed_event_data import CareExceptionClosedEventData
from .care_exception_details import CareExceptionDetails
from .care_exception_dismissed_event import CareExceptionDismissedEvent
from .care_exception_dismissed_event_data import CareExceptionDismissedEventData
from .care_exception_opened_event import CareExceptionOpenedEvent
from .care_exception_opened_event_data import CareExceptionOpenedEventData
from .care_exception_released_event import CareExceptionReleasedEvent
from .care_exception_released_event_data import CareExceptionReleasedEventData
from .care_exception_updated_event import CareExceptionUpdatedEvent
from .care_exception_updated_event_data import CareExceptionUpdatedEventData
from .care_fix_applied_event import CareFixAppliedEvent
from .care_fix_applied_event_data import CareFixAppliedEventData
from .carrier_delay import CarrierDelay
from .carrier_delay_in import CarrierDelayIn
from .carrier_delay_list import CarrierDelayList
from .case import Case
from .case_detail import CaseDetail
from .case_detail_details import CaseDetailDetails
from .case_details import CaseDetails
from .change_line_in import ChangeLineIn
from .channel import Channel
from .channel_in import ChannelIn
from .channel_in_priority import ChannelInPriority
from .channel_in_priority_weights import ChannelInPriorityWeights
from .channel_list import ChannelList
from .channel_priority_weights import ChannelPriorityWeights
from .chat_message import ChatMessage
from .connector import Connector
from .connector_created import ConnectorCreated
from .connector_created_inventory_items_type_0 import ConnectorCreatedInventoryItemsType0
from .connector_created_locations_type_0 import ConnectorCreatedLocationsType0
from .connector_in import ConnectorIn
from .connector_in_inventory_items import ConnectorInInventoryItems
from .connector_in_kind import ConnectorInKind
from .connector_in_locations import ConnectorInLocations
from .connector_inventory_items_type_0 import ConnectorInventoryItemsType0
from .connector_list import ConnectorList
from .connector_locations_type_0 import ConnectorLocationsType0
from .conversation import Conversation
from .conversation_in import ConversationIn
from .country_tax_rates import CountryTaxRates
from .country_tax_rates_effective import CountryTaxRatesEffective
from .country_tax_rates_rates import CountryTaxRatesRates
from .customer_email_in import CustomerEmailIn
from .customer_export import CustomerExport
from .customer_export_customer_type_0 import CustomerExportCustomerType0
from .customer_export_intake_documents_item import CustomerExportIntakeDocumentsItem
from .customer_export_notification_preferences_item import CustomerExportNotificationPreferencesItem
from .customer_export_orders_item import CustomerExportOrdersItem
from .customer_in import CustomerIn
from .customer_out import CustomerOut
from .customer_token import CustomerToken
from .customer_token_in import CustomerTokenIn
from .daily_demand import DailyDemand
from .delay_risk import DelayRisk
from .delivery import Delivery
from .delivery_page import DeliveryPage
from .demand_day import DemandDay
from .dismiss_in import DismissIn
from .disposition import Disposition
from .erase_in import EraseIn
from .erasure import Erasure
from .erasure_rows import ErasureRows
from .exception_detail import ExceptionDetail
from .exception_detail_applied_type_0 import ExceptionDetailAppliedType0
from .exception_detail_details import ExceptionDetailDetails
from .exception_detail_ranking_type_0 import ExceptionDetailRankingType0
from .exception_page import ExceptionPage
from .exception_stats import ExceptionStats
from .exception_stats_fix_types import ExceptionStatsFixTypes
from .experiment_assigned_event import ExperimentAssignedEvent
from .experiment_assigned_event_data import ExperimentAssignedEventData
from .experiment_deltas import ExperimentDeltas
from .experiment_group_kpis import ExperimentGroupKpis
from .experiment_groups import ExperimentGroups
from .experiment_in import ExperimentIn
from .experiment_interval import ExperimentInterval
from .experiment_list import ExperimentList
from .experiment_list_policies import ExperimentListPolicies
from .experiment_money import ExperimentMoney
from .experiment_report import ExperimentReport
from .experiment_report_shadow_type_0 import ExperimentReportShadowType0
from .experiment_summary import ExperimentSummary
from .experiment_summary_orders import ExperimentSummaryOrders
from .field_error import FieldError
from .fix_applied import FixApplied
from .fix_applied_applied_type_0 import FixAppliedAppliedType0
from .fix_effects import FixEffects
from .fix_option import FixOption
from .fix_option_params import FixOptionParams
from .fix_type_stats import FixTypeStats
from .forecast import Forecast
from .forecast_list import ForecastList
from .health import Health
from .hold_in import HoldIn
from .hold_out import HoldOut
from .hold_placed import HoldPlaced
from .hold_reason import HoldReason
from .hold_release_in import HoldReleaseIn
from .intake_document import IntakeDocument
from .intake_document_boxes_type_0 import IntakeDocumentBoxesType0
from .intake_document_detail import IntakeDocumentDetail
from .intake_document_detail_boxes_type_0 import IntakeDocumentDetailBoxesType0
from .intake_document_detail_line_boxes_type_0_item import IntakeDocumentDetailLineBoxesType0Item
from .intake_document_detail_parsed_type_0 import IntakeDocumentDetailParsedType0
from .intake_document_line_boxes_type_0_item import IntakeDocumentLineBoxesType0Item
from .intake_document_list import IntakeDocumentList
from .intake_document_parsed_type_0 import IntakeDocumentParsedType0
from .intake_fields_in import IntakeFieldsIn
from .intake_outcome import IntakeOutcome
from .intake_outcome_parsed import IntakeOutcomeParsed
from .intake_resolve_in import IntakeResolveIn
from .intake_upload import IntakeUpload
from .invoice_line_out import InvoiceLineOut
from .invoice_list import InvoiceList
from .invoice_out import InvoiceOut
from .invoice_ref import InvoiceRef
from .key_in import KeyIn
from .key_in_role import KeyInRole
from .key_in_scope_type_0 import KeyInScopeType0
from .key_rotate_in import KeyRotateIn
from .kpi_period import KpiPeriod
from .kpi_report import KpiReport
from .kpi_report_groups_type_0 import KpiReportGroupsType0
from .kpi_total import KpiTotal
from .kpi_total_by_status import KpiTotalByStatus
from .kpis import Kpis
from .kpis_by_status import KpisByStatus
from .line_correction_in import LineCorrectionIn
from .line_in import LineIn
from .list_exceptions_severity_type_0 import ListExceptionsSeverityType0
from .list_exceptions_status_type_0 import ListExceptionsStatusType0
from .list_exceptions_type_type_0 import ListExceptionsTypeType0
from .message_in import MessageIn
from .milestone_out import MilestoneOut
from .new_messages import NewMessages
from .node import Node
from .node_in import NodeIn
from .node_kind import NodeKind
from .node_list import NodeList
from .node_outage import NodeOutage
from .node_outage_optimiser_type_0 import NodeOutageOptimiserType0
from .node_restore import NodeRestore
from .node_with_load import NodeWithLoad
from .notification_confirmed_event import NotificationConfirmedEvent
from .notification_confirmed_event_data import NotificationConfirmedEventData
from .notification_delay_predicted_event import NotificationDelayPredictedEvent
from .notification_delay_predicted_event_data import NotificationDelayPredictedEventData
from .notification_delivered_event import NotificationDeliveredEvent
from .notification_delivered_event_data import NotificationDeliveredEventData
from .notification_failed_event import NotificationFailedEvent
from .notification_failed_event_data import NotificationFailedEventData
from .notification_held_event import NotificationHeldEvent
from .notification_held_event_data import NotificationHeldEventData
from .notification_message import NotificationMessage
from .notification_preferences import NotificationPreferences
from .notification_preferences_channels import NotificationPreferencesChannels
from .notification_queued_event import NotificationQueuedEvent
from .notification_queued_event_data import NotificationQueuedEventData
from .notification_refunded_event import NotificationRefundedEvent
from .notification_refunded_event_data import NotificationRefundedEventData
from .notification_retrying_event import NotificationRetryingEvent
from .notification_retrying_event_data import NotificationRetryingEventData
from .notification_return_received_event import NotificationReturnReceivedEvent
from .notification_return_received_event_data import NotificationReturnReceivedEventData
from .notification_sent_event import NotificationSentEvent
from .notification_sent_event_data import NotificationSentEventData
from .notification_shipped_event import NotificationShippedEvent
from .notification_shipped_event_data import NotificationShippedEventData
from .notification_suppressed_event import NotificationSuppressedEvent
from .notification_suppressed_event_data import NotificationSuppressedEventData
from .option_availability import OptionAvailability
from .order import Order
from .order_allocated_event import OrderAllocatedEvent
from .order_allocated_event_data import OrderAllocatedEventData
from .order_backordered_event import OrderBackorderedEvent
from .order_backordered_event_data import OrderBackorderedEventData
from .order_cancellation_not_applied_event import OrderCancellationNotAppliedEvent
from .order_cancellation_not_applied_event_data import OrderCancellationNotAppliedEventData
from .order_cancelled_event import OrderCancelledEvent
from .order_cancelled_event_data import OrderCancelledEventData
from .order_change_in import OrderChangeIn
from .order_changed_event import OrderChangedEvent
from .order_changed_event_data import OrderChangedEventData
from .order_closed_event import OrderClosedEvent
from .order_closed_event_data import OrderClosedEventData
from .order_deallocated_event import OrderDeallocatedEvent
from .order_deallocated_event_data import OrderDeallocatedEventData
from .order_delivered_event import OrderDeliveredEvent
from .order_delivered_event_data import OrderDeliveredEventData
from .order_detail import OrderDetail
from .order_detail_risk_type_0 import OrderDetailRiskType0
from .order_detail_sourcing_type_0 import OrderDetailSourcingType0
from .order_draft_created_event import OrderDraftCreatedEvent
from .order_draft_created_event_data import OrderDraftCreatedEventData
from .order_event import OrderEvent
from .order_event_data_type_0 import OrderEventDataType0
from .order_events import OrderEvents
from .order_hold_placed_event import OrderHoldPlacedEvent
from .order_hold_placed_event_data import OrderHoldPlacedEventData
from .order_hold_released_event import OrderHoldReleasedEvent
from .order_hold_released_event_data import OrderHoldReleasedEventData
from .order_in import OrderIn
from .order_invoice_resent_event import OrderInvoiceResentEvent
from .order_invoice_resent_event_data import OrderInvoiceResentEventData
from .order_invoiced_event import OrderInvoicedEvent
from .order_invoiced_event_data import OrderInvoicedEventData
from .order_line_out import OrderLineOut
from .order_notifications import OrderNotifications
from .order_page import OrderPage
from .order_placed_event import OrderPlacedEvent
from .order_placed_event_data import OrderPlacedEventData
from .order_promise_moved_event import OrderPromiseMovedEvent
from .order_promise_moved_event_data import OrderPromiseMovedEventData
from .order_released_event import OrderReleasedEvent
from .order_released_event_data import OrderReleasedEventData
from .order_risk_assessed_event import OrderRiskAssessedEvent
from .order_risk_assessed_event_data import OrderRiskAssessedEventData
from .order_risk_type_0 import OrderRiskType0
from .order_service_upgraded_event import OrderServiceUpgradedEvent
from .order_service_upgraded_event_data import OrderServiceUpgradedEventData
from .order_shipped_event import OrderShippedEvent
from .order_shipped_event_data import OrderShippedEventData
from .order_sourcing_type_0 import OrderSourcingType0
from .original_content import OriginalContent
from .page_image import PageImage
from .pickup_store import PickupStore
from .preferences_in import PreferencesIn
from .preferences_in_channels import PreferencesInChannels
from .priority_factor import PriorityFactor
from .priority_out import PriorityOut
from .problem import Problem
from .product import Product
from .product_in import ProductIn
from .product_page import ProductPage
from .proposal import Proposal
from .proposal_edit_in import ProposalEditIn
from .proposal_list import ProposalList
from .purged import Purged
from .purged_replay import PurgedReplay
from .push_result import PushResult
from .push_result_available import PushResultAvailable
from .queue import Queue
from .quiet_hours import QuietHours
from .quiet_hours_in import QuietHoursIn
from .reassign_in import ReassignIn
from .receive_in import ReceiveIn
from .receive_in_dispositions import ReceiveInDispositions
from .receive_shop_webhook_body import ReceiveShopWebhookBody
from .refund_in import RefundIn
from .release_wave import ReleaseWave
from .release_wave_in import ReleaseWaveIn
from .replay import Replay
from .reply_in import ReplyIn
from .resolve_in import ResolveIn
from .resource_in import ResourceIn
from .retention import Retention
from .retention_in import RetentionIn
from .return_authorised_event import ReturnAuthorisedEvent
from .return_authorised_event_data import ReturnAuthorisedEventData
from .return_in import ReturnIn
from .return_line_in import ReturnLineIn
from .return_line_out import ReturnLineOut
from .return_out import ReturnOut
from .return_received_event import ReturnReceivedEvent
from .return_received_event_data import ReturnReceivedEventData
from .return_refunded_event import ReturnRefundedEvent
from .return_refunded_event_data import ReturnRefundedEventData
from .return_rejected_event import ReturnRejectedEvent
from .return_rejected_event_data import ReturnRejectedEventData
from .return_requested_event import ReturnRequestedEvent
from .return_requested_event_data import ReturnRequestedEventData
from .return_with_order import ReturnWithOrder
from .review_decision_in import ReviewDecisionIn
from .review_hold import ReviewHold
from .review_item import ReviewItem
from .review_list import ReviewList
from .ring_fence_in import RingFenceIn
from .ring_fence_out import RingFenceOut
from .risk_context_in import RiskContextIn
from .routing_pass import RoutingPass
from .scan_event_in import ScanEventIn
from .scan_event_in_status import ScanEventInStatus
from .scan_in import ScanIn
from .scan_report import ScanReport
from .scan_report_closed import ScanReportClosed
from .scan_report_notified import ScanReportNotified
from .scan_report_opened import ScanReportOpened
from .scan_report_released import ScanReportReleased
from .scan_report_updated import ScanReportUpdated
from .scan_result import ScanResult
from .secret_rotated import SecretRotated
from .session_info import SessionInfo
from .shipment_in import ShipmentIn
from .shipment_line_out import ShipmentLineOut
from .shipment_out import ShipmentOut
from .shipment_scan import ShipmentScan
from .shipment_scanned_event import ShipmentScannedEvent
from .shipment_scanned_event_data import ShipmentScannedEventData
from .shipment_with_order import ShipmentWithOrder
from .shop_delivery import ShopDelivery
from .sign_in_in import SignInIn
from .sku_availability import SkuAvailability
from .sku_qty import SkuQty
from .stock_in import StockIn
from .stock_list import StockList
from .stock_position import StockPosition
from .subscription import Subscription
from .subscription_created import SubscriptionCreated
from .subscription_list import SubscriptionList
from .substitutes import Substitutes
from .substitutes_in import SubstitutesIn
from .supplier_terms import SupplierTerms
from .supplier_terms_in import SupplierTermsIn
from .supply import Supply
from .supply_in import SupplyIn
from .supply_kind import SupplyKind
from .supply_list import SupplyList
from .tax_class import TaxClass
from .tax_rates import TaxRates
from .tax_rates_defaults import TaxRatesDefaults
from .tax_rates_in import TaxRatesIn
from .tax_rates_in_rates import TaxRatesInRates
from .transcript_message import TranscriptMessage
from .transcript_message_action_type_0 import TranscriptMessageActionType0
from .wave_release import WaveRelease
from .webhook_in import WebhookIn
from .webhook_replay_in import WebhookReplayIn
from .webhook_rotate_in import WebhookRotateIn

__all__ = (
    "AddressIn",
    "AddressOut",
    "AdjustmentIn",
    "Agent",
    "AgentIn",
    "AgentList",
    "AgentReply",
    "Alert",
    "AlertList",
    "AllocationOut",
    "ApiKey",
    "ApiKeyCreated",
    "ApiKeyList",
    "ApiKeyRotated",
    "ApplyIn",
    "Assignment",
    "AssistantReply",
    "AssistantReplyActionType0",
    "AssistantReplyAgentMessagesItem",
    "AuditEntry",
    "AuditEntryAfterType0",
    "AuditEntryBeforeType0",
    "AuditPage",
    "AuthoriseIn",
    "AutoApplyReport",
    "AutoApplyReportApplied",
    "AutoDecision",
    "Availability",
    "AvailabilitySkus",
    "BackorderPolicy",
    "Caller",
    "CallerKey",
    "CancelIn",
    "CareException",
    "CareExceptionAppliedType0",
    "CareExceptionClosedEvent",
    "CareExceptionClosedEventData",
    "CareExceptionDetails",
    "CareExceptionDismissedEvent",
    "CareExceptionDismissedEventData",
    "CareExceptionOpenedEvent",
    "CareExceptionOpenedEventData",
    "CareExceptionReleasedEvent",
    "CareExceptionReleasedEventData",
    "CareExceptionUpdatedEvent",
    "CareExceptionUpdatedEventData",
    "CareFixAppliedEvent",
    "CareFixAppliedEventData",
    "CarrierDelay",
    "CarrierDelayIn",
    "CarrierDelayList",
    "Case",
    "CaseDetail",
    "CaseDetailDetails",
    "CaseDetails",
    "ChangeLineIn",
    "Channel",
    "ChannelIn",
    "ChannelInPriority",
    "ChannelInPriorityWeights",
    "ChannelList",
    "ChannelPriorityWeights",
    "ChatMessage",
    "Connector",
    "ConnectorCreated",
    "ConnectorCreatedInventoryItemsType0",
    "ConnectorCreatedLocationsType0",
    "ConnectorIn",
    "ConnectorInInventoryItems",
    "ConnectorInKind",
    "ConnectorInLocations",
    "ConnectorInventoryItemsType0",
    "ConnectorList",
    "ConnectorLocationsType0",
    "Conversation",
    "ConversationIn",
    "CountryTaxRates",
    "CountryTaxRatesEffective",
    "CountryTaxRatesRates",
    "CustomerEmailIn",
    "CustomerExport",
    "CustomerExportCustomerType0",
    "CustomerExportIntakeDocumentsItem",
    "CustomerExportNotificationPreferencesItem",
    "CustomerExportOrdersItem",
    "CustomerIn",
    "CustomerOut",
    "CustomerToken",
    "CustomerTokenIn",
    "DailyDemand",
    "DelayRisk",
    "Delivery",
    "DeliveryPage",
    "DemandDay",
    "DismissIn",
    "Disposition",
    "EraseIn",
    "Erasure",
    "ErasureRows",
    "ExceptionDetail",
    "ExceptionDetailAppliedType0",
    "ExceptionDetailDetails",
    "ExceptionDetailRankingType0",
    "ExceptionPage",
    "ExceptionStats",
    "ExceptionStatsFixTypes",
    "ExperimentAssignedEvent",
    "ExperimentAssignedEventData",
    "ExperimentDeltas",
    "ExperimentGroupKpis",
    "ExperimentGroups",
    "ExperimentIn",
    "ExperimentInterval",
    "ExperimentList",
    "ExperimentListPolicies",
    "ExperimentMoney",
    "ExperimentReport",
    "ExperimentReportShadowType0",
    "ExperimentSummary",
    "ExperimentSummaryOrders",
    "FieldError",
    "FixApplied",
    "FixAppliedAppliedType0",
    "FixEffects",
    "FixOption",
    "FixOptionParams",
    "FixTypeStats",
    "Forecast",
    "ForecastList",
    "Health",
    "HoldIn",
    "HoldOut",
    "HoldPlaced",
    "HoldReason",
    "HoldReleaseIn",
    "IntakeDocument",
    "IntakeDocumentBoxesType0",
    "IntakeDocumentDetail",
    "IntakeDocumentDetailBoxesType0",
    "IntakeDocumentDetailLineBoxesType0Item",
    "IntakeDocumentDetailParsedType0",
    "IntakeDocumentLineBoxesType0Item",
    "IntakeDocumentList",
    "IntakeDocumentParsedType0",
    "IntakeFieldsIn",
    "IntakeOutcome",
    "IntakeOutcomeParsed",
    "IntakeResolveIn",
    "IntakeUpload",
    "InvoiceLineOut",
    "InvoiceList",
    "InvoiceOut",
    "InvoiceRef",
    "KeyIn",
    "KeyInRole",
    "KeyInScopeType0",
    "KeyRotateIn",
    "KpiPeriod",
    "KpiReport",
    "KpiReportGroupsType0",
    "Kpis",
    "KpisByStatus",
    "KpiTotal",
    "KpiTotalByStatus",
    "LineCorrectionIn",
    "LineIn",
    "ListExceptionsSeverityType0",
    "ListExceptionsStatusType0",
    "ListExceptionsTypeType0",
    "MessageIn",
    "MilestoneOut",
    "NewMessages",
    "Node",
    "NodeIn",
    "NodeKind",
    "NodeList",
    "NodeOutage",
    "NodeOutageOptimiserType0",
    "NodeRestore",
    "NodeWithLoad",
    "NotificationConfirmedEvent",
    "NotificationConfirmedEventData",
    "NotificationDelayPredictedEvent",
    "NotificationDelayPredictedEventData",
    "NotificationDeliveredEvent",
    "NotificationDeliveredEventData",
    "NotificationFailedEvent",
    "NotificationFailedEventData",
    "NotificationHeldEvent",
    "NotificationHeldEventData",
    "NotificationMessage",
    "NotificationPreferences",
    "NotificationPreferencesChannels",
    "NotificationQueuedEvent",
    "NotificationQueuedEventData",
    "NotificationRefundedEvent",
    "NotificationRefundedEventData",
    "NotificationRetryingEvent",
    "NotificationRetryingEventData",
    "NotificationReturnReceivedEvent",
    "NotificationReturnReceivedEventData",
    "NotificationSentEvent",
    "NotificationSentEventData",
    "NotificationShippedEvent",
    "NotificationShippedEventData",
    "NotificationSuppressedEvent",
    "NotificationSuppressedEventData",
    "OptionAvailability",
    "Order",
    "OrderAllocatedEvent",
    "OrderAllocatedEventData",
    "OrderBackorderedEvent",
    "OrderBackorderedEventData",
    "OrderCancellationNotAppliedEvent",
    "OrderCancellationNotAppliedEventData",
    "OrderCancelledEvent",
    "OrderCancelledEventData",
    "OrderChangedEvent",
    "OrderChangedEventData",
    "OrderChangeIn",
    "OrderClosedEvent",
    "OrderClosedEventData",
    "OrderDeallocatedEvent",
    "OrderDeallocatedEventData",
    "OrderDeliveredEvent",
    "OrderDeliveredEventData",
    "OrderDetail",
    "OrderDetailRiskType0",
    "OrderDetailSourcingType0",
    "OrderDraftCreatedEvent",
    "OrderDraftCreatedEventData",
    "OrderEvent",
    "OrderEventDataType0",
    "OrderEvents",
    "OrderHoldPlacedEvent",
    "OrderHoldPlacedEventData",
    "OrderHoldReleasedEvent",
    "OrderHoldReleasedEventData",
    "OrderIn",
    "OrderInvoicedEvent",
    "OrderInvoicedEventData",
    "OrderInvoiceResentEvent",
    "OrderInvoiceResentEventData",
    "OrderLineOut",
    "OrderNotifications",
    "OrderPage",
    "OrderPlacedEvent",
    "OrderPlacedEventData",
    "OrderPromiseMovedEvent",
    "OrderPromiseMovedEventData",
    "OrderReleasedEvent",
    "OrderReleasedEventData",
    "OrderRiskAssessedEvent",
    "OrderRiskAssessedEventData",
    "OrderRiskType0",
    "OrderServiceUpgradedEvent",
    "OrderServiceUpgradedEventData",
    "OrderShippedEvent",
    "OrderShippedEventData",
    "OrderSourcingType0",
    "OriginalContent",
    "PageImage",
    "PickupStore",
    "PreferencesIn",
    "PreferencesInChannels",
    "PriorityFactor",
    "PriorityOut",
    "Problem",
    "Product",
    "ProductIn",
    "ProductPage",
    "Proposal",
    "ProposalEditIn",
    "ProposalList",
    "Purged",
    "PurgedReplay",
    "PushResult",
    "PushResultAvailable",
    "Queue",
    "QuietHours",
    "QuietHoursIn",
    "ReassignIn",
    "ReceiveIn",
    "ReceiveInDispositions",
    "ReceiveShopWebhookBody",
    "RefundIn",
    "ReleaseWave",
    "ReleaseWaveIn",
    "Replay",
    "ReplyIn",
    "ResolveIn",
    "ResourceIn",
    "Retention",
    "RetentionIn",
    "ReturnAuthorisedEvent",
    "ReturnAuthorisedEventData",
    "ReturnIn",
    "ReturnLineIn",
    "ReturnLineOut",
    "ReturnOut",
    "ReturnReceivedEvent",
    "ReturnReceivedEventData",
    "ReturnRefundedEvent",
    "ReturnRefundedEventData",
    "ReturnRejectedEvent",
    "ReturnRejectedEventData",
    "ReturnRequestedEvent",
    "ReturnRequestedEventData",
    "ReturnWithOrder",
    "ReviewDecisionIn",
    "ReviewHold",
    "ReviewItem",
    "ReviewList",
    "RingFenceIn",
    "RingFenceOut",
    "RiskContextIn",
    "RoutingPass",
    "ScanEventIn",
    "ScanEventInStatus",
    "ScanIn",
    "ScanReport",
    "ScanReportClosed",
    "ScanReportNotified",
    "ScanReportOpened",
    "ScanReportReleased",
    "ScanReportUpdated",
    "ScanResult",
    "SecretRotated",
    "SessionInfo",
    "ShipmentIn",
    "ShipmentLineOut",
    "ShipmentOut",
    "ShipmentScan",
    "ShipmentScannedEvent",
    "ShipmentScannedEventData",
    "ShipmentWithOrder",
    "ShopDelivery",
    "SignInIn",
    "SkuAvailability",
    "SkuQty",
    "StockIn",
    "StockList",
    "StockPosition",
    "Subscription",
    "SubscriptionCreated",
    "SubscriptionList",
    "Substitutes",
    "SubstitutesIn",
    "SupplierTerms",
    "SupplierTermsIn",
    "Supply",
    "SupplyIn",
    "SupplyKind",
    "SupplyList",
    "TaxClass",
    "TaxRates",
    "TaxRatesDefaults",
    "TaxRatesIn",
    "TaxRatesInRates",
    "TranscriptMessage",
    "TranscriptMessageActionType0",
    "WaveRelease",
    "WebhookIn",
    "WebhookReplayIn",
    "WebhookRotateIn",
)

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer_export_customer_type_0 import CustomerExportCustomerType0
    from ..models.customer_export_intake_documents_item import CustomerExportIntakeDocumentsItem
    from ..models.customer_export_notification_preferences_item import (
        CustomerExportNotificationPreferencesItem,
    )
    from ..models.customer_export_orders_item import CustomerExportOrdersItem


T = TypeVar("T", bound="CustomerExport")


@_attrs_define
class CustomerExport:
    """
    Attributes:
        customer_id (str):
        email (str):
        customer (CustomerExportCustomerType0 | None):
        orders (list[CustomerExportOrdersItem]): the orders' rows (lines, events... follow)
        intake_documents (list[CustomerExportIntakeDocumentsItem]):
        notification_preferences (list[CustomerExportNotificationPreferencesItem]):
    """

    customer_id: str
    email: str
    customer: CustomerExportCustomerType0 | None
    orders: list[CustomerExportOrdersItem]
    intake_documents: list[CustomerExportIntakeDocumentsItem]
    notification_preferences: list[CustomerExportNotificationPreferencesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_export_customer_type_0 import CustomerExportCustomerType0  # noqa: PLC0415

        customer_id = self.customer_id

        email = self.email

        customer: dict[str, Any] | None
        if isinstance(self.customer, CustomerExportCustomerType0):
            customer = self.customer.to_dict()
        else:
            customer = self.customer

        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        intake_documents = []
        for intake_documents_item_data in self.intake_documents:
            intake_documents_item = intake_documents_item_data.to_dict()
            intake_documents.append(intake_documents_item)

        notification_preferences = []
        for notification_preferences_item_data in self.notification_preferences:
            notification_preferences_item = notification_preferences_item_data.to_dict()
            notification_preferences.append(notification_preferences_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "email": email,
                "customer": customer,
                "orders": orders,
                "intake_documents": intake_documents,
                "notification_preferences": notification_preferences,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_export_customer_type_0 import CustomerExportCustomerType0  # noqa: PLC0415
        from ..models.customer_export_intake_documents_item import CustomerExportIntakeDocumentsItem  # noqa: PLC0415
        from ..models.customer_export_notification_preferences_item import (
            CustomerExportNotificationPreferencesItem,  # noqa: PLC0415
        )
        from ..models.customer_export_orders_item import CustomerExportOrdersItem  # noqa: PLC0415

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        email = d.pop("email")

        def _parse_customer(data: object) -> CustomerExportCustomerType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                customer_type_0 = CustomerExportCustomerType0.from_dict(data)

                return customer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerExportCustomerType0 | None, data)

        customer = _parse_customer(d.pop("customer"))

        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = CustomerExportOrdersItem.from_dict(orders_item_data)

            orders.append(orders_item)

        intake_documents = []
        _intake_documents = d.pop("intake_documents")
        for intake_documents_item_data in _intake_documents:
            intake_documents_item = CustomerExportIntakeDocumentsItem.from_dict(
                intake_documents_item_data
            )

            intake_documents.append(intake_documents_item)

        notification_preferences = []
        _notification_preferences = d.pop("notification_preferences")
        for notification_preferences_item_data in _notification_preferences:
            notification_preferences_item = CustomerExportNotificationPreferencesItem.from_dict(
                notification_preferences_item_data
            )

            notification_preferences.append(notification_preferences_item)

        customer_export = cls(
            customer_id=customer_id,
            email=email,
            customer=customer,
            orders=orders,
            intake_documents=intake_documents,
            notification_preferences=notification_preferences,
        )

        customer_export.additional_properties = d
        return customer_export

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

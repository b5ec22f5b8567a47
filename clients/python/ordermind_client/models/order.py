from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.address_out import AddressOut
    from ..models.customer_out import CustomerOut
    from ..models.delay_risk import DelayRisk
    from ..models.hold_out import HoldOut
    from ..models.invoice_ref import InvoiceRef
    from ..models.order_line_out import OrderLineOut
    from ..models.order_risk_type_0 import OrderRiskType0
    from ..models.order_sourcing_type_0 import OrderSourcingType0
    from ..models.return_out import ReturnOut
    from ..models.shipment_out import ShipmentOut


T = TypeVar("T", bound="Order")


@_attrs_define
class Order:
    """
    Attributes:
        id (int):
        number (str):
        status (str): draft, placed, on_hold, backordered, partially_allocated, allocated, partially_released, released,
            partially_shipped, shipped, delivered, closed, cancelled
        channel (str):
        external_id (None | str):
        currency (str): ISO 4217 code
        total (int): integer amount in minor units of the currency, as its ISO 4217 exponent says: 1999 EUR = 19.99,
            1999 JPY = 1999, 1999 KWD = 1.999
        customer (CustomerOut):
        ship_to (AddressOut):
        requested_delivery_date (datetime.date | None):
        promised_delivery_date (datetime.date | None):
        pickup_node (None | str):
        lines (list[OrderLineOut]):
        holds (list[HoldOut]):
        shipments (list[ShipmentOut]):
        returns (list[ReturnOut]):
        invoices (list[InvoiceRef]):
        sourcing (None | OrderSourcingType0): the last sourcing decision and its explanation
        risk (None | OrderRiskType0): the fraud screen's decision: action, score, reasons, model
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        version (int): bumped by every change
        delay_risk (DelayRisk | None):
    """

    id: int
    number: str
    status: str
    channel: str
    external_id: None | str
    currency: str
    total: int
    customer: CustomerOut
    ship_to: AddressOut
    requested_delivery_date: datetime.date | None
    promised_delivery_date: datetime.date | None
    pickup_node: None | str
    lines: list[OrderLineOut]
    holds: list[HoldOut]
    shipments: list[ShipmentOut]
    returns: list[ReturnOut]
    invoices: list[InvoiceRef]
    sourcing: None | OrderSourcingType0
    risk: None | OrderRiskType0
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int
    delay_risk: DelayRisk | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.delay_risk import DelayRisk  # noqa: PLC0415
        from ..models.order_risk_type_0 import OrderRiskType0  # noqa: PLC0415
        from ..models.order_sourcing_type_0 import OrderSourcingType0  # noqa: PLC0415

        id = self.id

        number = self.number

        status = self.status

        channel = self.channel

        external_id: None | str
        external_id = self.external_id

        currency = self.currency

        total = self.total

        customer = self.customer.to_dict()

        ship_to = self.ship_to.to_dict()

        requested_delivery_date: None | str
        if isinstance(self.requested_delivery_date, datetime.date):
            requested_delivery_date = self.requested_delivery_date.isoformat()
        else:
            requested_delivery_date = self.requested_delivery_date

        promised_delivery_date: None | str
        if isinstance(self.promised_delivery_date, datetime.date):
            promised_delivery_date = self.promised_delivery_date.isoformat()
        else:
            promised_delivery_date = self.promised_delivery_date

        pickup_node: None | str
        pickup_node = self.pickup_node

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        holds = []
        for holds_item_data in self.holds:
            holds_item = holds_item_data.to_dict()
            holds.append(holds_item)

        shipments = []
        for shipments_item_data in self.shipments:
            shipments_item = shipments_item_data.to_dict()
            shipments.append(shipments_item)

        returns = []
        for returns_item_data in self.returns:
            returns_item = returns_item_data.to_dict()
            returns.append(returns_item)

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)

        sourcing: dict[str, Any] | None
        if isinstance(self.sourcing, OrderSourcingType0):
            sourcing = self.sourcing.to_dict()
        else:
            sourcing = self.sourcing

        risk: dict[str, Any] | None
        if isinstance(self.risk, OrderRiskType0):
            risk = self.risk.to_dict()
        else:
            risk = self.risk

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        version = self.version

        delay_risk: dict[str, Any] | None
        if isinstance(self.delay_risk, DelayRisk):
            delay_risk = self.delay_risk.to_dict()
        else:
            delay_risk = self.delay_risk

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "status": status,
                "channel": channel,
                "external_id": external_id,
                "currency": currency,
                "total": total,
                "customer": customer,
                "ship_to": ship_to,
                "requested_delivery_date": requested_delivery_date,
                "promised_delivery_date": promised_delivery_date,
                "pickup_node": pickup_node,
                "lines": lines,
                "holds": holds,
                "shipments": shipments,
                "returns": returns,
                "invoices": invoices,
                "sourcing": sourcing,
                "risk": risk,
                "created_at": created_at,
                "updated_at": updated_at,
                "version": version,
                "delay_risk": delay_risk,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_out import AddressOut  # noqa: PLC0415
        from ..models.customer_out import CustomerOut  # noqa: PLC0415
        from ..models.delay_risk import DelayRisk  # noqa: PLC0415
        from ..models.hold_out import HoldOut  # noqa: PLC0415
        from ..models.invoice_ref import InvoiceRef  # noqa: PLC0415
        from ..models.order_line_out import OrderLineOut  # noqa: PLC0415
        from ..models.order_risk_type_0 import OrderRiskType0  # noqa: PLC0415
        from ..models.order_sourcing_type_0 import OrderSourcingType0  # noqa: PLC0415
        from ..models.return_out import ReturnOut  # noqa: PLC0415
        from ..models.shipment_out import ShipmentOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        status = d.pop("status")

        channel = d.pop("channel")

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        currency = d.pop("currency")

        total = d.pop("total")

        customer = CustomerOut.from_dict(d.pop("customer"))

        ship_to = AddressOut.from_dict(d.pop("ship_to"))

        def _parse_requested_delivery_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_delivery_date_type_0 = datetime.date.fromisoformat(data)

                return requested_delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        requested_delivery_date = _parse_requested_delivery_date(d.pop("requested_delivery_date"))

        def _parse_promised_delivery_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promised_delivery_date_type_0 = datetime.date.fromisoformat(data)

                return promised_delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        promised_delivery_date = _parse_promised_delivery_date(d.pop("promised_delivery_date"))

        def _parse_pickup_node(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pickup_node = _parse_pickup_node(d.pop("pickup_node"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        holds = []
        _holds = d.pop("holds")
        for holds_item_data in _holds:
            holds_item = HoldOut.from_dict(holds_item_data)

            holds.append(holds_item)

        shipments = []
        _shipments = d.pop("shipments")
        for shipments_item_data in _shipments:
            shipments_item = ShipmentOut.from_dict(shipments_item_data)

            shipments.append(shipments_item)

        returns = []
        _returns = d.pop("returns")
        for returns_item_data in _returns:
            returns_item = ReturnOut.from_dict(returns_item_data)

            returns.append(returns_item)

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in _invoices:
            invoices_item = InvoiceRef.from_dict(invoices_item_data)

            invoices.append(invoices_item)

        def _parse_sourcing(data: object) -> None | OrderSourcingType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sourcing_type_0 = OrderSourcingType0.from_dict(data)

                return sourcing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderSourcingType0, data)

        sourcing = _parse_sourcing(d.pop("sourcing"))

        def _parse_risk(data: object) -> None | OrderRiskType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                risk_type_0 = OrderRiskType0.from_dict(data)

                return risk_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderRiskType0, data)

        risk = _parse_risk(d.pop("risk"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_delay_risk(data: object) -> DelayRisk | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delay_risk_type_0 = DelayRisk.from_dict(data)

                return delay_risk_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DelayRisk | None, data)

        delay_risk = _parse_delay_risk(d.pop("delay_risk"))

        order = cls(
            id=id,
            number=number,
            status=status,
            channel=channel,
            external_id=external_id,
            currency=currency,
            total=total,
            customer=customer,
            ship_to=ship_to,
            requested_delivery_date=requested_delivery_date,
            promised_delivery_date=promised_delivery_date,
            pickup_node=pickup_node,
            lines=lines,
            holds=holds,
            shipments=shipments,
            returns=returns,
            invoices=invoices,
            sourcing=sourcing,
            risk=risk,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
            delay_risk=delay_risk,
        )

        order.additional_properties = d
        return order

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

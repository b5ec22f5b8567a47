from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order import Order
    from ..models.shipment_line_out import ShipmentLineOut


T = TypeVar("T", bound="ShipmentWithOrder")


@_attrs_define
class ShipmentWithOrder:
    """
    Attributes:
        id (str):
        order_id (int):
        node (str):
        carrier (str):
        service (None | str):
        tracking (None | str):
        packages (int):
        lines (list[ShipmentLineOut]):
        shipped_at (datetime.datetime):
        delivered_at (datetime.datetime | None):
        order (Order):
    """

    id: str
    order_id: int
    node: str
    carrier: str
    service: None | str
    tracking: None | str
    packages: int
    lines: list[ShipmentLineOut]
    shipped_at: datetime.datetime
    delivered_at: datetime.datetime | None
    order: Order
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order_id = self.order_id

        node = self.node

        carrier = self.carrier

        service: None | str
        service = self.service

        tracking: None | str
        tracking = self.tracking

        packages = self.packages

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        shipped_at = self.shipped_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        order = self.order.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order_id": order_id,
                "node": node,
                "carrier": carrier,
                "service": service,
                "tracking": tracking,
                "packages": packages,
                "lines": lines,
                "shipped_at": shipped_at,
                "delivered_at": delivered_at,
                "order": order,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order import Order  # noqa: PLC0415
        from ..models.shipment_line_out import ShipmentLineOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        order_id = d.pop("order_id")

        node = d.pop("node")

        carrier = d.pop("carrier")

        def _parse_service(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service = _parse_service(d.pop("service"))

        def _parse_tracking(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking = _parse_tracking(d.pop("tracking"))

        packages = d.pop("packages")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ShipmentLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        shipped_at = datetime.datetime.fromisoformat(d.pop("shipped_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        order = Order.from_dict(d.pop("order"))

        shipment_with_order = cls(
            id=id,
            order_id=order_id,
            node=node,
            carrier=carrier,
            service=service,
            tracking=tracking,
            packages=packages,
            lines=lines,
            shipped_at=shipped_at,
            delivered_at=delivered_at,
            order=order,
        )

        shipment_with_order.additional_properties = d
        return shipment_with_order

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

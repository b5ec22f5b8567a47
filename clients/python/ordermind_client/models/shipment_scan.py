from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShipmentScan")


@_attrs_define
class ShipmentScan:
    """
    Attributes:
        order_id (int):
        shipment_id (str):
        status (str):
        at (datetime.datetime):
        carrier (str):
        location (None | str):
    """

    order_id: int
    shipment_id: str
    status: str
    at: datetime.datetime
    carrier: str
    location: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        shipment_id = self.shipment_id

        status = self.status

        at = self.at.isoformat()

        carrier = self.carrier

        location: None | str
        location = self.location

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "shipment_id": shipment_id,
                "status": status,
                "at": at,
                "carrier": carrier,
                "location": location,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("order_id")

        shipment_id = d.pop("shipment_id")

        status = d.pop("status")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        carrier = d.pop("carrier")

        def _parse_location(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        location = _parse_location(d.pop("location"))

        shipment_scan = cls(
            order_id=order_id,
            shipment_id=shipment_id,
            status=status,
            at=at,
            carrier=carrier,
            location=location,
        )

        shipment_scan.additional_properties = d
        return shipment_scan

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

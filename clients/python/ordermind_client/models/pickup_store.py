from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PickupStore")


@_attrs_define
class PickupStore:
    """
    Attributes:
        node (str):
        distance_km (float):
        quantity (int):
        ready_date (datetime.date | None):
    """

    node: str
    distance_km: float
    quantity: int
    ready_date: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        distance_km = self.distance_km

        quantity = self.quantity

        ready_date: None | str
        if isinstance(self.ready_date, datetime.date):
            ready_date = self.ready_date.isoformat()
        else:
            ready_date = self.ready_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "distance_km": distance_km,
                "quantity": quantity,
                "ready_date": ready_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        distance_km = d.pop("distance_km")

        quantity = d.pop("quantity")

        def _parse_ready_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ready_date_type_0 = datetime.date.fromisoformat(data)

                return ready_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ready_date = _parse_ready_date(d.pop("ready_date"))

        pickup_store = cls(
            node=node,
            distance_km=distance_km,
            quantity=quantity,
            ready_date=ready_date,
        )

        pickup_store.additional_properties = d
        return pickup_store

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

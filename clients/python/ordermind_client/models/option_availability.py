from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pickup_store import PickupStore


T = TypeVar("T", bound="OptionAvailability")


@_attrs_define
class OptionAvailability:
    """
    Attributes:
        quantity (int): promisable now
        quantity_with_inbound (int):
        earliest_date (datetime.date | None): for the asked quantity from one node
        node (None | str):
        from_inbound (bool): earliest_date relies on supply in transit
        stores (list[PickupStore]): pick-up: nearby stores, nearest first
    """

    quantity: int
    quantity_with_inbound: int
    earliest_date: datetime.date | None
    node: None | str
    from_inbound: bool
    stores: list[PickupStore]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quantity = self.quantity

        quantity_with_inbound = self.quantity_with_inbound

        earliest_date: None | str
        if isinstance(self.earliest_date, datetime.date):
            earliest_date = self.earliest_date.isoformat()
        else:
            earliest_date = self.earliest_date

        node: None | str
        node = self.node

        from_inbound = self.from_inbound

        stores = []
        for stores_item_data in self.stores:
            stores_item = stores_item_data.to_dict()
            stores.append(stores_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quantity": quantity,
                "quantity_with_inbound": quantity_with_inbound,
                "earliest_date": earliest_date,
                "node": node,
                "from_inbound": from_inbound,
                "stores": stores,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pickup_store import PickupStore  # noqa: PLC0415

        d = dict(src_dict)
        quantity = d.pop("quantity")

        quantity_with_inbound = d.pop("quantity_with_inbound")

        def _parse_earliest_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                earliest_date_type_0 = datetime.date.fromisoformat(data)

                return earliest_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        earliest_date = _parse_earliest_date(d.pop("earliest_date"))

        def _parse_node(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        node = _parse_node(d.pop("node"))

        from_inbound = d.pop("from_inbound")

        stores = []
        _stores = d.pop("stores")
        for stores_item_data in _stores:
            stores_item = PickupStore.from_dict(stores_item_data)

            stores.append(stores_item)

        option_availability = cls(
            quantity=quantity,
            quantity_with_inbound=quantity_with_inbound,
            earliest_date=earliest_date,
            node=node,
            from_inbound=from_inbound,
            stores=stores,
        )

        option_availability.additional_properties = d
        return option_availability

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

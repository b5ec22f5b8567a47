from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StockPosition")


@_attrs_define
class StockPosition:
    """
    Attributes:
        node (str):
        sku (str):
        on_hand (int):
        reserved (int):
        safety_stock (int):
        available (int): on hand less reserved and safety stock, never < 0
    """

    node: str
    sku: str
    on_hand: int
    reserved: int
    safety_stock: int
    available: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        sku = self.sku

        on_hand = self.on_hand

        reserved = self.reserved

        safety_stock = self.safety_stock

        available = self.available

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "sku": sku,
                "on_hand": on_hand,
                "reserved": reserved,
                "safety_stock": safety_stock,
                "available": available,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        sku = d.pop("sku")

        on_hand = d.pop("on_hand")

        reserved = d.pop("reserved")

        safety_stock = d.pop("safety_stock")

        available = d.pop("available")

        stock_position = cls(
            node=node,
            sku=sku,
            on_hand=on_hand,
            reserved=reserved,
            safety_stock=safety_stock,
            available=available,
        )

        stock_position.additional_properties = d
        return stock_position

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

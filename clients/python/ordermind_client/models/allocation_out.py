from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AllocationOut")


@_attrs_define
class AllocationOut:
    """
    Attributes:
        node (str):
        quantity (int): units sourced to the node
        allocated (int): of them, units reserved there
        released (int): of them, units released to the node to ship
    """

    node: str
    quantity: int
    allocated: int
    released: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        quantity = self.quantity

        allocated = self.allocated

        released = self.released

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "quantity": quantity,
                "allocated": allocated,
                "released": released,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        quantity = d.pop("quantity")

        allocated = d.pop("allocated")

        released = d.pop("released")

        allocation_out = cls(
            node=node,
            quantity=quantity,
            allocated=allocated,
            released=released,
        )

        allocation_out.additional_properties = d
        return allocation_out

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

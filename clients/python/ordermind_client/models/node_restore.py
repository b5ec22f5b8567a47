from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NodeRestore")


@_attrs_define
class NodeRestore:
    """
    Attributes:
        node (str):
        active (bool):
        backorders_served (int): back-ordered units allocated again
    """

    node: str
    active: bool
    backorders_served: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        active = self.active

        backorders_served = self.backorders_served

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "active": active,
                "backorders_served": backorders_served,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        active = d.pop("active")

        backorders_served = d.pop("backorders_served")

        node_restore = cls(
            node=node,
            active=active,
            backorders_served=backorders_served,
        )

        node_restore.additional_properties = d
        return node_restore

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResourceIn")


@_attrs_define
class ResourceIn:
    """
    Attributes:
        node (str):
    """

    node: str

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "node": node,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        node = d.pop("node")

        resource_in = cls(
            node=node,
        )

        return resource_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SkuQty")


@_attrs_define
class SkuQty:
    """
    Attributes:
        sku (str):
        quantity (int):
    """

    sku: str
    quantity: int

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        sku_qty = cls(
            sku=sku,
            quantity=quantity,
        )

        return sku_qty

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="StockIn")


@_attrs_define
class StockIn:
    """
    Attributes:
        on_hand (int):
        safety_stock (int | Unset):  Default: 0.
    """

    on_hand: int
    safety_stock: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        on_hand = self.on_hand

        safety_stock = self.safety_stock

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "on_hand": on_hand,
            }
        )
        if safety_stock is not UNSET:
            field_dict["safety_stock"] = safety_stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        on_hand = d.pop("on_hand")

        safety_stock = d.pop("safety_stock", UNSET)

        stock_in = cls(
            on_hand=on_hand,
            safety_stock=safety_stock,
        )

        return stock_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnLineIn")


@_attrs_define
class ReturnLineIn:
    """
    Attributes:
        sku (str):
        quantity (int):
        reason (None | str | Unset):
    """

    sku: str
    quantity: int
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        return_line_in = cls(
            sku=sku,
            quantity=quantity,
            reason=reason,
        )

        return return_line_in

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LineCorrectionIn")


@_attrs_define
class LineCorrectionIn:
    """
    Attributes:
        line_id (str):
        sku (str):
        quantity (int | None | Unset):
    """

    line_id: str
    sku: str
    quantity: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        line_id = self.line_id

        sku = self.sku

        quantity: int | None | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line_id": line_id,
                "sku": sku,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line_id = d.pop("line_id")

        sku = d.pop("sku")

        def _parse_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        line_correction_in = cls(
            line_id=line_id,
            sku=sku,
            quantity=quantity,
        )

        return line_correction_in

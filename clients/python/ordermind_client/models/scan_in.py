from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanIn")


@_attrs_define
class ScanIn:
    """
    Attributes:
        order_ids (list[int] | None | Unset):
        auto_apply (bool | Unset):  Default: True.
    """

    order_ids: list[int] | None | Unset = UNSET
    auto_apply: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        order_ids: list[int] | None | Unset
        if isinstance(self.order_ids, Unset):
            order_ids = UNSET
        elif isinstance(self.order_ids, list):
            order_ids = self.order_ids

        else:
            order_ids = self.order_ids

        auto_apply = self.auto_apply

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if order_ids is not UNSET:
            field_dict["order_ids"] = order_ids
        if auto_apply is not UNSET:
            field_dict["auto_apply"] = auto_apply

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_order_ids(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                order_ids_type_0 = cast(list[int], data)

                return order_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        order_ids = _parse_order_ids(d.pop("order_ids", UNSET))

        auto_apply = d.pop("auto_apply", UNSET)

        scan_in = cls(
            order_ids=order_ids,
            auto_apply=auto_apply,
        )

        return scan_in

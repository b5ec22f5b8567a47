from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShopDelivery")


@_attrs_define
class ShopDelivery:
    """
    Attributes:
        outcome (str): created, duplicate, cancelled, held, ignored, ...
        order_id (int | None | Unset):
        order_number (None | str | Unset):
        status (None | str | Unset):
        status_in_shop (None | str | Unset):
    """

    outcome: str
    order_id: int | None | Unset = UNSET
    order_number: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    status_in_shop: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome

        order_id: int | None | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        order_number: None | str | Unset
        if isinstance(self.order_number, Unset):
            order_number = UNSET
        else:
            order_number = self.order_number

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        status_in_shop: None | str | Unset
        if isinstance(self.status_in_shop, Unset):
            status_in_shop = UNSET
        else:
            status_in_shop = self.status_in_shop

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
            }
        )
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if order_number is not UNSET:
            field_dict["order_number"] = order_number
        if status is not UNSET:
            field_dict["status"] = status
        if status_in_shop is not UNSET:
            field_dict["status_in_shop"] = status_in_shop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = d.pop("outcome")

        def _parse_order_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_order_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_number = _parse_order_number(d.pop("order_number", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_status_in_shop(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_in_shop = _parse_status_in_shop(d.pop("status_in_shop", UNSET))

        shop_delivery = cls(
            outcome=outcome,
            order_id=order_id,
            order_number=order_number,
            status=status,
            status_in_shop=status_in_shop,
        )

        shop_delivery.additional_properties = d
        return shop_delivery

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

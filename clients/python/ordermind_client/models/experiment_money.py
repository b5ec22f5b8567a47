from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExperimentMoney")


@_attrs_define
class ExperimentMoney:
    """
    Attributes:
        unit (str):
        orders (int): the treatment group's costed orders
        difference (int | None): what those orders cost under the treatment minus what they would have cost under
            control (cost-per-order delta × orders); negative is a saving
        low (int | None):
        high (int | None):
    """

    unit: str
    orders: int
    difference: int | None
    low: int | None
    high: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        unit = self.unit

        orders = self.orders

        difference: int | None
        difference = self.difference

        low: int | None
        low = self.low

        high: int | None
        high = self.high

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "unit": unit,
                "orders": orders,
                "difference": difference,
                "low": low,
                "high": high,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        unit = d.pop("unit")

        orders = d.pop("orders")

        def _parse_difference(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        difference = _parse_difference(d.pop("difference"))

        def _parse_low(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        low = _parse_low(d.pop("low"))

        def _parse_high(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        high = _parse_high(d.pop("high"))

        experiment_money = cls(
            unit=unit,
            orders=orders,
            difference=difference,
            low=low,
            high=high,
        )

        experiment_money.additional_properties = d
        return experiment_money

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

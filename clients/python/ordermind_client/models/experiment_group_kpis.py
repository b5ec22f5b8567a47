from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExperimentGroupKpis")


@_attrs_define
class ExperimentGroupKpis:
    """
    Attributes:
        orders (int):
        otif (float | None): on time in full ÷ due orders (`otif_base`)
        otif_base (int):
        fill_rate (float | None): units shipped ÷ units ordered over orders in a final state
        fill_rate_base (int):
        cost_per_order (float | None): mean shipping + handling of the recorded sourcing decision, minor units, over the
            group's orders not cancelled that carry one (`cost_base`)
        cost_base (int):
        fulfilment_cost (int): the sum of those costs, minor units
        hold_rate (float | None): held or rejected ÷ screened orders
    """

    orders: int
    otif: float | None
    otif_base: int
    fill_rate: float | None
    fill_rate_base: int
    cost_per_order: float | None
    cost_base: int
    fulfilment_cost: int
    hold_rate: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = self.orders

        otif: float | None
        otif = self.otif

        otif_base = self.otif_base

        fill_rate: float | None
        fill_rate = self.fill_rate

        fill_rate_base = self.fill_rate_base

        cost_per_order: float | None
        cost_per_order = self.cost_per_order

        cost_base = self.cost_base

        fulfilment_cost = self.fulfilment_cost

        hold_rate: float | None
        hold_rate = self.hold_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "otif": otif,
                "otif_base": otif_base,
                "fill_rate": fill_rate,
                "fill_rate_base": fill_rate_base,
                "cost_per_order": cost_per_order,
                "cost_base": cost_base,
                "fulfilment_cost": fulfilment_cost,
                "hold_rate": hold_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        orders = d.pop("orders")

        def _parse_otif(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        otif = _parse_otif(d.pop("otif"))

        otif_base = d.pop("otif_base")

        def _parse_fill_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fill_rate = _parse_fill_rate(d.pop("fill_rate"))

        fill_rate_base = d.pop("fill_rate_base")

        def _parse_cost_per_order(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cost_per_order = _parse_cost_per_order(d.pop("cost_per_order"))

        cost_base = d.pop("cost_base")

        fulfilment_cost = d.pop("fulfilment_cost")

        def _parse_hold_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hold_rate = _parse_hold_rate(d.pop("hold_rate"))

        experiment_group_kpis = cls(
            orders=orders,
            otif=otif,
            otif_base=otif_base,
            fill_rate=fill_rate,
            fill_rate_base=fill_rate_base,
            cost_per_order=cost_per_order,
            cost_base=cost_base,
            fulfilment_cost=fulfilment_cost,
            hold_rate=hold_rate,
        )

        experiment_group_kpis.additional_properties = d
        return experiment_group_kpis

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FixTypeStats")


@_attrs_define
class FixTypeStats:
    """
    Attributes:
        offered (int):
        chosen (int):
        top_offered (int):
        top_chosen (int):
        auto_applied (int):
        acceptance_rate (float | None):
    """

    offered: int
    chosen: int
    top_offered: int
    top_chosen: int
    auto_applied: int
    acceptance_rate: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offered = self.offered

        chosen = self.chosen

        top_offered = self.top_offered

        top_chosen = self.top_chosen

        auto_applied = self.auto_applied

        acceptance_rate: float | None
        acceptance_rate = self.acceptance_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "offered": offered,
                "chosen": chosen,
                "top_offered": top_offered,
                "top_chosen": top_chosen,
                "auto_applied": auto_applied,
                "acceptance_rate": acceptance_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offered = d.pop("offered")

        chosen = d.pop("chosen")

        top_offered = d.pop("top_offered")

        top_chosen = d.pop("top_chosen")

        auto_applied = d.pop("auto_applied")

        def _parse_acceptance_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        acceptance_rate = _parse_acceptance_rate(d.pop("acceptance_rate"))

        fix_type_stats = cls(
            offered=offered,
            chosen=chosen,
            top_offered=top_offered,
            top_chosen=top_chosen,
            auto_applied=auto_applied,
            acceptance_rate=acceptance_rate,
        )

        fix_type_stats.additional_properties = d
        return fix_type_stats

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

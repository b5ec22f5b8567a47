from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WaveRelease")


@_attrs_define
class WaveRelease:
    """
    Attributes:
        order_id (int):
        number (str):
        lines (int):
        priority (float):
        explanation (list[str]):
    """

    order_id: int
    number: str
    lines: int
    priority: float
    explanation: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        number = self.number

        lines = self.lines

        priority = self.priority

        explanation = self.explanation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "number": number,
                "lines": lines,
                "priority": priority,
                "explanation": explanation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("order_id")

        number = d.pop("number")

        lines = d.pop("lines")

        priority = d.pop("priority")

        explanation = cast(list[str], d.pop("explanation"))

        wave_release = cls(
            order_id=order_id,
            number=number,
            lines=lines,
            priority=priority,
            explanation=explanation,
        )

        wave_release.additional_properties = d
        return wave_release

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

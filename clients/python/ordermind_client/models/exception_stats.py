from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exception_stats_fix_types import ExceptionStatsFixTypes


T = TypeVar("T", bound="ExceptionStats")


@_attrs_define
class ExceptionStats:
    """
    Attributes:
        fix_types (ExceptionStatsFixTypes):
        decided_exceptions (int):
        auto_applied (int):
        touchless_share (float | None):
    """

    fix_types: ExceptionStatsFixTypes
    decided_exceptions: int
    auto_applied: int
    touchless_share: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fix_types = self.fix_types.to_dict()

        decided_exceptions = self.decided_exceptions

        auto_applied = self.auto_applied

        touchless_share: float | None
        touchless_share = self.touchless_share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fix_types": fix_types,
                "decided_exceptions": decided_exceptions,
                "auto_applied": auto_applied,
                "touchless_share": touchless_share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exception_stats_fix_types import ExceptionStatsFixTypes  # noqa: PLC0415

        d = dict(src_dict)
        fix_types = ExceptionStatsFixTypes.from_dict(d.pop("fix_types"))

        decided_exceptions = d.pop("decided_exceptions")

        auto_applied = d.pop("auto_applied")

        def _parse_touchless_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        touchless_share = _parse_touchless_share(d.pop("touchless_share"))

        exception_stats = cls(
            fix_types=fix_types,
            decided_exceptions=decided_exceptions,
            auto_applied=auto_applied,
            touchless_share=touchless_share,
        )

        exception_stats.additional_properties = d
        return exception_stats

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

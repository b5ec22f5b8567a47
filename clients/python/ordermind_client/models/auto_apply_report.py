from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.auto_apply_report_applied import AutoApplyReportApplied


T = TypeVar("T", bound="AutoApplyReport")


@_attrs_define
class AutoApplyReport:
    """
    Attributes:
        evaluated (int):
        applied (AutoApplyReportApplied):
        waiting (int):
        failed (int):
    """

    evaluated: int
    applied: AutoApplyReportApplied
    waiting: int
    failed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evaluated = self.evaluated

        applied = self.applied.to_dict()

        waiting = self.waiting

        failed = self.failed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evaluated": evaluated,
                "applied": applied,
                "waiting": waiting,
                "failed": failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_apply_report_applied import AutoApplyReportApplied  # noqa: PLC0415

        d = dict(src_dict)
        evaluated = d.pop("evaluated")

        applied = AutoApplyReportApplied.from_dict(d.pop("applied"))

        waiting = d.pop("waiting")

        failed = d.pop("failed")

        auto_apply_report = cls(
            evaluated=evaluated,
            applied=applied,
            waiting=waiting,
            failed=failed,
        )

        auto_apply_report.additional_properties = d
        return auto_apply_report

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

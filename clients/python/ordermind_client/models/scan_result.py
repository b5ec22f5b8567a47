from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.auto_apply_report import AutoApplyReport
    from ..models.scan_report import ScanReport


T = TypeVar("T", bound="ScanResult")


@_attrs_define
class ScanResult:
    """
    Attributes:
        scan (ScanReport):
        auto_apply (AutoApplyReport | None):
    """

    scan: ScanReport
    auto_apply: AutoApplyReport | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.auto_apply_report import AutoApplyReport  # noqa: PLC0415

        scan = self.scan.to_dict()

        auto_apply: dict[str, Any] | None
        if isinstance(self.auto_apply, AutoApplyReport):
            auto_apply = self.auto_apply.to_dict()
        else:
            auto_apply = self.auto_apply

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scan": scan,
                "auto_apply": auto_apply,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_apply_report import AutoApplyReport  # noqa: PLC0415
        from ..models.scan_report import ScanReport  # noqa: PLC0415

        d = dict(src_dict)
        scan = ScanReport.from_dict(d.pop("scan"))

        def _parse_auto_apply(data: object) -> AutoApplyReport | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auto_apply_type_0 = AutoApplyReport.from_dict(data)

                return auto_apply_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutoApplyReport | None, data)

        auto_apply = _parse_auto_apply(d.pop("auto_apply"))

        scan_result = cls(
            scan=scan,
            auto_apply=auto_apply,
        )

        scan_result.additional_properties = d
        return scan_result

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

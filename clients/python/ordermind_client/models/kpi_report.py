from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kpi_period import KpiPeriod
    from ..models.kpi_report_groups_type_0 import KpiReportGroupsType0
    from ..models.kpi_total import KpiTotal


T = TypeVar("T", bound="KpiReport")


@_attrs_define
class KpiReport:
    """
    Attributes:
        total (KpiTotal):
        period (KpiPeriod): The period's bounds: midnight UTC of `from`, and of the day after `to`.
        group_by (None | str | Unset): with ?group_by only
        groups (KpiReportGroupsType0 | None | Unset): the KPIs per group, with ?group_by only
    """

    total: KpiTotal
    period: KpiPeriod
    group_by: None | str | Unset = UNSET
    groups: KpiReportGroupsType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.kpi_report_groups_type_0 import KpiReportGroupsType0  # noqa: PLC0415

        total = self.total.to_dict()

        period = self.period.to_dict()

        group_by: None | str | Unset
        if isinstance(self.group_by, Unset):
            group_by = UNSET
        else:
            group_by = self.group_by

        groups: dict[str, Any] | None | Unset
        if isinstance(self.groups, Unset):
            groups = UNSET
        elif isinstance(self.groups, KpiReportGroupsType0):
            groups = self.groups.to_dict()
        else:
            groups = self.groups

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "period": period,
            }
        )
        if group_by is not UNSET:
            field_dict["group_by"] = group_by
        if groups is not UNSET:
            field_dict["groups"] = groups

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kpi_period import KpiPeriod  # noqa: PLC0415
        from ..models.kpi_report_groups_type_0 import KpiReportGroupsType0  # noqa: PLC0415
        from ..models.kpi_total import KpiTotal  # noqa: PLC0415

        d = dict(src_dict)
        total = KpiTotal.from_dict(d.pop("total"))

        period = KpiPeriod.from_dict(d.pop("period"))

        def _parse_group_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group_by = _parse_group_by(d.pop("group_by", UNSET))

        def _parse_groups(data: object) -> KpiReportGroupsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                groups_type_0 = KpiReportGroupsType0.from_dict(data)

                return groups_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KpiReportGroupsType0 | None | Unset, data)

        groups = _parse_groups(d.pop("groups", UNSET))

        kpi_report = cls(
            total=total,
            period=period,
            group_by=group_by,
            groups=groups,
        )

        kpi_report.additional_properties = d
        return kpi_report

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

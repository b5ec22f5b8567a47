from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_deltas import ExperimentDeltas
    from ..models.experiment_groups import ExperimentGroups
    from ..models.experiment_money import ExperimentMoney
    from ..models.experiment_report_shadow_type_0 import ExperimentReportShadowType0


T = TypeVar("T", bound="ExperimentReport")


@_attrs_define
class ExperimentReport:
    """
    Attributes:
        id (str):
        name (str):
        policy (str): sourcing_strategy | risk_screen
        treatment (str): the value that serves the treatment group
        control (str): the value that serves the control group (the rules)
        unit (str): customer | channel: the unit the split hashes
        share (float): the treatment group's share of the units
        mode (str): live | shadow (the treatment recorded, not applied)
        status (str): running | stopped
        created_at (datetime.datetime):
        created_by (str):
        stopped_at (datetime.datetime | None):
        ci_method (str): how the 95% confidence intervals are computed
        groups (ExperimentGroups):
        delta (ExperimentDeltas):
        money (ExperimentMoney):
        shadow (ExperimentReportShadowType0 | None | Unset): shadow mode: on the treatment group's orders, how many of
            the treatment's decisions differ from the applied ones and the paired cost delta
    """

    id: str
    name: str
    policy: str
    treatment: str
    control: str
    unit: str
    share: float
    mode: str
    status: str
    created_at: datetime.datetime
    created_by: str
    stopped_at: datetime.datetime | None
    ci_method: str
    groups: ExperimentGroups
    delta: ExperimentDeltas
    money: ExperimentMoney
    shadow: ExperimentReportShadowType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.experiment_report_shadow_type_0 import ExperimentReportShadowType0  # noqa: PLC0415

        id = self.id

        name = self.name

        policy = self.policy

        treatment = self.treatment

        control = self.control

        unit = self.unit

        share = self.share

        mode = self.mode

        status = self.status

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        stopped_at: None | str
        if isinstance(self.stopped_at, datetime.datetime):
            stopped_at = self.stopped_at.isoformat()
        else:
            stopped_at = self.stopped_at

        ci_method = self.ci_method

        groups = self.groups.to_dict()

        delta = self.delta.to_dict()

        money = self.money.to_dict()

        shadow: dict[str, Any] | None | Unset
        if isinstance(self.shadow, Unset):
            shadow = UNSET
        elif isinstance(self.shadow, ExperimentReportShadowType0):
            shadow = self.shadow.to_dict()
        else:
            shadow = self.shadow

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "policy": policy,
                "treatment": treatment,
                "control": control,
                "unit": unit,
                "share": share,
                "mode": mode,
                "status": status,
                "created_at": created_at,
                "created_by": created_by,
                "stopped_at": stopped_at,
                "ci_method": ci_method,
                "groups": groups,
                "delta": delta,
                "money": money,
            }
        )
        if shadow is not UNSET:
            field_dict["shadow"] = shadow

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_deltas import ExperimentDeltas  # noqa: PLC0415
        from ..models.experiment_groups import ExperimentGroups  # noqa: PLC0415
        from ..models.experiment_money import ExperimentMoney  # noqa: PLC0415
        from ..models.experiment_report_shadow_type_0 import ExperimentReportShadowType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        policy = d.pop("policy")

        treatment = d.pop("treatment")

        control = d.pop("control")

        unit = d.pop("unit")

        share = d.pop("share")

        mode = d.pop("mode")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_stopped_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stopped_at_type_0 = datetime.datetime.fromisoformat(data)

                return stopped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        stopped_at = _parse_stopped_at(d.pop("stopped_at"))

        ci_method = d.pop("ci_method")

        groups = ExperimentGroups.from_dict(d.pop("groups"))

        delta = ExperimentDeltas.from_dict(d.pop("delta"))

        money = ExperimentMoney.from_dict(d.pop("money"))

        def _parse_shadow(data: object) -> ExperimentReportShadowType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shadow_type_0 = ExperimentReportShadowType0.from_dict(data)

                return shadow_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExperimentReportShadowType0 | None | Unset, data)

        shadow = _parse_shadow(d.pop("shadow", UNSET))

        experiment_report = cls(
            id=id,
            name=name,
            policy=policy,
            treatment=treatment,
            control=control,
            unit=unit,
            share=share,
            mode=mode,
            status=status,
            created_at=created_at,
            created_by=created_by,
            stopped_at=stopped_at,
            ci_method=ci_method,
            groups=groups,
            delta=delta,
            money=money,
            shadow=shadow,
        )

        experiment_report.additional_properties = d
        return experiment_report

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

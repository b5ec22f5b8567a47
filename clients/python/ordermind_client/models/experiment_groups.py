from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.experiment_group_kpis import ExperimentGroupKpis


T = TypeVar("T", bound="ExperimentGroups")


@_attrs_define
class ExperimentGroups:
    """
    Attributes:
        treatment (ExperimentGroupKpis):
        control (ExperimentGroupKpis):
    """

    treatment: ExperimentGroupKpis
    control: ExperimentGroupKpis
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        treatment = self.treatment.to_dict()

        control = self.control.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "treatment": treatment,
                "control": control,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_group_kpis import ExperimentGroupKpis  # noqa: PLC0415

        d = dict(src_dict)
        treatment = ExperimentGroupKpis.from_dict(d.pop("treatment"))

        control = ExperimentGroupKpis.from_dict(d.pop("control"))

        experiment_groups = cls(
            treatment=treatment,
            control=control,
        )

        experiment_groups.additional_properties = d
        return experiment_groups

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

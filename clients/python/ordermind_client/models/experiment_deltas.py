from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.experiment_interval import ExperimentInterval


T = TypeVar("T", bound="ExperimentDeltas")


@_attrs_define
class ExperimentDeltas:
    """
    Attributes:
        otif (ExperimentInterval):
        fill_rate (ExperimentInterval):
        cost_per_order (ExperimentInterval):
        hold_rate (ExperimentInterval):
    """

    otif: ExperimentInterval
    fill_rate: ExperimentInterval
    cost_per_order: ExperimentInterval
    hold_rate: ExperimentInterval
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        otif = self.otif.to_dict()

        fill_rate = self.fill_rate.to_dict()

        cost_per_order = self.cost_per_order.to_dict()

        hold_rate = self.hold_rate.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "otif": otif,
                "fill_rate": fill_rate,
                "cost_per_order": cost_per_order,
                "hold_rate": hold_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_interval import ExperimentInterval  # noqa: PLC0415

        d = dict(src_dict)
        otif = ExperimentInterval.from_dict(d.pop("otif"))

        fill_rate = ExperimentInterval.from_dict(d.pop("fill_rate"))

        cost_per_order = ExperimentInterval.from_dict(d.pop("cost_per_order"))

        hold_rate = ExperimentInterval.from_dict(d.pop("hold_rate"))

        experiment_deltas = cls(
            otif=otif,
            fill_rate=fill_rate,
            cost_per_order=cost_per_order,
            hold_rate=hold_rate,
        )

        experiment_deltas.additional_properties = d
        return experiment_deltas

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

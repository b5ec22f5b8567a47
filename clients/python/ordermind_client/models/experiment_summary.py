from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.experiment_summary_orders import ExperimentSummaryOrders


T = TypeVar("T", bound="ExperimentSummary")


@_attrs_define
class ExperimentSummary:
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
        orders (ExperimentSummaryOrders): group (treatment, control) -> orders assigned
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
    orders: ExperimentSummaryOrders
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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

        orders = self.orders.to_dict()

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
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_summary_orders import ExperimentSummaryOrders  # noqa: PLC0415

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

        orders = ExperimentSummaryOrders.from_dict(d.pop("orders"))

        experiment_summary = cls(
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
            orders=orders,
        )

        experiment_summary.additional_properties = d
        return experiment_summary

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

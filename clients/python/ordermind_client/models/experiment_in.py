from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExperimentIn")


@_attrs_define
class ExperimentIn:
    """
    Attributes:
        name (str):
        policy (str): sourcing_strategy | risk_screen
        treatment (str): the policy value the treatment group is served by
        control (None | str | Unset): the control group's value; default the rules (sourcing_strategy: `channel`, each
            channel's configured strategy; risk_screen: `rules`)
        unit (str | Unset): customer | channel: what is split Default: 'customer'.
        share (float | int | Unset): the treatment group's share of the units, 0 < share < 1 Default: 0.5.
        mode (str | Unset): live | shadow (every order served by the control; the treatment group's orders record what
            the treatment would have decided) Default: 'live'.
    """

    name: str
    policy: str
    treatment: str
    control: None | str | Unset = UNSET
    unit: str | Unset = "customer"
    share: float | int | Unset = 0.5
    mode: str | Unset = "live"

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        policy = self.policy

        treatment = self.treatment

        control: None | str | Unset
        if isinstance(self.control, Unset):
            control = UNSET
        else:
            control = self.control

        unit = self.unit

        share: float | int | Unset
        if isinstance(self.share, Unset):
            share = UNSET
        else:
            share = self.share

        mode = self.mode

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "policy": policy,
                "treatment": treatment,
            }
        )
        if control is not UNSET:
            field_dict["control"] = control
        if unit is not UNSET:
            field_dict["unit"] = unit
        if share is not UNSET:
            field_dict["share"] = share
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        policy = d.pop("policy")

        treatment = d.pop("treatment")

        def _parse_control(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        control = _parse_control(d.pop("control", UNSET))

        unit = d.pop("unit", UNSET)

        def _parse_share(data: object) -> float | int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | int | Unset, data)

        share = _parse_share(d.pop("share", UNSET))

        mode = d.pop("mode", UNSET)

        experiment_in = cls(
            name=name,
            policy=policy,
            treatment=treatment,
            control=control,
            unit=unit,
            share=share,
            mode=mode,
        )

        return experiment_in

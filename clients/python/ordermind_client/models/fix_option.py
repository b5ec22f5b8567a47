from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.auto_decision import AutoDecision
    from ..models.fix_effects import FixEffects
    from ..models.fix_option_params import FixOptionParams


T = TypeVar("T", bound="FixOption")


@_attrs_define
class FixOption:
    """
    Attributes:
        n (int): its rank: POST .../fixes/{n}/apply
        type_ (str):
        key (str): stable for the same fix on the same state: send as `expect`
        label (str):
        params (FixOptionParams):
        effects (FixEffects): What the fix would do, found by applying it and rolling back.
        auto (AutoDecision):
        score (float | None): the learned ranker's score, if it ranked
    """

    n: int
    type_: str
    key: str
    label: str
    params: FixOptionParams
    effects: FixEffects
    auto: AutoDecision
    score: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        n = self.n

        type_ = self.type_

        key = self.key

        label = self.label

        params = self.params.to_dict()

        effects = self.effects.to_dict()

        auto = self.auto.to_dict()

        score: float | None
        score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "n": n,
                "type": type_,
                "key": key,
                "label": label,
                "params": params,
                "effects": effects,
                "auto": auto,
                "score": score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_decision import AutoDecision  # noqa: PLC0415
        from ..models.fix_effects import FixEffects  # noqa: PLC0415
        from ..models.fix_option_params import FixOptionParams  # noqa: PLC0415

        d = dict(src_dict)
        n = d.pop("n")

        type_ = d.pop("type")

        key = d.pop("key")

        label = d.pop("label")

        params = FixOptionParams.from_dict(d.pop("params"))

        effects = FixEffects.from_dict(d.pop("effects"))

        auto = AutoDecision.from_dict(d.pop("auto"))

        def _parse_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        score = _parse_score(d.pop("score"))

        fix_option = cls(
            n=n,
            type_=type_,
            key=key,
            label=label,
            params=params,
            effects=effects,
            auto=auto,
            score=score,
        )

        fix_option.additional_properties = d
        return fix_option

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DelayRisk")


@_attrs_define
class DelayRisk:
    """The order's latest delay score.

    Attributes:
        late_probability (float):
        top_factors (list[str]):
        model_version (str):
        fallback_used (bool):
        fallback_reason (None | str):
        stage (str):
        scored_at (datetime.datetime):
    """

    late_probability: float
    top_factors: list[str]
    model_version: str
    fallback_used: bool
    fallback_reason: None | str
    stage: str
    scored_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        late_probability = self.late_probability

        top_factors = self.top_factors

        model_version = self.model_version

        fallback_used = self.fallback_used

        fallback_reason: None | str
        fallback_reason = self.fallback_reason

        stage = self.stage

        scored_at = self.scored_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "late_probability": late_probability,
                "top_factors": top_factors,
                "model_version": model_version,
                "fallback_used": fallback_used,
                "fallback_reason": fallback_reason,
                "stage": stage,
                "scored_at": scored_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        late_probability = d.pop("late_probability")

        top_factors = cast(list[str], d.pop("top_factors"))

        model_version = d.pop("model_version")

        fallback_used = d.pop("fallback_used")

        def _parse_fallback_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fallback_reason = _parse_fallback_reason(d.pop("fallback_reason"))

        stage = d.pop("stage")

        scored_at = datetime.datetime.fromisoformat(d.pop("scored_at"))

        delay_risk = cls(
            late_probability=late_probability,
            top_factors=top_factors,
            model_version=model_version,
            fallback_used=fallback_used,
            fallback_reason=fallback_reason,
            stage=stage,
            scored_at=scored_at,
        )

        delay_risk.additional_properties = d
        return delay_risk

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

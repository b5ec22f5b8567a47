from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.priority_factor import PriorityFactor


T = TypeVar("T", bound="PriorityOut")


@_attrs_define
class PriorityOut:
    """
    Attributes:
        score (float): 0-100
        policy (str):
        explanation (list[str]):
        factors (list[PriorityFactor]):
    """

    score: float
    policy: str
    explanation: list[str]
    factors: list[PriorityFactor]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        score = self.score

        policy = self.policy

        explanation = self.explanation

        factors = []
        for factors_item_data in self.factors:
            factors_item = factors_item_data.to_dict()
            factors.append(factors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "score": score,
                "policy": policy,
                "explanation": explanation,
                "factors": factors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.priority_factor import PriorityFactor  # noqa: PLC0415

        d = dict(src_dict)
        score = d.pop("score")

        policy = d.pop("policy")

        explanation = cast(list[str], d.pop("explanation"))

        factors = []
        _factors = d.pop("factors")
        for factors_item_data in _factors:
            factors_item = PriorityFactor.from_dict(factors_item_data)

            factors.append(factors_item)

        priority_out = cls(
            score=score,
            policy=policy,
            explanation=explanation,
            factors=factors,
        )

        priority_out.additional_properties = d
        return priority_out

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

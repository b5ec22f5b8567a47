from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.intake_outcome_parsed import IntakeOutcomeParsed


T = TypeVar("T", bound="IntakeOutcome")


@_attrs_define
class IntakeOutcome:
    """
    Attributes:
        document_id (int):
        status (str): placed, review or duplicate
        order_id (int | None):
        confidence (float):
        reasons (list[str]):
        parsed (IntakeOutcomeParsed):
    """

    document_id: int
    status: str
    order_id: int | None
    confidence: float
    reasons: list[str]
    parsed: IntakeOutcomeParsed
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        status = self.status

        order_id: int | None
        order_id = self.order_id

        confidence = self.confidence

        reasons = self.reasons

        parsed = self.parsed.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "document_id": document_id,
                "status": status,
                "order_id": order_id,
                "confidence": confidence,
                "reasons": reasons,
                "parsed": parsed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intake_outcome_parsed import IntakeOutcomeParsed  # noqa: PLC0415

        d = dict(src_dict)
        document_id = d.pop("document_id")

        status = d.pop("status")

        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))

        confidence = d.pop("confidence")

        reasons = cast(list[str], d.pop("reasons"))

        parsed = IntakeOutcomeParsed.from_dict(d.pop("parsed"))

        intake_outcome = cls(
            document_id=document_id,
            status=status,
            order_id=order_id,
            confidence=confidence,
            reasons=reasons,
            parsed=parsed,
        )

        intake_outcome.additional_properties = d
        return intake_outcome

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Purged")


@_attrs_define
class Purged:
    """
    Attributes:
        idempotency_responses (int): stored responses deleted
        raw_documents (int): documents whose file was emptied
    """

    idempotency_responses: int
    raw_documents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        idempotency_responses = self.idempotency_responses

        raw_documents = self.raw_documents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "idempotency_responses": idempotency_responses,
                "raw_documents": raw_documents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        idempotency_responses = d.pop("idempotency_responses")

        raw_documents = d.pop("raw_documents")

        purged = cls(
            idempotency_responses=idempotency_responses,
            raw_documents=raw_documents,
        )

        purged.additional_properties = d
        return purged

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

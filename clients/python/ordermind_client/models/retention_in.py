from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RetentionIn")


@_attrs_define
class RetentionIn:
    """
    Attributes:
        idempotency_responses (int | None | Unset):
        raw_documents (int | None | Unset):
    """

    idempotency_responses: int | None | Unset = UNSET
    raw_documents: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        idempotency_responses: int | None | Unset
        if isinstance(self.idempotency_responses, Unset):
            idempotency_responses = UNSET
        else:
            idempotency_responses = self.idempotency_responses

        raw_documents: int | None | Unset
        if isinstance(self.raw_documents, Unset):
            raw_documents = UNSET
        else:
            raw_documents = self.raw_documents

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if idempotency_responses is not UNSET:
            field_dict["idempotency_responses"] = idempotency_responses
        if raw_documents is not UNSET:
            field_dict["raw_documents"] = raw_documents

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_idempotency_responses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        idempotency_responses = _parse_idempotency_responses(d.pop("idempotency_responses", UNSET))

        def _parse_raw_documents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        raw_documents = _parse_raw_documents(d.pop("raw_documents", UNSET))

        retention_in = cls(
            idempotency_responses=idempotency_responses,
            raw_documents=raw_documents,
        )

        return retention_in

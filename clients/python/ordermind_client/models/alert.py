from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Alert")


@_attrs_define
class Alert:
    """
    Attributes:
        id (int):
        kind (str):
        channel (str):
        at (datetime.datetime):
        observed (float):
        expected (float):
        message (str):
        created_at (datetime.datetime):
    """

    id: int
    kind: str
    channel: str
    at: datetime.datetime
    observed: float
    expected: float
    message: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        channel = self.channel

        at = self.at.isoformat()

        observed = self.observed

        expected = self.expected

        message = self.message

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "channel": channel,
                "at": at,
                "observed": observed,
                "expected": expected,
                "message": message,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        channel = d.pop("channel")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        observed = d.pop("observed")

        expected = d.pop("expected")

        message = d.pop("message")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        alert = cls(
            id=id,
            kind=kind,
            channel=channel,
            at=at,
            observed=observed,
            expected=expected,
            message=message,
            created_at=created_at,
        )

        alert.additional_properties = d
        return alert

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

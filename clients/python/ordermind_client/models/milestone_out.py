from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MilestoneOut")


@_attrs_define
class MilestoneOut:
    """
    Attributes:
        id (int):
        milestone (str):
        subject (str):
        status (str):
        note (None | str):
        created_at (datetime.datetime):
        processed_at (datetime.datetime | None):
    """

    id: int
    milestone: str
    subject: str
    status: str
    note: None | str
    created_at: datetime.datetime
    processed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        milestone = self.milestone

        subject = self.subject

        status = self.status

        note: None | str
        note = self.note

        created_at = self.created_at.isoformat()

        processed_at: None | str
        if isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "milestone": milestone,
                "subject": subject,
                "status": status,
                "note": note,
                "created_at": created_at,
                "processed_at": processed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        milestone = d.pop("milestone")

        subject = d.pop("subject")

        status = d.pop("status")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_processed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)

                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processed_at = _parse_processed_at(d.pop("processed_at"))

        milestone_out = cls(
            id=id,
            milestone=milestone,
            subject=subject,
            status=status,
            note=note,
            created_at=created_at,
            processed_at=processed_at,
        )

        milestone_out.additional_properties = d
        return milestone_out

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

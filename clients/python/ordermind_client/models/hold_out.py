from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HoldOut")


@_attrs_define
class HoldOut:
    """
    Attributes:
        id (str):
        reason (str): fraud, payment, intake_review, credit, address, manual
        note (None | str):
        active (bool):
        placed_by (str):
        placed_at (datetime.datetime):
        released_at (datetime.datetime | None):
        released_by (None | str):
        resolution (None | str):
    """

    id: str
    reason: str
    note: None | str
    active: bool
    placed_by: str
    placed_at: datetime.datetime
    released_at: datetime.datetime | None
    released_by: None | str
    resolution: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reason = self.reason

        note: None | str
        note = self.note

        active = self.active

        placed_by = self.placed_by

        placed_at = self.placed_at.isoformat()

        released_at: None | str
        if isinstance(self.released_at, datetime.datetime):
            released_at = self.released_at.isoformat()
        else:
            released_at = self.released_at

        released_by: None | str
        released_by = self.released_by

        resolution: None | str
        resolution = self.resolution

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "reason": reason,
                "note": note,
                "active": active,
                "placed_by": placed_by,
                "placed_at": placed_at,
                "released_at": released_at,
                "released_by": released_by,
                "resolution": resolution,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        reason = d.pop("reason")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        active = d.pop("active")

        placed_by = d.pop("placed_by")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        def _parse_released_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                released_at_type_0 = datetime.datetime.fromisoformat(data)

                return released_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        released_at = _parse_released_at(d.pop("released_at"))

        def _parse_released_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        released_by = _parse_released_by(d.pop("released_by"))

        def _parse_resolution(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution = _parse_resolution(d.pop("resolution"))

        hold_out = cls(
            id=id,
            reason=reason,
            note=note,
            active=active,
            placed_by=placed_by,
            placed_at=placed_at,
            released_at=released_at,
            released_by=released_by,
            resolution=resolution,
        )

        hold_out.additional_properties = d
        return hold_out

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

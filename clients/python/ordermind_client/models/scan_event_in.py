from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.scan_event_in_status import ScanEventInStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanEventIn")


@_attrs_define
class ScanEventIn:
    """
    Attributes:
        status (ScanEventInStatus):
        at (datetime.datetime):
        location (None | str | Unset):
    """

    status: ScanEventInStatus
    at: datetime.datetime
    location: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        at = self.at.isoformat()

        location: None | str | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        else:
            location = self.location

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "at": at,
            }
        )
        if location is not UNSET:
            field_dict["location"] = location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = ScanEventInStatus(d.pop("status"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_location(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        scan_event_in = cls(
            status=status,
            at=at,
            location=location,
        )

        return scan_event_in

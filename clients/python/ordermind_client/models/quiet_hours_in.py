from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="QuietHoursIn")


@_attrs_define
class QuietHoursIn:
    """
    Attributes:
        start (str): HH:MM on the customer's clock
        end (str): HH:MM; before start = across midnight
        timezone (str): IANA time zone
    """

    start: str
    end: str
    timezone: str

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start": start,
                "end": end,
                "timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        timezone = d.pop("timezone")

        quiet_hours_in = cls(
            start=start,
            end=end,
            timezone=timezone,
        )

        return quiet_hours_in

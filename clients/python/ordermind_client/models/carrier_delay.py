from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CarrierDelay")


@_attrs_define
class CarrierDelay:
    """
    Attributes:
        carrier (str):
        extra_days (float):
        from_ (datetime.datetime):
        until (datetime.datetime):
        reason (str):
        set_by (str):
        set_at (datetime.datetime):
        active (bool): in force now
    """

    carrier: str
    extra_days: float
    from_: datetime.datetime
    until: datetime.datetime
    reason: str
    set_by: str
    set_at: datetime.datetime
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        carrier = self.carrier

        extra_days = self.extra_days

        from_ = self.from_.isoformat()

        until = self.until.isoformat()

        reason = self.reason

        set_by = self.set_by

        set_at = self.set_at.isoformat()

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "carrier": carrier,
                "extra_days": extra_days,
                "from": from_,
                "until": until,
                "reason": reason,
                "set_by": set_by,
                "set_at": set_at,
                "active": active,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        carrier = d.pop("carrier")

        extra_days = d.pop("extra_days")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        until = datetime.datetime.fromisoformat(d.pop("until"))

        reason = d.pop("reason")

        set_by = d.pop("set_by")

        set_at = datetime.datetime.fromisoformat(d.pop("set_at"))

        active = d.pop("active")

        carrier_delay = cls(
            carrier=carrier,
            extra_days=extra_days,
            from_=from_,
            until=until,
            reason=reason,
            set_by=set_by,
            set_at=set_at,
            active=active,
        )

        carrier_delay.additional_properties = d
        return carrier_delay

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

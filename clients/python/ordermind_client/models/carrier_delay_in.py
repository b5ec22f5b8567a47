from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CarrierDelayIn")


@_attrs_define
class CarrierDelayIn:
    """
    Attributes:
        extra_days (float): how many days longer its parcels take
        until (datetime.datetime):
        reason (str):
        from_ (datetime.datetime | None | Unset): start (default: now)
    """

    extra_days: float
    until: datetime.datetime
    reason: str
    from_: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        extra_days = self.extra_days

        until = self.until.isoformat()

        reason = self.reason

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.datetime):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "extra_days": extra_days,
                "until": until,
                "reason": reason,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        extra_days = d.pop("extra_days")

        until = datetime.datetime.fromisoformat(d.pop("until"))

        reason = d.pop("reason")

        def _parse_from_(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.datetime.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        carrier_delay_in = cls(
            extra_days=extra_days,
            until=until,
            reason=reason,
            from_=from_,
        )

        return carrier_delay_in

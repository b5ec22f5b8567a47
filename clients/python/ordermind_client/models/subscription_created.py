from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubscriptionCreated")


@_attrs_define
class SubscriptionCreated:
    """
    Attributes:
        id (int):
        url (str):
        event_types (list[str]):
        ordered (bool): events delivered one at a time, in order
        active (bool):
        failing (bool):
        failing_since (datetime.datetime | None):
        consecutive_failures (int):
        created_at (datetime.datetime):
        secret (str): the signing secret (whsec_...): shown this once
    """

    id: int
    url: str
    event_types: list[str]
    ordered: bool
    active: bool
    failing: bool
    failing_since: datetime.datetime | None
    consecutive_failures: int
    created_at: datetime.datetime
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        event_types = self.event_types

        ordered = self.ordered

        active = self.active

        failing = self.failing

        failing_since: None | str
        if isinstance(self.failing_since, datetime.datetime):
            failing_since = self.failing_since.isoformat()
        else:
            failing_since = self.failing_since

        consecutive_failures = self.consecutive_failures

        created_at = self.created_at.isoformat()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "event_types": event_types,
                "ordered": ordered,
                "active": active,
                "failing": failing,
                "failing_since": failing_since,
                "consecutive_failures": consecutive_failures,
                "created_at": created_at,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))

        ordered = d.pop("ordered")

        active = d.pop("active")

        failing = d.pop("failing")

        def _parse_failing_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_since_type_0 = datetime.datetime.fromisoformat(data)

                return failing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failing_since = _parse_failing_since(d.pop("failing_since"))

        consecutive_failures = d.pop("consecutive_failures")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        secret = d.pop("secret")

        subscription_created = cls(
            id=id,
            url=url,
            event_types=event_types,
            ordered=ordered,
            active=active,
            failing=failing,
            failing_since=failing_since,
            consecutive_failures=consecutive_failures,
            created_at=created_at,
            secret=secret,
        )

        subscription_created.additional_properties = d
        return subscription_created

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

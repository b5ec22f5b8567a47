from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerTokenIn")


@_attrs_define
class CustomerTokenIn:
    """
    Attributes:
        email (str):
        ttl_seconds (int | Unset):  Default: 3600.
        channel (None | str | Unset):
    """

    email: str
    ttl_seconds: int | Unset = 3600
    channel: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        ttl_seconds = self.ttl_seconds

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        else:
            channel = self.channel

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds
        if channel is not UNSET:
            field_dict["channel"] = channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        def _parse_channel(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        customer_token_in = cls(
            email=email,
            ttl_seconds=ttl_seconds,
            channel=channel,
        )

        return customer_token_in

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.key_in_role import KeyInRole
from ..models.key_in_scope_type_0 import KeyInScopeType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyIn")


@_attrs_define
class KeyIn:
    """
    Attributes:
        role (KeyInRole):
        channel (None | str | Unset):
        name (None | str | Unset):
        expires_at (datetime.datetime | None | Unset):
        scope (KeyInScopeType0 | None | Unset):
    """

    role: KeyInRole
    channel: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    scope: KeyInScopeType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        else:
            channel = self.channel

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        elif isinstance(self.scope, KeyInScopeType0):
            scope = self.scope.value
        else:
            scope = self.scope

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if name is not UNSET:
            field_dict["name"] = name
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = KeyInRole(d.pop("role"))

        def _parse_channel(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_scope(data: object) -> KeyInScopeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_0 = KeyInScopeType0(data)

                return scope_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KeyInScopeType0 | None | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        key_in = cls(
            role=role,
            channel=channel,
            name=name,
            expires_at=expires_at,
            scope=scope,
        )

        return key_in

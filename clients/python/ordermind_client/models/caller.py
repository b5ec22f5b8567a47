from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.caller_key import CallerKey
    from ..models.session_info import SessionInfo


T = TypeVar("T", bound="Caller")


@_attrs_define
class Caller:
    """
    Attributes:
        key (CallerKey):
        permissions (list[str]): resource:action, as in SECURITY.md
        session (None | SessionInfo): null when called with a key, not a cookie
    """

    key: CallerKey
    permissions: list[str]
    session: None | SessionInfo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_info import SessionInfo  # noqa: PLC0415

        key = self.key.to_dict()

        permissions = self.permissions

        session: dict[str, Any] | None
        if isinstance(self.session, SessionInfo):
            session = self.session.to_dict()
        else:
            session = self.session

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "permissions": permissions,
                "session": session,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caller_key import CallerKey  # noqa: PLC0415
        from ..models.session_info import SessionInfo  # noqa: PLC0415

        d = dict(src_dict)
        key = CallerKey.from_dict(d.pop("key"))

        permissions = cast(list[str], d.pop("permissions"))

        def _parse_session(data: object) -> None | SessionInfo:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                session_type_0 = SessionInfo.from_dict(data)

                return session_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionInfo, data)

        session = _parse_session(d.pop("session"))

        caller = cls(
            key=key,
            permissions=permissions,
            session=session,
        )

        caller.additional_properties = d
        return caller

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

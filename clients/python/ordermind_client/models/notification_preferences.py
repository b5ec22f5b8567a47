from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.notification_preferences_channels import NotificationPreferencesChannels
    from ..models.quiet_hours import QuietHours


T = TypeVar("T", bound="NotificationPreferences")


@_attrs_define
class NotificationPreferences:
    """
    Attributes:
        email (str):
        channels (NotificationPreferencesChannels): email, webhook: told through it or not
        opted_out (list[str]): milestones not told about
        opt_out_all (bool):
        locale (None | str):
        quiet_hours (None | QuietHours):
        default (bool): true: nothing stored, these are the defaults
    """

    email: str
    channels: NotificationPreferencesChannels
    opted_out: list[str]
    opt_out_all: bool
    locale: None | str
    quiet_hours: None | QuietHours
    default: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        email = self.email

        channels = self.channels.to_dict()

        opted_out = self.opted_out

        opt_out_all = self.opt_out_all

        locale: None | str
        locale = self.locale

        quiet_hours: dict[str, Any] | None
        if isinstance(self.quiet_hours, QuietHours):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        default = self.default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "channels": channels,
                "opted_out": opted_out,
                "opt_out_all": opt_out_all,
                "locale": locale,
                "quiet_hours": quiet_hours,
                "default": default,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_preferences_channels import NotificationPreferencesChannels  # noqa: PLC0415
        from ..models.quiet_hours import QuietHours  # noqa: PLC0415

        d = dict(src_dict)
        email = d.pop("email")

        channels = NotificationPreferencesChannels.from_dict(d.pop("channels"))

        opted_out = cast(list[str], d.pop("opted_out"))

        opt_out_all = d.pop("opt_out_all")

        def _parse_locale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locale = _parse_locale(d.pop("locale"))

        def _parse_quiet_hours(data: object) -> None | QuietHours:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_0 = QuietHours.from_dict(data)

                return quiet_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuietHours, data)

        quiet_hours = _parse_quiet_hours(d.pop("quiet_hours"))

        default = d.pop("default")

        notification_preferences = cls(
            email=email,
            channels=channels,
            opted_out=opted_out,
            opt_out_all=opt_out_all,
            locale=locale,
            quiet_hours=quiet_hours,
            default=default,
        )

        notification_preferences.additional_properties = d
        return notification_preferences

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preferences_in_channels import PreferencesInChannels
    from ..models.quiet_hours_in import QuietHoursIn


T = TypeVar("T", bound="PreferencesIn")


@_attrs_define
class PreferencesIn:
    """The whole set (PUT replaces it); a field left out takes its default.

    Attributes:
        channels (PreferencesInChannels | Unset): email, webhook: which channels the customer is told through
        opted_out (list[str] | Unset): milestones not to be told about: confirmed, shipped, delay_predicted, delivered,
            return_received, refunded
        opt_out_all (bool | Unset):  Default: False.
        locale (None | str | Unset): default: the ship-to country's language
        quiet_hours (None | QuietHoursIn | Unset):
    """

    channels: PreferencesInChannels | Unset = UNSET
    opted_out: list[str] | Unset = UNSET
    opt_out_all: bool | Unset = False
    locale: None | str | Unset = UNSET
    quiet_hours: None | QuietHoursIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.quiet_hours_in import QuietHoursIn  # noqa: PLC0415

        channels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels.to_dict()

        opted_out: list[str] | Unset = UNSET
        if not isinstance(self.opted_out, Unset):
            opted_out = self.opted_out

        opt_out_all = self.opt_out_all

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        quiet_hours: dict[str, Any] | None | Unset
        if isinstance(self.quiet_hours, Unset):
            quiet_hours = UNSET
        elif isinstance(self.quiet_hours, QuietHoursIn):
            quiet_hours = self.quiet_hours.to_dict()
        else:
            quiet_hours = self.quiet_hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if channels is not UNSET:
            field_dict["channels"] = channels
        if opted_out is not UNSET:
            field_dict["opted_out"] = opted_out
        if opt_out_all is not UNSET:
            field_dict["opt_out_all"] = opt_out_all
        if locale is not UNSET:
            field_dict["locale"] = locale
        if quiet_hours is not UNSET:
            field_dict["quiet_hours"] = quiet_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences_in_channels import PreferencesInChannels  # noqa: PLC0415
        from ..models.quiet_hours_in import QuietHoursIn  # noqa: PLC0415

        d = dict(src_dict)
        _channels = d.pop("channels", UNSET)
        channels: PreferencesInChannels | Unset
        if isinstance(_channels, Unset):
            channels = UNSET
        else:
            channels = PreferencesInChannels.from_dict(_channels)

        opted_out = cast(list[str], d.pop("opted_out", UNSET))

        opt_out_all = d.pop("opt_out_all", UNSET)

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_quiet_hours(data: object) -> None | QuietHoursIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiet_hours_type_0 = QuietHoursIn.from_dict(data)

                return quiet_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuietHoursIn | Unset, data)

        quiet_hours = _parse_quiet_hours(d.pop("quiet_hours", UNSET))

        preferences_in = cls(
            channels=channels,
            opted_out=opted_out,
            opt_out_all=opt_out_all,
            locale=locale,
            quiet_hours=quiet_hours,
        )

        return preferences_in

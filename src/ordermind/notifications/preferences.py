"""A customer's notification preferences: channels, opt-outs, locale and quiet hours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from ordermind.domain.errors import ValidationFailed

from .milestones import Milestone, parse_milestone

CHANNELS = ("email", "webhook")
DEFAULT_CHANNELS = frozenset({"email"})


@dataclass(frozen=True)
class QuietHours:
    """A daily window on the customer's clock, e.g. 21:00-08:00 (it may cross midnight)."""

    start: time
    end: time
    timezone: str

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValidationFailed("quiet hours must not start and end at the same time")
        try:
            if len(self.timezone) > 64:
                raise ValueError
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValidationFailed(
                f"unknown time zone {self.timezone[:40]!r}; use an IANA name like Europe/Berlin"
            ) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Preferences:
    channels: frozenset[str] = DEFAULT_CHANNELS
    opted_out: frozenset[Milestone] = field(default_factory=frozenset)
    opt_out_all: bool = False
    locale: str | None = None  # None: from the ship-to country, else English
    quiet_hours: QuietHours | None = None

    def wants(self, milestone: Milestone) -> bool:
        return not self.opt_out_all and milestone not in self.opted_out

    def to_dict(self) -> dict:
        q = self.quiet_hours
        return {
            "channels": {c: c in self.channels for c in CHANNELS},
            "opted_out": sorted(m.value for m in self.opted_out),
            "opt_out_all": self.opt_out_all,
            "locale": self.locale,
            "quiet_hours": None
            if q is None
            else {
                "start": q.start.strftime("%H:%M"),
                "end": q.end.strftime("%H:%M"),
                "timezone": q.timezone,
            },
        }


DEFAULT = Preferences()


def _clock(value: object, name: str) -> time:
    try:
        text = str(value)
        if len(text) != 5 or text[2] != ":":
            raise ValueError
        return time.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"quiet_hours.{name} must be HH:MM, got {value!r}") from None


def parse_locale(value: str) -> str:
    """A locale as babel knows it (de, de_AT, fr_CH...), normalised; refuses made-up ones."""
    try:
        if len(value) > 35:
            raise ValueError
        return str(Locale.parse(value.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationFailed(
            f"unknown locale {value[:40]!r}; use a code like en, de or de_AT"
        ) from None


def parse_preferences(body: Mapping) -> Preferences:
    """Preferences from their JSON form (as `Preferences.to_dict` writes it)."""
    unknown = set(body) - {"channels", "opted_out", "opt_out_all", "locale", "quiet_hours"}
    if unknown:
        raise ValidationFailed(f"unknown preference field(s): {', '.join(sorted(unknown))}")
    channels = body.get("channels", {c: c in DEFAULT_CHANNELS for c in CHANNELS})
    if not isinstance(channels, Mapping) or not all(isinstance(v, bool) for v in channels.values()):
        raise ValidationFailed('channels must map a channel to true or false, e.g. {"email": true}')
    bad = set(channels) - set(CHANNELS)
    if bad:
        raise ValidationFailed(
            f"unknown channel(s) {', '.join(sorted(bad))}; one of {', '.join(CHANNELS)}"
        )
    opted = body.get("opted_out", [])
    if not isinstance(opted, list) or not all(isinstance(m, str) for m in opted):
        raise ValidationFailed("opted_out must be a list of milestones")
    opt_all = body.get("opt_out_all", False)
    if not isinstance(opt_all, bool):
        raise ValidationFailed("opt_out_all must be true or false")
    locale = body.get("locale")
    if locale is not None and not isinstance(locale, str):
        raise ValidationFailed("locale must be a string such as de")
    quiet = body.get("quiet_hours")
    hours = None
    if quiet is not None:
        if not isinstance(quiet, Mapping) or set(quiet) != {"start", "end", "timezone"}:
            raise ValidationFailed("quiet_hours needs exactly start, end (HH:MM) and timezone")
        if not isinstance(quiet["timezone"], str):
            raise ValidationFailed("quiet_hours.timezone must be a string")
        hours = QuietHours(
            _clock(quiet["start"], "start"), _clock(quiet["end"], "end"), quiet["timezone"]
        )
    return Preferences(
        channels=frozenset(c for c, on in channels.items() if on),
        opted_out=frozenset(parse_milestone(m) for m in opted),
        opt_out_all=opt_all,
        locale=None if locale is None else parse_locale(locale),
        quiet_hours=hours,
    )

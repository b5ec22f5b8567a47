from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NotificationMessage")


@_attrs_define
class NotificationMessage:
    """
    Attributes:
        id (int):
        milestone (str):
        subject (str):
        channel (str): email or webhook
        status (str):
        reason (None | str):
        attempts (int):
        next_attempt_at (datetime.datetime | None):
        last_error (None | str):
        message_id (None | str):
        locale (None | str):
        title (None | str):
        created_at (datetime.datetime):
        sent_at (datetime.datetime | None):
    """

    id: int
    milestone: str
    subject: str
    channel: str
    status: str
    reason: None | str
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_error: None | str
    message_id: None | str
    locale: None | str
    title: None | str
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        milestone = self.milestone

        subject = self.subject

        channel = self.channel

        status = self.status

        reason: None | str
        reason = self.reason

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        last_error: None | str
        last_error = self.last_error

        message_id: None | str
        message_id = self.message_id

        locale: None | str
        locale = self.locale

        title: None | str
        title = self.title

        created_at = self.created_at.isoformat()

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "milestone": milestone,
                "subject": subject,
                "channel": channel,
                "status": status,
                "reason": reason,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "last_error": last_error,
                "message_id": message_id,
                "locale": locale,
                "title": title,
                "created_at": created_at,
                "sent_at": sent_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        milestone = d.pop("milestone")

        subject = d.pop("subject")

        channel = d.pop("channel")

        status = d.pop("status")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message_id = _parse_message_id(d.pop("message_id"))

        def _parse_locale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locale = _parse_locale(d.pop("locale"))

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        notification_message = cls(
            id=id,
            milestone=milestone,
            subject=subject,
            channel=channel,
            status=status,
            reason=reason,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_error=last_error,
            message_id=message_id,
            locale=locale,
            title=title,
            created_at=created_at,
            sent_at=sent_at,
        )

        notification_message.additional_properties = d
        return notification_message

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

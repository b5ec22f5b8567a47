from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transcript_message import TranscriptMessage


T = TypeVar("T", bound="Conversation")


@_attrs_define
class Conversation:
    """
    Attributes:
        id (str):
        channel (None | str):
        locale (str):
        state (None | str):
        order_id (int | None):
        case_id (int | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        messages (list[TranscriptMessage]):
    """

    id: str
    channel: None | str
    locale: str
    state: None | str
    order_id: int | None
    case_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    messages: list[TranscriptMessage]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        channel: None | str
        channel = self.channel

        locale = self.locale

        state: None | str
        state = self.state

        order_id: int | None
        order_id = self.order_id

        case_id: int | None
        case_id = self.case_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "channel": channel,
                "locale": locale,
                "state": state,
                "order_id": order_id,
                "case_id": case_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "messages": messages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transcript_message import TranscriptMessage  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_channel(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        channel = _parse_channel(d.pop("channel"))

        locale = d.pop("locale")

        def _parse_state(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        state = _parse_state(d.pop("state"))

        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))

        def _parse_case_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        case_id = _parse_case_id(d.pop("case_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = TranscriptMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        conversation = cls(
            id=id,
            channel=channel,
            locale=locale,
            state=state,
            order_id=order_id,
            case_id=case_id,
            created_at=created_at,
            updated_at=updated_at,
            messages=messages,
        )

        conversation.additional_properties = d
        return conversation

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

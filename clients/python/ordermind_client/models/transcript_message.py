from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transcript_message_action_type_0 import TranscriptMessageActionType0


T = TypeVar("T", bound="TranscriptMessage")


@_attrs_define
class TranscriptMessage:
    """
    Attributes:
        seq (int):
        author (str): customer, assistant or agent
        text (str):
        at (datetime.datetime):
        actor (None | str):
        intent (None | str):
        confidence (float | None):
        action (None | TranscriptMessageActionType0):
    """

    seq: int
    author: str
    text: str
    at: datetime.datetime
    actor: None | str
    intent: None | str
    confidence: float | None
    action: None | TranscriptMessageActionType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transcript_message_action_type_0 import TranscriptMessageActionType0  # noqa: PLC0415

        seq = self.seq

        author = self.author

        text = self.text

        at = self.at.isoformat()

        actor: None | str
        actor = self.actor

        intent: None | str
        intent = self.intent

        confidence: float | None
        confidence = self.confidence

        action: dict[str, Any] | None
        if isinstance(self.action, TranscriptMessageActionType0):
            action = self.action.to_dict()
        else:
            action = self.action

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "author": author,
                "text": text,
                "at": at,
                "actor": actor,
                "intent": intent,
                "confidence": confidence,
                "action": action,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transcript_message_action_type_0 import TranscriptMessageActionType0  # noqa: PLC0415

        d = dict(src_dict)
        seq = d.pop("seq")

        author = d.pop("author")

        text = d.pop("text")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_actor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_intent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        intent = _parse_intent(d.pop("intent"))

        def _parse_confidence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        confidence = _parse_confidence(d.pop("confidence"))

        def _parse_action(data: object) -> None | TranscriptMessageActionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                action_type_0 = TranscriptMessageActionType0.from_dict(data)

                return action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TranscriptMessageActionType0, data)

        action = _parse_action(d.pop("action"))

        transcript_message = cls(
            seq=seq,
            author=author,
            text=text,
            at=at,
            actor=actor,
            intent=intent,
            confidence=confidence,
            action=action,
        )

        transcript_message.additional_properties = d
        return transcript_message

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.assistant_reply_action_type_0 import AssistantReplyActionType0
    from ..models.assistant_reply_agent_messages_item import AssistantReplyAgentMessagesItem


T = TypeVar("T", bound="AssistantReply")


@_attrs_define
class AssistantReply:
    """
    Attributes:
        conversation_id (str):
        reply (str): what the assistant answers, grounded in the order
        intent (None | str): the recognised intent
        confidence (float | None): its calibrated probability
        state (str): e.g. awaiting_order, verified, confirming, handed_off
        verified (bool): whether the person is verified for an order
        action (AssistantReplyActionType0 | None): an action taken or awaiting a yes
        case_id (int | None): the desk case after a hand-off
        agent_messages (list[AssistantReplyAgentMessagesItem]): what an agent wrote meanwhile
        seq (int): the last message's sequence number
    """

    conversation_id: str
    reply: str
    intent: None | str
    confidence: float | None
    state: str
    verified: bool
    action: AssistantReplyActionType0 | None
    case_id: int | None
    agent_messages: list[AssistantReplyAgentMessagesItem]
    seq: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assistant_reply_action_type_0 import AssistantReplyActionType0  # noqa: PLC0415

        conversation_id = self.conversation_id

        reply = self.reply

        intent: None | str
        intent = self.intent

        confidence: float | None
        confidence = self.confidence

        state = self.state

        verified = self.verified

        action: dict[str, Any] | None
        if isinstance(self.action, AssistantReplyActionType0):
            action = self.action.to_dict()
        else:
            action = self.action

        case_id: int | None
        case_id = self.case_id

        agent_messages = []
        for agent_messages_item_data in self.agent_messages:
            agent_messages_item = agent_messages_item_data.to_dict()
            agent_messages.append(agent_messages_item)

        seq = self.seq

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "reply": reply,
                "intent": intent,
                "confidence": confidence,
                "state": state,
                "verified": verified,
                "action": action,
                "case_id": case_id,
                "agent_messages": agent_messages,
                "seq": seq,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assistant_reply_action_type_0 import AssistantReplyActionType0  # noqa: PLC0415
        from ..models.assistant_reply_agent_messages_item import AssistantReplyAgentMessagesItem  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = d.pop("conversation_id")

        reply = d.pop("reply")

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

        state = d.pop("state")

        verified = d.pop("verified")

        def _parse_action(data: object) -> AssistantReplyActionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                action_type_0 = AssistantReplyActionType0.from_dict(data)

                return action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AssistantReplyActionType0 | None, data)

        action = _parse_action(d.pop("action"))

        def _parse_case_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        case_id = _parse_case_id(d.pop("case_id"))

        agent_messages = []
        _agent_messages = d.pop("agent_messages")
        for agent_messages_item_data in _agent_messages:
            agent_messages_item = AssistantReplyAgentMessagesItem.from_dict(
                agent_messages_item_data
            )

            agent_messages.append(agent_messages_item)

        seq = d.pop("seq")

        assistant_reply = cls(
            conversation_id=conversation_id,
            reply=reply,
            intent=intent,
            confidence=confidence,
            state=state,
            verified=verified,
            action=action,
            case_id=case_id,
            agent_messages=agent_messages,
            seq=seq,
        )

        assistant_reply.additional_properties = d
        return assistant_reply

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

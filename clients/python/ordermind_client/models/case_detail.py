from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assignment import Assignment
    from ..models.case_detail_details import CaseDetailDetails
    from ..models.conversation import Conversation


T = TypeVar("T", bound="CaseDetail")


@_attrs_define
class CaseDetail:
    """
    Attributes:
        id (int):
        kind (str): conversation, exception, review or intake
        ref (str): the item of its queue
        status (str): queued, assigned, claimed or resolved
        skill (str):
        language (str):
        priority (int):
        agent_id (int | None):
        order_id (int | None):
        channel (None | str):
        summary (str):
        suggested_reply (None | str):
        details (CaseDetailDetails):
        due_at (datetime.datetime): when its SLA runs out
        created_at (datetime.datetime):
        claimed_at (datetime.datetime | None):
        resolved_at (datetime.datetime | None):
        resolution (None | str):
        assignments (list[Assignment]):
        conversation (Conversation | None | Unset):
    """

    id: int
    kind: str
    ref: str
    status: str
    skill: str
    language: str
    priority: int
    agent_id: int | None
    order_id: int | None
    channel: None | str
    summary: str
    suggested_reply: None | str
    details: CaseDetailDetails
    due_at: datetime.datetime
    created_at: datetime.datetime
    claimed_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    resolution: None | str
    assignments: list[Assignment]
    conversation: Conversation | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.conversation import Conversation  # noqa: PLC0415

        id = self.id

        kind = self.kind

        ref = self.ref

        status = self.status

        skill = self.skill

        language = self.language

        priority = self.priority

        agent_id: int | None
        agent_id = self.agent_id

        order_id: int | None
        order_id = self.order_id

        channel: None | str
        channel = self.channel

        summary = self.summary

        suggested_reply: None | str
        suggested_reply = self.suggested_reply

        details = self.details.to_dict()

        due_at = self.due_at.isoformat()

        created_at = self.created_at.isoformat()

        claimed_at: None | str
        if isinstance(self.claimed_at, datetime.datetime):
            claimed_at = self.claimed_at.isoformat()
        else:
            claimed_at = self.claimed_at

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolution: None | str
        resolution = self.resolution

        assignments = []
        for assignments_item_data in self.assignments:
            assignments_item = assignments_item_data.to_dict()
            assignments.append(assignments_item)

        conversation: dict[str, Any] | None | Unset
        if isinstance(self.conversation, Unset):
            conversation = UNSET
        elif isinstance(self.conversation, Conversation):
            conversation = self.conversation.to_dict()
        else:
            conversation = self.conversation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "ref": ref,
                "status": status,
                "skill": skill,
                "language": language,
                "priority": priority,
                "agent_id": agent_id,
                "order_id": order_id,
                "channel": channel,
                "summary": summary,
                "suggested_reply": suggested_reply,
                "details": details,
                "due_at": due_at,
                "created_at": created_at,
                "claimed_at": claimed_at,
                "resolved_at": resolved_at,
                "resolution": resolution,
                "assignments": assignments,
            }
        )
        if conversation is not UNSET:
            field_dict["conversation"] = conversation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assignment import Assignment  # noqa: PLC0415
        from ..models.case_detail_details import CaseDetailDetails  # noqa: PLC0415
        from ..models.conversation import Conversation  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        ref = d.pop("ref")

        status = d.pop("status")

        skill = d.pop("skill")

        language = d.pop("language")

        priority = d.pop("priority")

        def _parse_agent_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        agent_id = _parse_agent_id(d.pop("agent_id"))

        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))

        def _parse_channel(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        channel = _parse_channel(d.pop("channel"))

        summary = d.pop("summary")

        def _parse_suggested_reply(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        suggested_reply = _parse_suggested_reply(d.pop("suggested_reply"))

        details = CaseDetailDetails.from_dict(d.pop("details"))

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_claimed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                claimed_at_type_0 = datetime.datetime.fromisoformat(data)

                return claimed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        claimed_at = _parse_claimed_at(d.pop("claimed_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolution(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution = _parse_resolution(d.pop("resolution"))

        assignments = []
        _assignments = d.pop("assignments")
        for assignments_item_data in _assignments:
            assignments_item = Assignment.from_dict(assignments_item_data)

            assignments.append(assignments_item)

        def _parse_conversation(data: object) -> Conversation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                conversation_type_0 = Conversation.from_dict(data)

                return conversation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Conversation | None | Unset, data)

        conversation = _parse_conversation(d.pop("conversation", UNSET))

        case_detail = cls(
            id=id,
            kind=kind,
            ref=ref,
            status=status,
            skill=skill,
            language=language,
            priority=priority,
            agent_id=agent_id,
            order_id=order_id,
            channel=channel,
            summary=summary,
            suggested_reply=suggested_reply,
            details=details,
            due_at=due_at,
            created_at=created_at,
            claimed_at=claimed_at,
            resolved_at=resolved_at,
            resolution=resolution,
            assignments=assignments,
            conversation=conversation,
        )

        case_detail.additional_properties = d
        return case_detail

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

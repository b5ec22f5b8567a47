"""The order assistant's conversations and the agent desk's cases and agents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import Out


class CustomerToken(Out):
    token: str = Field(description="give it to the widget: it verifies this customer")
    channel: str
    expires_at: datetime


class AssistantReply(Out):
    conversation_id: str
    reply: str = Field(description="what the assistant answers, grounded in the order")
    intent: str | None = Field(description="the recognised intent")
    confidence: float | None = Field(description="its calibrated probability")
    state: str = Field(description="e.g. awaiting_order, verified, confirming, handed_off")
    verified: bool = Field(description="whether the person is verified for an order")
    action: dict[str, Any] | None = Field(description="an action taken or awaiting a yes")
    case_id: int | None = Field(description="the desk case after a hand-off")
    agent_messages: list[dict[str, Any]] = Field(description="what an agent wrote meanwhile")
    seq: int = Field(description="the last message's sequence number")


class ChatMessage(Out):
    seq: int
    author: str = Field(description="customer, assistant or agent")
    text: str
    at: datetime


class NewMessages(Out):
    conversation_id: str
    state: str | None
    messages: list[ChatMessage]


class TranscriptMessage(ChatMessage):
    actor: str | None
    intent: str | None
    confidence: float | None
    action: dict[str, Any] | None


class Conversation(Out):
    id: str
    channel: str | None
    locale: str
    state: str | None
    order_id: int | None
    case_id: int | None
    created_at: datetime
    updated_at: datetime
    messages: list[TranscriptMessage]


class Case(Out):
    id: int
    kind: str = Field(description="conversation, exception, review or intake")
    ref: str = Field(description="the item of its queue")
    status: str = Field(description="queued, assigned, claimed or resolved")
    skill: str
    language: str
    priority: int
    agent_id: int | None
    order_id: int | None
    channel: str | None
    summary: str
    suggested_reply: str | None
    details: dict[str, Any]
    due_at: datetime = Field(description="when its SLA runs out")
    created_at: datetime
    claimed_at: datetime | None
    resolved_at: datetime | None
    resolution: str | None


class Assignment(Out):
    agent_id: int | None
    how: str = Field(description="routed, claimed, reassigned or resolved")
    actor: str
    at: datetime


class CaseDetail(Case):
    assignments: list[Assignment]
    conversation: Conversation | None = None


class Agent(Out):
    id: int
    name: str
    actor: str = Field(description="the API key's actor (key:<prefix>)")
    skills: list[str]
    languages: list[str]
    capacity: int = Field(description="cases at once")
    active: bool
    created_at: datetime
    load: int | None = Field(None, description="cases held now")


class AgentList(Out):
    items: list[Agent]


class Queue(Out):
    agent: Agent
    items: list[Case] = Field(description="mine first, earliest SLA first; then those I may take")


class AgentReply(Out):
    case_id: int
    seq: int
    text: str
    at: datetime


class RoutingPass(Out):
    imported: int = Field(description="cases made from the other queues")
    routed: int = Field(description="queued cases given to an agent")

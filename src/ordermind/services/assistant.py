"""The order assistant's conversations: verify the person, answer from the live record,
do what they ask through the same use cases the API runs (after a yes), and hand the
conversation to a person when policy says so.

Each call takes a unit of work and never commits. Nothing about an order is said before
the person is verified for it: the order number plus the e-mail or postcode on the order,
or a signed customer token from the shop; a conversation of a channel's key only ever
finds that channel's orders. Failed attempts are limited per conversation and per order
number, stored and written to the audit trail. Every change is an order event whose actor
is `assistant:<conversation id>`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ordermind.assistant.dialogue import Memory, State
from ordermind.assistant.templates import say, supported
from ordermind.assistant.understanding import Understander
from ordermind.domain.errors import NotFound, ValidationFailed
from ordermind.services.assistant_store import ChatMessage, Conversation
from ordermind.services.assistant_turn import AssistantSettings, Turn
from ordermind.services.ids import new_id
from ordermind.services.unit_of_work import AbstractUnitOfWork

__all__ = ["AssistantSettings", "Reply", "open_conversation", "post_message"]

MAX_TEXT = 2000


@dataclass(frozen=True)
class Reply:
    conversation_id: str
    text: str
    intent: str | None
    confidence: float | None
    state: str
    verified: bool
    action: dict | None = None  # {"kind", "status": pending | done | declined | failed, ...}
    case_id: int | None = None
    agent_messages: list[dict] = field(default_factory=list)
    seq: int = 0  # the last message of the conversation so far

    def as_dict(self) -> dict:
        return {
            "conversation_id": self.conversation_id,
            "reply": self.text,
            "intent": self.intent,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "state": self.state,
            "verified": self.verified,
            "action": self.action,
            "case_id": self.case_id,
            "agent_messages": self.agent_messages,
            "seq": self.seq,
        }


def open_conversation(
    uow: AbstractUnitOfWork,
    channel: str | None,
    locale: str | None,
    actor: str,
    now: datetime,
    vouched_email: str | None = None,
) -> tuple[Conversation, Reply]:
    conv = Conversation(
        id=new_id("cnv"),
        channel=channel,
        locale=supported(locale),
        memory=Memory(seq=0).as_dict(),
        opened_by=actor,
        created_at=now,
        updated_at=now,
        vouched_email=vouched_email,
    )
    uow.assistant.add_conversation(conv)
    text = say(conv.locale, "greeting")
    mem = Memory(seq=1, shown=1)
    uow.assistant.add_message(ChatMessage(conv.id, 1, "assistant", text, now))
    conv.memory = mem.as_dict()
    uow.assistant.save_conversation(conv)
    return conv, Reply(conv.id, text, None, None, str(mem.state), False, seq=1)


def load(uow: AbstractUnitOfWork, conv_id: str, channel: str | None) -> Conversation:
    """The conversation, if this caller's channel opened it (staff keys: staff's own)."""
    conv = uow.assistant.get_conversation(conv_id)
    if conv is None or conv.channel != channel:
        raise NotFound(f"conversation {conv_id} not found")
    return conv


def post_message(
    uow: AbstractUnitOfWork,
    conv_id: str,
    text: str,
    channel: str | None,
    understander: Understander,
    now: datetime,
    settings: AssistantSettings = AssistantSettings(),
) -> Reply:
    text = text.strip()
    if not text:
        raise ValidationFailed("text must not be empty")
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"text is longer than {MAX_TEXT} characters")
    conv = load(uow, conv_id, channel)
    mem = Memory.from_dict(conv.memory)
    seen = mem.shown
    u = understander.understand(text)
    turn = Turn(uow, conv, mem, u, text, settings, now)
    turn.log("customer", text, intent=str(u.intent), confidence=u.confidence)
    out = turn.run()
    # a message that only gave details is about the question in hand (its own reading is
    # in the transcript; the confidence is the classifier's, so none for a carried one)
    intent, confidence = (u.intent, u.confidence) if turn.carried is None else (turn.carried, None)
    if out is not None:
        turn.log("assistant", out, intent=str(intent), confidence=confidence, action=turn.action)
    mem.shown = mem.seq
    conv.memory = mem.as_dict()
    conv.updated_at = now
    uow.assistant.save_conversation(conv)
    agent = [
        {"seq": m.seq, "text": m.text, "at": m.at}
        for m in uow.assistant.messages(conv.id, after=seen)
        if m.author == "agent"
    ]
    return Reply(
        conv.id,
        out or "",
        str(intent),
        confidence,
        str(mem.state),
        mem.order_id is not None,
        turn.action,
        conv.case_id,
        agent,
        mem.seq,
    )


def since(
    uow: AbstractUnitOfWork, conv_id: str, channel: str | None, after: int
) -> tuple[Conversation, list[ChatMessage]]:
    """What the customer's side may read of its own conversation after message `after`:
    the state and the messages (an agent's answers among them)."""
    conv = load(uow, conv_id, channel)
    return conv, uow.assistant.messages(conv_id, after=after)


def transcript(uow: AbstractUnitOfWork, conv_id: str) -> tuple[Conversation, list[ChatMessage]]:
    conv = uow.assistant.get_conversation(conv_id)
    if conv is None:
        raise NotFound(f"conversation {conv_id} not found")
    return conv, uow.assistant.messages(conv_id)


def agent_reply(
    uow: AbstractUnitOfWork, conv: Conversation, text: str, actor: str, now: datetime
) -> ChatMessage:
    """An agent's answer, into the conversation the customer is in."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationFailed(f"a reply needs 1-{MAX_TEXT} characters")
    mem = Memory.from_dict(conv.memory)
    mem.seq += 1
    msg = ChatMessage(conv.id, mem.seq, "agent", text, now, actor=actor)
    uow.assistant.add_message(msg)
    conv.memory, conv.updated_at = mem.as_dict(), now
    uow.assistant.save_conversation(conv)
    return msg


def close(uow: AbstractUnitOfWork, conv: Conversation, now: datetime) -> None:
    mem = Memory.from_dict(conv.memory)
    mem.state = State.CLOSED
    conv.memory, conv.updated_at = mem.as_dict(), now
    uow.assistant.save_conversation(conv)

"""The records of the order assistant and the agent desk, and the port that stores them.
Only the databases implement it (`adapters/db/assistant_repo.py`), like the ports in
`services.ports`: conversations and the desk run on a database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass
class Conversation:
    id: str
    channel: str | None  # the channel whose key opened it: only its orders are found
    locale: str
    memory: dict  # dialogue.Memory as JSON
    opened_by: str  # the actor of the key
    created_at: datetime
    updated_at: datetime
    order_id: int | None = None  # the order the person was verified for
    vouched_email: str | None = None  # from a signed customer token
    case_id: int | None = None
    version: int = 0


@dataclass(frozen=True)
class ChatMessage:
    conversation_id: str
    seq: int
    author: str  # customer | assistant | agent
    text: str
    at: datetime
    actor: str | None = None  # the agent's actor for agent replies
    intent: str | None = None
    confidence: float | None = None
    action: dict | None = None


@dataclass
class Agent:
    id: int | None
    name: str
    actor: str  # the actor of the agent's API key (`key:<prefix>`)
    skills: list[str]
    languages: list[str]
    capacity: int
    active: bool = True
    created_at: datetime | None = None

    def settings(self) -> dict:
        """What an admin sets (stored, and audited before and after)."""
        return {k: v for k, v in asdict(self).items() if k not in ("id", "created_at")}


@dataclass
class Case:
    id: int | None
    kind: str  # conversation | care_exception | fraud_review | intake_review
    ref: str  # the conversation id, exception id, "order:hold" or document id
    skill: str
    language: str
    status: str  # queued | assigned | claimed | resolved
    due_at: datetime  # the SLA
    created_at: datetime
    summary: str
    order_id: int | None = None
    channel: str | None = None
    suggested_reply: str | None = None
    agent_id: int | None = None
    priority: int = 0
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    details: dict = field(default_factory=dict)


class AssistantRepository(Protocol):
    # -- conversations
    def add_conversation(self, conv: Conversation) -> None: ...

    def get_conversation(self, conv_id: str) -> Conversation | None: ...

    def save_conversation(self, conv: Conversation) -> None:
        """Write back a loaded conversation; StaleWrite if it was saved meanwhile."""
        ...

    def add_message(self, msg: ChatMessage) -> None: ...

    def messages(self, conv_id: str, after: int = 0) -> list[ChatMessage]:
        """Messages of a conversation after `seq`, in order."""
        ...

    def contacts_about(self, order_id: int, since: datetime, besides: str) -> int:
        """Other conversations (not `besides`) verified for this order since then."""
        ...

    # -- verification attempts
    def add_attempt(
        self, conv_id: str, order_ref: str, ok: bool, method: str, at: datetime
    ) -> None: ...

    def failures(
        self,
        since: datetime,
        conv_id: str | None = None,
        order_ref: str | None = None,
        method: str | None = None,
    ) -> int:
        """Failed attempts since then, of one conversation and/or one order number (and
        one kind of proof: email, postcode)."""
        ...

    # -- agents
    def add_agent(self, agent: Agent) -> Agent: ...

    def save_agent(self, agent: Agent) -> None: ...

    def get_agent(self, agent_id: int) -> Agent | None: ...

    def agent_by_actor(self, actor: str) -> Agent | None: ...

    def agents(self) -> list[Agent]: ...

    def loads(self) -> dict[int, int]:
        """agent id -> cases assigned or claimed and not resolved."""
        ...

    # -- cases
    def add_case(self, case: Case) -> bool:
        """Store a new case (sets its id); False when one of that kind and ref exists."""
        ...

    def save_case(self, case: Case) -> None: ...

    def get_case(self, case_id: int) -> Case | None: ...

    def lock_case(self, case_id: int) -> Case | None:
        """The case, kept from other writers until the unit of work ends."""
        ...

    def cases(
        self, status: str | None = None, agent_id: int | None = None, limit: int = 200
    ) -> list[Case]:
        """Cases, earliest SLA first; unresolved ones when status is None."""
        ...

    def case_refs(self, kind: str) -> set[str]:
        """The refs of every case of a kind (resolved ones too)."""
        ...

    def add_assignment(
        self, case_id: int, agent_id: int | None, how: str, actor: str, at: datetime
    ) -> None: ...

    def assignments(self, case_id: int) -> list[dict]: ...

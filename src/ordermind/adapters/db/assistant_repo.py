"""Conversations, their messages and verification attempts; agents, cases and their
assignments (`services.assistant_store.AssistantRepository`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ordermind.domain.errors import StaleWrite
from ordermind.services.assistant_store import Agent, Case, ChatMessage, Conversation

from . import tables as t
from .sql import aware

_c, _m, _v = t.assistant_conversations, t.assistant_messages, t.assistant_verifications
_a, _k, _s = t.desk_agents, t.desk_cases, t.desk_assignments


def _conv(r) -> Conversation:
    return Conversation(
        id=r.id,
        channel=r.channel,
        locale=r.locale,
        memory=dict(r.memory),
        opened_by=r.opened_by,
        created_at=aware(r.created_at),
        updated_at=aware(r.updated_at),
        order_id=r.order_id,
        vouched_email=r.vouched_email,
        case_id=r.case_id,
        version=r.version,
    )


def _agent(r) -> Agent:
    return Agent(
        r.id,
        r.name,
        r.actor,
        list(r.skills),
        list(r.languages),
        r.capacity,
        bool(r.active),
        aware(r.created_at),
    )


def _case(r) -> Case:
    return Case(
        id=r.id,
        kind=r.kind,
        ref=r.ref,
        skill=r.skill,
        language=r.language,
        status=r.status,
        due_at=aware(r.due_at),
        created_at=aware(r.created_at),
        summary=r.summary,
        order_id=r.order_id,
        channel=r.channel,
        suggested_reply=r.suggested_reply,
        agent_id=r.agent_id,
        priority=r.priority,
        claimed_at=aware(r.claimed_at),
        resolved_at=aware(r.resolved_at),
        resolution=r.resolution,
        details=dict(r.details or {}),
    )


def _case_values(case: Case) -> dict:
    return {k: v for k, v in asdict(case).items() if k != "id"}


class SqlAssistant:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- conversations
    def add_conversation(self, conv: Conversation) -> None:
        self.conn.execute(insert(_c).values(**self._conv_values(conv), id=conv.id, version=0))
        conv.version = 0

    @staticmethod
    def _conv_values(conv: Conversation) -> dict:
        return {
            "channel": conv.channel,
            "locale": conv.locale,
            "memory": conv.memory,
            "opened_by": conv.opened_by,
            "order_id": conv.order_id,
            "vouched_email": conv.vouched_email,
            "case_id": conv.case_id,
            "created_at": conv.created_at,
            "updated_at": conv.updated_at,
        }

    def get_conversation(self, conv_id: str) -> Conversation | None:
        row = self.conn.execute(select(_c).where(_c.c.id == conv_id)).first()
        return None if row is None else _conv(row)

    def save_conversation(self, conv: Conversation) -> None:
        done = self.conn.execute(
            update(_c)
            .where(_c.c.id == conv.id, _c.c.version == conv.version)
            .values(**self._conv_values(conv), version=conv.version + 1)
        )
        if done.rowcount != 1:
            raise StaleWrite(f"conversation {conv.id} changed meanwhile")
        conv.version += 1

    def add_message(self, msg: ChatMessage) -> None:
        self.conn.execute(
            insert(_m).values(
                conversation_id=msg.conversation_id,
                seq=msg.seq,
                author=msg.author,
                actor=msg.actor,
                text=msg.text,
                intent=msg.intent,
                confidence=msg.confidence,
                action=msg.action,
                at=msg.at,
            )
        )

    def messages(self, conv_id: str, after: int = 0) -> list[ChatMessage]:
        q = select(_m).where(_m.c.conversation_id == conv_id, _m.c.seq > after).order_by(_m.c.seq)
        return [
            ChatMessage(
                r.conversation_id,
                r.seq,
                r.author,
                r.text,
                aware(r.at),
                r.actor,
                r.intent,
                r.confidence,
                r.action,
            )
            for r in self.conn.execute(q)
        ]

    def contacts_about(self, order_id: int, since: datetime, besides: str) -> int:
        q = select(func.count()).where(
            _c.c.order_id == order_id, _c.c.created_at >= since, _c.c.id != besides
        )
        return int(self.conn.execute(q).scalar_one())

    # -- verification attempts
    def add_attempt(
        self, conv_id: str, order_ref: str, ok: bool, method: str, at: datetime
    ) -> None:
        self.conn.execute(
            insert(_v).values(
                conversation_id=conv_id, order_ref=order_ref[:64], ok=ok, method=method, at=at
            )
        )

    def failures(
        self,
        since: datetime,
        conv_id: str | None = None,
        order_ref: str | None = None,
        method: str | None = None,
    ) -> int:
        q = select(func.count()).where(_v.c.ok.is_(False), _v.c.at >= since)
        if method is not None:
            q = q.where(_v.c.method == method)
        if conv_id is not None:
            q = q.where(_v.c.conversation_id == conv_id)
        if order_ref is not None:
            q = q.where(_v.c.order_ref == order_ref[:64])
        return int(self.conn.execute(q).scalar_one())

    # -- agents
    def add_agent(self, agent: Agent) -> Agent:
        agent.id = self.conn.execute(
            insert(_a).values(**agent.settings(), created_at=agent.created_at).returning(_a.c.id)
        ).scalar_one()
        return agent

    def save_agent(self, agent: Agent) -> None:
        self.conn.execute(update(_a).where(_a.c.id == agent.id).values(**agent.settings()))

    def get_agent(self, agent_id: int) -> Agent | None:
        row = self.conn.execute(select(_a).where(_a.c.id == agent_id)).first()
        return None if row is None else _agent(row)

    def agent_by_actor(self, actor: str) -> Agent | None:
        row = self.conn.execute(select(_a).where(_a.c.actor == actor)).first()
        return None if row is None else _agent(row)

    def agents(self) -> list[Agent]:
        return [_agent(r) for r in self.conn.execute(select(_a).order_by(_a.c.id))]

    def loads(self) -> dict[int, int]:
        q = (
            select(_k.c.agent_id, func.count())
            .where(_k.c.agent_id.is_not(None), _k.c.status.in_(("assigned", "claimed")))
            .group_by(_k.c.agent_id)
        )
        return {int(a): int(n) for a, n in self.conn.execute(q)}

    # -- cases
    def add_case(self, case: Case) -> bool:
        stmt = insert(_k).values(**_case_values(case)).returning(_k.c.id)
        try:
            with self.conn.begin_nested():
                case.id = self.conn.execute(stmt).scalar_one()
        except IntegrityError:
            return False
        return True

    def save_case(self, case: Case) -> None:
        self.conn.execute(update(_k).where(_k.c.id == case.id).values(**_case_values(case)))

    def get_case(self, case_id: int) -> Case | None:
        row = self.conn.execute(select(_k).where(_k.c.id == case_id)).first()
        return None if row is None else _case(row)

    def lock_case(self, case_id: int) -> Case | None:
        q = select(_k).where(_k.c.id == case_id)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update()
        row = self.conn.execute(q).first()
        return None if row is None else _case(row)

    def cases(
        self, status: str | None = None, agent_id: int | None = None, limit: int = 200
    ) -> list[Case]:
        wanted = _k.c.status != "resolved" if status is None else _k.c.status == status
        q = select(_k).where(wanted)
        if agent_id is not None:
            q = q.where(_k.c.agent_id == agent_id)
        q = q.order_by(_k.c.due_at, _k.c.priority.desc(), _k.c.id).limit(limit)
        return [_case(r) for r in self.conn.execute(q)]

    def case_refs(self, kind: str) -> set[str]:
        return set(self.conn.execute(select(_k.c.ref).where(_k.c.kind == kind)).scalars())

    def add_assignment(
        self, case_id: int, agent_id: int | None, how: str, actor: str, at: datetime
    ) -> None:
        self.conn.execute(
            insert(_s).values(case_id=case_id, agent_id=agent_id, how=how, actor=actor, at=at)
        )

    def assignments(self, case_id: int) -> list[dict]:
        q = select(_s).where(_s.c.case_id == case_id).order_by(_s.c.id)
        return [
            {"agent_id": r.agent_id, "how": r.how, "actor": r.actor, "at": aware(r.at)}
            for r in self.conn.execute(q)
        ]

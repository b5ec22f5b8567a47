"""The agent desk: agents with their skills, languages and capacity, and the cases they
work — conversations handed off by the assistant, and (read-only references to) the work
queues that already wait for a person: order-care exceptions, fraud reviews and intake
reviews. Cases are routed by skill, language, workload and SLA (`assistant.routing`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ordermind.assistant.handoff import SKILL_OF
from ordermind.assistant.routing import AgentSlot, WorkItem, route
from ordermind.domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ordermind.services import audit
from ordermind.services.assistant_store import Agent, Case, Conversation
from ordermind.services.care_store import ExceptionFilter
from ordermind.services.unit_of_work import AbstractUnitOfWork

SKILLS = frozenset({"orders", "complaints", "care", "fraud", "intake"})
# how long each kind of work may wait for a person
SLA: Mapping[str, timedelta] = {
    "complaints": timedelta(hours=1),
    "orders": timedelta(hours=2),
    "care": timedelta(hours=4),
    "fraud": timedelta(hours=2),
    "intake": timedelta(hours=8),
}
OPEN_STATES = ("queued", "assigned", "claimed")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class AgentInput:
    name: str
    actor: str
    skills: list[str]
    languages: list[str]
    capacity: int
    active: bool = True


def _check(data: AgentInput) -> None:
    unknown = sorted(set(data.skills) - SKILLS)
    if unknown:
        raise ValidationFailed(
            f"unknown skill(s) {', '.join(unknown)}; known: {', '.join(sorted(SKILLS))}"
        )
    if not data.skills or not data.languages:
        raise ValidationFailed("an agent needs at least one skill and one language")
    if not 1 <= data.capacity <= 100:
        raise ValidationFailed("capacity must be 1-100 cases at once")


def add_agent(uow: AbstractUnitOfWork, data: AgentInput, actor: str, now: datetime) -> Agent:
    _check(data)
    if uow.assistant.agent_by_actor(data.actor) is not None:
        raise Conflict(f"{data.actor} is already an agent")
    agent = uow.assistant.add_agent(
        Agent(
            None,
            data.name,
            data.actor,
            sorted(set(data.skills)),
            sorted(set(data.languages)),
            data.capacity,
            data.active,
            now,
        )
    )
    audit.record(uow, actor, "agent.created", "agent", agent.id, None, agent.settings())
    return agent


def update_agent(uow: AbstractUnitOfWork, agent_id: int, data: AgentInput, actor: str) -> Agent:
    _check(data)
    agent = get_agent(uow, agent_id)
    other = uow.assistant.agent_by_actor(data.actor)
    if other is not None and other.id != agent_id:
        raise Conflict(f"{data.actor} is already agent {other.id}")
    before = agent.settings()
    agent.name, agent.actor, agent.capacity, agent.active = (
        data.name,
        data.actor,
        data.capacity,
        data.active,
    )
    agent.skills, agent.languages = sorted(set(data.skills)), sorted(set(data.languages))
    uow.assistant.save_agent(agent)
    audit.record(uow, actor, "agent.updated", "agent", agent_id, before, agent.settings())
    return agent


def get_agent(uow: AbstractUnitOfWork, agent_id: int) -> Agent:
    agent = uow.assistant.get_agent(agent_id)
    if agent is None:
        raise NotFound(f"agent {agent_id} not found")
    return agent


def me(uow: AbstractUnitOfWork, actor: str) -> Agent:
    agent = uow.assistant.agent_by_actor(actor)
    if agent is None:
        raise Forbidden(f"{actor} is not an agent; an admin adds it (POST /v1/agents)")
    return agent


# -- cases ----------------------------------------------------------------------------


def open_conversation_case(
    uow: AbstractUnitOfWork,
    conv: Conversation,
    *,
    reason: str,
    order_id: int | None,
    suggested_reply: str,
    summary: str,
    now: datetime,
) -> Case:
    skill = SKILL_OF.get(reason, "orders")
    case = Case(
        id=None,
        kind="conversation",
        ref=conv.id,
        skill=skill,
        language=conv.locale,
        status="queued",
        due_at=now + SLA[skill],
        created_at=now,
        summary=summary,
        order_id=order_id,
        channel=conv.channel,
        suggested_reply=suggested_reply,
        priority=1 if reason in ("complaint", "repeat_contact") else 0,
        details={"reason": reason},
    )
    if not uow.assistant.add_case(case):
        raise Conflict(f"conversation {conv.id} already has a case")
    route_waiting(uow, now)
    assert case.id is not None
    return uow.assistant.get_case(case.id) or case


def import_queues(uow: AbstractUnitOfWork, now: datetime, limit: int = 500) -> int:
    """Cases for the work already waiting for a person that has none yet: open care
    exceptions, held orders (fraud and intake reviews) and intake documents in review.
    Those modules keep their own records; a case only points at one. How many were new."""
    repo, made = uow.assistant, 0
    known = repo.case_refs("care_exception")
    for exc in uow.care.list_exceptions(ExceptionFilter(status="open"), None, limit):
        if str(exc.id) in known:
            continue
        made += repo.add_case(
            Case(
                None,
                "care_exception",
                str(exc.id),
                "care",
                DEFAULT_LANGUAGE,
                "queued",
                now + SLA["care"],
                now,
                f"{exc.type}: {exc.explanation}"[:500],
                order_id=exc.order_id,
                channel=exc.channel,
                priority=2 if exc.severity in ("high", "critical") else 0,
            )
        )
    known = repo.case_refs("fraud_review")
    for order_id, hold_id in uow.orders.active_holds("fraud", limit):
        ref = f"{order_id}:{hold_id}"
        if ref in known:
            continue
        made += repo.add_case(
            Case(
                None,
                "fraud_review",
                ref,
                "fraud",
                DEFAULT_LANGUAGE,
                "queued",
                now + SLA["fraud"],
                now,
                f"order {order_id} held for a fraud review",
                order_id=order_id,
            )
        )
    known = repo.case_refs("intake_review")
    for record in uow.intake.find("review", limit):
        if str(record.id) in known:
            continue
        made += repo.add_case(
            Case(
                None,
                "intake_review",
                str(record.id),
                "intake",
                DEFAULT_LANGUAGE,
                "queued",
                now + SLA["intake"],
                now,
                f"document {record.id} ({record.format or 'unknown format'}) needs review",
                channel=record.channel,
            )
        )
    return made


def _slots(uow: AbstractUnitOfWork) -> list[AgentSlot]:
    loads = uow.assistant.loads()
    return [
        AgentSlot(
            a.id or 0,
            frozenset(a.skills),
            frozenset(a.languages),
            a.capacity,
            loads.get(a.id or 0, 0),
            a.active,
        )
        for a in uow.assistant.agents()
    ]


def route_waiting(uow: AbstractUnitOfWork, now: datetime, actor: str = "router") -> int:
    """Give every queued case to the best agent with room (`routing.route`); how many
    were assigned. Cases nobody can take now stay queued for the next pass."""
    waiting = {c.id: c for c in uow.assistant.cases(status="queued") if c.id is not None}
    items = [WorkItem(i, c.skill, c.language, c.due_at, c.priority) for i, c in waiting.items()]
    done = 0
    for case_id, agent_id in route(items, _slots(uow)):
        if agent_id is None:
            continue
        case = waiting[case_id]
        case.status, case.agent_id = "assigned", agent_id
        uow.assistant.save_case(case)
        uow.assistant.add_assignment(case_id, agent_id, "routed", actor, now)
        done += 1
    return done


def get_case(uow: AbstractUnitOfWork, case_id: int) -> Case:
    case = uow.assistant.lock_case(case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    return case


def _mine(uow: AbstractUnitOfWork, case_id: int, actor: str) -> tuple[Case, Agent]:
    agent, case = me(uow, actor), get_case(uow, case_id)
    if case.status == "resolved":
        raise Conflict(f"case {case_id} is resolved")
    if case.agent_id != agent.id:
        raise Forbidden(f"case {case_id} is not assigned to you")
    return case, agent


def claim(uow: AbstractUnitOfWork, case_id: int, actor: str, now: datetime) -> Case:
    """Take a case: one assigned to me, or a queued one I have the skill and language for."""
    agent, case = me(uow, actor), get_case(uow, case_id)
    if case.status == "resolved":
        raise Conflict(f"case {case_id} is resolved")
    if case.status == "claimed" and case.agent_id != agent.id:
        raise Conflict(f"case {case_id} is claimed by agent {case.agent_id}")
    if case.agent_id not in (None, agent.id):
        raise Forbidden(f"case {case_id} is assigned to agent {case.agent_id}")
    if case.skill not in agent.skills or case.language not in agent.languages:
        raise Forbidden(f"case {case_id} needs skill {case.skill} in language {case.language}")
    case.status, case.agent_id, case.claimed_at = "claimed", agent.id, case.claimed_at or now
    uow.assistant.save_case(case)
    uow.assistant.add_assignment(case_id, agent.id, "claimed", actor, now)
    return case


def claimed_conversation(
    uow: AbstractUnitOfWork, case_id: int, actor: str
) -> tuple[Case, Conversation]:
    case, _ = _mine(uow, case_id, actor)
    if case.status != "claimed":
        raise Conflict(f"claim case {case_id} before replying")
    if case.kind != "conversation":
        raise ValidationFailed(f"case {case_id} is a {case.kind}, not a conversation")
    conv = uow.assistant.get_conversation(case.ref)
    if conv is None:
        raise NotFound(f"conversation {case.ref} not found")
    return case, conv


def resolve(
    uow: AbstractUnitOfWork, case_id: int, resolution: str, actor: str, now: datetime
) -> Case:
    case, _ = _mine(uow, case_id, actor)
    case.status, case.resolved_at, case.resolution = "resolved", now, resolution
    uow.assistant.save_case(case)
    uow.assistant.add_assignment(case_id, case.agent_id, "resolved", actor, now)
    route_waiting(uow, now)  # the freed room goes to whoever waits
    return case


def reassign(
    uow: AbstractUnitOfWork, case_id: int, agent_id: int | None, actor: str, now: datetime
) -> Case:
    """To another agent who has the skill and language, or (None) back to the queue."""
    case = get_case(uow, case_id)
    if case.status == "resolved":
        raise Conflict(f"case {case_id} is resolved")
    if agent_id is None:
        case.status, case.agent_id, case.claimed_at = "queued", None, None
    else:
        agent = get_agent(uow, agent_id)
        if not agent.active:
            raise Conflict(f"agent {agent_id} is not active")
        if case.skill not in agent.skills or case.language not in agent.languages:
            raise ValidationFailed(
                f"agent {agent_id} lacks skill {case.skill} or language {case.language}"
            )
        case.status, case.agent_id, case.claimed_at = "assigned", agent_id, None
    uow.assistant.save_case(case)
    uow.assistant.add_assignment(case_id, agent_id, "reassigned", actor, now)
    return case


def queue_of(uow: AbstractUnitOfWork, actor: str) -> tuple[Agent, list[Case]]:
    """My cases (assigned and claimed), earliest SLA first, and the queued ones I could take."""
    agent = me(uow, actor)
    mine = uow.assistant.cases(agent_id=agent.id)
    free = [
        c
        for c in uow.assistant.cases(status="queued")
        if c.skill in agent.skills and c.language in agent.languages
    ]
    return agent, mine + free

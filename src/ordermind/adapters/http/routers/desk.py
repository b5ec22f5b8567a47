"""The agent desk: my queue, claim, reply (into the customer's conversation), resolve and
reassign; routing the queues; agents for admins."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Forbidden, NotFound
from ordermind.services import assistant, desk
from ordermind.services.assistant_store import Agent, Case

from ..assistant_schemas import AgentIn, ReassignIn, ReplyIn, ResolveIn
from ..auth import Principal, get_key, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm
from .assistant import conversation_view

router = APIRouter(tags=["agent desk"])
CaseId = Annotated[int, Path(gt=0, le=2**62)]
AgentId = Annotated[int, Path(gt=0, le=2**62)]


def case_view(case: Case) -> dict:
    return asdict(case)


def agent_view(agent: Agent, load: int | None = None) -> dict:
    shown = {
        "id": agent.id,
        "name": agent.name,
        "actor": agent.actor,
        "skills": agent.skills,
        "languages": agent.languages,
        "capacity": agent.capacity,
        "active": agent.active,
        "created_at": agent.created_at,
    }
    if load is not None:
        shown["load"] = load
    return shown


@router.get("/v1/agents/me/queue", summary="My cases, earliest SLA first, then those I could take")
def my_queue(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.DESK_WORK)
    with uow(request, readonly=True) as work:
        agent, cases = desk.queue_of(work, who.actor)
        load = work.assistant.loads().get(agent.id or 0, 0)
    return json_response({"agent": agent_view(agent, load), "items": [case_view(c) for c in cases]})


@router.get("/v1/cases/{case_id}", summary="A case, its assignments and its transcript")
def get_case(case_id: CaseId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CONVERSATIONS_READ)
    with uow(request, readonly=True) as work:
        case = work.assistant.get_case(case_id)
        if case is None:
            raise NotFound(f"case {case_id} not found")
        body = case_view(case)
        body["assignments"] = work.assistant.assignments(case_id)
        if case.kind == "conversation":
            conv, messages = assistant.transcript(work, case.ref)
            body["conversation"] = conversation_view(conv, messages)
    return json_response(body)


@router.post("/v1/cases/{case_id}/claim", summary="Take a case")
def claim_case(case_id: CaseId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.DESK_WORK)
    case = write(request, lambda work: desk.claim(work, case_id, who.actor, utcnow()))
    return json_response(case_view(case))


@router.post("/v1/cases/{case_id}/reply", summary="Answer the customer in the conversation")
def reply_to_case(
    case_id: CaseId, body: ReplyIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.DESK_WORK)

    def run(work):
        _, conv = desk.claimed_conversation(work, case_id, who.actor)
        return assistant.agent_reply(work, conv, body.text, who.actor, utcnow())

    msg = write(request, run)
    return json_response({"case_id": case_id, "seq": msg.seq, "text": msg.text, "at": msg.at})


@router.post("/v1/cases/{case_id}/resolve", summary="Close a case")
def resolve_case(
    case_id: CaseId, body: ResolveIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.DESK_WORK)
    case = write(
        request, lambda work: desk.resolve(work, case_id, body.resolution, who.actor, utcnow())
    )
    return json_response(case_view(case))


@router.post("/v1/cases/{case_id}/reassign", summary="Give a case to another agent, or back")
def reassign_case(
    case_id: CaseId, body: ReassignIn, request: Request, who: Principal = Depends(principal)
):
    """An agent may pass on a case of their own; a supervisor (desk:assign) any case."""
    require(who, Perm.DESK_WORK)
    supervisor = Perm.DESK_ASSIGN in who.permissions

    def run(work):
        if not supervisor:
            mine = desk.me(work, who.actor)
            case = desk.get_case(work, case_id)
            if case.agent_id != mine.id:
                raise Forbidden(f"case {case_id} is not yours to reassign")
        return desk.reassign(work, case_id, body.agent_id, who.actor, utcnow())

    return json_response(case_view(write(request, run)))


@router.post("/v1/desk/route", summary="Bring in the waiting queues and route every queued case")
def route_cases(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.DESK_ASSIGN)

    def run(work):
        now = utcnow()
        return desk.import_queues(work, now), desk.route_waiting(work, now, who.actor)

    imported, routed = write(request, run)
    return json_response({"imported": imported, "routed": routed})


@router.get("/v1/agents", summary="Agents with their skills, languages, capacity and load")
def list_agents(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.AGENTS_MANAGE)
    with uow(request, readonly=True) as work:
        loads = work.assistant.loads()
        found = work.assistant.agents()
    return json_response({"items": [agent_view(a, loads.get(a.id or 0, 0)) for a in found]})


def _input(request: Request, body: AgentIn) -> desk.AgentInput:
    key = get_key(request.app.state.engine, body.key_id)
    return desk.AgentInput(
        body.name, f"key:{key.prefix}", body.skills, body.languages, body.capacity, body.active
    )


@router.post("/v1/agents", status_code=201, summary="Make an API key's holder an agent")
def add_agent(body: AgentIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.AGENTS_MANAGE)
    data = _input(request, body)
    agent = write(request, lambda work: desk.add_agent(work, data, who.actor, utcnow()))
    return json_response(agent_view(agent), 201)


@router.put("/v1/agents/{agent_id}", summary="Change an agent's skills, languages, capacity")
def update_agent(
    agent_id: AgentId, body: AgentIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.AGENTS_MANAGE)
    data = _input(request, body)
    agent = write(request, lambda work: desk.update_agent(work, agent_id, data, who.actor))
    return json_response(agent_view(agent))

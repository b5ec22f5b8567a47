"""API keys for admins: list (with last use), create, revoke, rotate. The CLI's
`ordermind keys` does the same from a shell."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from ordermind.domain.errors import Conflict, ValidationFailed

from .. import auth
from ..auth import Principal, Role, require
from ..deps import json_response, principal
from ..permissions import Perm, Scope
from ..schemas import KeyIn, KeyRotateIn

router = APIRouter(prefix="/v1/keys", tags=["keys"])
KeyId = Annotated[int, Path(gt=0, le=2**62)]


@router.get("", summary="API keys: role, channel, state, expiry and last use (never the key)")
def list_keys(
    request: Request,
    include_revoked: Annotated[bool, Query()] = True,
    who: Principal = Depends(principal),
):
    require(who, Perm.KEYS_MANAGE)
    keys = auth.list_keys(request.app.state.engine, include_revoked)
    return json_response({"items": [k.as_dict() for k in keys]})


@router.get("/{key_id}", summary="One API key")
def get_key(key_id: KeyId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.KEYS_MANAGE)
    return json_response(auth.get_key(request.app.state.engine, key_id).as_dict())


@router.post("", status_code=201, summary="Create an API key; the key is shown this once")
async def create_key(body: KeyIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.KEYS_MANAGE)
    engine = request.app.state.engine

    def create() -> dict:
        try:
            info, key = auth.issue_key(
                engine,
                Role(body.role),
                body.channel,
                body.name,
                body.expires_at,
                None if body.scope is None else Scope(body.scope),
                actor=who.actor,
            )
        except ValueError as exc:
            raise ValidationFailed(str(exc)) from None
        return info.as_dict() | {"key": key}

    return json_response(await run_in_threadpool(create), 201)


@router.post("/{key_id}/revoke", summary="Revoke a key: refused at once by every worker")
def revoke_key(key_id: KeyId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.KEYS_MANAGE)
    if key_id == who.key_id:
        raise Conflict(
            "this is the key making the request: revoke it with another admin key or "
            "`ordermind keys revoke`, or rotate it"
        )
    return json_response(
        auth.revoke_key(request.app.state.engine, key_id, actor=who.actor).as_dict()
    )


@router.post(
    "/{key_id}/rotate",
    status_code=201,
    summary="A new key like this one; the old one revoked at once or after a grace period",
)
def rotate_key(
    key_id: KeyId,
    request: Request,
    body: KeyRotateIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.KEYS_MANAGE)
    body = body or KeyRotateIn()
    try:
        info, key = auth.rotate_key(
            request.app.state.engine,
            key_id,
            body.grace_seconds,
            body.expires_at,
            actor=who.actor,
        )
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None
    return json_response(info.as_dict() | {"key": key, "replaces": key_id}, 201)

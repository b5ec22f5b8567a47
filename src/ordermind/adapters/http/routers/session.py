"""Sign-in for the console: an API key exchanged for a session cookie (`sessions`), what
the caller may do (the console shows only the actions a key's permissions allow), and
sign-out. Every key may ask what it is itself; no permission is needed for that."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from starlette.responses import Response

from .. import auth, sessions
from ..auth import Principal
from ..deps import json_response, principal
from ..problems import ApiError
from ..schemas import Strict

router = APIRouter(prefix="/v1/session", tags=["session"])


class SignInIn(Strict):
    api_key: Annotated[str, Field(min_length=1, max_length=200)]


def _view(who: Principal, session: sessions.Session | None) -> dict:
    return {
        "key": {
            "id": who.key_id,
            "prefix": who.prefix,
            "role": str(who.role),
            "channel": who.channel,
            "scope": None if who.scope is None else str(who.scope),
        },
        "permissions": sorted(str(p) for p in who.permissions),
        "session": None
        if session is None
        else {"expires_at": session.expires_at, "csrf_token": session.csrf},
    }


@router.post(
    "",
    status_code=201,
    summary="Sign in: exchange an API key for a session cookie (HttpOnly, SameSite=Strict)",
)
def sign_in(body: SignInIn, request: Request):
    sessions.refuse_cross_site(request)  # no other site signs a browser in to its key
    client = request.client.host if request.client else None
    who = request.app.state.verifier.verify(f"Bearer {body.api_key.strip()}", client)
    store = sessions.of(request.app)
    expiry = auth.get_key(request.app.state.engine, who.key_id).expires_at
    session = store.sign_in(who, expiry)
    response = json_response(_view(who, session), 201)
    store.set_cookie(request, response, session)
    return response


@router.get("", summary="Who is calling: the key's role, scope and permissions")
def get_session(request: Request, who: Principal = Depends(principal)):
    return json_response(_view(who, getattr(request.state, "session", None)))


@router.delete("", status_code=204, summary="Sign out: the session is revoked everywhere")
def sign_out(request: Request, who: Principal = Depends(principal)):
    session = getattr(request.state, "session", None)
    if session is None:
        raise ApiError(
            409, "this request carries an API key, not a session; revoke the key instead"
        )
    store = sessions.of(request.app)
    store.sign_out(session)
    response = Response(status_code=204)
    store.clear_cookie(request, response)
    return response

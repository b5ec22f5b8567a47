"""Console sessions: an API key exchanged for a session cookie, so the browser never keeps
the key (not in localStorage, not in sessionStorage, not in a page variable after sign-in).

The cookie holds a random token; the store keeps only its SHA-256 (`session_repo`), so a
sign-out revokes it for every worker at once, and revoking the key ends its sessions too.
The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
it), Secure when the console is served over https, and expires with the session.

Every change made with the cookie must carry the CSRF token in `X-CSRF-Token`: an HMAC of
the session token, so it needs no storage; a page of another origin can neither read it
(the same-origin policy) nor send a custom header without a CORS preflight, which this API
never grants. A request a browser marks `Sec-Fetch-Site: cross-site` is refused outright,
reads included. A request with an `Authorization` header is a key's, and none of this
applies to it (a key is not sent by a browser on its own)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from ordermind.adapters.db.session_repo import SqlSessions

from .auth import Principal
from .permissions import Scope
from .problems import ApiError
from .roles import Role

COOKIE = "om_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(token: str) -> str:
    """The CSRF token of a session: derived from its secret token, never stored."""
    return hmac.new(token.encode(), b"ordermind console csrf", hashlib.sha256).hexdigest()


def _wall() -> datetime:
    return datetime.now(UTC)  # sessions follow the real clock, as keys do


@dataclass(frozen=True)
class Session:
    """The session a request came with (on `request.state.session`)."""

    token: str
    expires_at: datetime

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)


class Sessions:
    """Signing in and out, and the principal of a request made with the cookie."""

    def __init__(self, engine, limits=None, ttl: timedelta | None = None) -> None:
        self.store = SqlSessions(engine)
        self.limits = limits
        hours = float(os.environ.get("ORDERMIND_SESSION_HOURS", "8"))
        self.ttl = ttl or timedelta(hours=hours)
        self.force_secure = os.environ.get("ORDERMIND_SESSION_SECURE") == "1"

    def sign_in(self, who: Principal, key_expires_at: datetime | None) -> Session:
        """A new session for the verified key `who`; it never outlives the key."""
        at = _wall()
        expires = at + self.ttl
        if key_expires_at is not None and key_expires_at < expires:
            expires = key_expires_at
        token = secrets.token_urlsafe(32)
        self.store.create(_hash(token), who.key_id, at, expires)
        return Session(token, expires)

    def verify(self, request: Request) -> Principal:
        refuse_cross_site(request)
        token = request.cookies.get(COOKIE, "")
        at = _wall()
        row = self.store.live(_hash(token), at) if token else None
        if row is None or (row.key_expires_at is not None and row.key_expires_at <= at):
            raise ApiError(401, "the session has ended; sign in again", "unauthenticated")
        session = Session(token, row.expires_at)
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                raise ApiError(
                    403,
                    f"a change made with the session cookie needs its {CSRF_HEADER} header",
                    "csrf_failed",
                )
        request.state.session = session
        who = Principal(
            row.key_id,
            row.prefix,
            Role(row.role),
            row.channel,
            None if row.scope is None else Scope(row.scope),
        )
        if self.limits is not None:
            self.limits.charge_key(who.key_id)
        return who

    def sign_out(self, session: Session) -> None:
        self.store.revoke(_hash(session.token), _wall())

    def set_cookie(self, request: Request, response: Response, session: Session) -> None:
        response.set_cookie(
            COOKIE,
            session.token,
            max_age=max(1, int((session.expires_at - _wall()).total_seconds())),
            expires=session.expires_at,
            path="/",
            secure=self.force_secure or request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )

    def clear_cookie(self, request: Request, response: Response) -> None:
        response.delete_cookie(
            COOKIE,
            path="/",
            secure=self.force_secure or request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )


def refuse_cross_site(request: Request) -> None:
    """A browser says where a request comes from: another site's page gets nothing."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise ApiError(403, "requests from another site are refused", "cross_site")


_lock = threading.Lock()


def of(app) -> Sessions:
    """The app's sessions (made on first use, from its engine and limits)."""
    state = app.state
    with _lock:
        if getattr(state, "sessions", None) is None:
            state.sessions = Sessions(state.engine, getattr(state, "limits", None))
    return state.sessions

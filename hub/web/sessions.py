"""Workbench sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, the
caller's bearer token and a CSRF token kept on the server beside it.

The token never reaches the page's JavaScript, so a script injected into the page cannot
carry it off; every state change must echo the session's CSRF token, so another site
cannot make the browser act with the cookie.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from starlette.responses import Response

COOKIE = "hub_session"
LOGIN_COOKIE = "hub_signin"
CSRF_HEADER = "x-csrf-token"
MAX_SESSIONS = 10_000
SIGN_IN_TTL_S = 600


@dataclass
class Session:
    """One signed-in browser: whose token, until when, and the CSRF token it must echo."""

    token: str
    subject: str
    agency: str
    roles: tuple[str, ...]
    name: str | None
    expires_at: float
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))


@dataclass
class PendingSignIn:
    """What a sign-in started and must find again when it comes back: the OIDC state,
    nonce and PKCE verifier, or the dev form's CSRF token."""

    expires_at: float
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    state: str | None = None
    nonce: str | None = None
    code_verifier: str | None = None
    then: str = "/workbench"


class SessionStore:
    """In-memory sessions of one hub process; a restart signs everyone out, as it should
    when tokens are short-lived and the hub is one process."""

    def __init__(self, ttl_s: int, clock: Callable[[], float] = time.time) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._pending: dict[str, PendingSignIn] = {}

    def open(self, token: str, subject: str, agency: str, roles: tuple[str, ...],
             name: str | None, token_expires_at: float | None) -> tuple[str, Session]:
        """A new session id for a verified token; it lasts no longer than the token."""
        self._sweep()
        now = self._clock()
        expires = now + self.ttl_s
        if token_expires_at is not None:
            expires = min(expires, token_expires_at)
        session = Session(token, subject, agency, roles, name, expires)
        session_id = secrets.token_urlsafe(32)
        self._sessions[session_id] = session
        return session_id, session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if session.expires_at <= self._clock():
            self._sessions.pop(session_id, None)
            return None
        return session

    def close(self, session_id: str | None) -> None:
        if session_id:
            self._sessions.pop(session_id, None)

    def begin(self, **details: str) -> tuple[str, PendingSignIn]:
        self._sweep()
        pending = PendingSignIn(expires_at=self._clock() + SIGN_IN_TTL_S, **details)
        key = secrets.token_urlsafe(24)
        self._pending[key] = pending
        return key, pending

    def finish(self, key: str | None) -> PendingSignIn | None:
        """The pending sign-in, once only: a replayed callback finds nothing."""
        pending = self._pending.pop(key, None) if key else None
        if pending is None or pending.expires_at <= self._clock():
            return None
        return pending

    def _sweep(self) -> None:
        now = self._clock()
        if len(self._sessions) >= MAX_SESSIONS:
            for key in [k for k, s in self._sessions.items() if s.expires_at <= now]:
                del self._sessions[key]
            while len(self._sessions) >= MAX_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
        for key in [k for k, p in self._pending.items() if p.expires_at <= now]:
            del self._pending[key]
        while len(self._pending) >= MAX_SESSIONS:  # a flood of sign-in pages: oldest go first
            del self._pending[next(iter(self._pending))]


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def set_cookie(response: Response, name: str, value: str, max_age: int, path: str = "/") -> None:
    response.set_cookie(name, value, max_age=max_age, path=path, httponly=True, secure=True,
                        samesite="strict")


def clear_cookie(response: Response, name: str, path: str = "/") -> None:
    response.delete_cookie(name, path=path, httponly=True, secure=True, samesite="strict")


def cookie_from(headers: Mapping[str, str], name: str) -> str | None:
    """One cookie's value from a raw Cookie header (for the ASGI middleware)."""
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None

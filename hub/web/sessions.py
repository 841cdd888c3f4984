"""Workbench sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie, the
caller's bearer token and a CSRF token kept on the server (in the data folder) beside it.

The token never reaches the page's JavaScript, so a script injected into the page cannot
carry it off; every state change must echo the session's CSRF token, so another site
cannot make the browser act with the cookie.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starlette.responses import Response

COOKIE = "hub_session"
LOGIN_COOKIE = "hub_signin"
CSRF_HEADER = "x-csrf-token"
MAX_SESSIONS = 10_000
SIGN_IN_TTL_S = 600
SWEEP_EVERY_S = 60
_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


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
    """Sessions and pending sign-ins as small files (0600) under the data folder, so every
    worker of `hub serve --workers N` knows every session and a sign-in may come back to
    any of them; signing out deletes the file, so a copied cookie dies with it."""

    def __init__(self, ttl_s: int, directory: Path, clock: Callable[[], float] = time.time,
                 max_entries: int = MAX_SESSIONS) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._max = max_entries
        self._swept_at = -1e18
        self._dir = directory
        self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)

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
        self._write("s", session_id, asdict(session))
        return session_id, session

    def get(self, session_id: str | None) -> Session | None:
        data = self._read("s", session_id)
        if data is None:
            return None
        if data["expires_at"] <= self._clock():
            self._delete("s", session_id)
            return None
        return Session(**{**data, "roles": tuple(data["roles"])})

    def close(self, session_id: str | None) -> None:
        self._delete("s", session_id)

    def begin(self, **details: str) -> tuple[str, PendingSignIn]:
        self._sweep()
        pending = PendingSignIn(expires_at=self._clock() + SIGN_IN_TTL_S, **details)
        key = secrets.token_urlsafe(24)
        self._write("p", key, asdict(pending))
        return key, pending

    def finish(self, key: str | None) -> PendingSignIn | None:
        """The pending sign-in, once only: a replayed callback finds nothing."""
        data = self._read("p", key)
        if data is None or not self._delete("p", key):
            return None  # another request took it first
        if data["expires_at"] <= self._clock():
            return None
        return PendingSignIn(**data)

    # -- the files -------------------------------------------------------------------

    def _path(self, kind: str, key: str | None) -> Path | None:
        if not key or not _KEY.fullmatch(key):
            return None  # a cookie is the client's to forge: never a path of its choosing
        return self._dir / f"{kind}-{key}.json"

    def _write(self, kind: str, key: str, data: dict[str, Any]) -> None:
        path = self._path(kind, key)
        assert path is not None
        fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)

    def _read(self, kind: str, key: str | None) -> dict[str, Any] | None:
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _delete(self, kind: str, key: str | None) -> bool:
        path = self._path(kind, key)
        if path is None:
            return False
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def _sweep(self) -> None:
        """Drop what has expired; past MAX_SESSIONS files (a flood), the oldest go first."""
        now = self._clock()
        files = list(self._dir.glob("[sp]-*.json"))
        if now - self._swept_at < SWEEP_EVERY_S and len(files) < self._max:
            return
        self._swept_at = now
        files.sort(key=lambda f: f.stat().st_mtime if f.exists() else 0)
        for path in list(files):
            try:
                expired = json.loads(path.read_text(encoding="utf-8"))["expires_at"] <= now
            except (OSError, ValueError, KeyError, TypeError):
                expired = True
            if expired or len(files) >= self._max:
                path.unlink(missing_ok=True)
                files = [f for f in files if f != path]


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

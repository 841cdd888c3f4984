"""The workbench's server side: who is signed in, and the checks every request gets.

A request from the page carries the session cookie and, on every state change, the
session's CSRF token; `caller_token` turns that into the bearer token the API checks,
so the page is held to exactly what an API client with the same token would be.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hub.auth.tokens import AuthError, bearer_token
from hub.config import Settings
from hub.web.oidc import OidcClient
from hub.web.sessions import COOKIE, CSRF_HEADER, Session, SessionStore, cookie_from, same_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Refusal(Exception):
    """A workbench request refused before it reached the API; `message` says what to do."""

    status: int
    message: str
    code: str


class Workbench:
    """Sessions, the optional OIDC provider and the dev issuer, for one hub process."""

    def __init__(self, settings: Settings, hub: Any) -> None:
        self.settings = settings
        self.hub = hub
        self.sessions = SessionStore(settings.session_ttl_s,
                                     Path(settings.data_dir) / "workbench-sessions")
        self.oidc = OidcClient(settings) if settings.oidc else None
        self.dev_sign_in = settings.dev_issuer and settings.env != "production"

    def session(self, headers: Mapping[str, str]) -> Session | None:
        return self.sessions.get(cookie_from(headers, COOKIE))

    def caller_token(self, method: str, headers: Mapping[str, str],
                     submitted_csrf: str | None = None) -> str:
        """The bearer token a request acts with: its own Authorization header (an API
        client), or its session's, after the CSRF check on anything but a read."""
        if headers.get("authorization"):
            try:
                return bearer_token(headers.get("authorization"))
            except AuthError as exc:
                raise Refusal(exc.status, exc.reason, exc.code.upper()) from exc
        if cookie_from(headers, COOKIE) is None:
            raise Refusal(401, "no bearer token and no workbench session: sign in at /workbench",
                          "NO_TOKEN")
        session = self.session(headers)
        if session is None:
            raise Refusal(401, "your workbench session has ended: sign in again at /workbench",
                          "SESSION_EXPIRED")
        if method not in SAFE_METHODS:
            check_origin(headers)
            if not same_token(session.csrf, submitted_csrf or headers.get(CSRF_HEADER)):
                raise Refusal(403, "this request is missing the workbench's CSRF token: reload "
                              "the page and try again", "CSRF")
        return session.token


def check_origin(headers: Mapping[str, str]) -> None:
    """A state change from a page of another origin is refused even with a good token."""
    origin = headers.get("origin")
    if origin in (None, "null"):
        return
    if urlsplit(origin).netloc != headers.get("host"):
        raise Refusal(403, "cross-site requests to the workbench are refused", "CSRF")

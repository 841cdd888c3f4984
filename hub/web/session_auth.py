"""Lets the page call POST /graphql with its session cookie instead of a bearer token.

Runs in front of the request guard: a request with the session cookie and no
Authorization header gets the session's token as its bearer, once the CSRF token it
must carry has been checked; everything after that is the API's usual path, audit
included. Requests with their own Authorization header pass through untouched.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.web.sessions import COOKIE, cookie_from
from hub.web.workbench import Refusal, Workbench


class SessionBearer:
    def __init__(self, app: ASGIApp, workbench: Workbench) -> None:
        self.app = app
        self.workbench = workbench

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/graphql"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("authorization") or cookie_from(headers, COOKIE) is None:
            await self.app(scope, receive, send)
            return
        try:
            token = self.workbench.caller_token(scope["method"], headers)
        except Refusal as refusal:
            response = JSONResponse({"errors": [{"message": refusal.message,
                                                 "extensions": {"code": refusal.code}}]},
                                    status_code=refusal.status)
            await response(scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = [*scope["headers"], (b"authorization", f"Bearer {token}".encode())]
        await self.app(scope, receive, send)

"""The ASGI application: lifespan (store up, demo seed), health checks, GraphQL, static files."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.auth.policy import Visibility
from hub.auth.tokens import AuthError, bearer_token
from hub.config import Settings
from hub.graph.cypher import Catalogue
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore
from hub.ingest.endpoint import routes as feed_routes
from hub.schema.app import HubGraphQL
from hub.services.changes import drain as drain_changes
from hub.services.context import RequestContext
from hub.services.loaders import Loaders
from hub.services.sharing import (
    Sharing,
    check_justification,
    check_purpose_header,
    consent_free_scopes,
)
from hub.web.routes import workbench_routes
from hub.web.session_auth import SessionBearer
from hub.web.workbench import Workbench

log = logging.getLogger("hub")
STATIC = Path(__file__).parent / "static"


class Hub:
    """The running hub: settings, the open store, and what each request needs from them."""

    def __init__(self, settings: Settings, seed_if_empty: str | None = None) -> None:
        self.settings = settings
        self.seed_if_empty = seed_if_empty
        self.handle: OpenStore | None = None
        self.sharing = Sharing(settings)
        # Loaded here, before anything listens: a hub without its statements does not start.
        self.catalogue = Catalogue.load()

    @property
    def store(self) -> GraphStore:
        if self.handle is None:
            raise RuntimeError("the hub's store is not open")
        return self.handle.store

    async def start(self) -> None:
        from seed.load import SeedMarker

        self.handle = await open_store(self.settings, self.catalogue, watch=True)
        marker = SeedMarker(self.settings.data_dir)
        if marker.present:
            if not self.seed_if_empty:
                raise HalfSeeded(f"the store in {self.settings.data_dir} was left half-seeded by "
                                 "a seed that was stopped; run `.venv/bin/hub seed --replace` "
                                 "to seed it again")
            log.warning("the store was left half-seeded by a seed that was stopped; wiping it "
                        "and seeding the %s county again", self.seed_if_empty)
            await self.store.clear()
            await self.store.apply_schema()
        if self.seed_if_empty:
            from seed.load import seed_store, store_is_empty

            if await store_is_empty(self.store):
                log.info("store is empty: seeding the %s county", self.seed_if_empty)
                with marker:
                    report = await seed_store(self.store, self.seed_if_empty)
                    await self.store.compact()
                log.info("seeded %s nodes and %s relationships in %.1fs",
                         report.nodes, report.relationships, report.seconds)
        # Before the first request: changes whose audit entries a stopped hub left in the
        # store go into the audit log (hub.services.changes).
        settled = await drain_changes(self.store, self.sharing.audit)
        if settled:
            log.warning("settled %d change(s) left in the store by an earlier stop into the "
                        "audit log", settled)

    async def stop(self) -> None:
        self.sharing.close()
        if self.handle is not None:
            await self.handle.close()
            self.handle = None

    async def request_context(self, request: Any) -> RequestContext:
        principal = getattr(request.state, "principal", None)
        if principal is None:  # only GET reaches here unauthenticated, and GET runs nothing
            access = Visibility(scopes=frozenset(), existence_scopes=frozenset(),
                                agreements=(), purpose="none")
            return RequestContext(settings=self.settings, store=self.store, access=access,
                                  request_id=request.state.request_id,
                                  loaders=Loaders(self.store, []), hub=self)
        purpose = request.state.purpose
        access = await self.sharing.visibility(self.store, principal, purpose)
        return RequestContext(
            settings=self.settings,
            store=self.store,
            access=access,
            request_id=request.state.request_id,
            loaders=Loaders(self.store, access.scope_list(), access.existence_list(),
                            consent_free_scopes(access)),
            principal=principal,
            justification=getattr(request.state, "justification", None),
            hub=self,
        )


class HalfSeeded(RuntimeError):
    """The store holds part of a seed that was stopped; it is not served as it is."""


class RequestGuard:
    """Request ids, body size limit and read deadline, JSON-only POSTs (no cross-site forms)
    and a time-out for the whole request."""

    def __init__(self, app: ASGIApp, settings: Settings, hub: Hub) -> None:
        self.app = app
        self.settings = settings
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        # An extract sent to /feeds is streamed to disk under its own, larger limit, and its
        # import runs after the answer, so the GraphQL request time-out does not apply to it.
        feed = scope["method"] == "POST" and scope["path"].startswith("/feeds/")
        limit = self.settings.max_feed_bytes if feed else self.settings.max_body_bytes

        async def reply(status: int, text: str, code: str = "BAD_REQUEST",
                        extra: dict[str, str] | None = None) -> None:
            response = JSONResponse({"errors": [{"message": text, "extensions": {
                "code": code, "requestId": request_id}}]}, status_code=status,
                headers={"X-Request-Id": request_id, **(extra or {})})
            await response(scope, receive, send)

        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await reply(413, f"request body over the limit of {limit} bytes")
            return
        if scope["method"] == "POST" and scope["path"].startswith("/graphql"):
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != "application/json":
                await reply(415, "POST /graphql takes Content-Type: application/json")
                return
            try:
                token = bearer_token(headers.get("authorization"))
                principal = await self.hub.sharing.verifier.verify(token)
            except AuthError as exc:
                await reply(exc.status, exc.reason, code=exc.code.upper(),
                            extra={"WWW-Authenticate": exc.www_authenticate()})
                return
            try:
                purpose = check_purpose_header(headers.get("x-purpose"))
                justification = check_justification(headers.get("x-justification"))
            except ValueError as exc:
                await reply(400, str(exc))
                return
            scope["state"].update(principal=principal, purpose=purpose,
                                  justification=justification)
        received = 0
        body_done = False

        async def limited_receive() -> Message:
            # Each read of the body waits at most body_timeout_s for the next part (counted
            # from when the app asks, so a busy hub does not time out a body that arrived);
            # the whole request is still bounded by request_timeout_s.
            nonlocal received, body_done
            if body_done:  # after the body: disconnect notices, which may wait as long as they like
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.settings.body_timeout_s)
            except TimeoutError:
                raise BodyTimeout from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
                body_done = not message.get("more_body", False)
            else:
                body_done = True
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, limited_receive, send_with_id),
                                   timeout=None if feed else self.settings.request_timeout_s)
        except BodyTooLarge:
            await reply(413, f"request body over the limit of {limit} bytes")
        except BodyTimeout:
            await reply(408, f"the request body stopped arriving for {self.settings.body_timeout_s:.0f}s:"
                        " check that Content-Length matches the body sent",
                        extra={"Connection": "close"})
        except TimeoutError:
            log.warning("request %s timed out after %ss", request_id,
                        self.settings.request_timeout_s)
            with contextlib.suppress(RuntimeError):
                await reply(504, f"the request took longer than {self.settings.request_timeout_s:.0f}s"
                            " and was stopped")
        except Exception:  # the last line of masking: JSON with the request id, never a traceback
            log.exception("request %s failed", request_id)
            with contextlib.suppress(RuntimeError):
                await reply(500, f"Internal error: the hub could not answer. Quote request id "
                            f"{request_id}.", code="INTERNAL")


class BodyTooLarge(Exception):
    pass


class BodyTimeout(Exception):
    """The client said (Content-Length) more body was coming than it sent in time."""


def create_app(settings: Settings | None = None, seed_if_empty: str | None = None) -> Starlette:
    """The hub as an ASGI app; the lifespan opens the store (and seeds it if asked)."""
    settings = settings or Settings.from_env()
    hub = Hub(settings, seed_if_empty)
    graphql = HubGraphQL(settings, hub)
    workbench = Workbench(settings, hub)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        """Ready means statements loaded, the store's schema applied and the store answering."""
        statements = len(hub.catalogue)
        schema = hub.handle is not None and hub.store.schema_applied
        if schema and statements and await hub.store.ping():
            return JSONResponse({"ready": True, "store": hub.store.kind,
                                 "statements": statements, "schema": True})
        return JSONResponse({"ready": False, "statements": statements, "schema": schema},
                            status_code=503)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.stop()

    routes: list[Route | Mount] = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *feed_routes(hub),
        *workbench_routes(workbench),
    ]
    if settings.development:
        routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(SessionBearer, workbench=workbench),
                                Middleware(RequestGuard, settings=settings, hub=hub)])
    app.state.hub = hub
    app.state.workbench = workbench
    return app

"""The GraphQL endpoint: context per request, masked errors, limits, media types, GraphiQL.

Every answer is JSON with GraphQL errors, never plain text: a body the parser cannot take
is 400; a request error (parse, validation, bad input at the door) is 200 under
`application/json` and 400 under `application/graphql-response+json` (GraphQL over HTTP);
a store that is restarting is 503 with Retry-After, so a client can retry safely.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.domain.errors import HubError, InvalidInput
from hub.graph.store import StoreUnavailable, counting
from hub.schema.body import BadBody, parse_body
from hub.schema.graphiql import graphiql_page
from hub.schema.guard import SharingGuard
from hub.schema.limits import cost_limiter, document_limits

log = logging.getLogger("hub.graphql")
QUERY_CACHE_SIZE = 256
_BAD_VARIABLE = re.compile(
    r"^Variable '\$(?P<name>\w+)' has invalid value(?: at \.(?P<path>[^:]+))?:")
GRAPHQL_RESPONSE = "application/graphql-response+json"
RETRY_AFTER_S = 2
STORE_UNAVAILABLE = ("the graph store is not answering just now (it is restarting or loading): "
                     f"retry in {RETRY_AFTER_S} seconds; a mutation sent again with the same "
                     "clientRef is recorded once")


def response_media_type(accept: str | None) -> str:
    """GraphQL over HTTP: `application/graphql-response+json` when the client prefers it, else
    `application/json` (also when Accept is missing or says `*/*`)."""
    best: tuple[float, str] | None = None
    for part in (accept or "").split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    weight = float(param[2:])
                except ValueError:
                    weight = 0.0
        media = {GRAPHQL_RESPONSE: GRAPHQL_RESPONSE, "application/json": "application/json",
                 "application/*": "application/json", "*/*": "application/json"}.get(kind.lower())
        if media is not None and weight > 0 and (best is None or weight > best[0]):
            best = (weight, media)
    return best[1] if best else "application/json"


def schema_for(settings: Settings) -> Any:
    """The schema with this deployment's limits; introspection only in development and tests.

    Parsing and validating a query cost more than executing it, and clients send the
    same few query texts again and again, so both are cached (bounded LRU, keyed by the
    text and by the document and rules). The limits are validation rules and run on a
    cache miss only, which is right while they depend on the document alone.
    """
    from hub.schema.build import make_schema

    extensions: list[Any] = [
        lambda: ParserCache(maxsize=QUERY_CACHE_SIZE),
        lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
        QueryDepthLimiter(max_depth=settings.max_depth),
        MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        MaxTokensLimiter(max_token_count=10000),
        document_limits(),
        cost_limiter(settings.max_cost),
        SharingGuard,
    ]
    if settings.env == "production":
        extensions.append(DisableIntrospection())
    return make_schema(extensions)


NO_PURPOSE_NOTE = (
    "no X-Purpose header: you see only your own agency's records. To see what the information "
    "sharing agreements share with you, send X-Purpose: mace, yviu, missing, domestic_abuse or "
    "mash")


def client_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    """What the client may see of an error: ours verbatim, anything else masked."""
    original = error.original_error
    entry: dict[str, Any] = {"message": error.message}
    if error.path:
        entry["path"] = error.path
    if isinstance(original, StoreUnavailable):
        log.warning("request %s: %s", request_id, original)
        return {"message": STORE_UNAVAILABLE, "path": error.path,
                "extensions": {"code": "STORE_UNAVAILABLE", "requestId": request_id}}
    if isinstance(original, HubError):
        entry["message"] = original.message
        entry["extensions"] = {"code": original.code, "requestId": request_id}
        if original.field:
            entry["extensions"]["field"] = original.field
        return entry
    before_execution = error.path is None and isinstance(original, GraphQLError | ValueError)
    if original is None or before_execution:
        if error.locations:
            entry["locations"] = [{"line": loc.line, "column": loc.column}
                                  for loc in error.locations]
        ours = error.extensions or {}
        entry["extensions"] = {"code": ours.get("code", "GRAPHQL_VALIDATION"),
                               "requestId": request_id}
        if "field" in ours:
            entry["extensions"]["field"] = ours["field"]
        elif bad := _BAD_VARIABLE.match(error.message):
            entry["extensions"]["field"] = bad["name"] + (f".{bad['path']}" if bad["path"] else "")
        return entry
    log.error("request %s failed: %s", request_id, error.message, exc_info=original)
    return {
        "message": f"Internal error: the hub could not answer. Quote request id {request_id}.",
        "path": error.path,
        "extensions": {"code": "INTERNAL", "requestId": request_id},
    }


def _request_error_status(media_type: str) -> int:
    """A request that never ran: 200 under application/json, 400 under the newer media type."""
    return 400 if media_type == GRAPHQL_RESPONSE else 200


class HubGraphQL(GraphQL):
    """strawberry's ASGI app with the hub's context, body checks, error masking, media types
    and GraphiQL."""

    def __init__(self, settings: Settings, hub: Any) -> None:
        super().__init__(
            schema_for(settings),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        media_type = response_media_type(request.headers.get("accept"))
        request.state.media_type = media_type
        try:
            response = await self.run(request)
        except BadBody as exc:
            response = self.error_response(request, 400, exc.message, exc.code, exc.field)
        except InvalidInput as exc:
            response = self.error_response(request, _request_error_status(media_type),
                                           exc.message, exc.code, exc.field)
        except HTTPException as exc:
            code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code,
                                                                     "BAD_REQUEST")
            response = self.error_response(request, exc.status_code, exc.reason, code)
        except StoreUnavailable as exc:
            log.warning("request %s: %s", getattr(request.state, "request_id", "-"), exc)
            response = self.error_response(request, 503, STORE_UNAVAILABLE, "STORE_UNAVAILABLE")
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
        await response(scope, receive, send)

    def error_response(self, request: Request, status: int, message: str, code: str,
                       field: str | None = None) -> Response:
        """A request refused before it ran, as GraphQL errors in the negotiated media type."""
        request_id = getattr(request.state, "request_id", "-")
        extensions: dict[str, Any] = {"code": code, "requestId": request_id}
        if field:
            extensions["field"] = field
        body: dict[str, Any] = {"errors": [{"message": message, "extensions": extensions}],
                                "extensions": {"requestId": request_id}}
        media_type = getattr(request.state, "media_type", "application/json")
        if media_type != GRAPHQL_RESPONSE:
            body = {"data": None, **body}
        return JSONResponse(body, status_code=status, media_type=media_type)

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method != "POST":  # GraphiQL's page is served before this; nothing runs over GET
            raise HTTPException(405, "operations are not run over GET: POST them as JSON to /graphql")
        return parse_body(await request.get_body())

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        request.state.sub_response = response
        return await self.hub.request_context(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_page())

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = getattr(sub_response, "hub_media_type", None)
        if media_type is not None:
            response.headers["content-type"] = f"{media_type}; charset=utf-8"
        return response

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        with counting() as counter:
            result = await super().execute_single(*args, **kwargs)
        request = kwargs.get("request")
        if request is not None:
            request.state.store_calls = counter.calls
        context = kwargs.get("context")
        if context is not None and context.disclosed and context.principal is not None:
            await self.hub.sharing.record_disclosure(
                context.principal, context.access, context.disclosed, context.justification,
                context.operation, context.request_id,
            )
        return result

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        request_id = getattr(request.state, "request_id", "-")
        media_type = getattr(request.state, "media_type", "application/json")
        data: GraphQLHTTPResponse = {"data": result.data}
        status: int | None = None
        if result.errors:
            entries = [client_error(error, request_id) for error in result.errors]
            codes = {entry.get("extensions", {}).get("code") for entry in entries}
            if "LIMIT_EXCEEDED" in codes:  # one clear refusal, not a pile of follow-on errors
                entries = [e for e in entries if e["extensions"]["code"] == "LIMIT_EXCEEDED"]
            errors: list[object] = []
            seen: set[tuple[str, str | None]] = set()
            for entry in entries:
                key = (entry["message"], entry.get("extensions", {}).get("code"))
                if key in seen and key[1] in {"FORBIDDEN", "STORE_UNAVAILABLE"}:
                    continue  # one refusal per reason, not one per refused field
                seen.add(key)
                errors.append(entry)
            data["errors"] = errors
            if "STORE_UNAVAILABLE" in codes:
                status = 503
            elif result.data is None and all(error.path is None for error in result.errors):
                status = _request_error_status(media_type)
                if media_type == GRAPHQL_RESPONSE:
                    del data["data"]  # a request error has no data entry at all
        extensions: dict[str, Any] = dict(result.extensions or {})
        extensions["requestId"] = request_id
        calls = getattr(request.state, "store_calls", None)
        if calls is not None and self.settings.env != "production":
            extensions["storeCalls"] = calls
        if getattr(request.state, "principal", None) is not None and \
                getattr(request.state, "purpose", None) is None:
            extensions["note"] = NO_PURPOSE_NOTE
        data["extensions"] = extensions
        sub_response = getattr(request.state, "sub_response", None)
        if sub_response is not None:
            sub_response.hub_media_type = media_type
            if status is not None:
                sub_response.status_code = status
            if status == 503:
                sub_response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return data

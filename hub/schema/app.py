"""The GraphQL endpoint: context per request, masked errors, limits, and the local GraphiQL."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
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
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.domain.errors import HubError
from hub.graph.store import counting
from hub.schema.graphiql import graphiql_page
from hub.schema.guard import SharingGuard
from hub.schema.limits import cost_limiter

log = logging.getLogger("hub.graphql")
QUERY_CACHE_SIZE = 256
_BAD_VARIABLE = re.compile(
    r"^Variable '\$(?P<name>\w+)' has invalid value(?: at \.(?P<path>[^:]+))?:")


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
        cost_limiter(settings.max_cost),
        SharingGuard,
    ]
    if settings.env == "production":
        extensions.append(DisableIntrospection())
    return make_schema(extensions)


def client_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    """What the client may see of an error: ours verbatim, anything else masked."""
    original = error.original_error
    entry: dict[str, Any] = {"message": error.message}
    if error.path:
        entry["path"] = error.path
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
        entry["extensions"] = {"code": "GRAPHQL_VALIDATION", "requestId": request_id}
        if bad := _BAD_VARIABLE.match(error.message):
            entry["extensions"]["field"] = bad["name"] + (f".{bad['path']}" if bad["path"] else "")
        return entry
    log.error("request %s failed: %s", request_id, error.message, exc_info=original)
    return {
        "message": f"Internal error: the hub could not answer. Quote request id {request_id}.",
        "path": error.path,
        "extensions": {"code": "INTERNAL", "requestId": request_id},
    }


class HubGraphQL(GraphQL):
    """strawberry's ASGI app with the hub's context, error masking and GraphiQL."""

    def __init__(self, settings: Settings, hub: Any) -> None:
        super().__init__(
            schema_for(settings),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.hub = hub

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        return await self.hub.request_context(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_page())

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
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            errors: list[object] = []
            seen: set[tuple[str, str | None]] = set()
            for error in result.errors:
                entry = client_error(error, request_id)
                key = (entry["message"], entry.get("extensions", {}).get("code"))
                if key in seen and entry.get("extensions", {}).get("code") == "FORBIDDEN":
                    continue  # one refusal per reason, not one per refused field
                seen.add(key)
                errors.append(entry)
            data["errors"] = errors
        extensions: dict[str, Any] = dict(result.extensions or {})
        extensions["requestId"] = request_id
        calls = getattr(request.state, "store_calls", None)
        if calls is not None and self.settings.env != "production":
            extensions["storeCalls"] = calls
        data["extensions"] = extensions
        return data

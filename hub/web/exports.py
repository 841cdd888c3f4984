"""POST /workbench/export/{name}: thin HTTP over `hub.services.exports`.

The page posts a form (its CSRF token, purpose, justification and the export's
parameters) so the browser saves the streamed file itself; an API client may instead
send its bearer token and the X-Purpose and X-Justification headers.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from hub.auth.tokens import AuthError
from hub.domain.errors import HubError
from hub.services.exports import export
from hub.services.sharing import check_justification, check_purpose_header
from hub.web.signin import form_of
from hub.web.workbench import Refusal, Workbench

STATUS = {"INVALID_INPUT": 400, "BAD_REQUEST": 400, "NOT_FOUND": 404, "FORBIDDEN": 403,
          "CONFLICT": 409, "LIMIT_EXCEEDED": 413}


def _error(status: int, message: str, code: str, request_id: str,
           field: str | None = None) -> Response:
    extensions: dict[str, Any] = {"code": code, "requestId": request_id}
    if field:
        extensions["field"] = field
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]},
                        status_code=status, headers={"Cache-Control": "no-store"})


def export_route(workbench: Workbench) -> Callable[[Request], Awaitable[Response]]:
    async def route(request: Request) -> Response:
        request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex[:16]
        name = request.path_params["name"]
        try:
            form = await form_of(request)
            token = workbench.caller_token(request.method, request.headers, form.get("csrf"))
            principal = await workbench.hub.sharing.verifier.verify(token)
            purpose = check_purpose_header(request.headers.get("x-purpose") or form.get("purpose"))
            justification = check_justification(
                request.headers.get("x-justification") or form.get("justification"))
        except Refusal as refusal:
            return _error(refusal.status, refusal.message, refusal.code, request_id)
        except AuthError as exc:
            return _error(exc.status, exc.reason, exc.code.upper(), request_id)
        except ValueError as exc:
            return _error(400, str(exc), "BAD_REQUEST", request_id)
        request.state.principal = principal
        request.state.purpose = purpose
        request.state.justification = justification
        request.state.request_id = request_id
        ctx = await workbench.hub.request_context(request)
        params = {**dict(request.query_params), **form}
        try:
            built = await export(ctx, name, params)
        except HubError as exc:
            return _error(STATUS.get(exc.code, 400), exc.message, exc.code, request_id, exc.field)
        return StreamingResponse(built.body(), media_type=built.media_type, headers={
            "Content-Disposition": f'attachment; filename="{built.filename}"',
            "Cache-Control": "no-store", "X-Export-Rows": str(built.rows),
            "X-Request-Id": request_id})

    return route

"""The feed endpoint: a partner system POSTs an extract, the same importer as `hub import` runs.

`POST /feeds/{source}/{file name}` with `Authorization: Bearer <token>` (from that agency's
issuer, with the `feed` role) and the file as the body (`text/csv` or
`application/x-ndjson`). The body is streamed to disk (bounded memory, `HUB_MAX_FEED_BYTES`),
the import runs in the background, and the answer is `202` with the run id and where its
report is: `GET /feeds/runs/{run}` (the report as JSON, `status` `running` until done) and
`GET /feeds/runs/{run}/rejects/{file name}` (the rejected rows, to fix and send again).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from hub.auth.principal import Principal
from hub.auth.tokens import AuthError, bearer_token
from hub.ingest import mapping
from hub.ingest.importer import FEED_ROLE, may_send
from hub.ingest.reader import ExtractError, file_format
from hub.ingest.runner import run_import, runs_dir

log = logging.getLogger("hub.feeds")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
RUN_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{6}$")


def _error(status: int, message: str, code: str = "BAD_REQUEST",
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status, headers=headers)


async def _feed_principal(request: Request, hub: Any) -> Principal | JSONResponse:
    try:
        principal: Principal = await hub.sharing.verifier.verify(
            bearer_token(request.headers.get("authorization")))
    except AuthError as exc:
        return _error(exc.status, exc.reason, exc.code.upper(),
                      {"WWW-Authenticate": exc.www_authenticate()})
    if not principal.has_role(FEED_ROLE):
        return _error(403, "sending extracts needs a token with the feed role", "FORBIDDEN")
    return principal


def routes(hub: Any) -> list[Route]:
    """The feed routes, bound to the running hub (its store, settings, verifier, audit log)."""
    tasks: set[asyncio.Task[Any]] = set()

    async def receive(request: Request) -> Response:
        principal = await _feed_principal(request, hub)
        if isinstance(principal, JSONResponse):
            return principal
        source, name = request.path_params["source"], request.path_params["name"]
        try:
            found = mapping.load(source)
            if not SAFE_NAME.match(name):
                raise ExtractError("name the file with letters, digits, '.', '-' or '_' only")
            file_format(Path(name))
        except (mapping.MappingError, ExtractError) as exc:
            return _error(400, str(exc))
        refusal = may_send(principal, found)
        if refusal:
            return _error(403, refusal, "FORBIDDEN")
        incoming = runs_dir(hub.settings) / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        path = incoming / f"{request.state.request_id}-{name}"
        limit, size = hub.settings.max_feed_bytes, 0
        with path.open("wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    out.close()
                    path.unlink(missing_ok=True)
                    return _error(413, f"the extract is over the limit of {limit} bytes; split it")
                out.write(chunk)
        if size == 0:
            path.unlink(missing_ok=True)
            return _error(400, "the request body is empty: send the extract as the body")
        started: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def work() -> None:
            try:
                await run_import(hub.store, hub.settings, source, [path], principal=principal,
                                 audit=hub.sharing.audit, names={path: name},
                                 on_start=lambda run: started.set_result(run))
            except Exception as exc:  # noqa: BLE001 - reported to the partner, logged here
                log.exception("feed import failed")
                if not started.done():
                    started.set_exception(exc)
            finally:
                path.unlink(missing_ok=True)

        task = asyncio.get_running_loop().create_task(work())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        try:
            run = await started
        except (mapping.MappingError, ExtractError, PermissionError) as exc:
            return _error(400, str(exc))
        return JSONResponse({"run": run, "status": "running", "report": f"/feeds/runs/{run}"},
                            status_code=202)

    async def report(request: Request) -> Response:
        principal = await _feed_principal(request, hub)
        if isinstance(principal, JSONResponse):
            return principal
        run = request.path_params["run"]
        path = runs_dir(hub.settings) / run / "report.json"
        if not RUN_ID.match(run) or not path.is_file():
            return _error(404, "no import run with this id", "NOT_FOUND")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("agency") != principal.agency:  # the same words: no run of another agency
            return _error(404, "no import run with this id", "NOT_FOUND")
        for item in data.get("files", []):
            for key in ("rejects_file", "reasons_file"):
                if item.get(key):
                    item[key] = f"/feeds/runs/{run}/rejects/{Path(item[key]).name}"
        return JSONResponse(data)

    async def rejects(request: Request) -> Response:
        principal = await _feed_principal(request, hub)
        if isinstance(principal, JSONResponse):
            return principal
        run, name = request.path_params["run"], request.path_params["name"]
        folder = runs_dir(hub.settings) / run
        path = folder / name
        report_path = folder / "report.json"
        if (not RUN_ID.match(run) or not SAFE_NAME.match(name) or not name.startswith("rejected-")
                or not path.is_file() or not report_path.is_file()
                or json.loads(report_path.read_text()).get("agency") != principal.agency):
            return _error(404, "no such file for this run", "NOT_FOUND")
        return FileResponse(path, filename=name)

    return [
        Route("/feeds/runs/{run}", report, methods=["GET"]),
        Route("/feeds/runs/{run}/rejects/{name}", rejects, methods=["GET"]),
        Route("/feeds/{source}/{name}", receive, methods=["POST"]),
    ]


__all__ = ["routes"]

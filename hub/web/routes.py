"""The workbench's routes under /workbench: the page, its session, sign-in and exports."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from hub.web.exports import export_route
from hub.web.signin import HEADERS, signin_routes
from hub.web.workbench import Workbench

STATIC = Path(__file__).resolve().parent.parent / "static"
# The page talks only to this hub: no outside script, style, font, image or connection.
PAGE_HEADERS = {**HEADERS, "Content-Security-Policy": (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")}


def workbench_routes(workbench: Workbench) -> list[Route | Mount]:
    handlers = signin_routes(workbench)

    async def page(request: Request) -> Response:
        if workbench.session(request.headers) is None:
            return RedirectResponse("/workbench/signin", status_code=303)
        return FileResponse(STATIC / "workbench" / "index.html", headers=PAGE_HEADERS)

    async def session(request: Request) -> Response:
        found = workbench.session(request.headers)
        if found is None:
            return JSONResponse({"signedIn": False}, status_code=401,
                                headers={"Cache-Control": "no-store"})
        return JSONResponse({"signedIn": True, "subject": found.subject, "agency": found.agency,
                             "roles": list(found.roles), "name": found.name, "csrf": found.csrf,
                             "expiresAt": int(found.expires_at)},
                            headers={"Cache-Control": "no-store"})

    return [
        Route("/workbench", page, methods=["GET"]),
        Route("/workbench/session", session, methods=["GET"]),
        Route("/workbench/signin", handlers["signin"], methods=["GET"]),
        Route("/workbench/signin/dev", handlers["dev_signin"], methods=["POST"]),
        Route("/workbench/signin/oidc", handlers["oidc_start"], methods=["GET"]),
        Route("/workbench/callback", handlers["callback"], methods=["GET"],
              name="workbench_callback"),
        Route("/workbench/signout", handlers["signout"], methods=["POST"]),
        Route("/workbench/export/{name}", export_route(workbench), methods=["POST"]),
        Mount("/workbench/assets", StaticFiles(directory=STATIC / "workbench")),
        Mount("/workbench/cytoscape", StaticFiles(directory=STATIC / "cytoscape")),
    ]

"""Production settings and the request guard: what is switched off, and what is cut short."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from hub.app import RequestGuard
from hub.auth.devissuer import DevIssuerError, mint_token
from hub.config import Settings
from hub.schema.app import schema_for
from tests.support import RunningHub

INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_is_off_in_production_and_on_otherwise(hub: RunningHub) -> None:
    production = schema_for(Settings(env="production"))
    refused = production.execute_sync(INTROSPECTION)
    assert refused.errors and "introspection" in refused.errors[0].message.lower()
    assert hub.data(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}


def test_graphiql_and_its_assets_are_not_served_in_production(tmp_path: Path) -> None:
    from hub.app import create_app

    app = create_app(Settings(env="production", data_dir=tmp_path))
    paths = {getattr(route, "path", None) for route in app.routes}
    assert "/static" not in paths
    dev = create_app(Settings(env="development", data_dir=tmp_path / "dev"))
    assert "/static" in {getattr(route, "path", None) for route in dev.routes}


def test_the_development_issuer_refuses_to_work_in_production(tmp_path: Path) -> None:
    with pytest.raises(DevIssuerError):
        mint_token(Settings(env="production", dev_issuer=True, data_dir=tmp_path),
                   sub="x", agency="police", roles=["analyst"])


async def test_a_request_that_runs_too_long_is_stopped_with_504() -> None:
    async def slow(request: Request) -> PlainTextResponse:
        await asyncio.sleep(5)
        return PlainTextResponse("too late")

    inner = Starlette(routes=[Route("/slow", slow)])
    guarded = RequestGuard(inner, settings=Settings(request_timeout_s=0.2), hub=None)
    transport = httpx.ASGITransport(app=guarded)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        response = await client.get("/slow")
    assert response.status_code == 504
    assert "stopped" in response.json()["errors"][0]["message"]


def test_hub_audit_verify_passes_untouched_and_names_the_first_edited_entry(
    hub: RunningHub, tmp_path: Path
) -> None:
    hub.data("{ children(first: 2) { edges { node { name } } } }")  # at least one entry
    log = hub.data_dir / "audit" / "audit.log"
    copy = tmp_path / "audit.log"
    copy.write_bytes(log.read_bytes())
    run = [sys.executable, "-m", "hub", "audit", "verify", "--path", str(copy)]
    ok = subprocess.run(run, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["ok"] is True
    lines = copy.read_bytes().splitlines(keepends=True)
    edited = lines[0].replace(b'"kind":"', b'"kind":"x', 1)
    assert edited != lines[0]
    copy.write_bytes(b"".join([edited, *lines[1:]]))
    bad = subprocess.run(run, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["first_bad"] == 1


async def test_an_unexpected_failure_is_masked_json_with_the_request_id() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:  # as the router sees it
        raise RuntimeError("MATCH (n:Person) leaked detail")

    guarded = RequestGuard(broken, settings=Settings(), hub=None)
    transport = httpx.ASGITransport(app=guarded, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        response = await client.get("/broken")
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL" and "MATCH" not in response.text
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]

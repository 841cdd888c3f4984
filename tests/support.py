"""Running a real hub process for tests: start it on a free loopback port, talk GraphQL to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningHub:
    """A `hub serve` child process on loopback, with a client for its GraphQL endpoint."""

    url: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    env: dict[str, str]
    client: httpx.Client
    headers: dict[str, str] = field(default_factory=dict)
    lane: str = "embedded"  # or "bolt": the same hub through the Neo4j adapter

    def token(self, agency: str, *roles: str, sub: str | None = None, ttl: int = 60) -> str:
        """A real token signed by this hub's development issuer."""
        from hub.auth.devissuer import mint_token
        from hub.config import Settings

        settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(self.data_dir),
                                      "HUB_DEV_ISSUER": "1"})
        return mint_token(settings, sub=sub or f"{agency}-{'-'.join(roles)}", agency=agency,
                          roles=list(roles), ttl_minutes=ttl)

    def caller(self, agency: str, *roles: str, purpose: str | None = "mace",
               justification: str | None = "test: checking the hub answers correctly",
               sub: str | None = None) -> dict[str, str]:
        """Headers for a request from this agency and role, for a purpose, with a reason."""
        headers = {"Authorization": f"Bearer {self.token(agency, *roles, sub=sub)}"}
        if purpose:
            headers["X-Purpose"] = purpose
        if justification:
            headers["X-Justification"] = justification
        return headers

    def gql(self, query: str, variables: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                    headers=self.headers if headers is None else headers)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def data(self, query: str, variables: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> dict[str, Any]:
        """The `data` of a query that must succeed without errors."""
        body = self.gql(query, variables, headers)
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]


def start_hub(data_dir: Path, extra_env: dict[str, str] | None = None,
              seed: str | None = "demo", timeout: float = 180.0,
              python: str = sys.executable, cwd: Path | None = None,
              workers: int = 1) -> RunningHub:
    """Start `python -m hub serve` (this venv's, or `python`'s) and wait until /readyz answers."""
    port = free_port()
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir),
           "HUB_PORT": str(port), "HUB_DEV_ISSUER": "1", "HUB_LOG_LEVEL": "WARNING",
           **(extra_env or {})}
    args = [sys.executable, "-m", "hub", "serve"] + (["--seed-if-empty", seed] if seed else [])
    args += ["--workers", str(workers)] if workers > 1 else []
    log = open(data_dir.parent / f"{data_dir.name}-hub.log", "ab")  # noqa: SIM115
    args[0] = python
    process = subprocess.Popen(args, env=env, stdout=log, stderr=log, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hub exited with {process.returncode}; see {log.name}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"hub did not become ready in {timeout}s; see {log.name}")
    running = RunningHub(url, process, data_dir, env, httpx.Client(base_url=url, timeout=30))
    running.headers = running.caller("police", "analyst")
    return running


def stop_hub(hub: RunningHub) -> None:
    hub.client.close()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=5)



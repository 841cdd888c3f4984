"""Read time-outs, the connection limit and a store restart, with real sockets on a real uvicorn.

One hub of its own with short time-outs (1 s for headers and body) and a small connection
limit, and an empty store, so these tests do not disturb the shared demo hub.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import RunningHub, start_hub, stop_hub

MAX_CONNECTIONS = 12


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    running = start_hub(tmp_path_factory.mktemp("strict") / "data", seed=None, extra_env={
        "HUB_HEADER_TIMEOUT_S": "1", "HUB_BODY_TIMEOUT_S": "1", "HUB_KEEP_ALIVE_S": "2",
        "HUB_MAX_CONNECTIONS": str(MAX_CONNECTIONS)})
    yield running
    stop_hub(running)


def address(hub: RunningHub) -> tuple[str, int]:
    host, port = hub.url.removeprefix("http://").split(":")
    return host, int(port)


def connect(hub: RunningHub, timeout: float = 5.0) -> socket.socket:
    sock = socket.create_connection(address(hub), timeout=timeout)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (each read bounded by the socket time-out)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except (ConnectionResetError, TimeoutError):
        pass
    return b"".join(chunks)


def request_head(hub: RunningHub, length: int) -> bytes:
    lines = ["POST /graphql HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Authorization: {hub.headers['Authorization']}", f"Content-Length: {length}", "", ""]
    return "\r\n".join(lines).encode()


def test_a_content_length_longer_than_the_body_gets_a_quick_408(strict: RunningHub) -> None:
    body = b'{"query": "{ __typename }"}'
    with connect(strict) as sock:
        started = time.monotonic()
        sock.sendall(request_head(strict, len(body) + 50) + body)
        answer = read_all(sock)
        waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"body" in answer and b"Content-Length" in answer
    assert waited < 5, f"the short body was held for {waited:.1f}s"


def test_clients_that_never_finish_their_headers_are_dropped(strict: RunningHub) -> None:
    socks = [connect(strict) for _ in range(30)]
    try:
        for sock in socks:
            sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        time.sleep(2.5)
        closed = 0
        for sock in socks:
            sock.settimeout(2)
            try:
                closed += sock.recv(1024) == b""
            except ConnectionResetError:
                closed += 1
            except TimeoutError:
                pass
        assert closed == len(socks), f"only {closed} of {len(socks)} slow clients were dropped"
    finally:
        for sock in socks:
            sock.close()


def test_the_connection_limit_turns_new_requests_away_until_slots_free(strict: RunningHub) -> None:
    socks = [connect(strict) for _ in range(MAX_CONNECTIONS)]
    try:
        for sock in socks:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        time.sleep(0.2)
        turned_away = strict.client.get("/healthz")
        assert turned_away.status_code == 503
    finally:
        for sock in socks:
            sock.close()
    deadline = time.monotonic() + 5
    while strict.client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, "slots did not free after the slow clients left"
        time.sleep(0.1)


def store_pid(hub: RunningHub) -> int:
    for pid_file in Path(hub.data_dir).rglob("*.pid"):
        text = pid_file.read_text().strip()
        if text.isdigit():
            return int(text)
    raise AssertionError(f"no store pid file under {hub.data_dir}")


def test_a_store_restart_mid_request_is_503_with_retry_after(strict: RunningHub) -> None:
    query = {"query": "{ children(first: 1) { totalCount } }"}
    assert strict.client.post("/graphql", json=query, headers=strict.headers).status_code == 200
    os.kill(store_pid(strict), signal.SIGKILL)
    statuses = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        response = strict.client.post("/graphql", json=query, headers=strict.headers)
        statuses.append(response.status_code)
        assert "INTERNAL" not in response.text, response.text
        if response.status_code == 503:
            assert int(response.headers["retry-after"]) >= 1
            error = json.loads(response.text)["errors"][0]
            assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
            assert "retry" in error["message"].lower()
        else:
            assert response.status_code == 200, response.text
            if 503 in statuses:
                break
        time.sleep(0.05)
    assert 503 in statuses, statuses
    assert statuses[-1] == 200, "the hub did not answer again after the store came back"

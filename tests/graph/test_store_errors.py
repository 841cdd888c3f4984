"""The FalkorDB adapter turns every way of not reaching the store into one error, StoreUnavailable,
which the hub answers with 503 and Retry-After (see tests/http/test_connections.py)."""

from __future__ import annotations

import socket
import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from hub.graph.cypher import Catalogue, Statement
from hub.graph.falkordb_store import FalkorStore
from hub.graph.store import StoreError, StoreUnavailable
from tests.support import free_port


@pytest.fixture
def resetting_port() -> Iterator[int]:
    """A loopback port whose listener accepts and at once resets, like a store dying mid-request."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    listener.close()


@pytest.fixture
async def own_store(store) -> AsyncIterator[FalkorStore]:  # type: ignore[no-untyped-def]
    """A second adapter on the session's embedded store, so pointing it away harms no one."""
    own = FalkorStore(Catalogue.load(), "127.0.0.1", store.port)
    assert await own.run("count_by_label") is not None
    yield own
    await own.close()


async def moved_to(store: FalkorStore, port: int) -> None:
    """As after a restart on another port: new connections go to `port`."""
    store.repoint(port)


async def test_a_refused_connection_is_store_unavailable(own_store: FalkorStore) -> None:
    await moved_to(own_store, free_port())
    with pytest.raises(StoreUnavailable):
        await own_store.run("count_by_label")


async def test_a_reset_connection_is_store_unavailable(own_store: FalkorStore,
                                                       resetting_port: int) -> None:
    await moved_to(own_store, resetting_port)
    with pytest.raises(StoreUnavailable):
        await own_store.run("count_by_label")


async def test_a_bad_statement_is_a_store_error_but_not_unavailable(
    own_store: FalkorStore
) -> None:
    bad = Statement(name="bad", text="MATCH (n RETURN n", write=False, source="test")
    with pytest.raises(StoreError) as raised:
        await own_store._execute(bad, {})
    assert not isinstance(raised.value, StoreUnavailable)

"""The Neo4j adapter over a real Bolt server: time-outs, bookmarks, errors, refusals at start.

Runs against the session's Bolt server (ArcadeDB from its wheel, or Neo4j with NEO4J_URI).
Where ArcadeDB departs from Neo4j's documented behaviour the test says so and is marked
as an expected failure there; the adapter is not bent to it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from neo4j import AsyncGraphDatabase

from hub.config import Settings
from hub.graph.cypher import Catalogue
from hub.graph.neo4j_store import Neo4jStore, driver_waits
from hub.graph.runtime import open_store
from hub.graph.store import SchemaError, StoreError, StoreUnavailable
from tests.bolt import BoltTarget
from tests.support import free_port

# About 100,000 rows: far past a 1 ms time-out on Neo4j, about a second on ArcadeDB.
SLOW = ("UNWIND range(1, 300) AS a UNWIND range(1, 350) AS b "
        "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS c")


def settings_for(target: BoltTarget, data_dir: Path, **extra: str) -> Settings:
    return Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir),
                              **target.env(), **extra})


@pytest.fixture(scope="module")
async def bolt_store(bolt: BoltTarget, settings: Settings) -> AsyncIterator[Neo4jStore]:
    handle = await open_store(settings_for(bolt, settings.data_dir))
    assert isinstance(handle.store, Neo4jStore)
    yield handle.store
    await handle.close()


def test_the_driver_gives_up_inside_the_hub_request_time_out() -> None:
    for request_timeout in (15.0, 5.0):
        waits = driver_waits(request_timeout)
        assert all(0 < wait < request_timeout for wait in waits.values()), waits
        assert waits["max_transaction_retry_time"] < 30 and waits["connection_acquisition_timeout"] < 60


async def test_the_query_time_out_comes_from_the_settings(bolt: BoltTarget,
                                                          settings: Settings) -> None:
    handle = await open_store(settings_for(bolt, settings.data_dir, HUB_QUERY_TIMEOUT_MS="2500"))
    try:
        assert isinstance(handle.store, Neo4jStore) and handle.store.query_timeout_s == 2.5
        assert handle.store.schema_applied
    finally:
        await handle.close()


async def test_a_statement_past_the_query_time_out_is_stopped(
        bolt: BoltTarget, settings: Settings, request: pytest.FixtureRequest) -> None:
    if bolt.name == "arcadedb":
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "ArcadeDB's Bolt plugin ignores the transaction timeout sent with BEGIN; Neo4j "
            "stops the transaction (Neo.ClientError.Transaction.TransactionTimedOut)")))
    store = Neo4jStore(Catalogue.load(), bolt.uri, bolt.user, bolt.password, bolt.database,
                       query_timeout_ms=1, request_timeout_s=3)
    try:
        with pytest.raises(StoreError, match="(?i)time"):
            await store.raw(SLOW)
    finally:
        await store.close()


async def test_a_write_leaves_a_bookmark_that_every_later_session_starts_from(
        bolt_store: Neo4jStore) -> None:
    before = set(await bolt_store.bookmarks.get_bookmarks())
    await bolt_store.run("put_probe", {"id": "probe-bookmark-1", "value": "saved"})
    after = set(await bolt_store.bookmarks.get_bookmarks())
    assert after and after != before
    assert await bolt_store.run("get_probe", {"id": "probe-bookmark-1"}) == [{"value": "saved"}]


async def test_a_refused_statement_is_a_store_error_not_a_driver_error(
        bolt_store: Neo4jStore) -> None:
    with pytest.raises(StoreError) as raised:
        await bolt_store.raw("RETURN no_such_function(1) AS x")
    assert type(raised.value) is StoreError and "raw statement" in str(raised.value)


async def test_an_unreachable_server_is_store_unavailable_for_every_call() -> None:
    store = Neo4jStore(Catalogue.load(), f"neo4j://127.0.0.1:{free_port()}", "neo4j", "x",
                       request_timeout_s=1)
    try:
        assert not await store.ping()
        for call in (lambda: store.run("ping"), lambda: store.raw("RETURN 1"),
                     store.apply_schema, store.clear):
            with pytest.raises(StoreUnavailable):
                await call()
    finally:
        await store.close()


@pytest.fixture
async def duplicated(bolt: BoltTarget) -> AsyncIterator[BoltTarget]:
    """The session's database with the id constraint dropped and two records sharing an id,
    put back as it was afterwards (ArcadeDB serves one database whatever Bolt names)."""
    driver = AsyncGraphDatabase.driver(bolt.uri, auth=(bolt.user, bolt.password))

    async def run(text: str) -> None:
        async with driver.session(database=bolt.database) as session:
            await (await session.run(text)).consume()

    await run("DROP CONSTRAINT entity_id IF EXISTS")
    await run("CREATE (:Entity:Person {id: 'person-dup-7'}), (:Entity:Place {id: 'person-dup-7'})")
    try:
        yield bolt
    finally:
        await run("MATCH (n:Entity {id: 'person-dup-7'}) DETACH DELETE n")
        await run("CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE")
        await driver.close()


async def test_duplicate_ids_refuse_the_schema_naming_them(duplicated: BoltTarget,
                                                           tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"'person-dup-7' \(2 records\)"):
        await open_store(settings_for(duplicated, tmp_path))


def test_hub_serve_on_duplicate_ids_stops_in_one_line(duplicated: BoltTarget,
                                                       tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "hub", "serve"], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HUB_ENV": "test",
                                            "HUB_DATA_DIR": str(tmp_path), "HUB_PORT": "8105",
                                            **duplicated.env()})
    assert done.returncode == 2
    assert done.stderr.startswith("hub: cannot serve from Neo4j at ")
    assert "'person-dup-7' (2 records)" in done.stderr and "Traceback" not in done.stderr


def test_hub_serve_on_an_unreachable_neo4j_stops_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "hub", "serve"], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HUB_ENV": "test",
                                            "HUB_DATA_DIR": str(tmp_path), "HUB_PORT": "8105",
                                            "HUB_REQUEST_TIMEOUT_S": "2",
                                            "HUB_GRAPH_URI": f"neo4j://127.0.0.1:{free_port()}"})
    assert done.returncode == 2
    assert done.stderr.startswith("hub: Neo4j at neo4j://127.0.0.1:") and "did not answer" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr

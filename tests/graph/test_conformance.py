"""The same behaviour from every configured store: embedded FalkorDB always, Neo4j when set."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from hub.config import Settings
from hub.graph.runtime import open_store
from hub.graph.store import GraphStore, counting

NEO4J_SKIP = (
    "Neo4j conformance runs only when NEO4J_URI is set, e.g. "
    "`docker compose up -d neo4j && NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... make test`"
)


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
async def any_store(request: pytest.FixtureRequest, store: GraphStore) -> AsyncIterator[GraphStore]:
    if request.param == "embedded":
        yield store
        return
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip(NEO4J_SKIP)
    settings = Settings.from_env({**os.environ, "HUB_GRAPH_URI": uri})
    handle = await open_store(settings)
    yield handle.store
    await handle.close()


async def test_store_answers_a_ping(any_store: GraphStore) -> None:
    assert await any_store.ping()
    assert await any_store.run("ping") == [{"ok": 1}]


async def test_a_write_is_read_back_with_plain_values(any_store: GraphStore) -> None:
    await any_store.run("put_probe", {"id": "probe-conf-1", "value": "written"})
    assert await any_store.run("get_probe", {"id": "probe-conf-1"}) == [{"value": "written"}]
    row = await any_store.run_one("entity_by_id", {"id": "probe-conf-1"})
    assert row is not None
    node = row["n"]
    assert node["id"] == "probe-conf-1"
    assert sorted(node["_labels"]) == ["Entity", "Probe"]


async def test_schema_can_be_applied_twice(any_store: GraphStore) -> None:
    await any_store.apply_schema()
    await any_store.apply_schema()


async def test_round_trips_are_counted_per_block(any_store: GraphStore) -> None:
    with counting() as counter:
        await any_store.run("ping")
        await any_store.run("ping")
    assert counter.calls == 2


async def test_an_unknown_statement_is_refused(any_store: GraphStore) -> None:
    with pytest.raises(KeyError):
        await any_store.run("no_such_statement")

"""The same behaviour from every store: embedded FalkorDB, and a Bolt server through the
Neo4j adapter (ArcadeDB from its wheel, or Neo4j itself when NEO4J_URI is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hub.config import Settings
from hub.graph.runtime import open_store
from hub.graph.store import GraphStore, counting
from hub.services.loaders import consent_params
from tests.bolt import BoltTarget


@pytest.fixture(scope="module", params=["embedded", "bolt"])
async def any_store(request: pytest.FixtureRequest, store: GraphStore,
                    settings: Settings) -> AsyncIterator[GraphStore]:
    if request.param == "embedded":
        yield store
        return
    target: BoltTarget = request.getfixturevalue("bolt")
    handle = await open_store(Settings.from_env({"HUB_DATA_DIR": str(settings.data_dir),
                                                 **target.env()}))
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


async def test_a_newest_first_page_puts_undated_records_last_on_every_store(
        any_store: GraphStore) -> None:
    """Neo4j sorts nulls first under DESC where FalkorDB sorts them last; pages must agree."""
    rows = [{"id": "probe-order-old", "assessed_at": "2026-01-05"},
            {"id": "probe-order-none", "assessed_at": None},
            {"id": "probe-order-new", "assessed_at": "2026-06-01"}]
    await any_store.run("put_probe_assessments", {"rows": rows})
    try:
        page = await any_store.run("assessments_page", {
            "scopes": ["probe:ordering"], "name": None, "status": None, "kind": None,
            "risk": None, "town": None, "skip": 0, "limit": 10, **consent_params([])})
    finally:
        await any_store.run("drop_probe_records")
    assert [row["n"]["id"] for row in page] == [
        "probe-order-new", "probe-order-old", "probe-order-none"]

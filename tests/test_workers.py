"""Two hub workers behind one store and one audit log: an agreement change or a break glass
made through one is in force on the other at once, and the log stays one verifiable chain."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.auth.audit import verify
from hub.config import Settings
from hub.domain.ids import encode
from hub.graph.embedded import EmbeddedFalkorDB
from hub.graph.runtime import open_store
from seed.load import seed_store
from tests.schema.test_agreements import SAVE, scopes, terms
from tests.support import RunningHub, start_hub, stop_hub


async def _seed(uri: str, data_dir: Path) -> None:
    handle = await open_store(Settings.from_env({"HUB_ENV": "test", "HUB_GRAPH_URI": uri,
                                                 "HUB_DATA_DIR": str(data_dir)}))
    try:
        await seed_store(handle.store, "demo")
    finally:
        await handle.close()


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningHub, RunningHub]]:
    data_dir = tmp_path_factory.mktemp("workers") / "data"
    data_dir.mkdir()
    server = EmbeddedFalkorDB(data_dir)
    server.start()
    uri = f"falkordb://127.0.0.1:{server.port}"
    try:
        asyncio.run(_seed(uri, data_dir))
        env = {"HUB_GRAPH_URI": uri, "HUB_WORKERS": "2"}
        first = start_hub(data_dir, extra_env=env, seed=None)
        try:
            second = start_hub(data_dir, extra_env=env, seed=None)
            try:
                yield first, second
            finally:
                stop_hub(second)
        finally:
            stop_hub(first)
    finally:
        server.stop()


def test_an_agreement_saved_through_one_worker_is_in_force_on_the_other(
    workers: tuple[RunningHub, RunningHub],
) -> None:
    first, second = workers
    ig = first.caller("health", "ig_lead", sub="ig-olwen", purpose=None)
    assert "health:health" not in scopes(first) | scopes(second)
    saved = first.data(SAVE, {"input": terms()}, headers=ig)["saveAgreement"]
    assert "health:health" in scopes(second)
    second.data(SAVE, {"input": terms(id=saved["id"], version=1, status="suspended")},
                headers=ig)
    assert "health:health" not in scopes(first)


def test_break_glass_through_one_worker_opens_the_record_on_the_other(
    workers: tuple[RunningHub, RunningHub], demo: Any,
) -> None:
    first, second = workers
    child = demo.planted.missing.children[0]
    query = """query($id: ID!) { node(id: $id) { ... on Child {
        incidents(first: 100) { totalCount } } } }"""
    teacher = first.caller("education", "practitioner", sub="teacher-two-workers",
                           purpose="missing")
    variables = {"id": encode("Child", child)}
    before = second.data(query, variables, headers=teacher)["node"]
    every = len([r for r in demo.rels("INVOLVED_IN") if r["a"] == child])
    assert before is None or before["incidents"]["totalCount"] < every
    first.data("""mutation($id: ID!) { breakGlass(personId: $id, minutes: 5,
        reason: "Child missing overnight, school holds the last sighting") { until } }""",
               variables, headers=teacher)
    after = second.data(query, variables, headers=teacher)["node"]
    assert after["incidents"]["totalCount"] == every


def test_both_workers_write_one_chain_that_verifies(
    workers: tuple[RunningHub, RunningHub],
) -> None:
    first, second = workers
    for hub in (first, second, first, second):
        hub.data("{ me { scopes } }")
        hub.data("{ children(first: 2) { edges { node { name } } } }")
    log = first.data_dir / "audit" / "audit.log"
    result = verify(log)
    assert result.ok, result.reason
    kinds = {json.loads(line)["kind"] for line in log.read_text().splitlines()}
    assert {"break_glass", "change", "disclosure"} <= kinds


def test_a_workbench_session_opened_on_one_worker_works_on_the_other(
    workers: tuple[RunningHub, RunningHub],
) -> None:
    import httpx

    from tests.web.test_signin import dev_sign_in

    first, second = workers
    session, csrf = dev_sign_in(first, sub="bench-two-workers")
    headers = {"Cookie": f"hub_session={session}", "X-CSRF-Token": csrf}
    me = httpx.post(f"{second.url}/graphql", json={"query": "{ me { subject } }"}, headers=headers)
    assert me.status_code == 200 and me.json()["data"]["me"]["subject"] == "bench-two-workers"
    assert httpx.post(f"{second.url}/workbench/signout", headers=headers).status_code == 303
    after = httpx.post(f"{first.url}/graphql", json={"query": "{ me { subject } }"}, headers=headers)
    assert after.status_code == 401

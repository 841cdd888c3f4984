"""The embedded store: durable across SIGKILL, one hub per folder, no orphans, self-healing."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest
import redis

from hub.graph.embedded import DataDirInUse, EmbeddedFalkorDB, is_store_process
from tests.support import start_hub, stop_hub

PROBE = """mutation { __typename }"""


def _redis_pids_for(folder: Path) -> list[int]:
    """redis-server processes whose command line names this data folder."""
    store_dir = folder / "falkordb"
    return [int(e.name) for e in Path("/proc").iterdir()
            if e.name.isdigit() and is_store_process(int(e.name), store_dir)]


def _wait_until(condition, timeout: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_second_hub_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = EmbeddedFalkorDB(tmp_path)
    first.start()
    try:
        with pytest.raises(DataDirInUse, match="in use by another hub"):
            EmbeddedFalkorDB(tmp_path).start()
    finally:
        first.stop()
    assert _redis_pids_for(tmp_path) == []


def test_the_store_is_started_with_fsync_on_every_write(tmp_path: Path) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    try:
        client = redis.Redis(host="127.0.0.1", port=server.port, decode_responses=True)
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("appendfsync") == {"appendfsync": "always"}
        assert client.config_get("bind") == {"bind": "127.0.0.1"}
        assert client.config_get("dir")["dir"] == str((tmp_path / "falkordb").resolve())
        client.close()
    finally:
        server.stop()


def test_data_written_before_sigkill_is_there_after_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    running = start_hub(data_dir, seed=None)
    try:
        created = running.data(
            """mutation($input: RecordPersonInput!) { recordPerson(input: $input) {
                   person { id name } } }""",
            {"input": {"kind": "CHILD", "givenName": "Ffion", "familyName": "Quarrendon",
                       "dob": "2011-05-06", "clientRef": "durability-1"}},
        )
    except AssertionError:
        stop_hub(running)
        raise
    person_id = created["recordPerson"]["person"]["id"]
    # Kill the hub and its store without any chance to flush or shut down cleanly.
    store_pids = _redis_pids_for(data_dir)
    running.process.send_signal(signal.SIGKILL)
    running.process.wait(timeout=10)
    for pid in store_pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert _wait_until(lambda: _redis_pids_for(data_dir) == [])
    again = start_hub(data_dir, seed=None)
    try:
        found = again.data("query($id: ID!) { node(id: $id) { ... on Child { name } } }",
                           {"id": person_id})
        assert found["node"] == {"name": "Ffion Quarrendon"}
    finally:
        stop_hub(again)


def test_killing_the_hub_leaves_no_store_process_behind(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    running = start_hub(data_dir, seed=None)
    assert len(_redis_pids_for(data_dir)) == 1
    running.process.send_signal(signal.SIGKILL)
    running.process.wait(timeout=10)
    assert _wait_until(lambda: _redis_pids_for(data_dir) == []), "store outlived its hub"


def test_a_store_that_dies_is_restarted_and_the_hub_serves_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    running = start_hub(data_dir, seed=None)
    try:
        [pid] = _redis_pids_for(data_dir)
        os.kill(pid, signal.SIGKILL)

        def ready_with_new_store() -> bool:
            try:
                ok = httpx.get(f"{running.url}/readyz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False
            pids = _redis_pids_for(data_dir)
            return ok and len(pids) == 1 and pids[0] != pid

        assert _wait_until(ready_with_new_store, timeout=30)
        assert running.data("{ people { totalCount } }")["people"]["totalCount"] >= 0
        log = (data_dir.parent / "data-hub.log").read_text()
        assert "embedded store died" in log
    finally:
        stop_hub(running)

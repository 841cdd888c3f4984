"""One embedded store for the whole test session, as the hub itself starts it, and the Bolt lane.

The Bolt lane runs the store conformance tests and the API tests named in
`BOLT_API_MODULES` a second time through the Neo4j adapter: against Neo4j when NEO4J_URI
is set (a throwaway database: the lane clears it), else against ArcadeDB started from its
wheel (`tests/bolt.py`). `HUB_BOLT_LANE=all` runs every API test on both lanes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from tests.bolt import BoltTarget, NoBoltServer, from_environment, start_arcadedb, stop
from tests.support import RunningHub, start_hub, stop_hub

# API test modules that also run over Bolt: reads, sharing and the write-then-read path.
BOLT_API_MODULES = ("test_queries", "test_sharing", "test_agreements", "test_limits")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hubdata")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir),
                              "HUB_DEV_ISSUER": "1"})


@pytest.fixture(scope="session")
async def opened(settings: Settings) -> AsyncIterator[OpenStore]:
    handle = await open_store(settings)
    yield handle
    await handle.close()


@pytest.fixture(scope="session")
def store(opened: OpenStore):  # type: ignore[no-untyped-def]
    return opened.store


def neo4j_uri() -> str | None:
    return os.environ.get("NEO4J_URI")


# ---------------------------------------------------------------- a real hub over HTTP

def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every API test on the embedded lane; the chosen modules on the Bolt lane as well."""
    if "hub" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    both = os.environ.get("HUB_BOLT_LANE") == "all" or module in BOLT_API_MODULES
    metafunc.parametrize("hub", ["embedded", "bolt"] if both else ["embedded"],
                         indirect=True, scope="session")


@pytest.fixture(scope="session")
def bolt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltTarget]:
    """A real Bolt server for the session, or a skip saying why there is none."""
    target = from_environment()
    if target is not None:
        yield target
        return
    try:
        target = start_arcadedb(tmp_path_factory.mktemp("arcadedb"))
    except NoBoltServer as exc:
        pytest.skip(str(exc))
    yield target
    stop(target)


@pytest.fixture(scope="session")
def hub(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One hub with the demo county per lane, shared by the API tests (they must not disturb it)."""
    lane = getattr(request, "param", "embedded")
    data = tmp_path_factory.mktemp(f"served-{lane}") / "data"
    if lane == "embedded":
        running = start_hub(data)
    else:
        target: BoltTarget = request.getfixturevalue("bolt")
        data.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "hub", "seed", "--scale", "demo", "--replace"],
                       env={**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data),
                            **target.env()}, check=True, capture_output=True, timeout=600)
        running = start_hub(data, extra_env=target.env(), seed=None)
    running.lane = lane
    yield running
    stop_hub(running)


@pytest.fixture(scope="session")
def demo() -> Any:
    """The demo dataset the `hub` fixture was seeded with, to check answers against."""
    from seed.county import generate

    return generate("demo", 7)


"""One embedded store for the whole test session, as the hub itself starts it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from tests.support import RunningHub, start_hub, stop_hub


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

@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One hub with the demo county, shared by the API tests (they must not disturb it)."""
    running = start_hub(tmp_path_factory.mktemp("served") / "data")
    yield running
    stop_hub(running)


@pytest.fixture(scope="session")
def demo() -> Any:
    """The demo dataset the `hub` fixture was seeded with, to check answers against."""
    from seed.county import generate

    return generate("demo", 7)


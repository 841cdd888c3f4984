"""A store of the ingest tests' own, with the demo county in it (places to refer to)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from seed.load import seed_store


@pytest.fixture(scope="session")
def feed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("feeds")
    return Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(folder / "data")})


@pytest.fixture(scope="session")
async def feed_store(feed_settings: Settings) -> AsyncIterator[OpenStore]:
    handle = await open_store(feed_settings)
    await seed_store(handle.store, "demo", 7)
    yield handle
    await handle.close()


@pytest.fixture()
def extracts(tmp_path: Path) -> Path:
    return tmp_path

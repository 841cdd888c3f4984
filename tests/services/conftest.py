"""A graph store of each test module's own, for the tests that drive services directly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore


@pytest.fixture(scope="module")
async def own_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder: Path = tmp_path_factory.mktemp("service-store")
    handle: OpenStore = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                            "HUB_DATA_DIR": str(folder)}))
    yield handle.store
    await handle.close()

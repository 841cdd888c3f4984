"""A store of the recording tests' own, and requests that see exactly what a test says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from hub.auth.audit import AuditLog
from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore
from tests.services.callers import Caller


@pytest.fixture(scope="module")
async def own_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder: Path = tmp_path_factory.mktemp("recording-kinds-store")
    handle: OpenStore = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                            "HUB_DATA_DIR": str(folder)}))
    yield handle.store
    await handle.close()


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Any:
    log = AuditLog(tmp_path_factory.mktemp("recording-kinds-audit") / "audit.log",
                   durability="os")
    yield log
    log.close()


@pytest.fixture
def caller(own_store: GraphStore, audit: AuditLog) -> Caller:
    return Caller(own_store, audit)

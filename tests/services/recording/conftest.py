"""The recording tests' audit log, and requests that see exactly what a test says."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.audit import AuditLog
from hub.graph.store import GraphStore
from tests.services.callers import Caller


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Any:
    log = AuditLog(tmp_path_factory.mktemp("recording-kinds-audit") / "audit.log",
                   durability="os")
    yield log
    log.close()


@pytest.fixture
def caller(own_store: GraphStore, audit: AuditLog) -> Caller:
    return Caller(own_store, audit)

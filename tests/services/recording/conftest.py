"""A store of the recording tests' own, and requests that see exactly what a test says."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hub.auth.audit import AuditLog
from hub.auth.policy import CATEGORY_CODES, Visibility
from hub.auth.principal import Principal
from hub.config import Settings
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore
from hub.services import recording
from hub.services.context import RequestContext
from hub.services.loaders import Loaders


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


class Caller:
    """Build request contexts on one store and audit log."""

    def __init__(self, store: GraphStore, audit: AuditLog) -> None:
        self.store, self.audit = store, audit

    def __call__(self, agency: str = "police", scopes: set[str] | None = None,
                 role: str = "analyst") -> RequestContext:
        seen = frozenset(scopes if scopes is not None
                         else {f"{agency}:{c}" for c in CATEGORY_CODES})
        return RequestContext(
            settings=Settings.from_env({"HUB_ENV": "test"}), store=self.store,
            access=Visibility(scopes=seen, existence_scopes=frozenset(), agreements=(),
                              purpose="mace", agency=agency),
            request_id=uuid.uuid4().hex[:16], loaders=Loaders(self.store, sorted(seen)),
            principal=Principal(subject=f"{agency}-tester", agency=agency,
                                roles=frozenset({role}), team=None, issuer="test"),
            hub=SimpleNamespace(sharing=SimpleNamespace(audit=self.audit)),
        )


@pytest.fixture
def caller(own_store: GraphStore, audit: AuditLog) -> Caller:
    return Caller(own_store, audit)


async def save(ctx: RequestContext, plan: Any, data: Any) -> recording.Recorded:
    """Plan and write in one go, as a resolver or the importer does."""
    return await recording.commit(ctx, await plan(ctx, data))

"""Requests for driving the recording service directly: a context that sees exactly the
scopes a test names, on a real store, with a real audit log (or none)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from hub.auth.audit import AuditLog
from hub.auth.policy import CATEGORY_CODES, Visibility
from hub.auth.principal import Principal
from hub.config import Settings
from hub.services import recording
from hub.services.context import RequestContext
from hub.services.loaders import Loaders


class Caller:
    """Build request contexts on one store and audit log."""

    def __init__(self, store: Any, audit: AuditLog | None) -> None:
        self.store, self.audit = store, audit

    def __call__(self, agency: str = "police", scopes: set[str] | None = None,
                 role: str = "analyst", purpose: str = "mace") -> RequestContext:
        seen = frozenset(scopes if scopes is not None
                         else {f"{agency}:{c}" for c in CATEGORY_CODES})
        return RequestContext(
            settings=Settings.from_env({"HUB_ENV": "test"}), store=self.store,
            access=Visibility(scopes=seen, existence_scopes=frozenset(), agreements=(),
                              purpose=purpose, agency=agency),
            request_id=uuid.uuid4().hex[:16], loaders=Loaders(self.store, sorted(seen)),
            principal=Principal(subject=f"{agency}-tester", agency=agency,
                                roles=frozenset({role}), team=None, issuer="test"),
            hub=(SimpleNamespace(sharing=SimpleNamespace(audit=self.audit))
                 if self.audit is not None else None),
        )


async def save(ctx: RequestContext, plan: Any, data: Any) -> recording.Recorded:
    """Plan and write in one go, as a resolver or the importer does."""
    return await recording.commit(ctx, await plan(ctx, data))

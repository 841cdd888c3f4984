"""Running one import for the command line or the feed endpoint: the same importer either way."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Callable
from pathlib import Path

from hub.auth.audit import AuditLog
from hub.auth.principal import Principal
from hub.config import Settings
from hub.graph.store import GraphStore
from hub.ingest import mapping
from hub.ingest.importer import FEED_ROLE, Importer
from hub.ingest.report import RunReport


def runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "imports"


def operator(agency: str) -> Principal:
    """Who runs `hub import`: the operator's login, acting as that agency's feed."""
    return Principal(subject=f"import:{getpass.getuser()}", agency=agency,
                     roles=frozenset({FEED_ROLE}), team=None, issuer="hub-cli")


async def run_import(store: GraphStore, settings: Settings, source: str, paths: list[Path],
                     principal: Principal | None = None, audit: AuditLog | None = None,
                     progress: bool = False, names: dict[Path, str] | None = None,
                     batch_size: int | None = None,
                     on_start: Callable[[str], None] | None = None,
                     stop: asyncio.Event | None = None) -> RunReport:
    """Import `paths` as `source`; `on_start` hears the run id once the files are accepted."""
    found = mapping.load(source)
    importer = Importer(store, found, principal or operator(found.agency), runs_dir(settings),
                        audit=audit, progress=progress, settings=settings, stop=stop,
                        **({"batch_size": batch_size} if batch_size else {}))
    return await importer.run(paths, names, on_start=on_start)

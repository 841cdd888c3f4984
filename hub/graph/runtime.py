"""Opening the configured store: the embedded FalkorDB (started here) or Neo4j."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hub.config import Settings
from hub.graph.cypher import Catalogue
from hub.graph.embedded import EmbeddedFalkorDB
from hub.graph.store import GraphStore

log = logging.getLogger("hub.store")


@dataclass
class OpenStore:
    """A store plus the embedded server behind it, if the hub owns one."""

    store: GraphStore
    server: EmbeddedFalkorDB | None = None

    async def close(self) -> None:
        await self.store.close()
        if self.server is not None:
            await self.server.astop()


def is_neo4j_uri(uri: str) -> bool:
    return uri.split("://", 1)[0] in {"bolt", "neo4j", "bolt+s", "neo4j+s", "bolt+ssc", "neo4j+ssc"}


async def open_store(settings: Settings, catalogue: Catalogue | None = None,
                     watch: bool = False) -> OpenStore:
    """Open the store the settings name and apply the schema; the caller closes it."""
    catalogue = catalogue or Catalogue.load()
    if is_neo4j_uri(settings.graph_uri):
        from hub.graph.neo4j_store import Neo4jStore

        store: GraphStore = Neo4jStore(
            catalogue, settings.graph_uri, settings.neo4j_user, settings.neo4j_password,
            settings.neo4j_database,
        )
        await store.apply_schema()
        await store.stamp_scopes()
        return OpenStore(store)
    from hub.graph.falkordb_store import FalkorStore

    if (address := settings.falkordb_address) is not None:
        store = FalkorStore(catalogue, address[0], address[1], settings.graph_name,
                            query_timeout_ms=settings.query_timeout_ms)
        try:
            await store.apply_schema()
            await store.stamp_scopes()
        except Exception:
            await store.close()
            raise
        return OpenStore(store)
    if not settings.embedded:
        raise ValueError(
            f"HUB_GRAPH_URI must be 'embedded', falkordb://host:port or a bolt:// or neo4j:// URI, "
            f"got {settings.graph_uri!r}"
        )
    server = EmbeddedFalkorDB(settings.data_dir)
    server.start()
    store = FalkorStore(
        catalogue, "127.0.0.1", server.port, settings.graph_name,
        query_timeout_ms=settings.query_timeout_ms,
    )
    try:
        await store.apply_schema()
        if stamped := await store.stamp_scopes():
            log.info("stored the scope of %d records written before it was kept", stamped)
            await store.compact()  # else the next start replays every one of those writes
    except Exception:
        await store.close()
        server.stop()
        raise
    if watch:
        server.watch()
    return OpenStore(store, server)

"""Opening the configured store: the embedded FalkorDB (started here) or Neo4j."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hub.config import Settings
from hub.graph.cypher import Catalogue
from hub.graph.embedded import EmbeddedFalkorDB
from hub.graph.store import GraphStore, SchemaError, StoreError, StoreUnavailable

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
            settings.neo4j_database, query_timeout_ms=settings.query_timeout_ms,
            request_timeout_s=settings.request_timeout_s,
        )
        return OpenStore(await _prepared(store))
    from hub.graph.falkordb_store import FalkorStore

    if (address := settings.falkordb_address) is not None:
        store = FalkorStore(catalogue, address[0], address[1], settings.graph_name,
                            query_timeout_ms=settings.query_timeout_ms)
        return OpenStore(await _prepared(store))
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
        stamped = await store.stamp_scopes()
        if stamped:
            log.info("stored the scope of %d records written before it was kept", stamped)
        if named := await store.stamp_name_grams():
            log.info("stored the name pieces of %d people written before they were kept", named)
        if stamped or named:
            await store.compact()  # else the next start replays every one of those writes
    except Exception:
        await store.close()
        server.stop()
        raise
    store.schema_applied = True
    if watch:
        server.watch()
    return OpenStore(store, server)


async def _prepared(store: GraphStore) -> GraphStore:
    """A store someone else runs, its schema applied and old records' scopes stamped;
    closed again if either fails, so a refused start leaves no connection open."""
    try:
        await store.apply_schema()
        await store.stamp_scopes()
        await store.stamp_name_grams()
    except Exception:
        await store.close()
        raise
    store.schema_applied = True
    return store


class StartRefused(RuntimeError):
    """The configured store cannot be served from; the message says what to do."""


async def preflight(settings: Settings, catalogue: Catalogue) -> None:
    """Open a Neo4j store once before serving, so a refusal is one clear line, not a traceback.

    Applying the schema there checks the id constraint against stored data and waits for
    the indexes; the served hub then opens the store again, finding all of it in place.
    The embedded store is opened by the server itself and needs no rehearsal.
    """
    if not is_neo4j_uri(settings.graph_uri):
        return
    driver_log = logging.getLogger("neo4j")
    level = driver_log.level
    driver_log.setLevel(logging.CRITICAL)  # its retries are logged; the refusal is our line
    try:
        handle = await open_store(settings, catalogue)
    except SchemaError as exc:
        raise StartRefused(f"cannot serve from Neo4j at {settings.graph_uri}: {exc}") from exc
    except StoreUnavailable as exc:
        raise StartRefused(f"Neo4j at {settings.graph_uri} did not answer ({exc}); check "
                           "HUB_GRAPH_URI, that the database is up, and (a routing "
                           "neo4j:// URI reports a refused login this way too) "
                           "NEO4J_USER and NEO4J_PASSWORD") from exc
    except StoreError as exc:
        raise StartRefused(f"Neo4j at {settings.graph_uri} refused the hub ({exc}); check "
                           "NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE") from exc
    finally:
        driver_log.setLevel(level)
    await handle.close()

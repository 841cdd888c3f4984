"""The FalkorDB adapter: the embedded default, reached over loopback with the async client."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from hub.graph.cypher import Catalogue, Statement
from hub.graph.model import (
    ENTITY,
    EXTRA_NODE_INDEXES,
    EXTRA_REL_INDEXES,
    FULLTEXT_NODE_INDEXES,
    LINKAGE_LABELS,
    LINKAGE_REL_TYPES,
    NODE_LABELS,
    REL_TYPES,
)
from hub.graph.store import GraphStore, Row, StoreError, StoreUnavailable

log = logging.getLogger("hub.store")
SLOW_STATEMENT_S = 0.25
# A store that is restarting or loading: refused or reset connections, LOADING replies
# (BusyLoadingError is a ConnectionError), connect time-outs and socket errors redis-py
# lets through. All become StoreUnavailable, which the hub answers with 503 + Retry-After.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def plain(value: Any) -> Any:
    """Turn a FalkorDB result value into plain dicts, lists and scalars."""
    if isinstance(value, Node):
        out = {key: plain(v) for key, v in value.properties.items()}
        out["_labels"] = list(value.labels or [])
        return out
    if isinstance(value, Edge):
        out = {key: plain(v) for key, v in value.properties.items()}
        out["_type"] = value.relation
        return out
    if isinstance(value, FalkorPath):
        return {"nodes": [plain(n) for n in value.nodes()], "rels": [plain(e) for e in value.edges()]}
    if isinstance(value, (dict, OrderedDict)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class FalkorStore(GraphStore):
    """Runs catalogue statements on one FalkorDB graph."""

    kind = "falkordb"

    def __init__(
        self,
        catalogue: Catalogue,
        host: str,
        port: int,
        graph: str = "hub",
        max_connections: int = 64,
        query_timeout_ms: int = 10000,
    ) -> None:
        super().__init__(catalogue)
        self.host = host
        self.port = port
        self.graph_name = graph
        self.query_timeout_ms = query_timeout_ms
        self._pool = aioredis.BlockingConnectionPool(
            host=host, port=port, max_connections=max_connections, timeout=30
        )
        self._db = FalkorDB(connection_pool=self._pool)
        self._graph = self._db.select_graph(graph)

    def repoint(self, port: int) -> None:
        """Follow the embedded server to a new port after it was restarted."""
        if port == self.port:
            return
        self.port = port
        self._pool.connection_kwargs["port"] = port
        self._pool.reset()  # pooled connections keep their own port; drop them

    async def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        started = time.perf_counter()
        try:
            if statement.write:
                result = await self._graph.query(
                    statement.text, params, timeout=self.query_timeout_ms
                )
            else:
                result = await self._graph.ro_query(
                    statement.text, params, timeout=self.query_timeout_ms
                )
        except UNAVAILABLE as exc:
            raise StoreUnavailable(f"{statement.name}: store unreachable: {exc}") from exc
        except RedisError as exc:
            raise StoreError(f"{statement.name}: {exc}") from exc
        if not result.header:
            return []
        names = [h[1].decode() if isinstance(h[1], bytes) else str(h[1]) for h in result.header]
        rows = [
            {name: plain(value) for name, value in zip(names, row, strict=True)}
            for row in result.result_set
        ]
        elapsed = time.perf_counter() - started
        if elapsed > SLOW_STATEMENT_S:
            log.warning("slow statement %s: %.0f ms, %d rows", statement.name,
                        elapsed * 1000, len(rows))
        return rows

    async def raw(self, text: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """Run literal Cypher: for benchmarks comparing the API with the bare store only."""
        result = await self._graph.ro_query(text, params or {})
        return [[plain(v) for v in row] for row in result.result_set]

    async def ping(self) -> bool:
        try:
            result = await self._graph.ro_query("RETURN 1")
            return bool(result.result_set)
        except (RedisError, OSError):
            return False

    async def apply_schema(self) -> None:
        """Create the indexes that are missing, so a restart replays no refused command."""
        have = await self._existing_indexes()
        wanted = [(ENTITY, "id")] + [(label, "id") for label in (*NODE_LABELS, *LINKAGE_LABELS)]
        wanted += list(EXTRA_NODE_INDEXES)
        for label, prop in wanted:
            if (label, prop) not in have:
                await self._index(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        rel_indexes = [(rel, "id") for rel in (*REL_TYPES, *LINKAGE_REL_TYPES)]
        for rel, prop in rel_indexes + list(EXTRA_REL_INDEXES):
            if (rel, prop) not in have:
                await self._index(f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.{prop})")
        full_text = await self._existing_indexes("FULLTEXT")
        for label, prop in FULLTEXT_NODE_INDEXES:
            if (label, prop) not in full_text:
                await self._index(f"CALL db.idx.fulltext.createNodeIndex('{label}', '{prop}')")
        await self._await_indexes()
        self.full_text = True
        # No GRAPH.CONSTRAINT here: FalkorDB 4.16 writes a constraint creation to its
        # append-only file twice, and replaying the second (refused) copy stalls the next
        # start. Ids are unique by construction (seeded ids, uuid4 for new records) and
        # the index above makes id lookups fast; Neo4j enforces uniqueness with a constraint.

    async def _existing_indexes(self, kind: str | None = None) -> set[tuple[str, str]]:
        """(label, property) of every index, or of those of one kind (RANGE, FULLTEXT)."""
        try:
            result = await self._graph.ro_query("CALL db.indexes()")
        except ResponseError:
            return set()
        have: set[tuple[str, str]] = set()
        for row in result.result_set:
            label, props, types = row[0], row[1], row[2]
            for prop in props:
                if kind is None or kind in (types.get(prop) or []):
                    have.add((str(label), str(prop)))
        return have

    async def _await_indexes(self, wait_s: float = 600.0) -> None:
        """Return once no index is being built. FalkorDB builds an index in the background
        (a new one, and each one again as a store is loaded); a full-text query meanwhile
        sees only the records indexed so far, so a search would miss people."""
        deadline = time.monotonic() + wait_s
        while True:
            result = await self._graph.ro_query("CALL db.indexes() YIELD label, status "
                                                "RETURN label, status")
            building = sorted({str(row[0]) for row in result.result_set
                               if row[1] != "OPERATIONAL"})
            if not building:
                return
            if time.monotonic() > deadline:
                raise StoreError(f"indexes still being built after {wait_s:.0f}s: "
                                 f"{', '.join(building)}")
            await asyncio.sleep(0.2)

    async def _index(self, text: str) -> None:
        try:
            await self._graph.query(text)
        except ResponseError as exc:
            if "already indexed" not in str(exc):
                raise StoreError(f"{text}: {exc}") from exc

    async def compact(self) -> None:
        """Rewrite the append-only file as a snapshot and wait for it.

        FalkorDB replays its append-only file by re-running each write query, and the
        id index is not usable during that replay, so replaying a bulk seed costs
        minutes. A rewrite turns the log into a binary snapshot that loads in well
        under a second; the writes that follow it are small and replay quickly.
        """
        client = self._db.connection

        async def settled() -> dict[str, Any]:
            while True:
                info = await client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return dict(info)
                await asyncio.sleep(0.1)

        # Redis starts a rewrite of its own when the file doubles; asking for one meanwhile is
        # refused ("already in progress"). Wait for it, then ask for ours, which then holds
        # every write up to now.
        for _ in range(3):
            await settled()
            try:
                await client.bgrewriteaof()
                break
            except ResponseError as exc:
                if "already in progress" not in str(exc):
                    raise
        info = await settled()
        if info.get("aof_last_bgrewrite_status") != "ok":
            raise StoreError("rewriting the append-only file failed; see the store log")

    async def clear(self) -> None:
        try:
            await self._graph.delete()
        except ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise

    async def close(self) -> None:
        await self._pool.disconnect()

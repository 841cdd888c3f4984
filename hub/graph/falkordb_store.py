"""The FalkorDB adapter: the embedded default, reached over loopback with the async client."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError

from hub.graph.cypher import Catalogue, Statement
from hub.graph.model import ENTITY, EXTRA_NODE_INDEXES, NODE_LABELS, REL_TYPES
from hub.graph.store import GraphStore, Row, StoreError, StoreUnavailable

log = logging.getLogger("hub.store")


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

    async def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        try:
            if statement.write:
                result = await self._graph.query(
                    statement.text, params, timeout=self.query_timeout_ms
                )
            else:
                result = await self._graph.ro_query(
                    statement.text, params, timeout=self.query_timeout_ms
                )
        except RedisConnectionError as exc:
            raise StoreUnavailable(f"{statement.name}: store unreachable: {exc}") from exc
        except RedisError as exc:
            raise StoreError(f"{statement.name}: {exc}") from exc
        if not result.header:
            return []
        names = [h[1].decode() if isinstance(h[1], bytes) else str(h[1]) for h in result.header]
        return [
            {name: plain(value) for name, value in zip(names, row, strict=True)}
            for row in result.result_set
        ]

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
        wanted = [(ENTITY, "id")] + [(label, "id") for label in NODE_LABELS]
        wanted += list(EXTRA_NODE_INDEXES)
        for label, prop in wanted:
            await self._index(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        for rel in REL_TYPES:
            await self._index(f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.id)")
        client = self._db.connection
        try:
            await client.execute_command(
                "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", ENTITY,
                "PROPERTIES", "1", "id",
            )
        except ResponseError as exc:
            if "already exists" not in str(exc).lower():
                raise StoreError(f"unique constraint on {ENTITY}.id: {exc}") from exc

    async def _index(self, text: str) -> None:
        try:
            await self._graph.query(text)
        except ResponseError as exc:
            if "already indexed" not in str(exc):
                raise StoreError(f"{text}: {exc}") from exc

    async def clear(self) -> None:
        try:
            await self._graph.delete()
        except ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise

    async def close(self) -> None:
        await self._pool.disconnect()

"""The Neo4j adapter: production, through the official async driver."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from hub.graph.cypher import Catalogue, Statement
from hub.graph.model import ENTITY, EXTRA_NODE_INDEXES, NODE_LABELS, REL_TYPES
from hub.graph.store import GraphStore, Row, StoreError, StoreUnavailable


def plain(value: Any) -> Any:
    """Turn a Neo4j result value into the same plain shape the FalkorDB adapter gives."""
    if isinstance(value, Node):
        out = {key: plain(v) for key, v in value.items()}
        out["_labels"] = sorted(value.labels)
        return out
    if isinstance(value, Relationship):
        out = {key: plain(v) for key, v in value.items()}
        out["_type"] = value.type
        return out
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "rels": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


class Neo4jStore(GraphStore):
    """Runs catalogue statements on a Neo4j 5 database."""

    kind = "neo4j"

    def __init__(
        self, catalogue: Catalogue, uri: str, user: str, password: str, database: str = "neo4j"
    ) -> None:
        super().__init__(catalogue)
        self.database = database
        self._driver: AsyncDriver = AsyncGraphDatabase.driver(uri, auth=(user, password))

    async def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        async def work(tx: Any) -> list[Row]:
            result = await tx.run(statement.text, params)
            return [{k: plain(v) for k, v in record.items()} async for record in result]

        try:
            async with self._driver.session(database=self.database) as session:
                if statement.write:
                    return list(await session.execute_write(work))
                return list(await session.execute_read(work))
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"{statement.name}: {exc}") from exc
        except Neo4jError as exc:
            raise StoreError(f"{statement.name}: {exc}") from exc

    async def raw(self, text: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        async with self._driver.session(database=self.database) as session:
            result = await session.run(text, params or {})
            return [[plain(v) for v in record.values()] async for record in result]

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
            return True
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False

    async def apply_schema(self) -> None:
        statements = [
            f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE"
        ]
        statements += [
            f"CREATE INDEX {label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"
            for label in NODE_LABELS
        ]
        statements += [
            f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in EXTRA_NODE_INDEXES
        ]
        statements += [
            f"CREATE INDEX rel_{rel.lower()}_id IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.id)"
            for rel in REL_TYPES
        ]
        async with self._driver.session(database=self.database) as session:
            for text in statements:
                await session.run(text)

    async def clear(self) -> None:
        async with self._driver.session(database=self.database) as session:
            await session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS")

    async def close(self) -> None:
        await self._driver.close()

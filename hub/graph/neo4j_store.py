"""The Neo4j adapter: production, through the official async driver.

Every statement runs in a managed transaction with the hub's query time-out, reads on a
reader and writes on the leader (with a `neo4j://` URI on a cluster), all sessions
sharing one bookmark manager so that a read after a write sees it. The driver's own
waits (retries, the connection pool) are kept inside the hub's request time-out, and
every driver failure comes out as the store port's `StoreError`/`StoreUnavailable`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

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
from hub.graph.store import GraphStore, Row, SchemaError, StoreError, StoreUnavailable

log = logging.getLogger("hub.store")
T = TypeVar("T")

# How many duplicated ids a refused constraint names (enough to find the fault, not a dump).
DUPLICATES_SHOWN = 10
DUPLICATE_IDS = (
    f"MATCH (n:{ENTITY}) WITH n.id AS id, count(*) AS copies WHERE copies > 1 "
    f"RETURN id, copies ORDER BY copies DESC, id LIMIT {DUPLICATES_SHOWN}"
)
INDEX_STATES = "SHOW INDEXES YIELD name, state"


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


@contextmanager
def mapped(what: str) -> Iterator[None]:
    """Driver failures as the port's errors, so callers never see a driver type."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise StoreUnavailable(f"{what}: Neo4j unreachable: {exc}") from exc
    except (Neo4jError, DriverError) as exc:
        raise StoreError(f"{what}: {exc}") from exc
    except OSError as exc:
        raise StoreUnavailable(f"{what}: Neo4j unreachable: {exc}") from exc


def driver_waits(request_timeout_s: float) -> dict[str, float]:
    """The driver's waits, each inside the hub's request time-out rather than past it.

    The driver's defaults (30 s of retries, 60 s waiting for a pooled connection) outlast a
    15 s request, so a request would be cut off while the driver was still trying.
    """
    return {
        "max_transaction_retry_time": request_timeout_s / 2,
        "connection_acquisition_timeout": request_timeout_s / 3,
        "connection_timeout": min(5.0, request_timeout_s / 3),
    }


class Neo4jStore(GraphStore):
    """Runs catalogue statements on a Neo4j 5 database (or a cluster behind `neo4j://`)."""

    kind = "neo4j"

    def __init__(
        self, catalogue: Catalogue, uri: str, user: str, password: str, database: str = "neo4j",
        *, query_timeout_ms: int = 10000, request_timeout_s: float = 15.0,
        index_wait_s: float = 300.0,
    ) -> None:
        super().__init__(catalogue)
        self.database = database
        self.query_timeout_s = query_timeout_ms / 1000
        self.index_wait_s = index_wait_s
        self.bookmarks = AsyncGraphDatabase.bookmark_manager()  # one for every session
        waits = driver_waits(request_timeout_s)
        self._driver: AsyncDriver = AsyncGraphDatabase.driver(
            uri, auth=(user, password),
            max_transaction_retry_time=waits["max_transaction_retry_time"],
            connection_acquisition_timeout=waits["connection_acquisition_timeout"],
            connection_timeout=waits["connection_timeout"],
        )

    async def _managed(self, write: bool, text: str, params: dict[str, Any],
                       shape: Callable[[list[Any]], T]) -> T:
        """One managed transaction, its result read to the end before it commits."""
        @unit_of_work(timeout=self.query_timeout_s)
        async def work(tx: AsyncManagedTransaction) -> T:
            result = await tx.run(text, params)  # type: ignore[arg-type]
            records = [record async for record in result]
            await result.consume()
            return shape(records)

        async with self._driver.session(database=self.database,
                                        bookmark_manager=self.bookmarks) as session:
            run: Callable[..., Awaitable[T]] = (
                session.execute_write if write else session.execute_read
            )
            return await run(work)

    async def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]:
        with mapped(statement.name):
            return await self._managed(
                statement.write, statement.text, params,
                lambda records: [{k: plain(v) for k, v in r.items()} for r in records],
            )

    async def raw(self, text: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """Run literal Cypher, read-only: for benchmarks comparing the API with the bare store."""
        with mapped("raw statement"):
            return await self._managed(
                False, text, params or {},
                lambda records: [[plain(v) for v in r.values()] for r in records],
            )

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
            return True
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False

    async def _auto(self, *texts: str) -> list[dict[str, Any]]:
        """Auto-commit statements (schema commands) in one session, each read to its end so
        that a failure raises; the records of the last."""
        records: list[dict[str, Any]] = []
        async with self._driver.session(database=self.database,
                                        bookmark_manager=self.bookmarks) as session:
            for text in texts:
                result = await session.run(text)  # type: ignore[arg-type]
                records = [record.data() async for record in result]
                await result.consume()
        return records

    def schema_statements(self) -> list[str]:
        statements = [
            f"CREATE INDEX {label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"
            for label in (*NODE_LABELS, *LINKAGE_LABELS)
        ]
        statements += [
            f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in EXTRA_NODE_INDEXES
        ]
        statements += [
            f"CREATE INDEX rel_{rel.lower()}_id IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.id)"
            for rel in (*REL_TYPES, *LINKAGE_REL_TYPES)
        ]
        statements += [
            f"CREATE INDEX rel_{rel.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.{prop})"
            for rel, prop in EXTRA_REL_INDEXES
        ]
        return statements

    def full_text_statements(self) -> list[str]:
        """The full-text indexes (`db.index.fulltext.queryNodes` reads them by these names),
        split on whitespace only: what is indexed is already lower-case pieces of words."""
        return [
            f"CREATE FULLTEXT INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) "
            f"ON EACH [n.{prop}] OPTIONS {{indexConfig: {{`fulltext.analyzer`: 'whitespace'}}}}"
            for label, prop in FULLTEXT_NODE_INDEXES
        ]

    async def apply_schema(self) -> None:
        """The id constraint and indexes, then wait until every index is online."""
        with mapped("apply_schema"):
            await self._id_constraint()
            await self._auto(*self.schema_statements())
            try:
                await self._auto(*self.full_text_statements())
                full_text = True
            except Neo4jError as exc:
                # A Bolt server without Neo4j's full-text indexes (ArcadeDB): the people
                # search reads every name there, with the same answers.
                log.warning("no full-text index of names (%s); people search scans names",
                            exc.message or exc)
                full_text = False
            await self.await_indexes()
            self.full_text = full_text

    async def _id_constraint(self) -> None:
        """Refuse cleanly, naming them, when stored records already share an id."""
        text = (f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) "
                "REQUIRE n.id IS UNIQUE")
        try:
            await self._auto(text)
        except Neo4jError as exc:
            duplicates = await self._auto(DUPLICATE_IDS)
            if not duplicates:
                raise
            named = ", ".join(f"{row['id']!r} ({row['copies']} records)" for row in duplicates)
            raise SchemaError(
                f"the store holds records that share an id, so ids cannot be made unique: "
                f"{named}{' and more' if len(duplicates) == DUPLICATES_SHOWN else ''}; "
                "merge or re-id those records, then start the hub again"
            ) from exc

    async def await_indexes(self) -> None:
        """Serve only once every index is online (Neo4j builds new ones in the background)."""
        deadline = time.monotonic() + self.index_wait_s
        while True:
            rows = await self._auto(INDEX_STATES)
            failed = [row["name"] for row in rows if row["state"] == "FAILED"]
            if failed:
                raise SchemaError(f"indexes failed to build: {', '.join(failed)}; "
                                  "see SHOW INDEXES in Neo4j for the reason")
            pending = [row["name"] for row in rows if row["state"] != "ONLINE"]
            if not pending:
                return
            if time.monotonic() > deadline:
                raise SchemaError(f"indexes still not online after {self.index_wait_s:.0f}s: "
                                  f"{', '.join(pending)}")
            log.info("waiting for %d indexes to come online", len(pending))
            await asyncio.sleep(1.0)

    async def clear(self) -> None:
        with mapped("clear"):
            await self._auto("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS")

    async def close(self) -> None:
        await self._driver.close()

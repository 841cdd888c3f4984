"""The one port through which the hub talks to a graph store.

The rest of the hub names a statement from the Cypher catalogue and gets back rows
of plain Python values: nodes as dicts of their properties plus `_labels`,
relationships as dicts of their properties plus `_type`. Which store answers
(embedded FalkorDB or Neo4j) is a deployment choice the callers never see.
"""

from __future__ import annotations

import contextvars
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from hub.domain.names import name_grams
from hub.graph.cypher import Catalogue, Statement

Row = dict[str, Any]


class StoreError(RuntimeError):
    """The store failed to run a statement. The message is for logs, never for clients."""


class StoreUnavailable(StoreError):
    """The store did not answer at all."""


class SchemaError(StoreError):
    """The store's schema cannot be applied as it stands (the message says what to mend)."""


class _CallCounter:
    """Counts store round trips inside one `counting()` block (one request)."""

    def __init__(self) -> None:
        self.calls = 0
        self.names: list[str] = []


_counter: contextvars.ContextVar[_CallCounter | None] = contextvars.ContextVar(
    "store_call_counter", default=None
)


@contextmanager
def counting() -> Iterator[_CallCounter]:
    """Count the round trips made by the code inside the block (per task, so per request)."""
    counter = _CallCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


def _count(name: str) -> None:
    counter = _counter.get()
    if counter is not None:
        counter.calls += 1
        counter.names.append(name)


class GraphStore(ABC):
    """A graph store that runs named statements from the catalogue."""

    kind: str = "abstract"

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        # Set once the indexes and constraints are in place; /readyz waits for it.
        self.schema_applied = False
        # Set by `apply_schema` once the full-text index of names is online: until then
        # (or on a Bolt server without full-text indexes) the people search reads every
        # name, which gives the same answer, only slower.
        self.full_text = False

    async def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the statement called `name` with `params`; one round trip to the store."""
        statement = self.catalogue.for_store(name, self.kind)
        _count(name)
        return await self._execute(statement, dict(params or {}))

    async def run_one(self, name: str, params: Mapping[str, Any] | None = None) -> Row | None:
        rows = await self.run(name, params)
        return rows[0] if rows else None

    @abstractmethod
    async def _execute(self, statement: Statement, params: dict[str, Any]) -> list[Row]: ...

    @abstractmethod
    async def ping(self) -> bool:
        """True when the store answers a trivial query now."""

    @abstractmethod
    async def apply_schema(self) -> None:
        """Create id indexes and uniqueness rules for every entity; safe to repeat."""

    async def stamp_scopes(self, batch: int = 20_000) -> int:
        """Give every record without a stored `scope` its owner:category, in bounded
        batches; returns how many nodes were stamped (none, once a store is up to date)."""
        stamped = 0
        while True:
            row = await self.run_one("stamp_scopes", {"batch": batch})
            done = int(row["n"]) if row else 0
            stamped += done
            if done < batch:
                return stamped

    async def stamp_name_grams(self, batch: int = 5_000) -> int:
        """Give every person without stored `name_grams` (written before they were kept)
        the pieces of their name the full-text index holds; returns how many were stamped."""
        stamped = 0
        while True:
            rows = await self.run("people_without_grams", {"batch": batch})
            if rows:
                await self.run("stamp_name_grams", {"rows": [
                    {"id": row["id"], "grams": name_grams(row["name_lc"])} for row in rows]})
            stamped += len(rows)
            if len(rows) < batch:
                return stamped

    async def compact(self) -> None:
        """Fold the write log into a snapshot after bulk writes (a no-op where not needed)."""
        return None

    @abstractmethod
    async def clear(self) -> None:
        """Delete every node and relationship (tests and re-seeding only)."""

    @abstractmethod
    async def close(self) -> None: ...

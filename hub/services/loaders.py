"""Per-request DataLoaders: a page of records and their links costs a fixed number of trips.

Each loader batches every key asked for in one tick of the event loop into a single
statement, so resolving a page of 50 children with their incidents, schools and
peers takes one trip per kind of link, not one per child.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strawberry.dataloader import DataLoader

from hub.auth.policy import CONSENT_BASED_OWNERS, CONSENT_FREE_CATEGORIES
from hub.graph.store import GraphStore, Row

Link = tuple[Row, Row]  # (relationship, the node at the other end)


def consent_params(consent_free: list[str]) -> dict[str, list[str]]:
    """The consent rule's parameters for the read statements (cypher/records.cypher): the
    policy's consent-based owners and exempt categories, and the caller's consent-free scopes."""
    return {"consent_free": consent_free, "consent_owners": sorted(CONSENT_BASED_OWNERS),
            "consent_exempt": sorted(CONSENT_FREE_CATEGORIES)}


class Loaders:
    """The loaders of one request, all bound to that request's scopes."""

    def __init__(self, store: GraphStore, scopes: list[str],
                 existence: list[str] | None = None,
                 consent_free: list[str] | None = None) -> None:
        self.store = store
        self.scopes = scopes
        self.existence = existence or []
        self.consent_free = scopes if consent_free is None else consent_free
        self.consent = consent_params(self.consent_free)
        self.entity: DataLoader[str, Row | None] = DataLoader(load_fn=self._load_entities)
        self.held_elsewhere: DataLoader[str, list[tuple[str, str]]] = DataLoader(
            load_fn=self._load_existence)
        self._links: dict[tuple[str, str, str | None], DataLoader[str, list[Link]]] = {}

    async def entities(self, ids: list[str]) -> list[Row | None]:
        """Records by id, as `entity.load_many` gives them. A bulk feed primes every record
        its batch names, so when all are read already they are answered from the cache with
        no future per id (a sixth of the importer's planning time went on those)."""
        cache = self.entity.cache_map
        ready = [cache.get(i) for i in ids]
        if all(f is not None and f.done() and not f.cancelled() and f.exception() is None
               for f in ready):
            return [f.result() for f in ready]  # type: ignore[union-attr]
        return await self.entity.load_many(ids)

    async def _load_entities(self, ids: list[str]) -> list[Row | None]:
        rows = await self.store.run("entities_by_ids", {"ids": list(ids), "scopes": self.scopes,
                                                        **self.consent})
        found = {row["id"]: row["n"] for row in rows}
        return [found.get(i) for i in ids]

    async def _load_existence(self, ids: list[str]) -> list[list[tuple[str, str]]]:
        if not self.existence:
            return [[] for _ in ids]
        rows = await self.store.run("existence_for_people",
                                    {"ids": list(ids), "existence": self.existence})
        grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in rows:
            grouped[row["id"]].append((row["agency"], row["category"]))
        return [sorted(grouped.get(i, [])) for i in ids]

    def links(self, rel_type: str, direction: str, label: str | None = None) -> DataLoader[
        str, list[Link]
    ]:
        """The loader for one relationship type in one direction, to nodes with `label`."""
        key = (rel_type, direction, label)
        loader = self._links.get(key)
        if loader is None:
            statement = "links_out" if direction == "out" else "links_in"

            async def load(ids: list[str]) -> list[list[Link]]:
                params: dict[str, Any] = {
                    "ids": list(ids), "type": rel_type, "label": label, "scopes": self.scopes,
                    **self.consent,
                }
                rows = await self.store.run(statement, params)
                grouped: dict[str, list[Link]] = defaultdict(list)
                for row in rows:
                    grouped[row["id"]].append((row["r"], row["o"]))
                return [grouped.get(i, []) for i in ids]

            loader = DataLoader(load_fn=load)
            self._links[key] = loader
        return loader

"""The per-request context every resolver and service receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.auth.policy import Visibility
from hub.config import Settings
from hub.graph.store import GraphStore, Row
from hub.services.access import ALL_SCOPES
from hub.services.loaders import Link, Loaders


@dataclass
class RequestContext:
    """Who is asking, what they may see, and the request's own loaders and id."""

    settings: Settings
    store: GraphStore
    access: Visibility
    request_id: str
    loaders: Loaders
    principal: Any = None
    justification: str | None = None
    hub: Any = None
    disclosed: set[str] = field(default_factory=set)
    # Ids of records about a person shown in this request; the guard names their people.
    concerning: set[str] = field(default_factory=set)
    operation: str | None = None
    # The system a record written in this request comes from: the hub, or a partner's feed.
    source: str = "hub"
    # Set by a bulk feed whose batch statement writes the provenance its records share once.
    shared_provenance: bool = False
    _glass_loaders: Loaders | None = None

    @property
    def scopes(self) -> list[str]:
        return self.loaders.scopes

    @property
    def agency(self) -> str:
        return str(self.principal.agency) if self.principal is not None else "hub"

    @property
    def actor(self) -> str:
        return str(self.principal.subject) if self.principal is not None else "system"

    def loaders_for(self, raw_id: str) -> Loaders:
        """The loaders to read one record by id with: all scopes for a person opened by
        break glass, the caller's own otherwise."""
        if raw_id not in self.access.break_glass_subjects:
            return self.loaders
        if self._glass_loaders is None:
            self._glass_loaders = Loaders(self.store, sorted(ALL_SCOPES))
        return self._glass_loaders

    async def links(self, raw_id: str, rel_type: str, direction: str,
                    label: str | None = None) -> list[Link]:
        """A record's visible links of one kind, batched across the request.

        For a person opened by break glass every link of theirs is shown, but a record at
        the far end that the caller may not otherwise see comes back as existence only
        (`existence_only`): its kind, owner and category, nothing else.
        """
        found = await self.loaders_for(raw_id).links(rel_type, direction, label).load(raw_id)
        if raw_id not in self.access.break_glass_subjects or not found:
            return found
        seen = await self.loaders.entity.load_many([other["id"] for _, other in found])
        return [(rel, other if row is not None else existence_only(other))
                for (rel, other), row in zip(found, seen, strict=True)]


EXISTENCE_ONLY = "_existence_only"


def existence_only(row: Row) -> Row:
    """A record reduced to the fact that it exists and who holds it ("held by agency X")."""
    return {"id": row["id"], "_labels": row.get("_labels") or [], "owner": row.get("owner"),
            "category": row.get("category"), EXISTENCE_ONLY: True}


def is_existence_only(row: Row) -> bool:
    return bool(row.get(EXISTENCE_ONLY))

"""The per-request context every resolver and service receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.auth.policy import Visibility
from hub.config import Settings
from hub.graph.store import GraphStore
from hub.services.access import ALL_SCOPES
from hub.services.loaders import Loaders


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
    operation: str | None = None
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
        """The loaders to read one record's own links with: all scopes for a record opened
        by break glass (that record and its direct links only), the caller's otherwise."""
        if raw_id not in self.access.break_glass_subjects:
            return self.loaders
        if self._glass_loaders is None:
            self._glass_loaders = Loaders(self.store, sorted(ALL_SCOPES))
        return self._glass_loaders

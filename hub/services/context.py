"""The per-request context every resolver and service receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.config import Settings
from hub.graph.store import GraphStore
from hub.services.access import Access
from hub.services.loaders import Loaders


@dataclass
class RequestContext:
    """Who is asking, what they may see, and the request's own loaders and id."""

    settings: Settings
    store: GraphStore
    access: Access
    request_id: str
    loaders: Loaders
    principal: Any = None
    justification: str | None = None
    hub: Any = None
    disclosed: set[str] = field(default_factory=set)

    @property
    def scopes(self) -> list[str]:
        return self.loaders.scopes

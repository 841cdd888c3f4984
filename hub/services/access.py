"""What a request may see, in the form every Cypher statement takes it: a list of scopes.

A scope is `"owner:category"`. Every read statement filters every node and every
relationship it touches with `(x.owner + ':' + x.category) IN $scopes`, so a record
outside the caller's scopes is never fetched, never traversed and never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.graph.model import AGENCIES, CATEGORIES

ALL_SCOPES: frozenset[str] = frozenset(
    f"{agency}:{category}" for agency in AGENCIES for category in CATEGORIES
) | frozenset(f"hub:{category}" for category in CATEGORIES)


@dataclass(frozen=True)
class Access:
    """The scopes one request may read, and the agreements that granted them."""

    scopes: frozenset[str]
    existence_scopes: frozenset[str] = frozenset()
    agreements: tuple[str, ...] = ()
    purpose: str | None = None
    break_glass_subjects: frozenset[str] = field(default_factory=frozenset)

    def scope_list(self) -> list[str]:
        return sorted(self.scopes)

    def allows(self, owner: str, category: str) -> bool:
        return f"{owner}:{category}" in self.scopes


SYSTEM_ACCESS = Access(scopes=ALL_SCOPES, purpose="system")

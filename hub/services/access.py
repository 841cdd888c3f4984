"""What a request may see, in the form every Cypher statement takes it: a list of scopes.

A scope is `"owner:category"`. Every read statement filters every node and every
relationship it touches with `(x.owner + ':' + x.category) IN $scopes`, so a record
outside the caller's scopes is never fetched, never traversed and never counted.
"""

from __future__ import annotations

from hub.graph.model import AGENCIES, CATEGORIES

ALL_SCOPES: frozenset[str] = frozenset(
    f"{agency}:{category}" for agency in AGENCIES for category in CATEGORIES
) | frozenset(f"hub:{category}" for category in CATEGORIES)

"""Paged top-level lists: one trip for the page, one more only if the total is asked for."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from hub.domain.names import needle_grams
from hub.domain.paging import Page
from hub.graph.store import GraphStore, Row
from hub.services.context import RequestContext


def people_list(store: GraphStore, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Which list statements answer a people filter, and their parameters.

    A name with a three-letter piece goes through the full-text index of name pieces
    (`people_named`), where the store has one; otherwise the lists that match the kind's
    own label (so children scan children only). Both give the same people.
    """
    grams = needle_grams(params.get("name"))
    if grams and store.full_text:
        return "people_named", {**params, "grams": grams, "label": params.get("kind")}
    return {"Child": "children", "Adult": "adults"}.get(params.get("kind") or "", "people"), params


async def store_page(
    ctx: RequestContext, base: str, params: dict[str, Any], page: Page
) -> tuple[list[Row], Page, Callable[[], Awaitable[int]]]:
    """Run `<base>_page` (its records come back as `n`, or as the row's columns) for one
    window and give back a
    lazy `<base>_count`.

    The count runs at most once, and only when the client asks for `totalCount` or
    pages backwards from the end (`last` without `before`).
    """
    # The request's own consent parameters, so a list holds back what `node()` holds back.
    scoped = {**params, "scopes": ctx.scopes, **ctx.loaders.consent}
    cached: list[int] = []

    async def total() -> int:
        if not cached:
            row = await ctx.store.run_one(f"{base}_count", scoped)
            cached.append(int(row["n"]) if row else 0)
        return cached[0]

    if page.last is not None:
        count = await total()
        offset = max(page.offset, count - page.last)
        page = Page(offset=offset, limit=max(0, count - offset))
    if page.limit == 0:
        return [], page, total
    rows = await ctx.store.run(f"{base}_page", {**scoped, "skip": page.offset,
                                                "limit": page.limit})
    # A page statement gives each record as a node `n`, or as plain columns (`_labels` and
    # the properties its type reads), which the store parses faster: the row is the record.
    return [row.get("n", row) for row in rows], page, total

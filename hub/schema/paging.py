"""Relay cursor connections over store pages and over in-memory lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from hub.domain.errors import InvalidInput
from hub.domain.ids import BadGlobalId, decode_cursor, encode_cursor
from hub.domain.paging import Page

T = TypeVar("T")
DEFAULT_PAGE = 20


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    """A page of a list, with cursors to move on and the size of the whole list."""

    edges: list[Edge[T]]
    page_info: PageInfo
    _total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (that you may see).")
    async def total_count(self) -> int:
        return await self._total()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def page_of(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None,
    max_size: int = 200,
) -> Page:
    """Check paging arguments and turn them into an offset and a limit."""
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= max_size:
            raise InvalidInput(f"{name} must be between 0 and {max_size}", field=name)
    if first is not None and last is not None:
        raise InvalidInput("give first or last, not both", field="last")
    try:
        start = decode_cursor(after) + 1 if after else 0
        end = decode_cursor(before) if before else None
    except BadGlobalId as exc:
        raise InvalidInput(str(exc), field="after" if after else "before") from None
    if last is not None:
        if end is None:
            return Page(offset=start, limit=0, last=last)
        offset = max(start, end - last)
        return Page(offset=offset, limit=max(0, end - offset))
    size = DEFAULT_PAGE if first is None else first
    if end is not None:
        size = max(0, min(size, end - start))
    return Page(offset=start, limit=size, before=end)


def connection(
    items: Sequence[T], page: Page, total: int | Callable[[], Awaitable[int]],
    fetched_from_offset: bool = True,
) -> Connection[T]:
    """Wrap a page of items. `items` start at `page.offset` unless told they are the whole list."""
    window = list(items) if fetched_from_offset else list(items[page.offset:page.offset + page.limit])
    edges = [Edge(cursor=encode_cursor(page.offset + i), node=item) for i, item in enumerate(window)]

    async def total_fn() -> int:
        return total if isinstance(total, int) else await total()

    known_total = total if isinstance(total, int) else None
    if known_total is not None:
        has_next = page.offset + len(window) < known_total
    else:
        has_next = len(window) == page.limit and page.limit > 0
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _total=total_fn,
    )


def list_connection(items: Sequence[T], page: Page) -> Connection[T]:
    """A connection over a list already held in memory (the links of one record)."""
    if page.last is not None:
        offset = max(0, len(items) - page.last)
        page = Page(offset=offset, limit=len(items) - offset)
    return connection(items, page, len(items), fetched_from_offset=False)

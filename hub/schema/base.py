"""The machinery every entity type shares: the Node interface, provenance, links, building."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from hub.domain.ids import encode
from hub.graph.model import kind_of
from hub.schema.scalars import DateTime
from hub.services.context import RequestContext, is_existence_only
from hub.services.loaders import Link

T = TypeVar("T")

# label -> GraphQL type, filled in by `register`; Person rows resolve to Child or Adult.
TYPES_BY_LABEL: dict[str, type] = {}
LABEL_BY_TYPE: dict[str, str] = {}


def ctx(info: Info) -> RequestContext:
    context = info.context
    assert isinstance(context, RequestContext)
    return context


@strawberry.type(description="Whose a record is and what kind of information it holds.")
class Provenance:
    owner: str = strawberry.field(description="The agency that recorded it.")
    category: str = strawberry.field(description="Its data category; sharing is decided on it.")
    source: str | None = strawberry.field(description="The system or form it came from.")
    recorded_at: DateTime | None = strawberry.field(description="When it was recorded.")


def provenance_of(row: dict[str, Any]) -> Provenance:
    return Provenance(
        owner=row.get("owner") or "unknown",
        category=row.get("category") or "unknown",
        source=row.get("source"),
        recorded_at=row.get("recorded_at"),
    )


@strawberry.interface(description="Any record with a global id; fetch it again with node(id:).")
class Node:
    raw: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Opaque global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode(type(self).__name__, self.raw["id"]))

    @strawberry.field(description="Owner, category, source and time of this record.")
    def provenance(self) -> Provenance:
        return provenance_of(self.raw)

    @strawberry.field(description="A partner's own reference, if one was sent with the record.")
    def client_ref(self) -> str | None:
        return self.raw.get("client_ref")


def register(label: str) -> Callable[[type[T]], type[T]]:
    """Tie a GraphQL type to the graph label its rows carry."""

    def wrap(cls: type[T]) -> type[T]:
        TYPES_BY_LABEL[label] = cls
        LABEL_BY_TYPE[cls.__name__] = label
        return cls

    return wrap


@functools.cache
def _plain_fields(cls: type) -> tuple[str, ...]:
    """A type's fields filled straight from properties (worked out once per type)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init and f.name != "raw")


def build(cls: type[T], row: dict[str, Any]) -> T:
    """Make a GraphQL object from a node row: its plain fields straight from properties."""
    names = _plain_fields(cls)  # type: ignore[arg-type]
    return cls(raw=row, **{name: row.get(name) for name in names})  # type: ignore[call-arg]


def type_for(row: dict[str, Any]) -> type | None:
    kind = kind_of(row.get("_labels") or [])
    return TYPES_BY_LABEL.get(kind) if kind is not None else None


def as_object(row: dict[str, Any] | None) -> Any:
    """The right GraphQL object for any node row, or None for a row no type describes."""
    if row is None:
        return None
    cls = type_for(row)
    return build(cls, row) if cls is not None else None


async def links(
    info: Info, node: Node, rel_type: str, direction: str, label: str | None = None
) -> list[Link]:
    """The visible links of one kind from a record, batched across the whole request; none
    from a record shown as existence only (nothing is followed on from it)."""
    if is_existence_only(node.raw):
        return []
    return await ctx(info).links(node.raw["id"], rel_type, direction, label)


async def linked(
    info: Info, node: Node, rel_type: str, direction: str, label: str | None = None
) -> list[Any]:
    """The records at the other end of a record's visible links of one kind."""
    return [obj for _, other in await links(info, node, rel_type, direction, label)
            if (obj := as_object(other)) is not None]


async def linked_one(
    info: Info, node: Node, rel_type: str, direction: str, label: str | None = None
) -> Any:
    found = await linked(info, node, rel_type, direction, label)
    return found[0] if found else None


def newest_first(items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    return sorted(items, key=lambda item: key(item) or "", reverse=True)

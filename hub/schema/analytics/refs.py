"""The references every analysis result names people and records by, with global ids."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from hub.domain.ids import encode
from hub.graph.analytics.dates import age_on
from hub.schema.base import as_object
from hub.schema.base import ctx as context_of
from hub.schema.scalars import Date, DateTime
from hub.schema.types import (
    Node,
    Person,
)
from hub.services import analytics as service

Raw = dict[str, Any]


# ---------------------------------------------------------------- references

@strawberry.type(description="A person an analysis names; `person` opens their record.")
class PersonRef:
    id: strawberry.ID
    name: str | None
    is_child: bool
    age: int | None
    of_concern: bool | None
    raw_id: strawberry.Private[str]

    @strawberry.field(description="The person's record, as you may see it.")
    async def person(self, info: Info) -> Person | None:
        row = await context_of(info).loaders_for(self.raw_id).entity.load(self.raw_id)
        return as_object(row)  # type: ignore[no-any-return]


@strawberry.type(description="Any record an analysis names: a place, incident, line, phone...")
class RecordRef:
    id: strawberry.ID
    kind: str = strawberry.field(description=(
        "child, adult, place, school, phone, line, group, incident, episode or area"))
    name: str | None
    raw_id: strawberry.Private[str]

    @strawberry.field(description="The record itself, as you may see it.")
    async def node(self, info: Info) -> Node | None:
        row = await context_of(info).loaders_for(self.raw_id).entity.load(self.raw_id)
        return as_object(row)  # type: ignore[no-any-return]


def gid(node: Raw) -> strawberry.ID:
    return strawberry.ID(encode(service.TYPE_BY_KIND.get(node["kind"], "Node"), node["id"]))


def person_ref(node: Raw) -> PersonRef:
    return PersonRef(
        id=gid(node), name=node.get("name"), is_child=node["kind"] == "child",
        age=age_on(node.get("dob"), date.today()),
        of_concern=bool(node["of_concern"]) if node.get("of_concern") is not None else None,
        raw_id=node["id"],
    )


def record_ref(node: Raw) -> RecordRef:
    return RecordRef(id=gid(node), kind=node["kind"], name=node.get("name"), raw_id=node["id"])


def ids(nodes: dict[str, Raw], raw_ids: Any) -> list[strawberry.ID]:
    return [gid(nodes[r]) for r in raw_ids if r in nodes]


def day(value: str | None) -> Date | None:
    return Date(value[:10]) if value else None


def moment(value: str | None) -> DateTime | None:
    return DateTime(value) if value else None


def typed_ids(type_name: str, raw_ids: Any) -> list[strawberry.ID]:
    return [strawberry.ID(encode(type_name, r)) for r in raw_ids]

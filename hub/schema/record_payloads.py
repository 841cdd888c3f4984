"""What the mutations for the rest of the model answer: the record as saved (a node, or a
link record with both its ends), and whether this call saved it."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.domain.ids import encode
from hub.schema.base import Node, as_object
from hub.schema.mutation_payloads import CREATED, LinkFields
from hub.schema.scalars import Date
from hub.schema.types import (
    Area,
    CountyLine,
    Family,
    Flag,
    Intervention,
    Outcome,
    Panel,
    Phone,
    Place,
    School,
)
from hub.services.recording.links import link_key


@strawberry.type(description=(
    "A link record: a relationship between two records (who lives where, a pupil on a roll, a "
    "family tie, a member of a household or group, something on a county line). Its id can be "
    "corrected or retracted like any record's."))
class LinkRecord(LinkFields):
    kind_name: strawberry.Private[str]
    start: Node | None = strawberry.field(description="The record the link starts from.")
    end: Node | None = strawberry.field(description="The record it leads to.")

    @strawberry.field(description="Opaque id of the link record.")
    def id(self) -> strawberry.ID:
        start = self.start.raw["id"] if self.start is not None else self.raw.get("_from", "")
        return strawberry.ID(encode(self.kind_name, link_key(start, self.raw["id"])))

    @strawberry.field(description="What kind of link it is: Residence, SchoolRoll, FamilyTie, "
                                  "HouseholdMember, GroupMember, LineLink, LinePhone, "
                                  "LineExport or LineImport.")
    def kind(self) -> str:
        return self.kind_name

    @strawberry.field(description="A role on the link (household, group, line), if it has one.")
    def role(self) -> str | None:
        return self.raw.get("role")

    @strawberry.field(description="A family tie's kind.")
    def tie(self) -> str | None:
        return self.raw.get("kind")

    @strawberry.field(description="From when (a residence, a school roll, a line's phone).")
    def start_date(self) -> Date | None:
        return self.raw.get("from")

    @strawberry.field(description="Until when.")
    def end_date(self) -> Date | None:
        return self.raw.get("to")

    @strawberry.field
    def since(self) -> Date | None:
        return self.raw.get("since")

    @strawberry.field
    def until(self) -> Date | None:
        return self.raw.get("until")

    @strawberry.field
    def first_seen(self) -> Date | None:
        return self.raw.get("first_seen")

    @strawberry.field
    def last_seen(self) -> Date | None:
        return self.raw.get("last_seen")

    @strawberry.field
    def year_group(self) -> int | None:
        return self.raw.get("year_group")


def link_record(kind: str, start: dict[str, Any], link: dict[str, Any],
                end: dict[str, Any] | None) -> LinkRecord:
    return LinkRecord(raw=link, kind_name=kind, start=as_object(start), end=as_object(end))


@strawberry.type
class RecordLinkPayload:
    link: LinkRecord
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordAreaPayload:
    area: Area
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordPlacePayload:
    place: Place
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordSchoolPayload:
    school: School
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordCountyLinePayload:
    line: CountyLine
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordPhonePayload:
    phone: Phone
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordHouseholdPayload:
    household: Family
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordFlagPayload:
    flag: Flag
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordInterventionPayload:
    intervention: Intervention
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordOutcomePayload:
    outcome: Outcome
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordPanelPayload:
    panel: Panel
    created: bool = strawberry.field(description=CREATED)

"""One GraphQL type for every entity in the model, with fields that follow its links both ways."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from hub.schema.base import (
    Node,
    Provenance,
    as_object,
    build,
    ctx,
    linked,
    linked_one,
    links,
    newest_first,
    provenance_of,
    register,
)
from hub.schema.paging import Connection, list_connection, page_of
from hub.schema.scalars import Date, DateTime
from hub.services.context import is_existence_only

if TYPE_CHECKING:
    from hub.schema.linkage import LinkedRecord, PersonIdentifier


def _page(info: Info, first: int | None, after: str | None, last: int | None = None,
          before: str | None = None) -> Any:
    return page_of(first, after, last, before, ctx(info).settings.max_page_size)


@strawberry.enum(description="Kinds of link between two people in a peer network.")
class LinkKind(Enum):
    PEER = "peer"
    CO_OFFENDING = "co_offending"
    MISSING_TOGETHER = "missing_together"
    SAME_SCHOOL = "same_school"
    SAME_PLACE = "same_place"
    ONLINE = "online"
    EXPLOITATION = "exploitation"
    TRUSTED_ADULT = "trusted_adult"
    POSITIVE_ACTIVITY = "positive_activity"


@strawberry.enum(description="A person's part in an incident.")
class IncidentRole(Enum):
    SUSPECT = "suspect"
    VICTIM = "victim"
    WITNESS = "witness"
    PRESENT = "present"


# ---------------------------------------------------------------- link objects

@strawberry.type(description="A known association between two people.")
class PeerLink:
    person: Person
    context: str | None
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None
    provenance: Provenance
    ended_on: Date | None = strawberry.field(
        default=None, description="Set when the association is known to be over.")


@strawberry.type(description=(
    "Another agency holds records of this category about the person: ask them. Shared "
    "under an agreement as existence only, so nothing more is shown."))
class HeldElsewhere:
    agency: str
    category: str


@strawberry.type(description="A family tie, read from this person's side.")
class FamilyTie:
    person: Person
    kind: str | None = strawberry.field(description="parent, sibling, carer, grandparent, other")
    direction: str = strawberry.field(description="'of' when this person is `kind` of the other")
    provenance: Provenance


@strawberry.type
class Household:
    family: Family
    role: str | None


@strawberry.type
class HouseholdMember:
    person: Person
    role: str | None


@strawberry.type
class GroupMembership:
    group: PeerGroup
    role: str | None
    since: Date | None


@strawberry.type
class GroupMember:
    person: Person
    role: str | None
    since: Date | None
    until: Date | None = strawberry.field(
        default=None, description="Set when the person left the group (a former member).")


@strawberry.type
class SchoolAttendance:
    school: School
    start: Date | None
    end: Date | None
    year_group: int | None


@strawberry.type
class Pupil:
    person: Person
    start: Date | None
    end: Date | None
    year_group: int | None


@strawberry.type
class Residence:
    place: Place
    start: Date | None
    end: Date | None


@strawberry.type(description="A person's part in an incident.")
class Involvement:
    incident: Incident
    role: str | None
    provenance: Provenance


@strawberry.type(description="Someone involved in an incident, and how.")
class Participant:
    person: Person
    role: str | None
    provenance: Provenance


@strawberry.type(description="A link between a person, place or phone and a county line.")
class LineLink:
    line: CountyLine
    role: str | None
    first_seen: Date | None
    last_seen: Date | None
    provenance: Provenance


@strawberry.type(description="A person on a county line, with their role.")
class LineMember:
    person: Person
    role: str | None
    first_seen: Date | None
    last_seen: Date | None
    provenance: Provenance


@strawberry.type(description="A place on a county line (for example a cuckooed address).")
class LinePlace:
    place: Place
    role: str | None
    first_seen: Date | None
    last_seen: Date | None


@strawberry.type
class LinePhone:
    phone: Phone
    start: Date | None
    end: Date | None


def _rel_date(rel: dict[str, Any], key: str) -> Any:
    return rel.get(key)


# ---------------------------------------------------------------- people

@strawberry.interface(description="A child or an adult.")
class Person(Node):
    given_name: str | None = None
    family_name: str | None = None
    name: str | None = None
    dob: Date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None

    @strawberry.field(description="Age in whole years today.")
    def age(self) -> int | None:
        if not self.dob:
            return None
        born = date.fromisoformat(self.dob)
        today = date.today()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @strawberry.field(description="Peers and associates, strongest first.")
    async def peers(
        self, info: Info, kinds: list[LinkKind] | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[PeerLink]:
        wanted = {k.value for k in kinds} if kinds else None
        found: list[PeerLink] = []
        for direction in ("out", "in"):
            for rel, other in await links(info, self, "ASSOCIATED_WITH", direction, "Person"):
                if wanted is not None and rel.get("context") not in wanted:
                    continue
                found.append(PeerLink(
                    person=as_object(other), context=rel.get("context"),
                    strength=rel.get("strength"), first_seen=rel.get("first_seen"),
                    last_seen=rel.get("last_seen"), provenance=provenance_of(rel),
                    ended_on=rel.get("ended_on"),
                ))
        found.sort(key=lambda p: (-(p.strength or 0), p.person.raw["id"]))
        return list_connection(found, _page(info, first, after))

    @strawberry.field(description="Family ties to other people, both ways.")
    async def family(self, info: Info) -> list[FamilyTie]:
        ties = [FamilyTie(person=as_object(o), kind=r.get("kind"), direction="of",
                          provenance=provenance_of(r))
                for r, o in await links(info, self, "FAMILY_OF", "out", "Person")]
        ties += [FamilyTie(person=as_object(o), kind=r.get("kind"), direction="has",
                           provenance=provenance_of(r))
                 for r, o in await links(info, self, "FAMILY_OF", "in", "Person")]
        return ties

    @strawberry.field(description="Households this person belongs to.")
    async def households(self, info: Info) -> list[Household]:
        return [Household(family=as_object(o), role=r.get("role"))
                for r, o in await links(info, self, "MEMBER_OF_FAMILY", "out", "Family")]

    @strawberry.field(description="Peer groups this person is a member of.")
    async def groups(self, info: Info) -> list[GroupMembership]:
        return [GroupMembership(group=as_object(o), role=r.get("role"), since=r.get("since"))
                for r, o in await links(info, self, "MEMBER_OF", "out", "PeerGroup")]

    @strawberry.field(description="Schools this person attends or attended.")
    async def schools(self, info: Info) -> list[SchoolAttendance]:
        found = [SchoolAttendance(school=as_object(o), start=r.get("from"), end=r.get("to"),
                                  year_group=r.get("year_group"))
                 for r, o in await links(info, self, "ATTENDS", "out", "School")]
        return newest_first(found, lambda a: a.start)

    @strawberry.field(description="Addresses, newest first.")
    async def addresses(self, info: Info) -> list[Residence]:
        found = [Residence(place=as_object(o), start=r.get("from"), end=r.get("to"))
                 for r, o in await links(info, self, "LIVES_AT", "out", "Place")]
        return newest_first(found, lambda a: a.start)

    @strawberry.field(description="Incidents this person was involved in, newest first.")
    async def incidents(
        self, info: Info, roles: list[IncidentRole] | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[Involvement]:
        wanted = {r.value for r in roles} if roles else None
        found = [Involvement(incident=as_object(o), role=r.get("role"),
                             provenance=provenance_of(r))
                 for r, o in await links(info, self, "INVOLVED_IN", "out", "Incident")
                 if wanted is None or r.get("role") in wanted]
        found = newest_first(found, lambda i: i.incident.occurred_at)
        return list_connection(found, _page(info, first, after))

    @strawberry.field(description="Missing episodes, newest first.")
    async def missing_episodes(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[MissingEpisode]:
        found = await linked(info, self, "WENT_MISSING", "out", "MissingEpisode")
        return list_connection(newest_first(found, lambda e: e.reported_at),
                               _page(info, first, after))

    @strawberry.field(description="Referrals about this person, newest first.")
    async def referrals(self, info: Info) -> list[Referral]:
        return newest_first(await linked(info, self, "REFERRAL_FOR", "in", "Referral"),
                            lambda r: r.received_at)

    @strawberry.field(description="Support and diversion this person received.")
    async def interventions(self, info: Info) -> list[Intervention]:
        return newest_first(await linked(info, self, "INTERVENTION_FOR", "in", "Intervention"),
                            lambda r: r.started_at)

    @strawberry.field(description="Youth justice outcomes, newest first.")
    async def outcomes(self, info: Info) -> list[Outcome]:
        return newest_first(await linked(info, self, "OUTCOME_FOR", "in", "Outcome"),
                            lambda r: r.decided_at)

    @strawberry.field(description="Links to county lines, with role.")
    async def county_lines(self, info: Info) -> list[LineLink]:
        return [LineLink(line=as_object(o), role=r.get("role"), first_seen=r.get("first_seen"),
                         last_seen=r.get("last_seen"), provenance=provenance_of(r))
                for r, o in await links(info, self, "LINKED_TO_LINE", "out", "CountyLine")]

    @strawberry.field(description="Sensitive facts held apart: CP plan, health, exclusions...")
    async def flags(self, info: Info) -> list[Flag]:
        return await linked(info, self, "HAS_FLAG", "out", "Flag")

    @strawberry.field(description="Records other agencies hold that you may know exist, not read.")
    async def records_held_elsewhere(self, info: Info) -> list[HeldElsewhere]:
        if is_existence_only(self.raw):
            return []
        pairs = await ctx(info).loaders.held_elsewhere.load(self.raw["id"])
        return [HeldElsewhere(agency=a, category=c) for a, c in pairs]

    @strawberry.field(description="Panel decisions about this person.")
    async def panel_decisions(self, info: Info) -> list[PanelDecision]:
        return newest_first(await linked(info, self, "CONCERNS", "in", "PanelDecision"),
                            lambda d: d.decided_at)

    @strawberry.field(description="Identifiers held for this person (NHS number, pupil "
                                  "number, police or social care reference) that you may see.")
    async def identifiers(self, info: Info) -> list[
            Annotated[PersonIdentifier, strawberry.lazy("hub.schema.linkage")]]:
        from hub.schema.linkage import PersonIdentifier

        found = [PersonIdentifier(raw=o) for _, o in
                 await links(info, self, "HAS_IDENTIFIER", "out", "Identifier")]
        return sorted(found, key=lambda i: (i.raw.get("scheme") or "", i.raw.get("value") or ""))

    @strawberry.field(description=(
        "Other agencies' records of this same person that you may see, joined by record "
        "linkage (each keeps its owner and category; read its facts on `person`). Reached "
        "only through records you may see."))
    async def linked_records(self, info: Info) -> list[
            Annotated[LinkedRecord, strawberry.lazy("hub.schema.linkage")]]:
        from hub.schema.linkage import linked_records_of
        from hub.services.linking import linked_records

        if is_existence_only(self.raw):
            return []
        return linked_records_of(await linked_records(ctx(info), self.raw["id"]))


@register("Child")
@strawberry.type(description="A child or young person: the hub's subject.")
class Child(Person):
    pass


@register("Adult")
@strawberry.type(description="A parent, carer, associate, or person suspected of exploitation.")
class Adult(Person):
    of_concern: bool | None = None


# ---------------------------------------------------------------- groups and families

@register("Family")
@strawberry.type(description="A household.")
class Family(Node):
    name: str | None = None
    town: str | None = None

    @strawberry.field
    async def members(self, info: Info) -> list[HouseholdMember]:
        return [HouseholdMember(person=as_object(o), role=r.get("role"))
                for r, o in await links(info, self, "MEMBER_OF_FAMILY", "in", "Person")]


@register("PeerGroup")
@strawberry.type(description="A peer group recognised by a practitioner: a context of its own.")
class PeerGroup(Node):
    name: str | None = None
    description: str | None = None
    status: str | None = None
    confirmed_by: str | None = None

    @strawberry.field
    async def members(self, info: Info) -> list[GroupMember]:
        return [GroupMember(person=as_object(o), role=r.get("role"), since=r.get("since"),
                            until=r.get("until"))
                for r, o in await links(info, self, "MEMBER_OF", "in", "Person")]

    @strawberry.field(description="Context assessments of this group, newest first.")
    async def assessments(self, info: Info) -> list[ContextAssessment]:
        return newest_first(await linked(info, self, "ASSESSES", "in", "ContextAssessment"),
                            lambda a: a.assessed_at)

    @strawberry.field
    async def decisions(self, info: Info) -> list[PanelDecision]:
        return await linked(info, self, "CONCERNS", "in", "PanelDecision")


# ---------------------------------------------------------------- places

@register("Place")
@strawberry.type(description="An address or location where things happen: a context of its own.")
class Place(Node):
    name: str | None = None
    kind: str | None = None
    address: str | None = None
    postcode: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    lsoa: str | None = None
    lat: float | None = None
    lon: float | None = None

    @strawberry.field(description="Incidents that happened here, newest first.")
    async def incidents(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Incident]:
        found = await linked(info, self, "OCCURRED_AT", "in", "Incident")
        return list_connection(newest_first(found, lambda i: i.occurred_at),
                               _page(info, first, after))

    @strawberry.field(description="People who live here.")
    async def residents(self, info: Info) -> list[Person]:
        return await linked(info, self, "LIVES_AT", "in", "Person")

    @strawberry.field(description="Missing episodes that ended with the child found here.")
    async def found_here(self, info: Info) -> list[MissingEpisode]:
        return newest_first(await linked(info, self, "FOUND_AT", "in", "MissingEpisode"),
                            lambda e: e.reported_at)

    @strawberry.field(description="Missing episodes that started here.")
    async def missing_from_here(self, info: Info) -> list[MissingEpisode]:
        return newest_first(await linked(info, self, "MISSING_FROM", "in", "MissingEpisode"),
                            lambda e: e.reported_at)

    @strawberry.field(description="Context assessments of this place, newest first.")
    async def assessments(self, info: Info) -> list[ContextAssessment]:
        return newest_first(await linked(info, self, "ASSESSES", "in", "ContextAssessment"),
                            lambda a: a.assessed_at)

    @strawberry.field(description="County lines this place is linked to (e.g. cuckooed).")
    async def county_lines(self, info: Info) -> list[LineLink]:
        return [LineLink(line=as_object(o), role=r.get("role"), first_seen=r.get("first_seen"),
                         last_seen=r.get("last_seen"), provenance=provenance_of(r))
                for r, o in await links(info, self, "LINKED_TO_LINE", "out", "CountyLine")]

    @strawberry.field
    async def area(self, info: Info) -> Area | None:
        return await linked_one(info, self, "IN_AREA", "out", "Area")


@register("School")
@strawberry.type(description="A school or alternative provision: a context of its own.")
class School(Node):
    name: str | None = None
    phase: str | None = None
    urn: str | None = None
    town: str | None = None

    @strawberry.field(description="Pupils on roll, now or before.")
    async def pupils(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Pupil]:
        found = [Pupil(person=as_object(o), start=r.get("from"), end=r.get("to"),
                       year_group=r.get("year_group"))
                 for r, o in await links(info, self, "ATTENDS", "in", "Person")]
        found.sort(key=lambda p: p.person.raw["id"])
        return list_connection(found, _page(info, first, after))

    @strawberry.field
    async def place(self, info: Info) -> Place | None:
        return await linked_one(info, self, "LOCATED_AT", "out", "Place")

    @strawberry.field(description="Context assessments of this school, newest first.")
    async def assessments(self, info: Info) -> list[ContextAssessment]:
        return newest_first(await linked(info, self, "ASSESSES", "in", "ContextAssessment"),
                            lambda a: a.assessed_at)


@register("Area")
@strawberry.type(description="A town or city, as an exporting or importing area of a line.")
class Area(Node):
    name: str | None = None
    kind: str | None = None
    region: str | None = None

    @strawberry.field
    async def lines_exporting(self, info: Info) -> list[CountyLine]:
        return await linked(info, self, "EXPORTS_FROM", "in", "CountyLine")

    @strawberry.field
    async def lines_importing(self, info: Info) -> list[CountyLine]:
        return await linked(info, self, "IMPORTS_TO", "in", "CountyLine")


# ---------------------------------------------------------------- events

@register("Incident")
@strawberry.type(description="A police incident or occurrence, or a partner-recorded event.")
class Incident(Node):
    reference: str | None = None
    type: str | None = None
    occurred_at: DateTime | None = None
    summary: str | None = None

    @strawberry.field(description="Who was involved, and how.")
    async def participants(
        self, info: Info, roles: list[IncidentRole] | None = None
    ) -> list[Participant]:
        wanted = {r.value for r in roles} if roles else None
        return [Participant(person=as_object(o), role=r.get("role"), provenance=provenance_of(r))
                for r, o in await links(info, self, "INVOLVED_IN", "in", "Person")
                if wanted is None or r.get("role") in wanted]

    @strawberry.field
    async def place(self, info: Info) -> Place | None:
        return await linked_one(info, self, "OCCURRED_AT", "out", "Place")

    @strawberry.field
    async def outcomes(self, info: Info) -> list[Outcome]:
        return await linked(info, self, "OUTCOME_OF", "in", "Outcome")


@register("MissingEpisode")
@strawberry.type(description="A period a child was missing or absent.")
class MissingEpisode(Node):
    reported_at: DateTime | None = None
    found_at_time: DateTime | None = None
    status: str | None = None
    risk: str | None = None
    duration_hours: float | None = None
    circumstances: str | None = None

    @strawberry.field
    async def child(self, info: Info) -> Person | None:
        return await linked_one(info, self, "WENT_MISSING", "in", "Person")

    @strawberry.field(description="Where the child went missing from.")
    async def missing_from(self, info: Info) -> Place | None:
        return await linked_one(info, self, "MISSING_FROM", "out", "Place")

    @strawberry.field(description="Where the child was found.")
    async def found_at(self, info: Info) -> Place | None:
        return await linked_one(info, self, "FOUND_AT", "out", "Place")

    @strawberry.field(description="Who the child was found with.")
    async def found_with(self, info: Info) -> list[Person]:
        return await linked(info, self, "FOUND_WITH", "out", "Person")

    @strawberry.field(description="The return home interview.")
    async def interview(self, info: Info) -> ReturnHomeInterview | None:
        return await linked_one(info, self, "HAS_INTERVIEW", "out", "ReturnHomeInterview")


@register("ReturnHomeInterview")
@strawberry.type(description="The interview offered to a child after a missing episode.")
class ReturnHomeInterview(Node):
    offered_at: DateTime | None = None
    completed_at: DateTime | None = None
    status: str | None = None
    push_factors: list[str] | None = None
    pull_factors: list[str] | None = None
    summary: str | None = None

    @strawberry.field
    async def episode(self, info: Info) -> MissingEpisode | None:
        return await linked_one(info, self, "HAS_INTERVIEW", "in", "MissingEpisode")


# ---------------------------------------------------------------- county lines

@register("CountyLine")
@strawberry.type(description="A drug-dealing line, its phones, people and places.")
class CountyLine(Node):
    name: str | None = None
    status: str | None = None
    first_seen: Date | None = None
    last_seen: Date | None = None

    @strawberry.field(description="Its deal-line phones.")
    async def phones(self, info: Info) -> list[LinePhone]:
        return [LinePhone(phone=as_object(o), start=r.get("from"), end=r.get("to"))
                for r, o in await links(info, self, "USES_PHONE", "out", "Phone")]

    @strawberry.field(description="People linked to the line, with their roles.")
    async def people(self, info: Info, children_only: bool = False) -> list[LineMember]:
        found = [LineMember(person=as_object(o), role=r.get("role"),
                            first_seen=r.get("first_seen"), last_seen=r.get("last_seen"),
                            provenance=provenance_of(r))
                 for r, o in await links(info, self, "LINKED_TO_LINE", "in", "Person")]
        if children_only:
            found = [m for m in found if isinstance(m.person, Child)]
        return found

    @strawberry.field(description="Places on the line: cuckooed addresses, stash houses...")
    async def places(self, info: Info) -> list[LinePlace]:
        return [LinePlace(place=as_object(o), role=r.get("role"),
                          first_seen=r.get("first_seen"), last_seen=r.get("last_seen"))
                for r, o in await links(info, self, "LINKED_TO_LINE", "in", "Place")]

    @strawberry.field
    async def exporting_areas(self, info: Info) -> list[Area]:
        return await linked(info, self, "EXPORTS_FROM", "out", "Area")

    @strawberry.field
    async def importing_areas(self, info: Info) -> list[Area]:
        return await linked(info, self, "IMPORTS_TO", "out", "Area")


@register("Phone")
@strawberry.type(description="A phone: a deal line or a personal number.")
class Phone(Node):
    number: str | None = None
    kind: str | None = None

    @strawberry.field
    async def lines(self, info: Info) -> list[CountyLine]:
        return await linked(info, self, "USES_PHONE", "in", "CountyLine")


# ---------------------------------------------------------------- services

@register("Referral")
@strawberry.type(description="A referral to a service, with consent and outcome.")
class Referral(Node):
    to_service: str | None = None
    from_agency: str | None = None
    presenting_factors: list[str] | None = None
    consent: str | None = None
    consent_reason: str | None = None
    outcome: str | None = None
    received_at: DateTime | None = None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await linked_one(info, self, "REFERRAL_FOR", "out", "Person")

    @strawberry.field
    async def referred_by(self, info: Info) -> Agency | None:
        return await linked_one(info, self, "REFERRED_BY", "out", "Agency")

    @strawberry.field
    async def interventions(self, info: Info) -> list[Intervention]:
        return await linked(info, self, "FOLLOWS", "in", "Intervention")


@register("Intervention")
@strawberry.type(description="Support or diversion delivered to a person.")
class Intervention(Node):
    kind: str | None = None
    started_at: Date | None = None
    ended_at: Date | None = None
    outcome: str | None = None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await linked_one(info, self, "INTERVENTION_FOR", "out", "Person")

    @strawberry.field
    async def referral(self, info: Info) -> Referral | None:
        return await linked_one(info, self, "FOLLOWS", "out", "Referral")


@register("Outcome")
@strawberry.type(description="A youth justice outcome: CRD, Outcome 21/22, YC, YCC, orders.")
class Outcome(Node):
    kind: str | None = None
    decided_at: Date | None = None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await linked_one(info, self, "OUTCOME_FOR", "out", "Person")

    @strawberry.field
    async def incident(self, info: Info) -> Incident | None:
        return await linked_one(info, self, "OUTCOME_OF", "out", "Incident")


@register("Flag")
@strawberry.type(description="A sensitive fact about a person, held apart to be shared apart.")
class Flag(Node):
    kind: str | None = None
    detail: str | None = None
    since: Date | None = None
    until: Date | None = None


# ---------------------------------------------------------------- contexts and panels

ContextSubject = Annotated[Place | School | PeerGroup, strawberry.union("ContextSubject")]
DecisionSubject = Annotated[
    Child | Adult | Place | School | PeerGroup, strawberry.union("DecisionSubject")
]


@register("ContextAssessment")
@strawberry.type(description="An assessment of a place, school or peer group.")
class ContextAssessment(Node):
    assessed_at: Date | None = None
    findings: str | None = None
    risk_level: str | None = None
    safety_plan: str | None = None
    review_date: Date | None = None
    weighting: str | None = strawberry.field(
        default=None, description="The context weighting used, as JSON, saved with this version."
    )
    version: int | None = None

    @strawberry.field(description="The place, school or group assessed.")
    async def subject(self, info: Info) -> ContextSubject | None:
        return await linked_one(info, self, "ASSESSES", "out")


@register("Panel")
@strawberry.type(description="A meeting of a multi-agency panel (MACE, VAP, MASH).")
class Panel(Node):
    kind: str | None = None
    held_on: Date | None = None
    name: str | None = None

    @strawberry.field
    async def decisions(self, info: Info) -> list[PanelDecision]:
        return await linked(info, self, "DECIDED", "out", "PanelDecision")


@register("PanelDecision")
@strawberry.type(description="What a panel decided about a child, a person or a context.")
class PanelDecision(Node):
    decision: str | None = None
    rationale: str | None = None
    decided_at: Date | None = None
    review_date: Date | None = None

    @strawberry.field
    async def panel(self, info: Info) -> Panel | None:
        return await linked_one(info, self, "DECIDED", "in", "Panel")

    @strawberry.field(description="Who or what the decision is about.")
    async def concerns(self, info: Info) -> list[DecisionSubject]:
        return await linked(info, self, "CONCERNS", "out")

    @strawberry.field
    async def actions(self, info: Info) -> list[Action]:
        return await linked(info, self, "HAS_ACTION", "out", "Action")


@register("Action")
@strawberry.type(description="An action arising from a panel decision.")
class Action(Node):
    description: str | None = None
    owner_name: str | None = None
    due_date: Date | None = None
    status: str | None = None
    completed_at: Date | None = None

    @strawberry.field(description="Open and past its due date.")
    def overdue(self) -> bool:
        return self.status == "open" and bool(self.due_date) and (
            str(self.due_date) < date.today().isoformat()
        )

    @strawberry.field
    async def assignee(self, info: Info) -> Practitioner | None:
        return await linked_one(info, self, "ASSIGNED_TO", "out", "Practitioner")

    @strawberry.field
    async def decision(self, info: Info) -> PanelDecision | None:
        return await linked_one(info, self, "HAS_ACTION", "in", "PanelDecision")


# ---------------------------------------------------------------- organisations and agreements

@register("Agency")
@strawberry.type(description="A partner agency.")
class Agency(Node):
    name: str | None = None
    code: str | None = None

    @strawberry.field
    async def teams(self, info: Info) -> list[Team]:
        return await linked(info, self, "PART_OF", "in", "Team")

    @strawberry.field
    async def agreements(self, info: Info) -> list[Agreement]:
        return await linked(info, self, "PARTY_TO", "out", "Agreement")


@register("Team")
@strawberry.type
class Team(Node):
    name: str | None = None

    @strawberry.field
    async def agency(self, info: Info) -> Agency | None:
        return await linked_one(info, self, "PART_OF", "out", "Agency")

    @strawberry.field
    async def practitioners(self, info: Info) -> list[Practitioner]:
        return await linked(info, self, "WORKS_IN", "in", "Practitioner")


@register("Practitioner")
@strawberry.type
class Practitioner(Node):
    name: str | None = None
    role: str | None = None

    @strawberry.field
    async def team(self, info: Info) -> Team | None:
        return await linked_one(info, self, "WORKS_IN", "out", "Team")


@strawberry.type(description=(
    "A change to an agreement that widens what another party gives: not in force until the "
    "IG lead of every party it awaits approves it (approveAgreementChange)."))
class PendingAgreementChange:
    proposed_by: str
    proposed_by_agency: str
    proposed_at: DateTime | None
    awaiting: list[str] = strawberry.field(description="Parties whose IG lead must approve.")
    on_version: int = strawberry.field(description="The version to approve (what was read).")
    terms: str = strawberry.field(description="The proposed terms, as JSON.")


@register("Agreement")
@strawberry.type(description="An information sharing agreement.")
class Agreement(Node):
    name: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None
    valid_from: Date | None = None
    valid_to: Date | None = None
    review_date: Date | None = None
    status: str | None = None
    version: int | None = None

    @strawberry.field
    async def parties(self, info: Info) -> list[Agency]:
        return await linked(info, self, "PARTY_TO", "in", "Agency")

    @strawberry.field
    async def grants(self, info: Info) -> list[Grant]:
        return await linked(info, self, "GRANTS", "out", "Grant")

    @strawberry.field(description=(
        "A proposed change awaiting approval; shown to the IG leads of its parties only."))
    def pending_change(self, info: Info) -> PendingAgreementChange | None:
        text = self.raw.get("pending_terms")
        principal = ctx(info).principal
        if not text or principal is None or "ig_lead" not in principal.roles:
            return None
        terms = json.loads(text)
        agency = str(self.raw.get("pending_agency") or "")
        if principal.agency not in set(terms.get("parties") or ()) | {agency}:
            return None
        return PendingAgreementChange(
            proposed_by=str(self.raw.get("pending_by") or ""), proposed_by_agency=agency,
            proposed_at=self.raw.get("pending_at"),
            awaiting=list(self.raw.get("pending_awaiting") or ()),
            on_version=int(self.raw.get("version") or 0), terms=text)


@register("Grant")
@strawberry.type(description="One line of an agreement: what one party may receive from another.")
class Grant(Node):
    from_agency: str | None = None
    to_agency: str | None = None
    categories: list[str] | None = None
    roles: list[str] | None = None
    existence_only: list[str] | None = None


ALL_TYPES: tuple[type, ...] = (
    Child, Adult, Family, PeerGroup, Place, School, Area, Incident, MissingEpisode,
    ReturnHomeInterview, CountyLine, Phone, Referral, Intervention, Outcome, Flag,
    ContextAssessment, Panel, PanelDecision, Action, Agency, Team, Practitioner, Agreement, Grant,
)

__all__ = ["ALL_TYPES", "build"]

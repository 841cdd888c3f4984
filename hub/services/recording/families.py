"""Families: a household with its members, a person joining a household, and a family tie
between two people (identity, like the people themselves).

Entry points: `plan_household(ctx, HouseholdData)`, `plan_household_member(ctx,
HouseholdMemberData)`, `plan_family_tie(ctx, FamilyTieData)`, each returning a Plan for
`commit`. A family tie reads "person is `kind` of relative" (a parent of, a carer of).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import FAMILY_KINDS, HOUSEHOLD_ROLES
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    MAX_REFS,
    PEOPLE,
    at_most,
    choice,
    distinct,
    may_record,
    optional,
    ref,
    required,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance
from hub.services.recording.links import LinkSpec, plan_link

CATEGORY = "identity"
MEMBER_OF_FAMILY = LinkSpec("MEMBER_OF_FAMILY", "HouseholdMember", "input.personId",
                            "input.familyId")
FAMILY_OF = LinkSpec("FAMILY_OF", "FamilyTie", "input.personId", "input.relativeId")


@dataclass
class MemberData:
    person_id: str
    role: str


@dataclass
class HouseholdData:
    name: str
    town: str | None = None
    members: list[MemberData] = field(default_factory=list)
    client_ref: str | None = None


@dataclass
class HouseholdMemberData:
    person_id: str
    family_id: str
    role: str
    client_ref: str | None = None


@dataclass
class FamilyTieData:
    person_id: str
    relative_id: str
    kind: str
    client_ref: str | None = None


async def plan_household(ctx: RequestContext, data: HouseholdData) -> Plan:
    may_record(ctx, CATEGORY)
    at_most(data.members, MAX_REFS, "input.members")
    people = distinct([ref(m.person_id, f"input.members[{i}].personId", PEOPLE)
                       for i, m in enumerate(data.members)], "member")
    members = [{"id": p.raw_id, "rel": {
        **provenance(ctx, "rel", CATEGORY),
        "role": choice(m.role, HOUSEHOLD_ROLES, f"input.members[{i}].role")}}
        for i, (p, m) in enumerate(zip(people, data.members, strict=True))]
    props = {**provenance(ctx, "fam", CATEGORY, data.client_ref),
             "name": required(data.name, "input.name"), "town": optional(data.town, "input.town")}
    write = Write("record_household", params(
        ctx, props, member_ids=[p.raw_id for p in people], members=members,
    ), label="Family", client_ref=props.get("client_ref"),
        subjects=tuple(p.raw_id for p in people))
    return await planned(ctx, write, *people)


async def plan_household_member(ctx: RequestContext, data: HouseholdMemberData) -> Plan:
    person = ref(data.person_id, "input.personId", PEOPLE)
    family = ref(data.family_id, "input.familyId", ("Family",))
    role = choice(data.role, HOUSEHOLD_ROLES, "input.role")
    return await plan_link(ctx, MEMBER_OF_FAMILY, CATEGORY, person, family, {"role": role},
                           data.client_ref, (person.raw_id,))


async def plan_family_tie(ctx: RequestContext, data: FamilyTieData) -> Plan:
    person = ref(data.person_id, "input.personId", PEOPLE)
    relative = ref(data.relative_id, "input.relativeId", PEOPLE)
    if person.raw_id == relative.raw_id:
        raise InvalidInput("input.relativeId must be a different person from input.personId",
                           field="input.relativeId")
    kind = choice(data.kind, FAMILY_KINDS, "input.kind")
    return await plan_link(ctx, FAMILY_OF, CATEGORY, person, relative, {"kind": kind},
                           data.client_ref, (person.raw_id, relative.raw_id))

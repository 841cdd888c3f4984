"""Peer groups: adding a member, removing one (the membership ends: `until` is set, and the
audit keeps who was a member and when), and closing a group. A membership takes the group's
category (police intelligence, or a trust context group).

Entry points: `plan_group_member(ctx, GroupMemberData)`, `plan_group_member_removal(ctx,
GroupMemberRemovalData)`, `plan_group_closure(ctx, GroupClosureData)`, each returning a Plan
for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.errors import NotFound
from hub.domain.ids import encode
from hub.domain.vocabulary import GROUP_ROLES
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    TEXT_LIMIT,
    choice,
    not_future_day,
    now,
    ref,
    required,
    visible,
)
from hub.services.recording.core import Plan
from hub.services.recording.corrections import CorrectionData, plan_correction
from hub.services.recording.links import LinkSpec, link_key, plan_link

MEMBER_OF = LinkSpec("MEMBER_OF", "GroupMember", "input.personId", "input.groupId")


@dataclass
class GroupMemberData:
    person_id: str
    group_id: str
    role: str = "member"
    since: str | None = None
    client_ref: str | None = None


@dataclass
class GroupMemberRemovalData:
    person_id: str
    group_id: str
    reason: str
    until: str | None = None  # default: today


@dataclass
class GroupClosureData:
    group_id: str
    reason: str


async def plan_group_member(ctx: RequestContext, data: GroupMemberData) -> Plan:
    person = ref(data.person_id, "input.personId", PEOPLE)
    group = ref(data.group_id, "input.groupId", ("PeerGroup",))
    role = choice(data.role, GROUP_ROLES, "input.role")
    since = not_future_day(data.since, "input.since")
    rows = await visible(ctx, [person, group])
    category = str(rows[group.raw_id]["category"])
    return await plan_link(ctx, MEMBER_OF, category, person, group,
                           {"role": role, "since": since}, data.client_ref, (person.raw_id,),
                           checked=True)


async def plan_group_member_removal(ctx: RequestContext, data: GroupMemberRemovalData) -> Plan:
    person = ref(data.person_id, "input.personId", PEOPLE)
    group = ref(data.group_id, "input.groupId", ("PeerGroup",))
    required(data.reason, "input.reason", TEXT_LIMIT)
    until = not_future_day(data.until, "input.until") or now().date().isoformat()
    await visible(ctx, [person, group])
    row = await ctx.store.run_one("recording_own_membership", {
        "person_id": person.raw_id, "group_id": group.raw_id, "owner": ctx.agency,
        "scopes": ctx.scopes})
    if row is None:
        raise NotFound("input.personId: this person is not a member your agency recorded in "
                       "this group", field="input.personId")
    return await plan_correction(ctx, CorrectionData(
        record_id=encode("GroupMember", link_key(person.raw_id, row["id"])), field="until",
        value=until,
        reason=data.reason))


async def plan_group_closure(ctx: RequestContext, data: GroupClosureData) -> Plan:
    ref(data.group_id, "input.groupId", ("PeerGroup",))
    return await plan_correction(ctx, CorrectionData(
        record_id=data.group_id, field="status", value="closed", reason=data.reason))

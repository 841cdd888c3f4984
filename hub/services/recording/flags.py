"""Flags: a sensitive fact about a person, held apart so it can be shared apart. Its category
comes from its kind (a protection plan is safeguarding, an exclusion education, a CAMHS case
health, a domestic abuse flag domestic abuse: `hub.domain.vocabulary.FLAG_CATEGORY`).

Entry point: `plan_flag(ctx, FlagData)`, returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.vocabulary import FLAG_CATEGORY, FLAG_KINDS
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    TEXT_LIMIT,
    choice,
    day,
    in_order,
    may_record,
    not_future_day,
    optional,
    ref,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance


@dataclass
class FlagData:
    person_id: str
    kind: str
    since: str | None = None
    until: str | None = None
    detail: str | None = None
    client_ref: str | None = None


async def plan_flag(ctx: RequestContext, data: FlagData) -> Plan:
    kind = choice(data.kind, FLAG_KINDS, "input.kind")
    category = FLAG_CATEGORY[kind]
    may_record(ctx, category)
    person = ref(data.person_id, "input.personId", PEOPLE)
    since = not_future_day(data.since, "input.since")
    until = day(data.until, "input.until")
    in_order(since, until, "input.until", "input.since")
    props = {**provenance(ctx, "flag", category, data.client_ref), "kind": kind,
             "since": since, "until": until,
             "detail": optional(data.detail, "input.detail", TEXT_LIMIT)}
    write = Write("record_flag", params(ctx, props, person_id=person.raw_id,
                                        rel=provenance(ctx, "rel", category)),
                  label="Flag", client_ref=props.get("client_ref"), subjects=(person.raw_id,))
    return await planned(ctx, write, person)

"""Missing episodes: reporting a child missing, closing the episode, the return home interview.

Entry points: `plan_missing(ctx, MissingData)`, `plan_close_missing_episode(ctx,
CloseMissingData)`, `plan_interview(ctx, InterviewData)`, each returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.errors import Conflict, InvalidInput
from hub.domain.vocabulary import INTERVIEW_STATUSES, MISSING_RISKS
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    LIST_LIMIT,
    PEOPLE,
    TEXT_LIMIT,
    at_most,
    choice,
    distinct,
    may_record,
    moment,
    not_future_time,
    optional,
    ref,
    ref_or_none,
    stamp,
    texts,
    visible,
)
from hub.services.recording.core import (
    Plan,
    Write,
    clean,
    explain_conflict,
    params,
    planned,
    provenance,
    replay,
)


@dataclass
class MissingData:
    child_id: str
    reported_at: str
    risk: str
    circumstances: str | None = None
    missing_from_place_id: str | None = None
    client_ref: str | None = None


@dataclass
class CloseMissingData:
    episode_id: str
    found_at_time: str
    found_at_place_id: str | None = None
    found_with_ids: list[str] | None = None


@dataclass
class InterviewData:
    episode_id: str
    offered_at: str
    status: str
    completed_at: str | None = None
    push_factors: list[str] | None = None
    pull_factors: list[str] | None = None
    summary: str | None = None
    client_ref: str | None = None


async def plan_missing(ctx: RequestContext, data: MissingData) -> Plan:
    may_record(ctx, "missing")
    not_future_time(data.reported_at, "input.reportedAt")
    child = ref(data.child_id, "input.childId", ("Child",))
    place = ref_or_none(data.missing_from_place_id, "input.missingFromPlaceId", ("Place",))
    props = {
        **provenance(ctx, "mis", "missing", data.client_ref),
        "reported_at": data.reported_at, "status": "open",
        "risk": choice(data.risk, MISSING_RISKS, "input.risk"),
        "circumstances": optional(data.circumstances, "input.circumstances", TEXT_LIMIT),
    }
    write = Write("report_missing", params(
        ctx, props, child_id=child.raw_id, place_id=place.raw_id if place else None,
        went_rel=provenance(ctx, "rel", "missing"), place_rel=provenance(ctx, "rel", "missing"),
    ), label="MissingEpisode", client_ref=props.get("client_ref"), subjects=(child.raw_id,))
    return await planned(ctx, write, child, place)


async def plan_close_missing_episode(ctx: RequestContext, data: CloseMissingData) -> Plan:
    may_record(ctx, "missing")
    found_at = not_future_time(data.found_at_time, "input.foundAtTime")
    episode = ref(data.episode_id, "input.episodeId", ("MissingEpisode",))
    place = ref_or_none(data.found_at_place_id, "input.foundAtPlaceId", ("Place",))
    found_with = data.found_with_ids or []
    at_most(found_with, LIST_LIMIT, "input.foundWithIds")
    people = distinct([ref(p, f"input.foundWithIds[{i}]", PEOPLE)
                       for i, p in enumerate(found_with)], "person")
    rows = await visible(ctx, [episode, *([place] if place else []), *people])
    row = rows[episode.raw_id]
    if row.get("status") == "closed" or row.get("found_at_time"):
        raise Conflict("input.episodeId: this episode is already closed",
                       field="input.episodeId")
    reported = row.get("reported_at")
    if reported and found_at < moment(reported):
        raise InvalidInput(f"input.foundAtTime must not be before the child was reported "
                           f"missing ({reported})", field="input.foundAtTime")
    missing = await ctx.loaders.links("WENT_MISSING", "in", "Person").load(episode.raw_id)
    for i, one in enumerate(people):
        if any(child.get("id") == one.raw_id for _, child in missing):
            raise InvalidInput("a child cannot be found with themself",
                               field=f"input.foundWithIds[{i}]")
    hours = None if not reported else round(
        (found_at - moment(reported)).total_seconds() / 3600, 2)
    after = clean({"id": episode.raw_id, "status": "closed", "found_at_time": data.found_at_time,
                   "duration_hours": hours, "found_at": place.raw_id if place else None,
                   "found_with": [p.raw_id for p in people] or None})
    return Write("close_missing_episode", {
        "episode_id": episode.raw_id, "reported_at": reported, "scopes": ctx.scopes,
        "found_at_time": data.found_at_time, "duration_hours": hours,
        "place_id": place.raw_id if place else None,
        "place_rel": provenance(ctx, "rel", "missing"),
        "person_ids": [p.raw_id for p in people],
        "found_with": [{"person_id": p.raw_id, "rel": provenance(ctx, "rel", "missing")}
                       for p in people],
        "now": stamp(), "actor": ctx.actor,
    }, label="MissingEpisode", conflict_field="input.episodeId",
        recheck={"episode": episode.raw_id, "clear": [episode.raw_id]},
        record_id=episode.raw_id, before={"status": row.get("status")}, after=after,
        subjects=tuple(str(c["id"]) for _, c in missing))


async def plan_interview(ctx: RequestContext, data: InterviewData) -> Plan:
    may_record(ctx, "missing")
    offered = not_future_time(data.offered_at, "input.offeredAt")
    status = choice(data.status, INTERVIEW_STATUSES, "input.status")
    if status == "completed" and data.completed_at is None:
        raise InvalidInput("input.completedAt is required when status is COMPLETED",
                           field="input.completedAt")
    if status != "completed" and data.completed_at is not None:
        raise InvalidInput("input.completedAt must be left out unless status is COMPLETED",
                           field="input.completedAt")
    if data.completed_at is not None:
        completed = not_future_time(data.completed_at, "input.completedAt")
        if completed < offered:
            raise InvalidInput("input.completedAt must not be before input.offeredAt",
                               field="input.completedAt")
    episode = ref(data.episode_id, "input.episodeId", ("MissingEpisode",))
    props = {
        **provenance(ctx, "rhi", "missing", data.client_ref),
        "offered_at": data.offered_at, "completed_at": data.completed_at, "status": status,
        "push_factors": texts(data.push_factors, "input.pushFactors"),
        "pull_factors": texts(data.pull_factors, "input.pullFactors"),
        "summary": optional(data.summary, "input.summary", TEXT_LIMIT),
    }
    write = Write("record_return_home_interview", {}, label="ReturnHomeInterview",
                  client_ref=props.get("client_ref"), conflict_field="input.episodeId",
                  recheck={"interviews": episode.raw_id})
    if (replayed := await replay(ctx, write)) is not None:
        return replayed
    row = (await visible(ctx, [episode]))[episode.raw_id]
    found = row.get("found_at_time")
    if not found:
        raise Conflict("input.episodeId: the child has not been found yet; close the episode "
                       "before recording the return home interview", field="input.episodeId")
    if offered < moment(found):
        raise InvalidInput(f"input.offeredAt must not be before the child was found ({found})",
                           field="input.offeredAt")
    await explain_conflict(ctx, write)
    write.params = params(ctx, props, episode_id=episode.raw_id, found_at_time=found,
                          rel=provenance(ctx, "rel", "missing"))
    missing = await ctx.loaders.links("WENT_MISSING", "in", "Person").load(episode.raw_id)
    write.subjects = tuple(str(c["id"]) for _, c in missing)
    return write

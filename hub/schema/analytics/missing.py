"""Missing profiles and summaries in GraphQL."""

from __future__ import annotations

import strawberry

from hub.domain.ids import encode
from hub.schema.analytics.refs import (
    PersonRef,
    Raw,
    RecordRef,
    moment,
    person_ref,
    record_ref,
    typed_ids,
)
from hub.schema.scalars import Date, DateTime
from hub.services import analytics as service

# ---------------------------------------------------------------- missing

@strawberry.type(description="One missing episode as the profile reads it.")
class EpisodeSummary:
    id: strawberry.ID
    reported_at: DateTime
    found_at_time: DateTime | None
    open: bool
    duration_hours: float = strawberry.field(description="To the return, or so far if open.")
    found_at: RecordRef | None
    found_with: list[PersonRef]
    risk: str | None
    incident_ids: list[strawberry.ID] = strawberry.field(description="Incidents while missing.")
    interview_status: str | None


@strawberry.type
class PlaceTally:
    place: RecordRef
    count: int


@strawberry.type
class PersonTally:
    person: PersonRef
    count: int


@strawberry.type(description="A missing trigger that fired, and the episodes that fired it.")
class FiredTrigger:
    code: str
    kind: str
    label: str
    detail: str
    episode_ids: list[strawberry.ID]


@strawberry.type(description=(
    "One child's missing history and the triggers it fires, as known at asOf: episodes "
    "reported later are left out, a return after asOf leaves its episode open, and "
    "incidents after asOf do not count."))
class MissingProfileResult:
    child: PersonRef
    episodes: list[EpisodeSummary]
    total: int
    open: int
    total_hours: float
    longest_hours: float | None
    median_hours: float | None
    gaps_days: list[float] = strawberry.field(description="From each return to the next report.")
    found_places: list[PlaceTally]
    companions: list[PersonTally]
    crimes_while_missing: list[strawberry.ID] = strawberry.field(description=(
        "Incidents the child was involved in, in any role, during an episode. The "
        "crime-while-missing trigger counts only the roles it is configured with (by "
        "default suspect)."))
    triggers: list[FiredTrigger]
    triggers_checked: list[str]


def _interview_status(rows: list[Raw]) -> str | None:
    statuses = [r.get("status") for r in rows if r.get("status")]
    return statuses[0] if statuses else None


def missing_profile_result(found: service.ChildMissing) -> MissingProfileResult:
    p, places, people = found.profile, found.places, found.people
    episodes = [EpisodeSummary(
        id=strawberry.ID(encode("MissingEpisode", e.id)), reported_at=DateTime(e.reported_at),
        found_at_time=moment(e.found_at_time), open=e.open, duration_hours=e.duration_hours,
        found_at=record_ref(places[e.found_place_id]) if e.found_place_id in places else None,
        found_with=[person_ref(people[w]) for w in e.found_with if w in people], risk=e.risk,
        incident_ids=typed_ids("Incident", e.incident_ids),
        interview_status=_interview_status(found.interviews.get(e.id, [])),
    ) for e in p.episodes]
    return MissingProfileResult(
        child=person_ref(found.person), episodes=episodes, total=p.total, open=p.open,
        total_hours=p.total_hours, longest_hours=p.longest_hours, median_hours=p.median_hours,
        gaps_days=list(p.gaps_days),
        found_places=[PlaceTally(place=record_ref(places[t.id]), count=t.count)
                      for t in p.found_places if t.id in places],
        companions=[PersonTally(person=person_ref(people[t.id]), count=t.count)
                    for t in p.companions if t.id in people],
        crimes_while_missing=typed_ids("Incident", p.crimes_while_missing),
        triggers=[FiredTrigger(code=t.code, kind=t.kind, label=found.labels.get(t.code, t.code),
                               detail=t.detail,
                               episode_ids=typed_ids("MissingEpisode", t.episode_ids))
                  for t in p.triggers],
        triggers_checked=list(found.checked),
    )


@strawberry.type
class RepeatMissingChild:
    child: PersonRef
    episodes: int
    episode_ids: list[strawberry.ID]
    first: DateTime
    last: DateTime


@strawberry.type(description="Two people whose missing episodes are tied, with the evidence.")
class MissingPairResult:
    a: PersonRef
    b: PersonRef
    overlapping: int = strawberry.field(description="Pairs of their episodes overlapping in time.")
    found_together: int = strawberry.field(description="Episodes recording the other as with them.")
    same_place: int = strawberry.field(description="Places where both have been found.")
    places: list[RecordRef]
    episode_ids: list[strawberry.ID]
    total: int


@strawberry.type(description="A place where missing children are found again and again.")
class RecurringPlace:
    place: RecordRef
    episodes: int
    children: list[PersonRef]
    first: DateTime
    last: DateTime


@strawberry.type(description="Return home interviews against returns in the period.")
class RhiPerformanceResult:
    returns: int
    offered: int
    completed: int
    completed_within_72h: int
    declined: int
    offered_rate: float | None
    completed_rate: float | None
    within_72h_rate: float | None
    not_offered: list[strawberry.ID]


@strawberry.type(description="Missing episodes county-wide in a period.")
class MissingSummaryResult:
    since: Date
    until: Date | None
    episodes: int
    repeat_missing: list[RepeatMissingChild]
    missing_together: list[MissingPairResult]
    recurring_places: list[RecurringPlace]
    rhi: RhiPerformanceResult


def _person_or_id(people: dict[str, Raw], raw_id: str) -> PersonRef:
    node = people.get(raw_id) or {"id": raw_id, "kind": "child"}
    return person_ref(node)


def missing_summary_result(found: service.MissingSummary) -> MissingSummaryResult:
    people, places, r = found.people, found.place_nodes, found.rhi
    return MissingSummaryResult(
        since=Date(found.since.isoformat()),
        until=Date(found.until.isoformat()) if found.until else None, episodes=found.episodes,
        repeat_missing=[RepeatMissingChild(
            child=_person_or_id(people, x.person_id), episodes=x.episodes,
            episode_ids=typed_ids("MissingEpisode", x.episode_ids), first=DateTime(x.first),
            last=DateTime(x.last)) for x in found.repeat],
        missing_together=[MissingPairResult(
            a=_person_or_id(people, x.a), b=_person_or_id(people, x.b),
            overlapping=x.overlapping, found_together=x.found_together, same_place=x.same_place,
            places=[record_ref(places[p]) for p in x.places if p in places],
            episode_ids=typed_ids("MissingEpisode", x.episode_ids), total=x.total)
            for x in found.pairs],
        recurring_places=[RecurringPlace(
            place=record_ref(places[x.place_id]), episodes=x.episodes,
            children=[_person_or_id(people, c) for c in x.children], first=DateTime(x.first),
            last=DateTime(x.last)) for x in found.places if x.place_id in places],
        rhi=RhiPerformanceResult(
            returns=r.returns, offered=r.offered, completed=r.completed,
            completed_within_72h=r.completed_within_72h, declined=r.declined,
            offered_rate=r.offered_rate, completed_rate=r.completed_rate,
            within_72h_rate=r.within_72h_rate,
            not_offered=typed_ids("MissingEpisode", r.not_offered)),
    )

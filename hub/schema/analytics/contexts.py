"""Places, schools and peer groups as contexts, in GraphQL."""

from __future__ import annotations

import strawberry

from hub.schema.analytics.refs import (
    PersonRef,
    RecordRef,
    moment,
    person_ref,
    record_ref,
)
from hub.schema.base import as_object
from hub.schema.scalars import DateTime
from hub.schema.types import (
    Action,
    ContextAssessment,
    ContextSubject,
    PanelDecision,
)
from hub.services import analytics as service

# ---------------------------------------------------------------- contexts

@strawberry.type(description="One way a person is tied to a context, and how often.")
class ContextTie:
    how: str = strawberry.field(description=(
        "resident, pupil, member, found, missing_from, missing, or incident_<role>"))
    count: int


@strawberry.type
class TiedPerson:
    person: PersonRef
    ties: list[ContextTie]


@strawberry.type
class MonthCount:
    month: str
    incidents: int
    missing_episodes: int


@strawberry.type(description=(
    "An incident or missing episode at a context: at the place, at the school's place, or, "
    "for a peer group, one of its members'. `people` are the visible people tied to it "
    "through the context (involved, found, missing from, or the member)."))
class ContextEvent:
    record: RecordRef
    incident_type: str | None
    at: DateTime | None
    people: list[PersonRef]


@strawberry.type(description="A place, school or peer group as a context of its own.")
class ContextProfileResult:
    subject: ContextSubject | None
    kind: str
    children: list[TiedPerson]
    adults: list[TiedPerson]
    incidents: int = strawberry.field(description="Visible incidents listed in incidentList.")
    missing_episodes: int = strawberry.field(description=(
        "Visible missing episodes listed in missingEpisodeList."))
    incident_list: list[ContextEvent] = strawberry.field(description=(
        "Every incident counted in `incidents`, newest first, for every kind of context."))
    missing_episode_list: list[ContextEvent] = strawberry.field(description=(
        "Every missing episode counted in `missingEpisodes`, newest first."))
    timeline: list[MonthCount]
    assessments: list[ContextAssessment] = strawberry.field(description="Newest first.")
    latest_assessment: ContextAssessment | None
    decisions: list[PanelDecision]
    open_actions: list[Action]


def context_profile_result(found: service.ContextProfile) -> ContextProfileResult:
    def tied(t: service.Tied) -> TiedPerson:
        return TiedPerson(person=person_ref(t.person),
                          ties=[ContextTie(how=h, count=n) for h, n in sorted(t.ties.items())])

    assessments = [as_object(a) for a in found.assessments]
    people = {t.person["id"]: t.person for t in found.tied}

    def event(e: service.ContextEvent) -> ContextEvent:
        node = {"id": e.id, "kind": "episode" if e.kind == "missing" else "incident",
                "name": e.type if e.kind != "missing" else f"missing {(e.at or '')[:10]}".strip()}
        return ContextEvent(record=record_ref(node), incident_type=e.type, at=moment(e.at),
                            people=[person_ref(people[p]) for p in e.people if p in people])

    return ContextProfileResult(
        subject=as_object(found.subject), kind=found.kind,
        children=[tied(t) for t in found.tied if t.person["kind"] == "child"],
        adults=[tied(t) for t in found.tied if t.person["kind"] != "child"],
        incidents=found.incidents, missing_episodes=found.episodes,
        incident_list=[event(e) for e in found.events if e.kind == "incident"],
        missing_episode_list=[event(e) for e in found.events if e.kind == "missing"],
        timeline=[MonthCount(month=m.month, incidents=m.incidents, missing_episodes=m.missing)
                  for m in found.timeline],
        assessments=assessments, latest_assessment=assessments[0] if assessments else None,
        decisions=[as_object(d) for d in found.decisions],
        open_actions=[as_object(a) for a in found.open_actions],
    )

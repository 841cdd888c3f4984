"""Panels and cohorts in GraphQL."""

from __future__ import annotations

import strawberry

from hub.domain.ids import encode
from hub.graph.analytics import (
    Breakdown,
    DimensionBreakdown,
)
from hub.schema.analytics.refs import (
    PersonRef,
    Raw,
    RecordRef,
    person_ref,
    record_ref,
    typed_ids,
)
from hub.schema.base import as_object
from hub.schema.scalars import Date
from hub.schema.types import (
    Action,
    Panel,
    PanelDecision,
    Practitioner,
)
from hub.services import analytics as service

# ---------------------------------------------------------------- panels and cohorts

@strawberry.type
class AgendaPerson:
    person: PersonRef
    decision_ids: list[strawberry.ID]


@strawberry.type
class AgendaContext:
    subject: RecordRef
    decision_ids: list[strawberry.ID]


@strawberry.type(description="An action from a panel decision, with its owner and due date.")
class PanelActionItem:
    action: Action
    decision_id: strawberry.ID
    owner_name: str | None
    assignee: Practitioner | None
    due_date: Date | None
    status: str | None
    overdue: bool


@strawberry.type(description="A panel's agenda, decisions and actions.")
class PanelViewResult:
    panel: Panel | None
    as_of: Date
    children: list[AgendaPerson]
    people_of_concern: list[AgendaPerson]
    locations: list[AgendaContext]
    decisions: list[PanelDecision]
    actions: list[PanelActionItem]
    overdue: list[PanelActionItem]


def _context_node(row: Raw) -> Raw:
    return service.node_of(row)


def panel_view_result(found: service.PanelView) -> PanelViewResult:
    def person(item: service.AgendaItem) -> AgendaPerson:
        return AgendaPerson(person=person_ref(service.node_of(item.subject)),
                            decision_ids=typed_ids("PanelDecision", item.decision_ids))

    actions = [PanelActionItem(
        action=as_object(a.action), decision_id=strawberry.ID(encode("PanelDecision",
                                                                     a.decision_id)),
        owner_name=a.action.get("owner_name"),
        assignee=as_object(a.assignee["practitioner"]) if a.assignee else None,
        due_date=a.action.get("due_date"), status=a.action.get("status"), overdue=a.overdue,
    ) for a in found.actions]
    return PanelViewResult(
        panel=as_object(found.panel), as_of=Date(found.as_of.isoformat()),
        children=[person(i) for i in found.children],
        people_of_concern=[person(i) for i in found.adults],
        locations=[AgendaContext(subject=record_ref(_context_node(i.subject)),
                                 decision_ids=typed_ids("PanelDecision", i.decision_ids))
                   for i in found.contexts],
        decisions=[as_object(d) for d in found.decisions], actions=actions,
        overdue=[a for a in actions if a.overdue],
    )


@strawberry.type(description="One value of one dimension beside the county's population.")
class CohortShare:
    value: str
    count: int
    share: float
    population_share: float | None
    ratio: float | None = strawberry.field(description="share / population share; >1 over.")


@strawberry.type
class CohortDimension:
    dimension: str
    known: int
    unknown: int
    rows: list[CohortShare]


@strawberry.type
class OverRepresentation:
    dimension: str
    value: str
    ratio: float


@strawberry.type(description="A cohort by age band, gender, ethnicity and town.")
class CohortBreakdown:
    total: int
    as_of: Date
    not_visible: int = strawberry.field(description="Ids given that you may not see: not counted.")
    age_band: CohortDimension
    gender: CohortDimension
    ethnicity: CohortDimension
    area: CohortDimension
    over_represented: list[OverRepresentation]


def _dimension(d: DimensionBreakdown) -> CohortDimension:
    return CohortDimension(dimension=d.dimension, known=d.known, unknown=d.unknown, rows=[
        CohortShare(value=r.value, count=r.count, share=r.share,
                    population_share=r.population_share, ratio=r.ratio) for r in d.rows])


def cohort_result(found: service.Cohort) -> CohortBreakdown:
    b: Breakdown = found.breakdown
    return CohortBreakdown(
        total=b.total, as_of=Date(b.as_of), not_visible=found.not_visible,
        age_band=_dimension(b.age_band), gender=_dimension(b.gender),
        ethnicity=_dimension(b.ethnicity), area=_dimension(b.area),
        over_represented=[OverRepresentation(dimension=d, value=v, ratio=r)
                          for d, v, r in b.over_represented()],
    )

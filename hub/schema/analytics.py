"""Contextual safeguarding analytics in GraphQL: peer networks, routes, co-offending,
missing patterns, county lines, contexts, panels and cohorts, and confirming a group.

Resolvers only translate: `hub.services.analytics` checks the input, projects what the
caller may see and runs the analysis; the builders here turn its results into types,
with global ids for every record named.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from hub.domain.ids import encode
from hub.graph.analytics import (
    AgeGap,
    Breakdown,
    Community,
    DimensionBreakdown,
    LineMember,
    Route,
    Tie,
)
from hub.graph.analytics.dates import age_on
from hub.schema.base import as_object
from hub.schema.base import ctx as context_of
from hub.schema.scalars import Date, DateTime
from hub.schema.types import (
    Action,
    ContextAssessment,
    ContextSubject,
    CountyLine,
    Node,
    Panel,
    PanelDecision,
    PeerGroup,
    Person,
    Practitioner,
)
from hub.services import analytics as service

Raw = dict[str, Any]

# The kind of record an intermediate link runs through, for its global id.
VIA_TYPE = {"co_offending": "Incident", "missing_together": "MissingEpisode",
            "same_school": "School", "same_place": "Place"}


@strawberry.enum(description="Kinds of link a peer network is grown through.")
class NetworkLinkKind(Enum):
    ASSOCIATION = "association"
    SIBLING = "sibling"
    FAMILY = "family"
    CO_OFFENDING = "co_offending"
    MISSING_TOGETHER = "missing_together"
    SAME_SCHOOL = "same_school"
    SAME_PLACE = "same_place"


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


# ---------------------------------------------------------------- peer network

@strawberry.type(description="A person in a peer network, with their place in it.")
class NetworkNode:
    person: PersonRef
    hops: int | None = strawberry.field(description="Links from the focus person.")
    degree: float
    betweenness: float
    eigenvector: float
    community: int | None


@strawberry.type(description="A visible link between two people in a network.")
class NetworkLink:
    source: strawberry.ID
    target: strawberry.ID
    kind: str = strawberry.field(description=(
        "association (see context), sibling, family, co_offending, missing_together, "
        "same_school or same_place"))
    context: str | None
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None
    via: strawberry.ID | None = strawberry.field(description=(
        "The incident, episode, school or place a derived link runs through."))


@strawberry.type(description="A candidate sub-group, for a practitioner to confirm.")
class NetworkCommunity:
    index: int
    members: list[strawberry.ID]
    children: int
    adults: int


@strawberry.type(description="A person whose links reach into two or more sub-groups.")
class NetworkBridge:
    person: PersonRef
    communities: list[int]
    betweenness: float


@strawberry.type(description="An adult in the network and how far from the focus person.")
class NetworkAdult:
    person: PersonRef
    hops: int | None
    linked_children: list[strawberry.ID]


@strawberry.type(description="Two linked people far apart in age.")
class AgeGapFlag:
    older: PersonRef
    younger: PersonRef
    years: float
    adult_child: bool
    kinds: list[str]


@strawberry.type(description="One link named by its most specific kind.")
class NetworkTie:
    source: strawberry.ID
    target: strawberry.ID
    kind: str
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None


@strawberry.type(description="A person's peer network through what you may see.")
class PeerNetworkResult:
    focus: PersonRef
    depth: int
    kinds: list[str]
    people: int
    nodes: list[NetworkNode]
    links: list[NetworkLink]
    communities: list[NetworkCommunity]
    bridges: list[NetworkBridge]
    adults: list[NetworkAdult]
    age_gaps: list[AgeGapFlag]
    protective_ties: list[NetworkTie]
    risk_ties: list[NetworkTie]
    betweenness_sampled: int | None = strawberry.field(description=(
        "How many sources betweenness was estimated from; null when exact."))
    notes: list[str]


def _tie(tie: Tie, people: dict[str, Raw]) -> NetworkTie:
    return NetworkTie(source=gid(people[tie.source]), target=gid(people[tie.target]),
                      kind=tie.kind, strength=tie.strength, first_seen=day(tie.first_seen),
                      last_seen=day(tie.last_seen))


def _community(c: Community, people: dict[str, Raw]) -> NetworkCommunity:
    return NetworkCommunity(index=c.index, members=ids(people, c.members), children=c.children,
                            adults=c.adults)


def _gap(gap: AgeGap, people: dict[str, Raw]) -> AgeGapFlag:
    return AgeGapFlag(older=person_ref(people[gap.older_id]),
                      younger=person_ref(people[gap.younger_id]), years=gap.years,
                      adult_child=gap.adult_child, kinds=list(gap.kinds))


def peer_network_result(net: service.PeerNetwork) -> PeerNetworkResult:
    m, people = net.metrics, net.people
    nodes = [NetworkNode(person=person_ref(people[n]), hops=net.hops.get(n),
                         degree=m.degree.get(n, 0.0), betweenness=m.betweenness.get(n, 0.0),
                         eigenvector=m.eigenvector.get(n, 0.0), community=m.community_of.get(n))
             for n in sorted(people, key=lambda n: (net.hops.get(n, 99), n))]
    links = [NetworkLink(
        source=gid(people[link["source"]]), target=gid(people[link["target"]]),
        kind=link["kind"], context=link.get("context"), strength=link.get("strength"),
        first_seen=link.get("first_seen"), last_seen=link.get("last_seen"),
        via=(strawberry.ID(encode(VIA_TYPE[link["kind"]], link["via"]))
             if link.get("via") and link["kind"] in VIA_TYPE else None),
    ) for link in sorted(net.links, key=lambda link: link["id"])]
    return PeerNetworkResult(
        focus=person_ref(people[net.focus_id]), depth=net.depth, kinds=list(net.kinds),
        people=m.people, nodes=nodes, links=links,
        communities=[_community(c, people) for c in m.communities],
        bridges=[NetworkBridge(person=person_ref(people[b.person_id]),
                               communities=list(b.communities), betweenness=b.betweenness)
                 for b in m.bridges],
        adults=[NetworkAdult(person=person_ref(people[a.person_id]), hops=a.hops,
                             linked_children=ids(people, a.linked_children)) for a in m.adults],
        age_gaps=[_gap(g, people) for g in m.age_gaps],
        protective_ties=[_tie(t, people) for t in m.protective_ties],
        risk_ties=[_tie(t, people) for t in m.risk_ties],
        betweenness_sampled=m.betweenness_samples, notes=list(net.notes),
    )


# ---------------------------------------------------------------- routes

@strawberry.type(description="One link between two steps of a route.")
class RouteLink:
    kind: str
    role: str | None
    context: str | None


@strawberry.type(description="One step of a route; `links` join it to the step before.")
class RouteStep:
    record: RecordRef
    links: list[RouteLink]


@strawberry.type(description="A shortest route through visible links.")
class RouteResult:
    length: int
    steps: list[RouteStep]


@strawberry.type(description="How two records are connected through what you may see.")
class RouteSearch:
    source: RecordRef
    target: RecordRef
    max_length: int
    routes: list[RouteResult]
    explored_nodes: int
    explored_links: int
    notes: list[str]


def _route(route: Route, found: service.Connection) -> RouteResult:
    steps = [RouteStep(record=record_ref(found.nodes[route.nodes[0]]), links=[])]
    for hop in route.hops:
        links = [found.links[i] for i in hop.link_ids]
        steps.append(RouteStep(
            record=record_ref(found.nodes[hop.target]),
            links=[RouteLink(kind=link["kind"], role=link.get("role"),
                             context=link.get("context")) for link in links]))
    return RouteResult(length=route.length, steps=steps)


def route_search(found: service.Connection) -> RouteSearch:
    return RouteSearch(
        source=record_ref(found.nodes[found.source_id]),
        target=record_ref(found.nodes[found.target_id]), max_length=found.max_length,
        routes=[_route(r, found) for r in found.routes], explored_nodes=found.explored_nodes,
        explored_links=found.explored_links, notes=list(found.notes),
    )


# ---------------------------------------------------------------- co-offending

@strawberry.type
class CoOffender:
    person: PersonRef
    incidents: int


@strawberry.type(description="Two people suspected together in one or more incidents.")
class CoOffendingTie:
    a: strawberry.ID
    b: strawberry.ID
    incidents: int
    incident_ids: list[strawberry.ID]
    towns: list[str]
    first: DateTime | None
    last: DateTime | None


@strawberry.type(description="People who offend together more than with others.")
class OffendingCluster:
    index: int
    members: list[PersonRef]
    size: int
    incident_ids: list[strawberry.ID]
    internal_links: int
    density: float
    towns: list[str]
    first: DateTime | None
    last: DateTime | None
    central_member: PersonRef


@strawberry.type(description="A co-offending network in an area and period.")
class CoOffendingNetwork:
    incidents: int
    people: list[CoOffender]
    links: list[CoOffendingTie]
    clusters: list[OffendingCluster]


def co_offending_result(found: service.CoOffending) -> CoOffendingNetwork:
    people = found.people
    return CoOffendingNetwork(
        incidents=found.incidents,
        people=[CoOffender(person=person_ref(people[p]), incidents=n)
                for p, n in sorted(found.incidents_of.items(), key=lambda kv: (-kv[1], kv[0]))],
        links=[CoOffendingTie(a=gid(people[link.a]), b=gid(people[link.b]),
                              incidents=len(link.incident_ids),
                              incident_ids=typed_ids("Incident", link.incident_ids),
                              towns=list(link.towns), first=moment(link.first),
                              last=moment(link.last))
               for link in found.links],
        clusters=[OffendingCluster(
            index=c.index, members=[person_ref(people[m]) for m in c.members], size=c.size,
            incident_ids=typed_ids("Incident", c.incident_ids), internal_links=c.internal_links,
            density=c.density, towns=list(c.towns), first=moment(c.first), last=moment(c.last),
            central_member=person_ref(people[c.central_member])) for c in found.clusters],
    )


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


@strawberry.type(description="One child's missing history and the triggers it fires.")
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
    crimes_while_missing: list[strawberry.ID]
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


# ---------------------------------------------------------------- county lines

@strawberry.type(description="A person, place or phone on a line, with its roles.")
class LineEntry:
    record: RecordRef
    person: PersonRef | None
    roles: list[str]
    first_seen: Date | None
    last_seen: Date | None


@strawberry.type(description="Who was on a line in one month, and who joined or left.")
class LineMonth:
    month: str
    active: list[strawberry.ID]
    joined: list[strawberry.ID]
    left: list[strawberry.ID]


@strawberry.type(description="One county line as you may see it.")
class CountyLineProfile:
    line: CountyLine | None
    name: str | None
    status: str | None
    phones: list[LineEntry]
    people: list[LineEntry]
    children: list[PersonRef]
    places: list[LineEntry]
    cuckooed_addresses: list[LineEntry]
    exporting_areas: list[RecordRef]
    importing_areas: list[RecordRef]
    timeline: list[LineMonth]
    undated: list[strawberry.ID]


def _entry(member: LineMember, nodes: dict[str, Raw]) -> LineEntry:
    node = nodes[member.id]
    return LineEntry(record=record_ref(node),
                     person=person_ref(node) if node["kind"] in {"child", "adult"} else None,
                     roles=list(member.roles), first_seen=day(member.first_seen),
                     last_seen=day(member.last_seen))


def line_profile_result(found: service.LineProfile) -> CountyLineProfile:
    net, nodes = found.network, found.nodes
    cuckooed = set(net.cuckooed)
    return CountyLineProfile(
        line=as_object(found.line), name=net.name, status=net.status,
        phones=[_entry(m, nodes) for m in net.phones],
        people=[_entry(m, nodes) for m in net.people],
        children=[person_ref(nodes[c]) for c in net.children],
        places=[_entry(m, nodes) for m in net.places],
        cuckooed_addresses=[_entry(m, nodes) for m in net.places if m.id in cuckooed],
        exporting_areas=[record_ref(a) for a in found.exporting],
        importing_areas=[record_ref(a) for a in found.importing],
        timeline=[LineMonth(month=m.month, active=ids(nodes, m.active),
                            joined=ids(nodes, m.joined), left=ids(nodes, m.left))
                  for m in net.timeline],
        undated=ids(nodes, net.undated),
    )


@strawberry.type
class LineCount:
    line: RecordRef
    status: str | None
    people: int
    children: int
    places: int
    phones: int


@strawberry.type(description="A child's tie to a line: directly, or via an associate on it.")
class ChildLineTie:
    line: RecordRef
    roles: list[str]
    via: PersonRef | None


@strawberry.type
class ChildOnLines:
    child: PersonRef
    direct: bool
    lines: list[ChildLineTie]


@strawberry.type(description="Someone or somewhere linked to two or more lines.")
class LineBroker:
    record: RecordRef
    person: PersonRef | None
    lines: list[RecordRef]
    roles: list[str]
    betweenness: float


@strawberry.type(description="County lines together: the children on them and their brokers.")
class CountyLinesOverview:
    lines: list[LineCount]
    children: list[ChildOnLines]
    brokers: list[LineBroker]


def lines_overview_result(found: service.LinesOverview) -> CountyLinesOverview:
    nodes = found.nodes
    return CountyLinesOverview(
        lines=[LineCount(line=record_ref(nodes[s.id]), status=s.status, people=s.people,
                         children=s.children, places=s.places, phones=s.phones)
               for s in found.lines],
        children=[ChildOnLines(
            child=person_ref(nodes[c.child_id]), direct=c.direct,
            lines=[ChildLineTie(line=record_ref(nodes[t.line_id]), roles=list(t.roles),
                                via=person_ref(nodes[t.via]) if t.via else None)
                   for t in c.lines]) for c in found.children],
        brokers=[LineBroker(
            record=record_ref(nodes[b.id]),
            person=person_ref(nodes[b.id]) if nodes[b.id]["kind"] in {"child", "adult"} else None,
            lines=[record_ref(nodes[line]) for line in b.lines], roles=list(b.roles),
            betweenness=b.betweenness) for b in found.brokers],
    )


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


@strawberry.type(description="A place, school or peer group as a context of its own.")
class ContextProfileResult:
    subject: ContextSubject | None
    kind: str
    children: list[TiedPerson]
    adults: list[TiedPerson]
    incidents: int
    missing_episodes: int
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
    return ContextProfileResult(
        subject=as_object(found.subject), kind=found.kind,
        children=[tied(t) for t in found.tied if t.person["kind"] == "child"],
        adults=[tied(t) for t in found.tied if t.person["kind"] != "child"],
        incidents=found.incidents, missing_episodes=found.episodes,
        timeline=[MonthCount(month=m.month, incidents=m.incidents, missing_episodes=m.missing)
                  for m in found.timeline],
        assessments=assessments, latest_assessment=assessments[0] if assessments else None,
        decisions=[as_object(d) for d in found.decisions],
        open_actions=[as_object(a) for a in found.open_actions],
    )


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


# ---------------------------------------------------------------- roots

@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description=(
        "A person's peer network to `depth` links (1 to 3) through the kinds of link asked "
        "for (by default association, sibling, co-offending and missing together), seen in "
        "the window: sub-groups, bridges, adults, age gaps and protective ties."))
    async def peer_network(
        self, info: Info, child_id: strawberry.ID, depth: int = 2,
        kinds: list[NetworkLinkKind] | None = None, since: Date | None = None,
        until: Date | None = None,
    ) -> PeerNetworkResult:
        wanted = [k.value for k in kinds] if kinds is not None else None
        return peer_network_result(await service.peer_network(
            context_of(info), child_id, depth, wanted, since, until))

    @strawberry.field(description=(
        "Up to three shortest routes of at most `maxLength` links between two records, "
        "through people, incidents, places, phones, groups, episodes and county lines "
        "you may see."))
    async def connection(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID, max_length: int = 4,
        since: Date | None = None, until: Date | None = None,
    ) -> RouteSearch:
        return route_search(await service.connection(
            context_of(info), from_id, to_id, max_length, since, until))

    @strawberry.field(description=(
        "People tied by incidents they are suspected in together, in an area and period, "
        "and the clusters they fall into."))
    async def co_offending_network(
        self, info: Info, town: str | None = None, ward: str | None = None,
        since: Date | None = None, until: Date | None = None, min_size: int = 3,
    ) -> CoOffendingNetwork:
        return co_offending_result(await service.co_offending(
            context_of(info), town, ward, since, until, min_size))

    @strawberry.field(description=(
        "A child's missing episodes, durations, found places, companions and gaps, and which "
        "configured triggers fire (as of `asOf`, default now)."))
    async def missing_profile(
        self, info: Info, child_id: strawberry.ID, as_of: DateTime | None = None,
    ) -> MissingProfileResult:
        return missing_profile_result(await service.missing_profile(
            context_of(info), child_id, as_of))

    @strawberry.field(description=(
        "Repeat-missing children, children missing together, recurring found places and "
        "return home interview performance in a period (default the last 90 days)."))
    async def missing_summary(
        self, info: Info, since: Date | None = None, until: Date | None = None,
        min_episodes: int = 3, first: int = 50,
    ) -> MissingSummaryResult:
        return missing_summary_result(await service.missing_summary(
            context_of(info), since, until, min_episodes, first))

    @strawberry.field(description=(
        "A county line's phones, people, children, places, cuckooed addresses, areas and "
        "membership month by month."))
    async def county_line_profile(self, info: Info, line_id: strawberry.ID) -> CountyLineProfile:
        return line_profile_result(await service.line_profile(context_of(info), line_id))

    @strawberry.field(description=(
        "Children linked to any county line, and the people, places and phones that tie "
        "lines together."))
    async def county_lines_overview(
        self, info: Info, include_associates: bool = True,
    ) -> CountyLinesOverview:
        return lines_overview_result(await service.lines_overview(
            context_of(info), include_associates))

    @strawberry.field(description=(
        "A place, school or peer group: who is tied to it and how, incidents and missing "
        "episodes there by month, its assessments and its open actions."))
    async def context_profile(self, info: Info, id: strawberry.ID) -> ContextProfileResult:
        return context_profile_result(await service.context_profile(context_of(info), id))

    @strawberry.field(description=(
        "A panel's agenda, decisions and actions, with those overdue on `asOf` (default "
        "today)."))
    async def panel_view(
        self, info: Info, panel_id: strawberry.ID, as_of: Date | None = None,
    ) -> PanelViewResult:
        return panel_view_result(await service.panel_view(context_of(info), panel_id, as_of))

    @strawberry.field(description=(
        "A cohort (the people given, or a panel's) by age band, gender, ethnicity and town, "
        "beside the county's population."))
    async def cohort_breakdown(
        self, info: Info, person_ids: list[strawberry.ID] | None = None,
        panel_id: strawberry.ID | None = None,
    ) -> CohortBreakdown:
        return cohort_result(await service.cohort(context_of(info), person_ids, panel_id))


@strawberry.type
class AnalyticsMutation:
    @strawberry.mutation(description=(
        "Confirm a candidate group as a peer group of your agency, with its members."))
    async def confirm_peer_group(
        self, info: Info, name: str, member_ids: list[strawberry.ID],
        description: str | None = None,
    ) -> PeerGroup:
        row = await service.confirm_peer_group(context_of(info), name, member_ids, description)
        return as_object(row)  # type: ignore[no-any-return]


__all__ = ["AnalyticsMutation", "AnalyticsQuery", "NetworkLinkKind"]

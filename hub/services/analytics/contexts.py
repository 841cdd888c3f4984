"""Places, schools and peer groups as contexts of their own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hub.domain.errors import (
    InvalidInput,
    NotFound,
)
from hub.graph.analytics.dates import month_key, to_date
from hub.graph.store import Row
from hub.services.analytics.common import (
    CONTEXTS,
    Node,
    disclose,
    justified,
    node_of,
    parse_id,
)
from hub.services.context import RequestContext


@dataclass(frozen=True)
class Tied:
    """A person tied to a context, and how many times in each way."""

    person: Node
    ties: dict[str, int]


@dataclass(frozen=True)
class MonthCount:
    month: str
    incidents: int
    missing: int


@dataclass(frozen=True)
class ContextEvent:
    """An incident or missing episode at a context (a member's, for a peer group), with
    the visible people tied to it through the context."""

    id: str
    kind: str  # incident or missing
    type: str | None  # the incident's type
    at: str | None
    people: tuple[str, ...]


@dataclass(frozen=True)
class ContextProfile:
    """A place, school or peer group: who is tied to it, what happens there, what was
    assessed and decided."""

    subject: Row
    kind: str
    tied: tuple[Tied, ...]
    incidents: int
    episodes: int
    events: tuple[ContextEvent, ...]  # every incident and episode counted, newest first
    timeline: tuple[MonthCount, ...]
    assessments: tuple[Row, ...]
    decisions: tuple[Row, ...]
    open_actions: tuple[Row, ...]


# ---------------------------------------------------------------- contexts

async def context_profile(ctx: RequestContext, subject_id: str) -> ContextProfile:
    """A place, school or peer group: the people tied to it and how, incidents and missing
    episodes there by month, its assessments (newest first) and its open actions."""
    justified(ctx)
    type_name, raw = parse_id(subject_id, "id")
    if type_name not in CONTEXTS:
        raise InvalidInput(f"id must be the id of a Place, School or PeerGroup, not of a "
                           f"{type_name}", field="id")
    row = await ctx.store.run_one("analytics_context_subject", {"id": raw, "scopes": ctx.scopes})
    if row is None or type_name not in row["subject"].get("_labels", []):
        raise NotFound("id: no record you may see has this id", field="id")
    places = [raw] if type_name == "Place" else list(row["places"])
    ties = await ctx.store.run("analytics_context_ties", {
        "places": places, "school": raw if type_name == "School" else None,
        "group": raw if type_name == "PeerGroup" else None, "scopes": ctx.scopes})
    people: dict[str, Node] = {}
    how: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    events: dict[str, tuple[str, str | None]] = {}
    involved: dict[str, set[str]] = defaultdict(set)
    for tie in ties:
        if tie["event_id"]:
            events[tie["event_id"]] = (tie["event_kind"], tie["event_at"])
        if tie["person"]:
            person = node_of(tie["person"])
            people[person["id"]] = person
            how[person["id"]][_how(tie)] += 1
            if tie["event_id"]:
                involved[tie["event_id"]].add(person["id"])
    if type_name == "PeerGroup":
        for event in await ctx.store.run("analytics_member_events",
                                         {"ids": sorted(people), "scopes": ctx.scopes}):
            events[event["event_id"]] = (event["event_kind"], event["event_at"])
            how[event["person_id"]][_how(event)] += 1
            involved[event["event_id"]].add(event["person_id"])
    records = await ctx.store.run_one("analytics_context_records",
                                      {"id": raw, "scopes": ctx.scopes}) or {}
    tied = tuple(sorted((Tied(people[p], dict(ways)) for p, ways in how.items()),
                        key=lambda t: (t.person["kind"] != "child", -sum(t.ties.values()),
                                       t.person.get("name") or "", t.person["id"])))
    assessments = sorted(records.get("assessments") or [],
                         key=lambda a: (a.get("assessed_at") or "", a.get("version") or 0),
                         reverse=True)
    open_actions = {a["action"]["id"]: a["action"] for a in records.get("actions") or []
                    if a["action"].get("status") == "open"}
    disclose(ctx, people)
    incidents = sum(1 for kind, _ in events.values() if kind != "missing")
    return ContextProfile(
        row["subject"], type_name, tied, incidents, len(events) - incidents,
        _events(events, involved), _timeline(events.values()), tuple(assessments),
        tuple(sorted(records.get("decisions") or [],
                     key=lambda d: d.get("decided_at") or "", reverse=True)),
        tuple(sorted(open_actions.values(), key=lambda a: (a.get("due_date") or "", a["id"]))),
    )


def _events(events: dict[str, tuple[str, str | None]],
            involved: dict[str, set[str]]) -> tuple[ContextEvent, ...]:
    listed = [ContextEvent(event_id, "missing" if kind == "missing" else "incident",
                           None if kind == "missing" else kind, at,
                           tuple(sorted(involved.get(event_id, ()))))
              for event_id, (kind, at) in events.items()]
    listed.sort(key=lambda e: (e.at or "", e.id), reverse=True)
    return tuple(listed)


def _how(tie: Row) -> str:
    kind = tie["how"]
    if kind == "incident":
        return f"incident_{tie.get('role') or 'involved'}"
    return str(kind)


def _timeline(events: Iterable[tuple[str, str | None]]) -> tuple[MonthCount, ...]:
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, at in events:
        day = to_date(at)
        if day is not None:
            by_month[month_key(day)][1 if kind == "missing" else 0] += 1
    return tuple(MonthCount(m, c[0], c[1]) for m, c in sorted(by_month.items()))

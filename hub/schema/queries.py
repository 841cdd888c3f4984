"""The Query root: lookups by id and the filtered lists; resolvers stay thin."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import strawberry
from strawberry.types import Info

from hub.domain.errors import InvalidInput
from hub.domain.ids import BadGlobalId, decode
from hub.schema import types as t
from hub.schema.analytics import AnalyticsQuery
from hub.schema.base import LABEL_BY_TYPE, Node, as_object, ctx, type_for
from hub.schema.governance import GovernanceQuery
from hub.schema.inputs import EpisodeFilter, IncidentFilter, PeopleFilter, PlaceFilter, RecordFilter
from hub.schema.linkage import LinkageQuery
from hub.schema.paging import Connection, connection, page_of
from hub.services.lists import people_list, store_page

MAX_IDS = 100
MAX_TEXT = 200


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _text(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{field} must be at most {MAX_TEXT} characters", field=field)
    return value or None


def people_params(f: PeopleFilter | None, kind: str | None = None) -> dict[str, Any]:
    """Filter arguments as statement parameters; ages become a date-of-birth window."""
    f = f or PeopleFilter()
    dob_from: str | None = f.dob_from
    dob_to: str | None = f.dob_to
    today = date.today()
    if f.age_min is not None and f.age_min < 0:
        raise InvalidInput("ageMin must not be negative", field="filter.ageMin")
    if f.age_max is not None and f.age_max < 0:
        raise InvalidInput("ageMax must not be negative", field="filter.ageMax")
    if f.age_min is not None and f.age_max is not None and f.age_min > f.age_max:
        raise InvalidInput("ageMin must not be more than ageMax", field="filter.ageMin")
    if dob_from and dob_to and dob_from > dob_to:
        raise InvalidInput("dobFrom must not be after dobTo", field="filter.dobFrom")
    if f.age_min is not None:
        latest = _years_before(today, f.age_min).isoformat()
        dob_to = min(dob_to, latest) if dob_to else latest
    if f.age_max is not None:
        earliest = (_years_before(today, f.age_max + 1) + timedelta(days=1)).isoformat()
        dob_from = max(dob_from, earliest) if dob_from else earliest
    return {
        "kind": kind or (f.kind.value if f.kind else None),
        "name": _text(f.name, "filter.name"),
        "dob_from": dob_from, "dob_to": dob_to,
        "town": f.town, "district": f.district, "ward": f.ward, "agency": f.agency,
        "of_concern": f.of_concern,
    }


def _window(since: str | None, until: str | None, field: str) -> None:
    if since and until and since > until:
        raise InvalidInput("since must not be after until", field=field)


async def _list(
    info: Info, base: str, params: dict[str, Any], first: int | None, after: str | None,
    last: int | None, before: str | None,
) -> Connection[Any]:
    c = ctx(info)
    page = page_of(first, after, last, before, c.settings.max_page_size)
    rows, page, total = await store_page(c, base, params, page)
    return connection([as_object(row) for row in rows], page, total)


def _record_params(f: RecordFilter | None) -> dict[str, Any]:
    f = f or RecordFilter()
    return {"name": _text(f.name, "filter.name"), "status": f.status, "kind": f.kind,
            "risk": f.risk_level, "town": f.town}


@strawberry.type
class Query(GovernanceQuery, AnalyticsQuery, LinkageQuery):
    @strawberry.field(description="Any record by its global id, or null if you may not see it.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, raw_id = decode(id)
        except BadGlobalId:
            raise InvalidInput(f"{id!r} is not a valid id", field="id") from None
        if type_name not in LABEL_BY_TYPE:
            raise InvalidInput(f"{id!r} is not a valid id", field="id")
        row = await ctx(info).loaders_for(raw_id).entity.load(raw_id)
        found_type = type_for(row) if row is not None else None
        if row is None or found_type is None or found_type.__name__ != type_name:
            return None
        return as_object(row)  # type: ignore[no-any-return]

    @strawberry.field(description="Several records by global id, in the same order (null if hidden).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_IDS:
            raise InvalidInput(f"ids may hold at most {MAX_IDS} ids", field="ids")
        return [await Query.node(self, info, i) for i in ids]  # type: ignore[misc]

    @strawberry.field(description="Children and adults, by name, age, area and owning agency.")
    async def people(
        self, info: Info, filter: PeopleFilter | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> Connection[t.Person]:
        base, params = people_list(ctx(info).store, people_params(filter))
        return await _list(info, base, params, first, after, last, before)

    @strawberry.field(description="Children only: `people` with kind CHILD.")
    async def children(
        self, info: Info, filter: PeopleFilter | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> Connection[t.Child]:
        base, params = people_list(ctx(info).store, people_params(filter, kind="Child"))
        return await _list(info, base, params, first, after, last, before)

    @strawberry.field(description="Incidents, newest first.")
    async def incidents(
        self, info: Info, filter: IncidentFilter | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> Connection[t.Incident]:
        f = filter or IncidentFilter()
        _window(f.since, f.until, "filter.since")
        params = {"types": f.types or None, "since": f.since, "until": f.until,
                  "town": f.town, "district": f.district, "ward": f.ward, "agency": f.agency}
        in_area = f.town or f.district or f.ward
        return await _list(info, "incidents_in_area" if in_area else "incidents", params,
                           first, after, last, before)

    @strawberry.field(description="Missing episodes, newest first.")
    async def missing_episodes(
        self, info: Info, filter: EpisodeFilter | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> Connection[t.MissingEpisode]:
        f = filter or EpisodeFilter()
        _window(f.since, f.until, "filter.since")
        params = {"since": f.since, "until": f.until, "status": f.status,
                  "risks": f.risks or None}
        return await _list(info, "episodes", params, first, after, last, before)

    @strawberry.field(description="Places, by name or address, kind and area.")
    async def places(
        self, info: Info, filter: PlaceFilter | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> Connection[t.Place]:
        f = filter or PlaceFilter()
        params = {"name": _text(f.name, "filter.name"), "kind": f.kind, "town": f.town,
                  "district": f.district, "ward": f.ward}
        return await _list(info, "places", params, first, after, last, before)

    @strawberry.field
    async def schools(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.School]:
        return await _list(info, "schools", _record_params(filter), first, after, None, None)

    @strawberry.field
    async def county_lines(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.CountyLine]:
        return await _list(info, "county_lines", _record_params(filter), first, after, None, None)

    @strawberry.field
    async def peer_groups(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.PeerGroup]:
        return await _list(info, "peer_groups", _record_params(filter), first, after, None, None)

    @strawberry.field(description="Context assessments, newest first.")
    async def context_assessments(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.ContextAssessment]:
        return await _list(info, "assessments", _record_params(filter), first, after, None, None)

    @strawberry.field(description="Panel meetings, newest first.")
    async def panels(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.Panel]:
        return await _list(info, "panels", _record_params(filter), first, after, None, None)

    @strawberry.field
    async def families(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.Family]:
        return await _list(info, "families", _record_params(filter), first, after, None, None)

    @strawberry.field
    async def agencies(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[t.Agency]:
        return await _list(info, "agencies", _record_params(None), first, after, None, None)

    @strawberry.field(description="Information sharing agreements; kind filters by purpose.")
    async def agreements(
        self, info: Info, filter: RecordFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[t.Agreement]:
        return await _list(info, "agreements", _record_params(filter), first, after, None, None)

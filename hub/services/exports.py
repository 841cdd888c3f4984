"""Exports: a network, the found-place hotspots, places or the children on county lines,
as files for i2 Analyst's Notebook, Gephi/yEd, QGIS or a spreadsheet.

An export is an analysis written to a file, so it is built by the same analysis
services (projected through the caller's scopes, bounded by the same `AnalysisLimits`)
and holds only what the caller may see. It needs a justification, and before a byte is
sent the audit log gets an `export` entry naming every person in the file; the body
then streams from what was already gathered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.auth.audit import AuditEntry
from hub.domain.errors import InvalidInput, LimitExceeded
from hub.domain.ids import encode
from hub.exports.geojson import feature_collection
from hub.exports.graphml import graphml
from hub.exports.i2 import ENTITY_COLUMNS, ICON_TYPE, LINK_COLUMNS, README, import_specification, zipped
from hub.exports.tables import csv_rows
from hub.graph.analytics import DEFAULT_LIMITS
from hub.graph.analytics.dates import age_on
from hub.services import analytics
from hub.services.analytics.missing import MAX_SUMMARY_ROWS
from hub.services.context import RequestContext

Params = Mapping[str, str]


@dataclass(frozen=True)
class Export:
    """A file ready to stream: its name and type, the persons it names, and its body."""

    filename: str
    media_type: str
    subjects: tuple[str, ...]
    body: Callable[[], Iterator[bytes]]
    rows: int


def _text_body(chunks: Callable[[], Iterator[str]]) -> Callable[[], Iterator[bytes]]:
    return lambda: (chunk.encode("utf-8") for chunk in chunks())


def _gid(node: Mapping[str, Any]) -> str:
    return encode(analytics.TYPE_BY_KIND.get(node["kind"], "Node"), node["id"])


def _int(params: Params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(str(raw))
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number", field=name) from None


def _opt(params: Params, name: str) -> str | None:
    value = params.get(name)
    return str(value).strip() or None if value is not None else None


# ---------------------------------------------------------------- a peer network

NODE_KEYS: tuple[tuple[str, type], ...] = (
    ("label", str), ("kind", str), ("dob", str), ("age", int), ("town", str),
    ("of_concern", bool), ("community", int), ("bridge", bool), ("hops", int),
    ("betweenness", float), ("focus", bool))
EDGE_KEYS: tuple[tuple[str, type], ...] = (
    ("kind", str), ("context", str), ("strength", float), ("first_seen", str),
    ("last_seen", str))


async def _network(ctx: RequestContext, params: Params) -> tuple[list[dict[str, Any]],
                                                                 list[dict[str, Any]], str]:
    child = _opt(params, "child")
    if child is None:
        raise InvalidInput("child: give the id of the person whose network to export",
                           field="child")
    kinds = [k for k in (params.get("kinds") or "").split(",") if k.strip()] or None
    net = await analytics.peer_network(ctx, child, _int(params, "depth", 2), kinds,
                                       _opt(params, "since"), _opt(params, "until"))
    m = net.metrics
    bridges = {b.person_id for b in m.bridges}
    today = date.today()
    people = [{
        "id": _gid(node), "label": node.get("name"), "kind": node["kind"], "raw": raw,
        "dob": node.get("dob"), "age": age_on(node.get("dob"), today), "town": node.get("town"),
        "of_concern": bool(node.get("of_concern")) if node["kind"] == "adult" else None,
        "community": m.community_of.get(raw), "bridge": raw in bridges,
        "hops": net.hops.get(raw), "betweenness": round(m.betweenness.get(raw, 0.0), 4),
        "focus": raw == net.focus_id,
    } for raw, node in sorted(net.people.items(), key=lambda p: (net.hops.get(p[0], 99), p[0]))]
    ids = {p["raw"]: p["id"] for p in people}
    links = [{
        "id": link["id"], "source": ids[link["source"]], "target": ids[link["target"]],
        "kind": link["kind"], "context": link.get("context") or link.get("detail"),
        "strength": link.get("strength"), "first_seen": link.get("first_seen"),
        "last_seen": link.get("last_seen"),
    } for link in sorted(net.links, key=lambda link: link["id"])
        if link["source"] in ids and link["target"] in ids]
    focus = net.people[net.focus_id].get("name") or "network"
    return people, links, focus


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40] or "export"


async def network_graphml(ctx: RequestContext, params: Params) -> Export:
    people, links, focus = await _network(ctx, params)
    return Export(f"network-{_slug(focus)}.graphml", "application/graphml+xml",
                  tuple(p["raw"] for p in people),
                  _text_body(lambda: graphml(NODE_KEYS, EDGE_KEYS, people, links)), len(people))


async def network_i2(ctx: RequestContext, params: Params) -> Export:
    people, links, focus = await _network(ctx, params)
    entities = [{**p, "identity": p["id"], "date_of_birth": p["dob"],
                 "entity_type": ICON_TYPE["adult_of_concern" if p["of_concern"] else p["kind"]]}
                for p in people]
    link_rows = [{**link, "link_identity": link["id"], "from_identity": link["source"],
                  "to_identity": link["target"], "link_type": link["kind"]} for link in links]
    files = lambda: [  # noqa: E731
        ("entities.csv", csv_rows(ENTITY_COLUMNS, entities)),
        ("links.csv", csv_rows(LINK_COLUMNS, link_rows)),
        ("import-specification.ximp", iter([import_specification(f"Network of {focus}")])),
        ("README.txt", iter([README])),
    ]
    return Export(f"network-{_slug(focus)}-i2.zip", "application/zip",
                  tuple(p["raw"] for p in people), lambda: zipped(files()), len(people))


PEOPLE_COLUMNS = ("id", "label", "kind", "dob", "age", "town", "of_concern", "community",
                  "bridge", "hops", "betweenness")


async def network_csv(ctx: RequestContext, params: Params) -> Export:
    people, _, focus = await _network(ctx, params)
    return Export(f"network-{_slug(focus)}-people.csv", "text/csv; charset=utf-8",
                  tuple(p["raw"] for p in people),
                  _text_body(lambda: csv_rows(PEOPLE_COLUMNS, people)), len(people))


# ---------------------------------------------------------------- places on a map

def _point(place: Mapping[str, Any]) -> tuple[float, float] | None:
    try:
        return float(place["lon"]), float(place["lat"])
    except (KeyError, TypeError, ValueError):
        return None


PLACE_FIELDS = ("name", "kind", "address", "postcode", "town", "ward", "lsoa")


async def hotspots_geojson(ctx: RequestContext, params: Params) -> Export:
    summary = await analytics.missing_summary(ctx, _opt(params, "since"), _opt(params, "until"),
                                              first=MAX_SUMMARY_ROWS)
    ids = [p.place_id for p in summary.places]
    rows = await ctx.store.run("export_places", {"ids": ids, "scopes": ctx.scopes})
    places = {row["n"]["id"]: row["n"] for row in rows}
    features = []
    for spot in summary.places:
        place = places.get(spot.place_id)
        point = _point(place) if place else None
        if place is None or point is None:
            continue
        features.append((*point, {
            "id": encode("Place", spot.place_id), **{k: place.get(k) for k in PLACE_FIELDS},
            "episodes_found_here": spot.episodes, "children_found_here": len(spot.children),
            "first": spot.first, "last": spot.last}))
    name = f"found-place hotspots {summary.since.isoformat()} to {summary.until or date.today()}"
    return Export("found-place-hotspots.geojson", "application/geo+json", (),
                  _text_body(lambda: feature_collection(features, name)), len(features))


async def places_geojson(ctx: RequestContext, params: Params) -> Export:
    analytics.justified(ctx)
    limit = DEFAULT_LIMITS.max_nodes
    rows = await ctx.store.run("places_page", {
        "name": None, "kind": _opt(params, "kind"), "town": _opt(params, "town"),
        "district": None, "ward": _opt(params, "ward"), "scopes": ctx.scopes, "skip": 0,
        "limit": limit + 1, **ctx.loaders.consent})
    if len(rows) > limit:
        raise LimitExceeded(f"more than {limit} places: narrow by town, ward or kind")
    features = [(*point, {"id": encode("Place", place["id"]),
                          **{k: place.get(k) for k in PLACE_FIELDS},
                          "owner": place.get("owner"), "category": place.get("category")})
                for place in (row["n"] for row in rows) if (point := _point(place))]
    return Export("places.geojson", "application/geo+json", (),
                  _text_body(lambda: feature_collection(features, "places")), len(features))


# ---------------------------------------------------------------- county lines

LINE_COLUMNS = ("child_id", "child", "direct", "line_id", "line", "roles", "via_id", "via")


async def lines_csv(ctx: RequestContext, params: Params) -> Export:
    overview = await analytics.lines_overview(ctx, params.get("associates", "1") != "0")
    nodes = overview.nodes
    rows = [{"child_id": encode("Child", c.child_id), "child": c.name, "direct": c.direct,
             "line_id": encode("CountyLine", t.line_id), "line": nodes[t.line_id].get("name"),
             "roles": list(t.roles), "via_id": _gid(nodes[t.via]) if t.via else None,
             "via": nodes[t.via].get("name") if t.via else None}
            for c in overview.children for t in c.lines]
    named = {c.child_id for c in overview.children} | {
        t.via for c in overview.children for t in c.lines if t.via}
    return Export("children-on-county-lines.csv", "text/csv; charset=utf-8",
                  tuple(sorted(named)), _text_body(lambda: csv_rows(LINE_COLUMNS, rows)),
                  len(rows))


EXPORTS: dict[str, Callable[[RequestContext, Params], Any]] = {
    "network.graphml": network_graphml,
    "network-i2.zip": network_i2,
    "network.csv": network_csv,
    "hotspots.geojson": hotspots_geojson,
    "places.geojson": places_geojson,
    "lines.csv": lines_csv,
}


async def export(ctx: RequestContext, name: str, params: Params) -> Export:
    """Build the export, then record it in the audit log before any of it is sent."""
    make = EXPORTS.get(name)
    if make is None:
        raise InvalidInput(f"unknown export {name!r}; choose one of {', '.join(EXPORTS)}",
                           field="name")
    analytics.justified(ctx)
    built: Export = await make(ctx, params)
    hub = ctx.hub
    if hub is not None and ctx.principal is not None:
        await hub.sharing.audit.aappend(AuditEntry.by(
            ctx.principal, "export", purpose=ctx.access.purpose,
            justification=ctx.justification, agreements=ctx.access.agreements,
            subjects=built.subjects, operation=f"export {name}", request_id=ctx.request_id,
            note=json.dumps({"file": built.filename, "rows": built.rows,
                             "params": {k: v for k, v in params.items() if k in PARAM_NAMES}},
                            sort_keys=True)))
    ctx.disclosed.clear()  # the export entry names them; no second disclosure entry
    return built


PARAM_NAMES = frozenset({"child", "depth", "kinds", "since", "until", "town", "ward", "kind",
                         "associates"})

"""What every analysis shares: the kinds of record it names, the checks on its
input, and the one way a person it names is disclosed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hub.domain.errors import (
    NEEDS_JUSTIFICATION,
    Forbidden,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from hub.domain.ids import BadGlobalId, decode
from hub.graph.analytics import (
    AnalysisLimits,
    AnalysisTooLarge,
    Window,
)
from hub.graph.analytics.dates import to_date
from hub.graph.store import Row
from hub.services.context import RequestContext

NAME_LIMIT = 200
TEXT_LIMIT = 2000
SOURCE = "hub"

PEOPLE = ("Child", "Adult")
CONTEXTS = ("Place", "School", "PeerGroup")

# labels -> the analytics' node kind, and the kind -> the GraphQL type of its global id
KIND_BY_LABEL: dict[str, str] = {
    "Child": "child", "Adult": "adult", "Place": "place", "School": "school", "Phone": "phone",
    "CountyLine": "line", "PeerGroup": "group", "Incident": "incident",
    "MissingEpisode": "episode", "Area": "area",
}
TYPE_BY_KIND: dict[str, str] = {kind: label for label, kind in KIND_BY_LABEL.items()}


Node = dict[str, Any]
Link = dict[str, Any]


async def named_records(ctx: RequestContext, ids: Iterable[str]) -> dict[str, Node]:
    """The people and places an answer shows, fetched once the answer is known."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await ctx.store.run("analytics_nodes", {"ids": wanted, "scopes": ctx.scopes})
    return {row["node"]["id"]: node_of(row["node"]) for row in rows}


# ---------------------------------------------------------------- shared checks

def justified(ctx: RequestContext) -> None:
    """Analytics name people, so they need the justification a person's record does."""
    if not ctx.justification:
        raise Forbidden(NEEDS_JUSTIFICATION)


def disclose(ctx: RequestContext, nodes: dict[str, Node]) -> None:
    ctx.disclosed.update(n for n, node in nodes.items()
                         if node.get("kind") in {"child", "adult"})


def parse_id(global_id: str, name: str, kinds: tuple[str, ...] | None = None) -> tuple[str, str]:
    try:
        type_name, raw = decode(global_id)
    except BadGlobalId:
        raise InvalidInput(f"{name} is not a valid id", field=name) from None
    if type_name not in TYPE_BY_KIND.values() and type_name not in {"Panel"}:
        raise InvalidInput(f"{name} is not the id of a record analytics can start from",
                           field=name)
    if kinds is not None and type_name not in kinds:
        raise InvalidInput(f"{name} must be the id of a {' or '.join(kinds)}, not of a "
                           f"{type_name}", field=name)
    return type_name, raw


async def visible_person(ctx: RequestContext, global_id: str, name: str) -> Node:
    type_name, raw = parse_id(global_id, name, PEOPLE)
    row = await ctx.store.run_one("analytics_people", {"ids": [raw], "scopes": ctx.scopes})
    node = node_of(row["p"]) if row else None
    if node is None or TYPE_BY_KIND[node["kind"]] != type_name:
        raise NotFound(f"{name}: no record you may see has this id", field=name)
    return node


def node_of(row: Row) -> Node:
    """A projected node with its analytics kind; `labels` or `_labels` name its type."""
    labels = row.get("labels") or row.get("_labels") or []
    kind = next((KIND_BY_LABEL[label] for label in labels if label in KIND_BY_LABEL
                 and label not in {"Person"}), None)
    node = {key: value for key, value in row.items() if key not in {"labels", "_labels"}}
    node["kind"] = kind or "other"
    if node["kind"] == "incident" and not node.get("name"):
        node["name"] = " ".join(str(v) for v in (node.get("type"), node.get("reference")) if v)
    elif node["kind"] == "episode" and not node.get("name"):
        node["name"] = f"missing {str(node.get('reported_at') or '')[:10]}".strip()
    elif node["kind"] == "phone" and not node.get("name"):
        node["name"] = node.get("number")
    return node


def check_depth(depth: int, limits: AnalysisLimits) -> None:
    if depth < 1:
        raise InvalidInput("depth must be at least 1", field="depth")
    try:
        limits.check_depth(depth)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large, "depth") from None


def window_of(since: str | None, until: str | None) -> Window | None:
    if since and until and since > until:
        raise InvalidInput("since must not be after until", field="since")
    if since is None and until is None:
        return None
    return (to_date(since), to_date(until))


def text_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Text bounds for ISO timestamps: the whole of the `until` day counts."""
    window_of(since, until)
    return since, f"{until[:10]}T23:59:59" if until else None


def short_text(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if len(text) > NAME_LIMIT:
        raise InvalidInput(f"{name} must be at most {NAME_LIMIT} characters", field=name)
    return text or None


def day_of(value: Any) -> str | None:
    return str(value)[:10] if value else None


def check_size(limits: AnalysisLimits, nodes: int, links: int) -> None:
    try:
        limits.check_size(nodes, links)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None


def too_large_error(too_large: AnalysisTooLarge, name: str | None = None) -> LimitExceeded:
    return LimitExceeded(str(too_large), field=name)

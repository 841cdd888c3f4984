"""Starting from a phone number or an area's name: the lines, people and places tied to it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from hub.domain.errors import InvalidInput, NotFound
from hub.services.analytics.common import Node, disclose, justified, node_of, short_text
from hub.services.context import RequestContext

PHONE_DIGITS = re.compile(r"^\+?[0-9]{6,15}$")


@dataclass(frozen=True)
class Member:
    """Someone or somewhere on a line, with its roles there."""

    node: Node
    roles: tuple[str, ...]


@dataclass(frozen=True)
class TiedLine:
    """A line tied to what was looked up, how, and who and what is on it."""

    id: str
    name: str | None
    how: tuple[str, ...]  # uses_phone, a LINKED_TO_LINE role, exports_from, imports_to
    people: tuple[Member, ...]
    places: tuple[Member, ...]
    phones: tuple[Member, ...]


@dataclass(frozen=True)
class Lookup:
    """A phone or an area, and the lines (with their people and places) tied to it."""

    subject: Node
    lines: tuple[TiedLine, ...]
    places: tuple[Member, ...]  # for an area: its places tied to a line


async def phone_lookup(ctx: RequestContext, number: str) -> Lookup:
    """A phone by its number (spaces and dashes ignored) and the lines it is tied to, with
    the people, places and phones on each."""
    justified(ctx)
    digits = re.sub(r"[\s\-()]", "", number or "")
    if not PHONE_DIGITS.match(digits):
        raise InvalidInput("number must be a phone number: 6 to 15 digits, spaces allowed",
                           field="number")
    row = await ctx.store.run_one("analytics_phone_lookup",
                                  {"digits": digits, "scopes": ctx.scopes})
    if row is None:
        raise NotFound("number: no phone you may see has this number", field="number")
    subject = {"id": row["id"], "kind": "phone", "name": row["number"],
               "number": row["number"], "phone_kind": row["kind"]}
    return Lookup(subject, await _lines(ctx, [*row["linked"], *row["used"]]), ())


async def area_lookup(ctx: RequestContext, name: str) -> Lookup:
    """An area by its name (case ignored): the lines exporting from and importing to it,
    with their people, places and phones, and its places that are tied to a line."""
    justified(ctx)
    text = short_text(name, "name")
    if not text:
        raise InvalidInput("name must name an area", field="name")
    row = await ctx.store.run_one("analytics_area_lookup", {"name": text, "scopes": ctx.scopes})
    if row is None:
        raise NotFound("name: no area you may see has this name", field="name")
    subject = {"id": row["id"], "kind": "area", "name": row["name"], "area_kind": row["kind"]}
    roles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str | None] = {}
    for place_id, place_name, _line, role in row["places"]:
        roles[place_id].add(role or "linked")
        names[place_id] = place_name
    places = tuple(Member({"id": p, "kind": "place", "name": names[p]}, tuple(sorted(r)))
                   for p, r in sorted(roles.items(), key=lambda kv: (names[kv[0]] or "", kv[0])))
    return Lookup(subject, await _lines(ctx, [*row["exporting"], *row["importing"]]), places)


async def _lines(ctx: RequestContext, ties: list[list[str]]) -> tuple[TiedLine, ...]:
    how: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str | None] = {}
    for line_id, line_name, way in ties:
        how[line_id].add(way)
        names[line_id] = line_name
    if not how:
        return ()
    rows = await ctx.store.run("analytics_line_members",
                               {"ids": sorted(how), "scopes": ctx.scopes})
    on: dict[str, dict[str, tuple[Node, set[str]]]] = defaultdict(dict)
    for row in rows:
        node = node_of(row)
        entry = on[row["line"]].setdefault(node["id"], (node, set()))
        entry[1].add(row["role"] or "linked")

    def members(line_id: str, *kinds: str) -> tuple[Member, ...]:
        found = [Member(node, tuple(sorted(r))) for node, r in on[line_id].values()
                 if node["kind"] in kinds]
        return tuple(sorted(found, key=lambda m: (m.node.get("name") or "", m.node["id"])))

    lines = tuple(TiedLine(line_id, names[line_id], tuple(sorted(how[line_id])),
                           members(line_id, "child", "adult"), members(line_id, "place"),
                           members(line_id, "phone"))
                  for line_id in sorted(how, key=lambda i: (names[i] or "", i)))
    disclose(ctx, {m.node["id"]: m.node for line in lines for m in line.people})
    return lines

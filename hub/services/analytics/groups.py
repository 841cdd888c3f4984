"""Confirming a candidate group as a peer group, written whole or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from hub.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
)
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.services.analytics.common import (
    NAME_LIMIT,
    PEOPLE,
    SOURCE,
    TEXT_LIMIT,
    justified,
    parse_id,
)
from hub.services.context import RequestContext

MAX_GROUP_MEMBERS = 50


# ---------------------------------------------------------------- confirming a group

async def confirm_peer_group(ctx: RequestContext, name: str, member_ids: Sequence[str],
                             description: str | None = None) -> Row:
    """A practitioner confirms a candidate group: a `PeerGroup` of their agency with a
    membership for each member, written in one statement once every member is checked to
    be visible (a member hidden in between writes nothing)."""
    justified(ctx)
    category = "intelligence" if ctx.agency == "police" else "context"
    if not ctx.access.allows(ctx.agency, category):
        raise Forbidden(f"your agency and role may not record {category} information")
    title = name.strip()
    if not title or len(title) > NAME_LIMIT:
        raise InvalidInput(f"name must be 1 to {NAME_LIMIT} characters", field="name")
    text = (description or "").strip() or None
    if text is not None and len(text) > TEXT_LIMIT:
        raise InvalidInput(f"description must be at most {TEXT_LIMIT} characters",
                           field="description")
    if not 2 <= len(member_ids) <= MAX_GROUP_MEMBERS:
        raise InvalidInput(f"memberIds must name 2 to {MAX_GROUP_MEMBERS} people",
                           field="memberIds")
    raws: list[str] = []
    for i, member in enumerate(member_ids):
        raw = parse_id(member, f"memberIds[{i}]", PEOPLE)[1]
        if raw in raws:
            raise InvalidInput(f"memberIds[{i}]: this person is already named",
                               field=f"memberIds[{i}]")
        raws.append(raw)
    visible = {row["p"]["id"] for row in await ctx.store.run(
        "analytics_people", {"ids": raws, "scopes": ctx.scopes})}
    for i, raw in enumerate(raws):
        if raw not in visible:
            raise NotFound(f"memberIds[{i}]: no record you may see has this id",
                           field=f"memberIds[{i}]")
    now = datetime.now().replace(microsecond=0)
    stamp = {"owner": ctx.agency, "category": category,
             "scope": scope_of(ctx.agency, category), "source": SOURCE,
             "recorded_at": now.isoformat(), "recorded_by": ctx.actor}
    props = {"id": f"grp_{uuid.uuid4().hex}", **stamp, "name": title, "status": "confirmed",
             "confirmed_by": _confirmer(ctx), **({"description": text} if text else {})}
    memberships = [{"person_id": raw, "rel": {"id": f"rel_{uuid.uuid4().hex}", **stamp,
                                              "role": "member", "since": now.date().isoformat()}}
                   for raw in raws]
    row = await ctx.store.run_one("analytics_confirm_group", {
        "props": props, "member_ids": raws, "memberships": memberships, "scopes": ctx.scopes})
    if row is None:
        raise Conflict("a member changed or was removed while saving; nothing was saved: "
                       "check the members and send again", field="memberIds")
    ctx.disclosed.update(raws)
    return row["n"]  # type: ignore[no-any-return]


def _confirmer(ctx: RequestContext) -> str:
    principal = ctx.principal
    name = getattr(principal, "name", None) if principal is not None else None
    return str(name or ctx.actor)

"""Link records: a relationship between two records that already exist (who lives where, a
pupil on a school's roll, a family tie, a household or group member, a person, place or phone
on a county line, a line's phone and areas, a place's area), recorded with its own
provenance, clientRef and audit like a node.

Each kind is a `LinkSpec`; its statement (`link_<type>` in cypher/recording.cypher) matches
both ends with the caller's scopes, skips a clientRef the owner already used from the same
start record, and creates the relationship with its change entry. A link's clientRef is
kept per start record (send the same start id again to replay it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hub.services.context import RequestContext
from hub.services.recording.checks import Ref, may_record, visible
from hub.services.recording.core import Plan, Write, params, provenance, replay

LINK_KEY_SEP = "~"


def link_key(start_id: str, rel_id: str) -> str:
    """A link record's id as its global id holds it: the start record's id with the
    relationship's, so the link is found from an indexed node, not by scanning every
    relationship."""
    return f"{start_id}{LINK_KEY_SEP}{rel_id}"


def split_link_key(key: str) -> tuple[str | None, str]:
    start, sep, rel = key.rpartition(LINK_KEY_SEP)
    return (start, rel) if sep else (None, key)


@dataclass(frozen=True)
class LinkSpec:
    """One kind of link record: its relationship type, its global id's type, and the API's
    names for its two ends."""

    rel_type: str
    kind: str  # the type name in the link's global id (see corrections.LINKS)
    from_field: str
    to_field: str

    @property
    def statement(self) -> str:
        return f"link_{self.rel_type.lower()}"


async def plan_link(ctx: RequestContext, spec: LinkSpec, category: str, start: Ref, end: Ref,
                    fields: dict[str, Any], client_ref: str | None,
                    subjects: tuple[str, ...] = (), checked: bool = False) -> Plan:
    """The Plan for one link record between two records the caller may see."""
    may_record(ctx, category)
    props = {**provenance(ctx, "rel", category, client_ref), **fields}
    write = Write(spec.statement, params(ctx, props, from_id=start.raw_id, to_id=end.raw_id),
                  label=spec.rel_type, client_ref=props.get("client_ref"), shape="link",
                  subjects=subjects, replay_from=start.raw_id,
                  recheck={"ends": (start.field, end.field)})
    if (replayed := await replay(ctx, write)) is not None:
        return replayed
    if not checked:
        await visible(ctx, [start, end])
    return write

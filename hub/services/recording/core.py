"""How every recording is written: a checked plan, then one statement that writes it whole.

A `plan_<kind>` function (one per kind, in the module for its subject) checks the input and
returns either a `Write` (the named statement and its parameters) or the `Recorded` record
this agency already saved under the same clientRef. `commit` runs a Write: ONE statement
that matches every referenced record again with the caller's scopes, creates or changes only
if all of them still match, and stores the change's audit entry with it
(`hub.services.changes`). A reference that vanished in between writes nothing and the caller
gets `Conflict`; a statement that fails part way is rolled back by the store.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import Any

from hub.domain.errors import Conflict, NotFound
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.services.changes import Change, audit_of, change_for, drain, settle
from hub.services.context import RequestContext
from hub.services.recording.checks import NAME_LIMIT, optional, stamp, visible

CONFLICT = ("a record this refers to changed or was removed while saving; nothing was saved: "
            "check it and send again")


@dataclass(frozen=True)
class Recorded:
    """The record as saved; `created` is False when this call found it already saved (or,
    for a change, when there was nothing to change)."""

    row: Row
    created: bool
    link: Row | None = None  # for a link record (an association): the relationship
    other: Row | None = None  # ... and the node at its far end


@dataclass
class Write:
    """One checked write, ready to run: the statement and everything it needs."""

    statement: str
    params: dict[str, Any]
    label: str  # the label the record carries, to recognise a replayed clientRef
    client_ref: str | None = None
    # What the statement returns: "node" (`n`) or "link" (`a`, `r`, `b`: a link record).
    shape: str = "node"
    conflict: str = CONFLICT
    conflict_field: str | None = None
    # Anything `commit` should re-read after a failed write to say exactly what conflicted.
    recheck: dict[str, Any] = field(default_factory=dict)
    # The audit entry's view of the change (`hub.services.changes`): the record it is about
    # (default: the new record's id), the people it concerns, and before and after (default:
    # nothing before, the new record's properties after), and the reason given for it.
    record_id: str | None = None
    subjects: tuple[str, ...] = ()
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str | None = None
    # For a link record (label = its relationship type) replayed by clientRef: the id of the
    # node it starts from (clientRefs of links are kept per start node).
    replay_from: str | None = None

    def change(self, ctx: RequestContext) -> Change:
        props = self.params.get("props") or {}
        return change_for(ctx, self.statement, self.record_id or props["id"], self.before,
                          self.after if self.after is not None else props, self.subjects,
                          self.reason)


Plan = Write | Recorded


async def commit(ctx: RequestContext, plan: Plan) -> Recorded:
    """Run a checked write; a replayed clientRef was answered by the plan already.

    The statement carries the change's audit entry and stores it with the write (see
    `hub.services.changes`); it is moved to the audit log before the caller is answered.
    """
    if isinstance(plan, Recorded):
        return plan
    change = plan.change(ctx)
    # The write matches references with the scopes of the request that runs it.
    rows = await ctx.store.run(plan.statement, {**plan.params, "scopes": ctx.scopes,
                                                "change": change.node()})
    for key in plan.recheck.get("clear", ()):
        with contextlib.suppress(KeyError):  # not loaded in this request: nothing to forget
            ctx.loaders.entity.clear(key)
    if rows:
        row = rows[0]
        audit = audit_of(ctx)
        if audit is not None:
            await settle(ctx.store, audit, [change])
        if plan.shape == "link":
            return Recorded(row["a"], True, link=row["r"], other=row["b"])
        return Recorded(row["n"], True)
    # Nothing written: the same clientRef won a race, or a reference changed in between.
    replayed = await replay(ctx, plan)
    if replayed is not None:
        return replayed
    await explain_conflict(ctx, plan)
    raise Conflict(plan.conflict, field=plan.conflict_field)


async def replay(ctx: RequestContext, write: Write) -> Recorded | None:
    """The record this agency already saved under this clientRef, if any, as this request
    may see it (like any read), with its change settled into the audit log if a lost
    answer left it waiting."""
    if write.client_ref is None:
        return None
    if write.shape == "link":
        row = await ctx.store.run_one("recording_link_by_client_ref", {
            "from_id": write.replay_from, "type": write.label, "client_ref": write.client_ref,
            "owner": ctx.agency})
        if row is None:
            return None
        retracted(row["r"])
        await settle_waiting(ctx, str(row["r"]["id"]))
        ends = await ctx.loaders.entity.load_many([row["a"]["id"], row["b"]["id"]])
        for end, name in zip(ends, write.recheck.get("ends", ("input.fromId", "input.toId")),
                             strict=True):
            if end is None:
                raise NotFound(f"{name}: no record you may see has this id", field=name)
        return Recorded(ends[0], False, link=row["r"], other=ends[1])  # type: ignore[arg-type]
    row = await ctx.store.run_one("recording_by_client_ref",
                                  {"client_ref": write.client_ref, "owner": ctx.agency})
    if row is None:
        return None
    if write.label not in row["n"].get("_labels", []):
        raise Conflict("input.clientRef already names a different kind of record you saved",
                       field="input.clientRef")
    retracted(row["n"])
    await settle_waiting(ctx, str(row["n"]["id"]))
    seen = await ctx.loaders.entity.load(row["n"]["id"])
    if seen is None:
        raise NotFound("input.clientRef: no record you may see has this reference",
                       field="input.clientRef")
    return Recorded(seen, False)


def retracted(row: Row) -> None:
    if row.get("retracted_at"):
        raise Conflict("input.clientRef names a record you retracted as entered in error; "
                       "send it again with a new clientRef", field="input.clientRef")


async def settle_waiting(ctx: RequestContext, record: str) -> None:
    audit = audit_of(ctx)
    if audit is not None:
        await drain(ctx.store, audit, record=record)


async def explain_conflict(ctx: RequestContext, write: Write) -> None:
    """Say what conflicted when the store can tell and the caller may know: a closed
    episode, an interview the caller may see."""
    episode = write.recheck.get("episode")
    if episode is not None:
        row = await ctx.loaders.entity.load(episode)
        if row is not None and row.get("status") == "closed":
            raise Conflict("input.episodeId: this episode is already closed",
                           field="input.episodeId")
    interviews = write.recheck.get("interviews")
    if interviews is not None:
        # Only an interview the caller may see is named: a hidden one refuses the write (an
        # episode has one interview) in the same words as any other change in between.
        row = await ctx.store.run_one("recording_interview_count", {
            "episode_id": interviews, "scopes": ctx.scopes})
        if row is not None and row["n"]:
            raise Conflict("input.episodeId: this episode already has a return home interview",
                           field="input.episodeId")


# ---------------------------------------------------------------- provenance and params

def new_id(prefix: str) -> str:
    # 128 random bits, as uuid4 gives, at a third of the cost (a feed makes millions).
    return f"{prefix}_{os.urandom(16).hex()}"


def provenance(ctx: RequestContext, prefix: str, category: str,
               client_ref: str | None = None) -> dict[str, Any]:
    """Who recorded what, when and from where, on a record or a link. A bulk feed's batch
    writes the parts every record in it shares (owner, source, when, by whom) once, as the
    statement's `$common` (`RequestContext.shared_provenance`), not on each of its maps."""
    props: dict[str, Any] = {"id": new_id(prefix), "category": category,
                             "scope": scope_of(ctx.agency, category)}
    if client_ref is not None:
        props["client_ref"] = optional(client_ref, "input.clientRef", NAME_LIMIT)
    if not ctx.shared_provenance:
        props.update(owner=ctx.agency, source=ctx.source, recorded_at=stamp(),
                     recorded_by=ctx.actor)
    return props


def shared_provenance(ctx: RequestContext) -> dict[str, Any]:
    """What `provenance` leaves to the batch when the context shares it."""
    return {"owner": ctx.agency, "source": ctx.source, "recorded_at": stamp(),
            "recorded_by": ctx.actor}


def clean(props: dict[str, Any]) -> dict[str, Any]:
    """Leave out what was not given: a store holds no nulls."""
    return {k: v for k, v in props.items() if v is not None}


def params(ctx: RequestContext, props: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"props": clean(props), "owner": ctx.agency, "scopes": ctx.scopes,
            "client_ref": props.get("client_ref"), **more}


async def planned(ctx: RequestContext, write: Write, *refs: Any) -> Plan:
    """The usual ending of a plan: the record already saved under this clientRef, or the
    write once every record it names is one the caller may see."""
    if (replayed := await replay(ctx, write)) is not None:
        return replayed
    present = [r for r in refs if r is not None]
    if present:
        await visible(ctx, present)
    return write

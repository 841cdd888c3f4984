"""The change journal: a write and its audit entry land together, or not at all.

The data lives in the graph store and the audit log in a file, and no crash can be kept
from falling between two writes to two places. So the audit entry of every recording
travels *inside the write*: the one statement that creates or changes a record also
creates a `(:PendingChange {id, record, at, entry})` node holding the complete entry
(who, agency, roles, purpose, justification, agreements, subjects, operation, before and
after) as JSON. The store applies the statement whole or not at all, so a record is never
stored without its entry, nor an entry without its record.

Settling moves an entry from the store into the hash-chained log and deletes the node.
It happens

- right after the write, in the request that made it (`settle`);
- when a clientRef replay finds the record (`drain(record=...)`): a write that landed
  while its answer was lost (the store restarted mid-request) is settled then;
- after any write that sees others still waiting, and at start-up (`drain`): whatever a
  killed hub left behind is appended before the hub serves a request.

Each entry carries its change id (`chg_...`) and the log holds a change id at most once
(`AuditLog.append`), so a hub killed after the append and before the delete settles the
same change again as a no-op. An entry settled later than its write says so in its note.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.auth.audit import AuditEntry, AuditLog, canonical
from hub.graph.store import GraphStore, Row
from hub.services.context import RequestContext

BATCH = 500


@dataclass(frozen=True)
class Change:
    """One change's audit entry, ready to travel with its write."""

    id: str
    record: str
    at: str
    entry: AuditEntry

    def node(self) -> dict[str, Any]:
        """The PendingChange node's properties: the statement creates it with `SET c = $change`."""
        return {"id": self.id, "record": self.record, "at": self.at,
                "entry": canonical(self.entry.to_fields()).decode("ascii")}

    @classmethod
    def from_node(cls, row: Row) -> Change:
        return cls(id=str(row["id"]), record=str(row["record"]), at=str(row["at"]),
                   entry=AuditEntry.from_fields(json.loads(row["entry"])))


def change_for(ctx: RequestContext, operation: str, record: str,
               before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
               subjects: Sequence[str] = (), reason: str | None = None) -> Change:
    """The audit entry of a change this request is about to make, with its own id."""
    change_id = f"chg_{uuid.uuid4().hex}"
    vis = ctx.access
    details: dict[str, Any] = {
        "purpose": vis.purpose, "justification": ctx.justification,
        "agreements": vis.agreements, "subjects": tuple(subjects), "operation": operation,
        "before": _plain(before), "after": _plain(after), "request_id": ctx.request_id,
        "change_id": change_id, "reason": reason,
    }
    if ctx.principal is not None:
        entry = AuditEntry.by(ctx.principal, "change", **details)
    else:
        entry = AuditEntry(kind="change", actor=ctx.actor, agency=ctx.agency, **details)
    return Change(change_id, record, datetime.now().isoformat(timespec="microseconds"), entry)


def _plain(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v for k, v in values.items() if not k.startswith("_")}


def audit_of(ctx: RequestContext) -> AuditLog | None:
    sharing = getattr(ctx.hub, "sharing", None)
    return getattr(sharing, "audit", None)


async def settle(store: GraphStore, audit: AuditLog, changes: Sequence[Change],
                 late: bool = False) -> int:
    """Append the entries (each at most once) and clear them from the store; then settle
    any others found waiting. Returns how many were settled."""
    if not changes:
        return 0
    for change in changes:
        entry = change.entry
        if late:
            entry = dataclasses.replace(entry, note=_late_note(entry, change.at))
        await audit.aappend(entry)
    row = await store.run_one("settle_changes", {"ids": [c.id for c in changes]})
    settled = len(changes)
    if row is not None and row["left"] and not late:
        settled += await drain(store, audit)
    return settled


def _late_note(entry: AuditEntry, at: str) -> str:
    note = f"written to the store at {at}; entered in the audit log when next settled"
    return f"{entry.note} | {note}" if entry.note else note


async def drain(store: GraphStore, audit: AuditLog, record: str | None = None) -> int:
    """Settle every change still waiting in the store (or only those of one record)."""
    total = 0
    while True:
        if record is not None:
            rows = await store.run("pending_changes_for", {"record": record})
        else:
            rows = await store.run("pending_changes", {"limit": BATCH})
        if not rows:
            return total
        total += await settle(store, audit, [Change.from_node(r["c"]) for r in rows], late=True)
        if record is not None or len(rows) < BATCH:
            return total

"""Reading the audit log: an auditor or IG lead reads their own agency's part of it.

An entry is an agency's business when one of its users made it, when a person it names
is a record that agency holds, or when it changed an agreement the agency is party to.
(The agreements a look relied on are not enough: an entry names every agreement the
request's visibility used, not which of them the records shown came under.)
A county-wide reader is explicit configuration (`HUB_COUNTY_AUDIT`, `agency:role` pairs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hub.auth.audit import AuditRecord
from hub.auth.policy import PrincipalLike
from hub.services.context import RequestContext

AUDIT_ROLES: frozenset[str] = frozenset({"auditor", "ig_lead"})
CHUNK = 500


def county_wide(principal: PrincipalLike, county_audit: frozenset[str]) -> bool:
    """Whether this reader's audit reading covers every agency, by configuration only."""
    return any(f"{principal.agency}:{role}" in county_audit
               for role in AUDIT_ROLES.intersection(principal.roles))


def concerns_agency(record: AuditRecord, agency: str, owners: Mapping[str, str],
                    agreements: Iterable[Mapping[str, Any]]) -> bool:
    """Whether an entry is `agency`'s business (see the module docstring)."""
    entry = record.entry
    if entry.agency == agency:
        return True
    if any(owners.get(subject) == agency for subject in entry.subjects):
        return True
    if entry.kind != "change" or not entry.agreements:
        return False
    changed = set(entry.agreements)
    for terms in (entry.before, entry.after):
        if terms and str(terms.get("id")) in changed and agency in (terms.get("parties") or ()):
            return True
    return any(str(a.get("id")) in changed and agency in (a.get("parties") or ())
               for a in agreements)


async def _scope_test(ctx: RequestContext) -> Callable[[list[AuditRecord]], Any]:
    agency = ctx.principal.agency
    agreements = await ctx.hub.sharing.agreements(ctx.store)

    async def keep(records: list[AuditRecord]) -> list[AuditRecord]:
        subjects = sorted({s for r in records for s in r.entry.subjects})
        rows = await ctx.store.run("owners_of", {"ids": subjects}) if subjects else []
        owners = {row["id"]: row["owner"] for row in rows}
        return [r for r in records if concerns_agency(r, agency, owners, agreements)]

    return keep


async def readable_entries(ctx: RequestContext, filters: dict[str, Any], first: int,
                           offset: int) -> list[AuditRecord]:
    """The log's entries matching `filters`, newest first, that this reader may see."""
    audit = ctx.hub.sharing.audit
    if county_wide(ctx.principal, ctx.settings.county_audit):
        return list(audit.query(**filters, limit=first, offset=offset))
    keep = await _scope_test(ctx)
    chosen: list[AuditRecord] = []
    skipped = scanned = 0
    while len(chosen) < first:
        chunk = audit.query(**filters, limit=CHUNK, offset=scanned)
        if not chunk:
            break
        scanned += len(chunk)
        for record in await keep(chunk):
            if skipped < offset:
                skipped += 1
            elif len(chosen) < first:
                chosen.append(record)
    return chosen


async def readable_reviews(ctx: RequestContext) -> list[AuditRecord]:
    """Break-glass accesses awaiting review that this IG lead's agency is concerned in."""
    pending = ctx.hub.sharing.audit.pending_reviews()
    if county_wide(ctx.principal, ctx.settings.county_audit) or not pending:
        return list(pending)
    keep = await _scope_test(ctx)
    return list(await keep(pending))

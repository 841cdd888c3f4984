"""Keeping the information sharing agreements: validated, versioned, signed off, audited.

Only information governance leads change agreements, and only those their agency is
party to (before and after the change). A change is one statement, checked first by the
same rules the policy compiler applies (`agreement_problems`), guarded by the version the
lead last read, and written to the audit log with before and after.

Two-party sign-off: a change that widens what another party gives (`widened_givers`)
is held on the agreement as a proposal, and the terms in force stay as they were, until
the IG lead of every such party approves it (`approve_agreement_change`). A change that
narrows, or widens only what the lead's own agency gives, is in force at once. The hub's
agreement cache is dropped after each change so the next request sees the terms in force.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from hub.auth.audit import AuditEntry
from hub.auth.policy import agreement_problems, widened_givers
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.services.context import RequestContext
from hub.services.sharing import agreement_record

GOVERNANCE_ROLE = "ig_lead"
TERMS = ("name", "purpose", "legal_basis", "valid_from", "valid_to", "review_date", "status")
PENDING = ("pending_terms", "pending_awaiting", "pending_by", "pending_agency", "pending_at")


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def _provenance(ctx: RequestContext) -> dict[str, Any]:
    return {"owner": ctx.agency, "category": "reference",
            "scope": scope_of(ctx.agency, "reference"), "source": "hub",
            "recorded_at": _stamp(), "recorded_by": ctx.actor}


def in_force_terms(record: dict[str, Any]) -> dict[str, Any]:
    """An agreement as the audit and the sign-off compare it: its terms, no proposal."""
    return {k: v for k, v in record.items() if k not in PENDING}


def pending_terms(row: Row) -> dict[str, Any] | None:
    text = row.get("pending_terms")
    return json.loads(text) if text else None


def _require_lead(ctx: RequestContext) -> None:
    if ctx.principal is None or GOVERNANCE_ROLE not in ctx.principal.roles:
        raise Forbidden("agreements are kept by information governance leads (ig_lead role)")


def _require_party(ctx: RequestContext, parties: Any, when: str) -> None:
    if ctx.agency not in (parties or ()):
        raise Forbidden(f"only an IG lead of a party to the agreement may change it; "
                        f"{ctx.agency} is not a party {when}")


async def _read(ctx: RequestContext, agreement_id: str, field: str) -> dict[str, Any]:
    row = await ctx.store.run_one("agreement_by_id", {"id": agreement_id})
    if row is None:
        raise NotFound("no such agreement", field=field)
    return agreement_record(row)


def _check_version(current: dict[str, Any], version: int | None, field: str) -> None:
    if version is None or current.get("version") != version:
        raise Conflict(f"the agreement is at version {current.get('version')}, not {version}: "
                       "read it again and redo the change", field=field)


async def _audit(ctx: RequestContext, agreement_id: str, operation: str,
                 before: dict[str, Any] | None, after: dict[str, Any] | None, note: str) -> None:
    await ctx.hub.sharing.audit.aappend(AuditEntry.by(
        ctx.principal, "change", purpose=ctx.access.purpose, justification=ctx.justification,
        agreements=(agreement_id,), operation=operation, before=before, after=after,
        request_id=ctx.request_id, note=note,
    ))


async def _write_terms(ctx: RequestContext, terms: dict[str, Any], agreement_id: str | None,
                       version: int | None, extra: dict[str, Any]) -> Row:
    """Create the agreement, or put these terms in force as its next version."""
    provenance = _provenance(ctx)
    props = {k: terms[k] for k in TERMS}
    grants = [{"props": {**provenance, "id": f"gra_{uuid.uuid4().hex}",
                         **{k: v for k, v in g.items() if v}},
               "rel": {**provenance, "id": f"rel_{uuid.uuid4().hex}"}}
              for g in terms["grants"]]
    party_rels = [{"code": code, "props": {**provenance, "id": f"rel_{uuid.uuid4().hex}"}}
                  for code in terms["parties"]]
    params: dict[str, Any] = {"parties": terms["parties"], "party_rels": party_rels,
                              "grants": grants}
    if agreement_id is None:
        params["props"] = {**provenance, **props, **extra, "id": f"agr_{uuid.uuid4().hex}",
                           "version": 1}
        rows = await ctx.store.run("create_agreement", params)
    else:
        params.update(id=agreement_id, version=version,
                      props={**props, **extra, "updated_at": _stamp(), "updated_by": ctx.actor})
        rows = await ctx.store.run("revise_agreement", params)
    if not rows:
        raise Conflict("the agreement changed, or a party agency is not in the hub, while "
                       "saving; nothing was saved", field="input")
    return rows[0]["a"]  # type: ignore[no-any-return]


def _proposal(ctx: RequestContext, terms: dict[str, Any], awaiting: set[str]) -> dict[str, Any]:
    return {"pending_terms": json.dumps(terms, sort_keys=True, default=str),
            "pending_awaiting": sorted(awaiting), "pending_by": ctx.actor,
            "pending_agency": ctx.agency, "pending_at": _stamp()}


NO_PROPOSAL: dict[str, Any] = dict.fromkeys(PENDING)


async def save_agreement(ctx: RequestContext, terms: dict[str, Any],
                         agreement_id: str | None, version: int | None) -> Row:
    """Create an agreement, or change one; returns the stored agreement node.

    When the change widens what another party gives, what is stored is the proposal
    (awaiting that party's IG lead); the terms in force do not change yet.
    """
    _require_lead(ctx)
    problems = agreement_problems(terms)
    if problems:
        raise InvalidInput("the agreement cannot be saved: " + "; ".join(problems), field="input")
    _require_party(ctx, terms["parties"], "in these terms")
    before: dict[str, Any] | None = None
    if agreement_id is not None:
        current = await _read(ctx, agreement_id, "input.id")
        _require_party(ctx, current.get("parties"), "to this agreement")
        _check_version(current, version, "input.version")
        before = in_force_terms(current)
    awaiting = widened_givers(before, terms) - {ctx.agency}
    if not awaiting:
        saved = await _write_terms(ctx, terms, agreement_id, version,
                                   NO_PROPOSAL if agreement_id else {})
        after = in_force_terms(await _read(ctx, saved["id"], "input.id"))
        await _audit(ctx, saved["id"], "saveAgreement", before, after, "in force")
    else:
        proposal = _proposal(ctx, terms, awaiting)
        if agreement_id is None:
            # Created as a draft, which grants nothing, holding the terms asked for.
            saved = await _write_terms(ctx, {**terms, "status": "draft"}, None, None, proposal)
        else:
            rows = await ctx.store.run("propose_agreement_change",
                                       {"id": agreement_id, "version": version,
                                        "pending": proposal})
            if not rows:
                raise Conflict("the agreement changed while saving; nothing was saved",
                               field="input")
            saved = rows[0]["a"]
        await _audit(ctx, saved["id"], "saveAgreement", before, {**terms, "id": saved["id"]},
                     "not in force: awaiting approval by the IG lead of "
                     + ", ".join(sorted(awaiting)))
    ctx.hub.sharing.invalidate()
    return saved


async def approve_agreement_change(ctx: RequestContext, agreement_id: str,
                                   version: int) -> Row:
    """One awaited party's IG lead approves the proposal they read (at `version`); the last
    approval puts it in force as the agreement's next version."""
    _require_lead(ctx)
    current = await _read(ctx, agreement_id, "id")
    proposed = pending_terms(current)
    if proposed is None:
        raise NotFound("this agreement has no change awaiting approval", field="id")
    awaiting = set(current.get("pending_awaiting") or ())
    if ctx.agency not in awaiting:
        raise Forbidden(f"the change awaits approval by {', '.join(sorted(awaiting))}, not "
                        f"{ctx.agency}; a proposer's own agency approves by proposing")
    _check_version(current, version, "version")
    left = awaiting - {ctx.agency}
    if left:
        rows = await ctx.store.run("approve_agreement_in_part", {
            "id": agreement_id, "version": version, "awaiting": sorted(left)})
        if not rows:
            raise Conflict("the agreement changed while approving; read it again",
                           field="version")
        saved = rows[0]["a"]
        await _audit(ctx, agreement_id, "approveAgreementChange", None,
                     {"id": agreement_id, "approved_by": ctx.agency},
                     f"approved by {ctx.agency}; still awaiting {', '.join(sorted(left))}")
    else:
        before = in_force_terms(current)
        saved = await _write_terms(ctx, proposed, agreement_id, version, NO_PROPOSAL)
        after = in_force_terms(await _read(ctx, agreement_id, "id"))
        await _audit(ctx, agreement_id, "approveAgreementChange", before, after,
                     f"approved by {ctx.agency}; in force, proposed by "
                     f"{current.get('pending_agency')} ({current.get('pending_by')})")
    ctx.hub.sharing.invalidate()
    return saved


async def pending_changes(ctx: RequestContext) -> list[Row]:
    """Agreements holding a proposal that the caller's agency is party to, now or in it."""
    _require_lead(ctx)
    rows = await ctx.store.run("agreements_pending")
    found = []
    for row in rows:
        record = agreement_record(row)
        proposed = pending_terms(record) or {}
        if ctx.agency in set(record.get("parties") or ()) | set(proposed.get("parties") or ()):
            found.append(row["a"])
    return found

"""Keeping the information sharing agreements: validated, versioned, audited changes.

Only information governance leads change agreements. A change is one statement, checked
first by the same rules the policy compiler applies (`agreement_problems`), guarded by
the version the lead last read, and written to the audit log with before and after. The
hub's agreement cache is dropped so the next request already sees the new terms.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hub.auth.audit import AuditEntry
from hub.auth.policy import agreement_problems
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.services.context import RequestContext
from hub.services.sharing import agreement_record

GOVERNANCE_ROLE = "ig_lead"


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def _provenance(ctx: RequestContext) -> dict[str, Any]:
    return {"owner": ctx.agency, "category": "reference",
            "scope": scope_of(ctx.agency, "reference"), "source": "hub",
            "recorded_at": _stamp(), "recorded_by": ctx.actor}


async def save_agreement(ctx: RequestContext, terms: dict[str, Any],
                         agreement_id: str | None, version: int | None) -> Row:
    """Create an agreement, or a new version of one; returns the stored agreement node."""
    if ctx.principal is None or GOVERNANCE_ROLE not in ctx.principal.roles:
        raise Forbidden("agreements are kept by information governance leads (ig_lead role)")
    problems = agreement_problems(terms)
    if problems:
        raise InvalidInput("the agreement cannot be saved: " + "; ".join(problems), field="input")
    before: dict[str, Any] | None = None
    if agreement_id is not None:
        row = await ctx.store.run_one("agreement_by_id", {"id": agreement_id})
        if row is None:
            raise NotFound("no such agreement", field="input.id")
        before = agreement_record(row)
        if version is None or before.get("version") != version:
            raise Conflict(f"the agreement is at version {before.get('version')}, not {version}: "
                           "read it again and redo the change", field="input.version")
    provenance = _provenance(ctx)
    props = {k: terms[k] for k in ("name", "purpose", "legal_basis", "valid_from", "valid_to",
                                   "review_date", "status")}
    grants = [{"props": {**provenance, "id": f"gra_{uuid.uuid4().hex}",
                         **{k: v for k, v in g.items() if v}},
               "rel": {**provenance, "id": f"rel_{uuid.uuid4().hex}"}}
              for g in terms["grants"]]
    party_rels = [{"code": code, "props": {**provenance, "id": f"rel_{uuid.uuid4().hex}"}}
                  for code in terms["parties"]]
    params: dict[str, Any] = {"parties": terms["parties"], "party_rels": party_rels,
                              "grants": grants}
    if agreement_id is None:
        params["props"] = {**provenance, **props, "id": f"agr_{uuid.uuid4().hex}", "version": 1}
        rows = await ctx.store.run("create_agreement", params)
    else:
        params.update(id=agreement_id, version=version, props={**props, "updated_at": _stamp(),
                                                                "updated_by": ctx.actor})
        rows = await ctx.store.run("revise_agreement", params)
    if not rows:
        raise Conflict("the agreement changed, or a party agency is not in the hub, while "
                       "saving; nothing was saved", field="input")
    saved = rows[0]["a"]
    after_row = await ctx.store.run_one("agreement_by_id", {"id": saved["id"]})
    after = agreement_record(after_row) if after_row else None
    await ctx.hub.sharing.audit.aappend(AuditEntry.by(
        ctx.principal, "change", purpose=ctx.access.purpose, justification=ctx.justification,
        agreements=(saved["id"],), operation="saveAgreement", before=before, after=after,
        request_id=ctx.request_id,
    ))
    ctx.hub.sharing.invalidate()
    return saved

"""Governance: who am I and what may I see, the audit log, break glass and its review."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.types import Info

from hub.auth.audit import AuditRecord as LogRecord
from hub.auth.policy import BREAK_GLASS_ROLES, CATEGORY_CODES, REFERENCE
from hub.domain.errors import Forbidden, InvalidInput, NotFound
from hub.domain.ids import BadGlobalId, decode
from hub.schema.base import ctx
from hub.schema.scalars import Date, DateTime
from hub.schema.types import Agreement, build
from hub.services.agreements import approve_agreement_change, pending_changes, save_agreement
from hub.services.audit_reading import AUDIT_ROLES, readable_entries, readable_reviews

MAX_GLASS_MINUTES = 240


@strawberry.type(description="The caller as the hub sees them, and what this request may see.")
class Me:
    subject: str
    agency: str
    roles: list[str]
    team: str | None
    purpose: str
    scopes: list[str] = strawberry.field(description="owner:category pairs visible in full.")
    existence_scopes: list[str] = strawberry.field(
        description="owner:category pairs whose existence only may be known.")
    agreements: list[str] = strawberry.field(description="Ids of the agreements relied on.")
    break_glass: list[str] = strawberry.field(description="Person ids opened by break glass.")
    own_categories: list[str] = strawberry.field(description=(
        "Categories of your own agency's records your roles need to know, and so see "
        "(need to know inside an agency: HUB_NEED_TO_KNOW)."))
    own_categories_withheld: list[str] = strawberry.field(description=(
        "Categories of your own agency's records your roles do not see, unless an "
        "agreement grants them."))


@strawberry.type(description="One entry of the hash-chained audit log.")
class AuditEntry:
    seq: int
    at: DateTime
    kind: str
    actor: str
    agency: str
    roles: list[str]
    purpose: str | None
    justification: str | None
    agreements: list[str]
    subjects: list[str]
    operation: str | None
    reason: str | None
    flagged: bool
    request_id: str | None
    before: str | None = strawberry.field(description="JSON, for changes.")
    after: str | None = strawberry.field(description="JSON, for changes.")
    reviews: int | None
    outcome: str | None
    note: str | None
    hash: str


def _entry(record: LogRecord) -> AuditEntry:
    e = record.entry
    return AuditEntry(
        seq=record.seq, at=DateTime(record.at), kind=e.kind, actor=e.actor, agency=e.agency,
        roles=list(e.roles), purpose=e.purpose, justification=e.justification,
        agreements=list(e.agreements), subjects=list(e.subjects), operation=e.operation,
        reason=e.reason, flagged=e.flagged, request_id=e.request_id,
        before=json.dumps(e.before) if e.before is not None else None,
        after=json.dumps(e.after) if e.after is not None else None,
        reviews=e.reviews, outcome=e.outcome, note=e.note, hash=record.hash,
    )


def _require(info: Info, roles: frozenset[str], what: str) -> None:
    principal = ctx(info).principal
    if principal is None or not roles.intersection(principal.roles):
        needed = " or ".join(sorted(roles))
        raise Forbidden(f"{what} is for the {needed} role")


def _raw_id(global_id: str | None, field: str) -> str | None:
    if global_id is None:
        return None
    try:
        return decode(global_id)[1]
    except BadGlobalId:
        raise InvalidInput(f"{global_id!r} is not a valid id", field=field) from None


@strawberry.type
class GovernanceQuery:
    @strawberry.field(description="Who you are and what this request may see, and why.")
    def me(self, info: Info) -> Me:
        c = ctx(info)
        p, vis = c.principal, c.access
        return Me(subject=p.subject, agency=p.agency, roles=sorted(p.roles), team=p.team,
                  purpose=vis.purpose, scopes=vis.scope_list(),
                  existence_scopes=vis.existence_list(), agreements=list(vis.agreements),
                  break_glass=sorted(vis.break_glass_subjects),
                  own_categories=sorted(vis.own_categories),
                  own_categories_withheld=[c for c in CATEGORY_CODES if c != REFERENCE
                                           and c not in vis.own_categories])

    @strawberry.field(description=(
        "The audit log, newest first: auditors and IG leads only, and only the entries by "
        "their agency's users or about their agency's records (county-wide only for the "
        "agency:role pairs HUB_COUNTY_AUDIT names)."))
    async def audit_log(
        self, info: Info, actor: str | None = None,
        subject: strawberry.ID | None = None, agreement: strawberry.ID | None = None,
        since: DateTime | None = None, until: DateTime | None = None,
        kind: str | None = None, first: int = 50, offset: int = 0,
    ) -> list[AuditEntry]:
        _require(info, AUDIT_ROLES, "the audit log")
        if not 0 < first <= 500:
            raise InvalidInput("first must be between 1 and 500", field="first")
        if offset < 0:
            raise InvalidInput("offset must not be negative", field="offset")
        filters = {"actor": actor, "subject": _raw_id(subject, "subject"),
                   "agreement": _raw_id(agreement, "agreement"), "since": since,
                   "until": until, "kind": kind}
        return [_entry(r) for r in await readable_entries(ctx(info), filters, first, offset)]

    @strawberry.field(description=(
        "Agreement changes awaiting approval by a party's IG lead: for the IG leads of the "
        "parties."))
    async def pending_agreement_changes(self, info: Info) -> list[Agreement]:
        return [build(Agreement, row) for row in await pending_changes(ctx(info))]

    @strawberry.field(description=(
        "Break-glass accesses awaiting review: IG leads only, for their agency's users or "
        "their agency's records."))
    async def break_glass_reviews(self, info: Info) -> list[AuditEntry]:
        _require(info, frozenset({"ig_lead"}), "the break-glass review queue")
        return [_entry(r) for r in await readable_reviews(ctx(info))]


@strawberry.input(description="One line of an agreement: what one party may receive from another.")
class GrantInput:
    from_agency: str
    to_agency: str
    roles: list[str]
    categories: list[str] = strawberry.field(default_factory=list)
    existence_only: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="An agreement's terms; give id and version to save a new version.")
class AgreementInput:
    name: str
    purpose: str
    legal_basis: str
    valid_from: Date
    valid_to: Date
    review_date: Date
    status: str
    parties: list[str]
    grants: list[GrantInput]
    id: strawberry.ID | None = None
    version: int | None = None


@strawberry.type
class BreakGlassResult:
    person_id: strawberry.ID
    until: DateTime
    audit_seq: int


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(description=(
        "Open one person's full record for a limited time, giving a reason. The access is "
        "logged, flagged and queued for review by an information governance lead."))
    async def break_glass(self, info: Info, person_id: strawberry.ID, reason: str,
                          minutes: int = 60) -> BreakGlassResult:
        _require(info, BREAK_GLASS_ROLES, "break glass")
        c = ctx(info)
        if not reason.strip() or len(reason) > 1000:
            raise InvalidInput("reason must say why, in at most 1000 characters", field="reason")
        if not 1 <= minutes <= MAX_GLASS_MINUTES:
            raise InvalidInput(f"minutes must be between 1 and {MAX_GLASS_MINUTES}",
                               field="minutes")
        try:
            type_name, raw = decode(person_id)
        except BadGlobalId:
            raise InvalidInput(f"{person_id!r} is not a valid id", field="personId") from None
        row = await c.store.run_one("person_exists", {"id": raw})
        if type_name not in {"Child", "Adult"} or row is None:
            raise NotFound("no such person", field="personId")
        seq, until = await c.hub.sharing.break_glass(c.principal, raw, reason.strip(), minutes,
                                                     c.request_id)
        stamp = until.replace(tzinfo=None).isoformat(timespec="seconds")
        return BreakGlassResult(person_id=person_id, until=DateTime(stamp), audit_seq=seq)

    @strawberry.mutation(description=(
        "Create an information sharing agreement, or save a new version of one (give its id "
        "and the version you read). Only an IG lead of a party; audited with before and "
        "after. A change widening what another party gives waits for that party's IG lead "
        "(see pendingChange and approveAgreementChange)."))
    async def save_agreement(self, info: Info, input: AgreementInput) -> Agreement:
        c = ctx(info)
        if not input.name.strip() or len(input.name) > 200:
            raise InvalidInput("name must be given, in at most 200 characters", field="input.name")
        if not input.legal_basis.strip():
            raise InvalidInput("legalBasis must be given", field="input.legalBasis")
        terms = {
            "name": input.name.strip(), "purpose": input.purpose,
            "legal_basis": input.legal_basis.strip(), "valid_from": input.valid_from,
            "valid_to": input.valid_to, "review_date": input.review_date,
            "status": input.status, "parties": sorted(set(input.parties)),
            "grants": [{"from_agency": g.from_agency, "to_agency": g.to_agency,
                        "roles": g.roles, "categories": g.categories,
                        "existence_only": g.existence_only} for g in input.grants],
        }
        raw_id = _raw_id(input.id, "input.id")
        saved = await save_agreement(c, terms, raw_id, input.version)
        return build(Agreement, saved)

    @strawberry.mutation(description=(
        "Approve, as the IG lead of a party it awaits, a change that widens what your agency "
        "gives; give the version you read. The last approval puts it in force. Audited."))
    async def approve_agreement_change(self, info: Info, id: strawberry.ID,
                                       version: int) -> Agreement:
        c = ctx(info)
        raw_id = _raw_id(id, "id")
        assert raw_id is not None
        return build(Agreement, await approve_agreement_change(c, raw_id, version))

    @strawberry.mutation(description="Close a break-glass access after review: IG leads only.")
    async def review_break_glass(self, info: Info, seq: int, outcome: str,
                                 note: str) -> AuditEntry:
        _require(info, frozenset({"ig_lead"}), "reviewing break glass")
        c = ctx(info)
        audit = c.hub.sharing.audit
        if not audit.is_pending(seq) or seq not in {r.seq for r in await readable_reviews(c)}:
            raise NotFound(f"no break-glass access {seq} awaits review", field="seq")
        if outcome not in {"justified", "unjustified", "escalated"}:
            raise InvalidInput("outcome must be justified, unjustified or escalated",
                               field="outcome")
        if not note.strip():
            raise InvalidInput("note must say what was checked", field="note")
        return _entry(audit.record_review(c.principal, seq, outcome, note.strip(), c.request_id))


__all__ = ["GovernanceMutation", "GovernanceQuery", "datetime"]

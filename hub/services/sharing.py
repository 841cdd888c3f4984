"""Who is asking and what they may see: tokens, the agreements in force, break glass, audit.

One `Sharing` per hub. Per request it turns the bearer token, the stated purpose
and the agreements in force into a `Visibility`, whose scopes every statement then
receives; and it writes the account of what was disclosed to the audit log.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hub.auth.audit import AuditEntry, AuditLog
from hub.auth.devissuer import DevIssuer
from hub.auth.policy import (
    BREAK_GLASS_ROLES,
    CONSENT_BASED_OWNERS,
    OWN_AGENCY_ROLE_CATEGORIES,
    PURPOSES,
    Visibility,
    compile_visibility,
    is_without_consent_basis,
    with_break_glass,
)
from hub.auth.principal import Principal
from hub.auth.tokens import TokenVerifier
from hub.config import Settings
from hub.graph.store import GraphStore, Row

AGREEMENT_CACHE_S = 30.0
NO_PURPOSE = "none"
MAX_JUSTIFICATION = 500


GlassKey = tuple[str, str, str]


def glass_key(principal: Principal) -> GlassKey:
    """Whose break glass it is: one practitioner of one agency, as one issuer names them."""
    return (principal.issuer, principal.subject, principal.agency)


def agreement_record(row: Row) -> dict[str, Any]:
    """An agreement as the policy reads it: its terms, its grants and its party codes."""
    agreement = {k: v for k, v in row["a"].items() if not k.startswith("_")}
    agreement["grants"] = [{k: v for k, v in g.items() if not k.startswith("_")}
                           for g in row["grants"]]
    agreement["parties"] = sorted(row["parties"])
    return agreement


class GlassGrants:
    """Break-glass grants in force: which practitioner opened which person's record until when.

    Filled from the audit log's break-glass records (`heard`), so every worker that
    reads the same log holds the same grants, and a restart loses none.
    """

    def __init__(self) -> None:
        self._by_key: dict[GlassKey, dict[str, datetime]] = {}  # key -> person -> until

    def heard(self, record: Mapping[str, Any]) -> None:
        after = record.get("after") or {}
        until_text, issuer = after.get("until"), after.get("issuer")
        if not until_text or not issuer:
            return  # an entry that does not say whose glass it was opens nothing
        key = (str(issuer), str(record["actor"]), str(record["agency"]))
        self._by_key.setdefault(key, {})[str(after.get("person"))] = (
            datetime.fromisoformat(str(until_text)))

    def open_for(self, key: GlassKey) -> list[str]:
        now = datetime.now(UTC)
        return [person for person, until in self._by_key.get(key, {}).items() if until > now]


class Sharing:
    """The hub's verifier, agreement cache, break-glass grants and audit log.

    With several workers (`settings.workers` > 1) they share one audit log, which is
    also how each learns at once of another's break glass (the grant is a log record)
    and of any change (which may be to an agreement, so the cache is dropped).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        dev = DevIssuer(settings) if settings.dev_issuer else None
        self.verifier = TokenVerifier(settings, dev_issuer=dev)
        audit_dir = settings.data_dir / "audit"
        audit_dir.mkdir(parents=True, exist_ok=True)
        self.audit = AuditLog(audit_dir / "audit.log", exclusive=settings.workers <= 1)
        self._agreements: tuple[float, list[dict[str, Any]]] | None = None
        self.glass = GlassGrants()
        self.audit.follow(("break_glass",), self.glass.heard)
        self.audit.follow(("change",), lambda _record: self.invalidate())

    def close(self) -> None:
        self.audit.close()

    async def agreements(self, store: GraphStore) -> list[dict[str, Any]]:
        """The agreements with their grants and parties, cached briefly (changes invalidate)."""
        now = time.monotonic()
        if self._agreements is not None and now - self._agreements[0] < AGREEMENT_CACHE_S:
            return self._agreements[1]
        rows = await store.run("agreements_with_grants")
        found = [agreement_record(row) for row in rows]
        self._agreements = (now, found)
        return found

    def invalidate(self) -> None:
        self._agreements = None

    async def visibility(
        self, store: GraphStore, principal: Principal, purpose: str | None
    ) -> Visibility:
        """What this principal may see for this purpose today, break glass included."""
        self.audit.refresh()  # other workers' break glass and changes, at once
        agreements = await self.agreements(store) if purpose else []
        vis = compile_visibility(principal, purpose or "mace", agreements, date.today(),
                                 self.settings.need_to_know or OWN_AGENCY_ROLE_CATEGORIES)
        if not purpose:
            vis = dataclasses.replace(vis, purpose=NO_PURPOSE)
        for person_id in self.open_glass(principal):
            vis = with_break_glass(vis, person_id)
        return vis

    # -- break glass --------------------------------------------------------------------

    def open_glass(self, principal: Principal) -> list[str]:
        """The people this practitioner opened: the same issuer, subject and agency, acting
        in a role that may break glass. A token that shares only the `sub` opens nothing."""
        if not BREAK_GLASS_ROLES.intersection(principal.roles):
            return []
        return self.glass.open_for(glass_key(principal))

    async def break_glass(self, principal: Principal, person_id: str, reason: str,
                          minutes: int, request_id: str) -> tuple[int, datetime]:
        until = datetime.now(UTC) + timedelta(minutes=minutes)
        record = await self.audit.aappend(AuditEntry.by(
            principal, "break_glass", subjects=(person_id,), reason=reason, flagged=True,
            request_id=request_id,
            after={"person": person_id, "until": until.isoformat(), "issuer": principal.issuer},
        ))  # appending it told `self.glass` (a follower of the log)
        return record.seq, until

    # -- the account of every look ------------------------------------------------------

    async def record_change(
        self, principal: Principal, vis: Visibility, operation: str,
        before: dict[str, Any] | None, after: dict[str, Any], subjects: tuple[str, ...],
        justification: str | None, request_id: str,
    ) -> None:
        await self.audit.aappend(AuditEntry.by(
            principal, "change", purpose=vis.purpose, justification=justification,
            agreements=vis.agreements, subjects=subjects, operation=operation,
            before=before, after=after, request_id=request_id,
        ))

    async def record_disclosure(
        self, principal: Principal, vis: Visibility, subjects: set[str],
        justification: str | None, operation: str | None, request_id: str,
    ) -> None:
        if not subjects:
            return
        glass = sorted(s for s in subjects if s in vis.break_glass_subjects)
        await self.audit.aappend(AuditEntry.by(
            principal, "disclosure", purpose=vis.purpose, justification=justification,
            agreements=vis.agreements, subjects=tuple(sorted(subjects)), operation=operation,
            request_id=request_id, flagged=bool(glass),
            note=_disclosure_note(vis, glass),
        ))


def _disclosure_note(vis: Visibility, glass: list[str]) -> str | None:
    """Why records were shown that need more than an agreement: break glass, or consent-based
    records shared without consent under a safeguarding legal basis."""
    notes = []
    if glass:
        notes.append(f"break glass for {', '.join(glass)}")
    free = [s for s in consent_free_scopes(vis) if not s.startswith(f"{vis.agency}:")]
    if free:
        bases = sorted({b for s in free for b in vis.legal_bases_for(*s.split(":", 1))})
        notes.append(f"consent-based records ({', '.join(free)}) shared without consent under: "
                     + "; ".join(bases))
    return " | ".join(notes) or None


def consent_free_scopes(vis: Visibility) -> list[str]:
    """The consent-based service's scopes the caller may read without a consent record:
    all of them for that service itself; otherwise those that an agreement relied on opens
    on a safeguarding-without-consent legal basis (one such agreement suffices, as in
    `hub.auth.policy.consent_check`)."""
    out = []
    for s in vis.scope_list():
        owner, _, category = s.partition(":")
        if owner not in CONSENT_BASED_OWNERS:
            continue
        bases = vis.legal_bases_for(owner, category)
        if owner == vis.agency or any(is_without_consent_basis(b) for b in bases):
            out.append(s)
    return out


def check_purpose_header(value: str | None) -> str | None:
    """The X-Purpose header, checked; None when absent (own agency's records only)."""
    if value is None or value.strip() == "":
        return None
    code = value.strip().lower()
    if code not in PURPOSES:
        valid = ", ".join(sorted(PURPOSES))
        raise ValueError(f"X-Purpose {value!r} is not a known purpose; use one of: {valid}")
    return code


def check_justification(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_JUSTIFICATION:
        raise ValueError(f"X-Justification must be at most {MAX_JUSTIFICATION} characters")
    return value

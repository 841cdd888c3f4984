"""Referrals to a service, with consent.

Entry point: `plan_referral(ctx, ReferralData)`, returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.auth.policy import AGENCY_CODES
from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import CONSENTS, REFERRAL_OUTCOMES, REFERRAL_SERVICES
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    TEXT_LIMIT,
    choice,
    may_record,
    not_future_time,
    optional,
    ref,
    texts,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance


@dataclass
class ReferralData:
    person_id: str
    to_service: str
    consent: str
    received_at: str
    outcome: str = "open"
    presenting_factors: list[str] | None = None
    consent_reason: str | None = None
    # Who referred (an agency code); the recording agency when not given.
    from_agency: str | None = None
    client_ref: str | None = None


async def plan_referral(ctx: RequestContext, data: ReferralData) -> Plan:
    service = choice(data.to_service, REFERRAL_SERVICES, "input.toService")
    category = "domestic_abuse" if service == "eis_da" else "safeguarding"
    may_record(ctx, category)
    not_future_time(data.received_at, "input.receivedAt")
    person = ref(data.person_id, "input.personId", PEOPLE)
    consent = choice(data.consent, CONSENTS, "input.consent")
    reason = optional(data.consent_reason, "input.consentReason", TEXT_LIMIT)
    referrer = ctx.agency if data.from_agency is None else choice(
        data.from_agency, AGENCY_CODES, "input.fromAgency")
    if consent == "safeguarding_override" and reason is None:
        raise InvalidInput("input.consentReason is required when consent is "
                           "SAFEGUARDING_OVERRIDE: record why consent was not needed",
                           field="input.consentReason")
    props = {
        **provenance(ctx, "ref", category, data.client_ref),
        "to_service": service, "from_agency": referrer,
        "presenting_factors": texts(data.presenting_factors, "input.presentingFactors"),
        "consent": consent, "consent_reason": reason,
        "outcome": choice(data.outcome, REFERRAL_OUTCOMES, "input.outcome"),
        "received_at": data.received_at,
    }
    write = Write("record_referral", params(
        ctx, props, person_id=person.raw_id, from_agency=referrer, for_rel=provenance(ctx, "rel", category),
        by_rel=provenance(ctx, "rel", category),
    ), label="Referral", client_ref=props.get("client_ref"), subjects=(person.raw_id,))
    return await planned(ctx, write, person)

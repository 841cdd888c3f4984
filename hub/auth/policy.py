"""What a caller may see: information sharing agreements compiled into `owner:category` scopes.

Sharing is decided on two facts every record carries, its `owner` (the agency that
recorded it) and its `category`. A caller sees:

- `reference` data (places, schools, areas, agencies, agreements) from every agency:
  it is not about a person;
- its own agency's records, but only the categories its role needs
  (`OWN_AGENCY_ROLE_CATEGORIES`: need to know applies inside an agency too);
- what the agreements in force for the stated purpose grant its agency and role,
  in full or as existence only ("the police hold something in this category").

This module is pure: it reads agreement dicts (as the graph returns them) and a date,
and never talks to the store, so every rule here is tested without one. The compiled
`Visibility.scope_list()` is what every Cypher statement receives as `$scopes`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol

AGENCY_CODES: tuple[str, ...] = ("police", "trust", "yos", "health", "education", "eis")
ROLE_CODES: tuple[str, ...] = (
    "analyst", "practitioner", "panel_member", "ig_lead", "auditor", "administrator",
)
# Governance roles maintain agreements and review access; they need no child's record to do so.
GOVERNANCE_ROLES: frozenset[str] = frozenset({"ig_lead", "auditor", "administrator"})
# Break glass is an emergency look by someone working with the child, never by an analyst.
BREAK_GLASS_ROLES: frozenset[str] = frozenset({"practitioner"})

CATEGORY_CODES: tuple[str, ...] = (
    "identity", "safeguarding", "offending", "intelligence", "missing", "domestic_abuse",
    "education", "health", "context", "panel", "reference",
)
REFERENCE = "reference"

PURPOSES: dict[str, str] = {
    "mace": "MACE panel and exploitation",
    "yviu": "Youth violence intervention: serious violence and knife crime networks",
    "missing": "Missing children, return home interviews and repeat episodes",
    "domestic_abuse": "Domestic abuse: notifications, referrals and support",
    "mash": "MASH: multi-agency triage of safeguarding referrals",
}

AGREEMENT_STATUSES: tuple[str, ...] = ("draft", "active", "suspended", "expired")

# Records that name or concern a person: reading one is a disclosure of that person, so it
# needs a justification and the audit entry names the person (see `people_concerned` in
# cypher/records.cypher for how each leads to its people).
PERSON_RECORD_LABELS: frozenset[str] = frozenset({
    "Flag", "Referral", "MissingEpisode", "ReturnHomeInterview", "Intervention", "Outcome",
    "Incident", "PanelDecision", "Action",
})

# Services that work only with consent: their records are shared only with consent or
# under a legal basis for safeguarding without consent (see `consent_allows`).
CONSENT_BASED_OWNERS: frozenset[str] = frozenset({"eis"})
# Their records that are not about a person, so no consent applies: reference data, and
# assessments of a place, school or peer group.
CONSENT_FREE_CATEGORIES: frozenset[str] = frozenset({"reference", "context"})
CONSENT_GIVEN = "given"
CONSENT_OVERRIDE = "safeguarding_override"


class PolicyError(ValueError):
    """A caller asked for something the sharing policy cannot decide on; the message says why."""


class PrincipalLike(Protocol):
    """The verified caller as the policy needs it (`hub.auth.principal.Principal` fits)."""

    @property
    def subject(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def roles(self) -> frozenset[str]: ...

    @property
    def team(self) -> str | None: ...

    @property
    def issuer(self) -> str: ...

    @property
    def name(self) -> str | None: ...


def _cats(*names: str) -> frozenset[str]:
    return frozenset(names)


# Need to know inside an agency, as configuration: agency -> role -> the categories of the
# agency's OWN records that role sees, whatever the agreements say. An agency does not see
# all of its own records: a school's practitioner sees attendance and exclusions but not
# the medical notes the school holds (`education:health`); a health analyst preparing a
# panel pack sees that a child is known, not their clinical record. Governance roles see
# no person-level category of their own agency: only `reference`, which every caller sees
# anyway. `HUB_NEED_TO_KNOW` replaces rows of this table (`parse_need_to_know`); `me`
# shows the caller's row; the README prints the table.
OWN_AGENCY_ROLE_CATEGORIES: dict[str, dict[str, frozenset[str]]] = {
    "police": {
        "analyst": _cats("identity", "safeguarding", "offending", "intelligence", "missing",
                         "domestic_abuse", "context", "panel"),
        "practitioner": _cats("identity", "safeguarding", "offending", "intelligence",
                              "missing", "domestic_abuse"),
        "panel_member": _cats("identity", "safeguarding", "offending", "intelligence",
                              "missing", "domestic_abuse", "context", "panel"),
    },
    "trust": {
        "analyst": _cats("identity", "safeguarding", "missing", "domestic_abuse", "context",
                         "panel"),
        "practitioner": _cats("identity", "safeguarding", "missing", "domestic_abuse",
                              "context", "panel"),
        "panel_member": _cats("identity", "safeguarding", "missing", "domestic_abuse",
                              "context", "panel"),
    },
    "yos": {
        "analyst": _cats("identity", "offending", "safeguarding", "context", "panel"),
        "practitioner": _cats("identity", "offending", "safeguarding", "context"),
        "panel_member": _cats("identity", "offending", "safeguarding", "context", "panel"),
    },
    "health": {
        "analyst": _cats("identity", "safeguarding"),
        "practitioner": _cats("identity", "safeguarding", "health"),
        "panel_member": _cats("identity", "safeguarding", "context", "panel"),
    },
    "education": {
        "analyst": _cats("identity", "education", "context"),
        "practitioner": _cats("identity", "education", "safeguarding", "context"),
        "panel_member": _cats("identity", "education", "safeguarding", "context", "panel"),
    },
    "eis": {
        "analyst": _cats("identity", "safeguarding", "missing", "domestic_abuse", "context",
                         "panel"),
        "practitioner": _cats("identity", "safeguarding", "missing", "domestic_abuse",
                              "context"),
        "panel_member": _cats("identity", "safeguarding", "missing", "domestic_abuse",
                              "context", "panel"),
    },
}
for _agency_rules in OWN_AGENCY_ROLE_CATEGORIES.values():
    for _role in GOVERNANCE_ROLES:
        _agency_rules[_role] = frozenset()


NeedToKnow = dict[str, dict[str, frozenset[str]]]


def parse_need_to_know(text: str) -> NeedToKnow:
    """The need-to-know table with the rows a JSON object `{agency: {role: [categories]}}`
    names replaced; every other row keeps its default. Refuses unknown codes by name."""
    try:
        given = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyError(f"HUB_NEED_TO_KNOW must be a JSON object: {exc.msg}") from exc
    if not isinstance(given, dict):
        raise PolicyError("HUB_NEED_TO_KNOW must be a JSON object of agency -> role -> "
                          "categories")
    table = {agency: dict(rows) for agency, rows in OWN_AGENCY_ROLE_CATEGORIES.items()}
    for agency, rows in given.items():
        if agency not in AGENCY_CODES:
            raise PolicyError(f"HUB_NEED_TO_KNOW: agency {agency!r} is not one of "
                              f"{', '.join(AGENCY_CODES)}")
        if not isinstance(rows, dict):
            raise PolicyError(f"HUB_NEED_TO_KNOW: {agency} must map roles to categories")
        for role, categories in rows.items():
            if role not in ROLE_CODES:
                raise PolicyError(f"HUB_NEED_TO_KNOW: role {role!r} is not one of "
                                  f"{', '.join(ROLE_CODES)}")
            if not isinstance(categories, list):
                raise PolicyError(f"HUB_NEED_TO_KNOW: {agency}.{role} must be a list of "
                                  "categories")
            unknown = [c for c in categories if c not in CATEGORY_CODES]
            if unknown:
                raise PolicyError(f"HUB_NEED_TO_KNOW: {agency}.{role}: category {unknown[0]!r} "
                                  f"is not one of {', '.join(CATEGORY_CODES)}")
            table[agency][role] = frozenset(categories)
    return table


def parse_county_audit(text: str) -> frozenset[str]:
    """`HUB_COUNTY_AUDIT`: comma-separated `agency:role` pairs whose audit reading is
    county-wide. Empty (the default) means every auditor reads their own agency's only."""
    pairs = frozenset(p.strip() for p in text.split(",") if p.strip())
    for pair in sorted(pairs):
        agency, _, role = pair.partition(":")
        if agency not in AGENCY_CODES or role not in ROLE_CODES:
            raise PolicyError(f"HUB_COUNTY_AUDIT: {pair!r} is not agency:role with a known "
                              f"agency ({', '.join(AGENCY_CODES)}) and role "
                              f"({', '.join(ROLE_CODES)})")
    return pairs


def scope(owner: str, category: str) -> str:
    """The one spelling of a scope, shared with the Cypher filters (`owner + ':' + category`)."""
    return f"{owner}:{category}"


@dataclass(frozen=True)
class Visibility:
    """Everything one request may see; frozen so nothing downstream can widen it mid-request."""

    scopes: frozenset[str]
    existence_scopes: frozenset[str]
    agreements: tuple[str, ...]
    purpose: str
    break_glass_subjects: frozenset[str] = frozenset()
    # (scope, agreement ids) for every scope an agreement opened, in full or as existence only.
    relied_on: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (agreement id, legal basis) for the agreements relied on, for consent decisions.
    legal_bases: tuple[tuple[str, str], ...] = ()
    agency: str = ""
    # The categories of the caller's own agency's records their roles need to know.
    own_categories: frozenset[str] = frozenset()

    def allows(self, owner: str, category: str) -> bool:
        return scope(owner, category) in self.scopes

    def allows_existence(self, owner: str, category: str) -> bool:
        """True when the caller may at least learn that such a record exists."""
        s = scope(owner, category)
        return s in self.scopes or s in self.existence_scopes

    def scope_list(self) -> list[str]:
        """Sorted, so the same caller sends the same `$scopes` and query plans are reused."""
        return sorted(self.scopes)

    def existence_list(self) -> list[str]:
        return sorted(self.existence_scopes)

    def relied_on_for(self, owner: str, category: str) -> tuple[str, ...]:
        """The agreements the audit must name for a look at this pair; () for own or reference."""
        wanted = scope(owner, category)
        for s, ids in self.relied_on:
            if s == wanted:
                return ids
        return ()

    def legal_bases_for(self, owner: str, category: str) -> tuple[str, ...]:
        bases = dict(self.legal_bases)
        return tuple(bases[i] for i in self.relied_on_for(owner, category) if i in bases)

    def opened_by_break_glass(self, person_id: str) -> bool:
        return person_id in self.break_glass_subjects


def check_purpose(purpose: str) -> str:
    """Every look needs a stated purpose the agreements know; anything else is refused by name."""
    if purpose not in PURPOSES:
        valid = ", ".join(f"{code} ({label})" for code, label in PURPOSES.items())
        raise PolicyError(f"unknown purpose {purpose!r}; valid purposes are: {valid}")
    return purpose


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def agreement_in_force(agreement: Mapping[str, Any], today: date) -> tuple[bool, str]:
    """Whether an agreement grants anything today, and if not why (for the IG lead's screen).

    Fails closed: an agreement with a missing or unreadable date grants nothing, because
    an agreement nobody can date is one nobody can rely on.
    """
    status = agreement.get("status")
    if status != "active":
        return False, f"status is {status!r}, not 'active'"
    valid_from = _as_date(agreement.get("valid_from"))
    valid_to = _as_date(agreement.get("valid_to"))
    review = _as_date(agreement.get("review_date"))
    if valid_from is None or valid_to is None or review is None:
        return False, "valid_from, valid_to and review_date must all be ISO dates"
    if today < valid_from:
        return False, f"not in force until {valid_from.isoformat()}"
    if today > valid_to:
        return False, f"ended on {valid_to.isoformat()}"
    if today > review:
        return False, f"review was due on {review.isoformat()} and has not been recorded"
    return True, "in force"


def _role_categories(
    rules: Mapping[str, Mapping[str, Iterable[str]]], agency: str, roles: Iterable[str]
) -> set[str]:
    by_role = rules.get(agency, {})
    found: set[str] = set()
    for role in roles:
        found.update(by_role.get(role, ()))
    return found


def compile_visibility(
    principal: PrincipalLike,
    purpose: str,
    agreements: list[dict[str, Any]],
    today: date,
    own_agency_rules: Mapping[str, Mapping[str, Iterable[str]]] = OWN_AGENCY_ROLE_CATEGORIES,
) -> Visibility:
    """The caller's scopes for one purpose on one day.

    A grant counts only when its agreement is for this purpose and in force
    (`agreement_in_force`), the caller's agency is a party, the grant is addressed to
    the caller's agency and names one of the caller's roles, and the giving agency is
    itself a party (an agreement cannot give away the data of an agency that did not
    sign it). A category granted in full by any agreement is not also existence-only.
    """
    check_purpose(purpose)
    agency = principal.agency
    roles = frozenset(principal.roles)

    full: set[str] = {scope(owner, REFERENCE) for owner in AGENCY_CODES}
    own_categories = frozenset(_role_categories(own_agency_rules, agency, roles))
    full.update(scope(agency, c) for c in own_categories)
    own_or_reference = frozenset(full)

    existence: set[str] = set()
    full_sources: dict[str, set[str]] = {}
    existence_sources: dict[str, set[str]] = {}
    relied: list[str] = []
    bases: dict[str, str] = {}
    for agreement in agreements:
        if agreement.get("purpose") != purpose:
            continue
        if not agreement_in_force(agreement, today)[0]:
            continue
        parties = set(agreement.get("parties") or ())
        if agency not in parties:
            continue
        agreement_id = str(agreement.get("id"))
        used = False
        for grant in agreement.get("grants") or ():
            giver = grant.get("from_agency")
            if grant.get("to_agency") != agency or giver not in parties:
                continue
            if not roles.intersection(grant.get("roles") or ()):
                continue
            opened = [scope(giver, c) for c in grant.get("categories") or ()]
            known = [scope(giver, c) for c in grant.get("existence_only") or ()]
            full.update(opened)
            existence.update(known)
            for s in opened:
                full_sources.setdefault(s, set()).add(agreement_id)
            for s in known:
                existence_sources.setdefault(s, set()).add(agreement_id)
            used = used or bool(opened or known)
        if used and agreement_id not in relied:
            relied.append(agreement_id)
            bases[agreement_id] = str(agreement.get("legal_basis") or "")

    existence -= full
    # A full look relies on the agreements that opened the pair in full, not on one that
    # only shared its existence; own-agency and reference data rely on no agreement.
    sources = {s: ids for s, ids in existence_sources.items() if s in existence}
    sources.update((s, ids) for s, ids in full_sources.items() if s not in own_or_reference)
    relied_on = tuple((s, tuple(sorted(ids))) for s, ids in sorted(sources.items()))
    return Visibility(
        scopes=frozenset(full),
        existence_scopes=frozenset(existence),
        agreements=tuple(sorted(relied)),
        purpose=purpose,
        relied_on=relied_on,
        legal_bases=tuple(sorted(bases.items())),
        agency=agency,
        own_categories=own_categories,
    )


def with_break_glass(visibility: Visibility, person_id: str) -> Visibility:
    """Opens one person's record beyond the agreements; the caller must audit it as flagged.

    The service layer reads that person's record with every scope when
    `opened_by_break_glass(person_id)` is true; nothing else about the caller widens.
    """
    if not person_id or not person_id.strip():
        raise PolicyError("break glass needs the id of the person whose record is opened")
    return replace(
        visibility, break_glass_subjects=visibility.break_glass_subjects | {person_id}
    )


# Legal bases under which a consent-based service's record may be shared without consent.
# Each is matched as a whole run of words and numbers inside the legal basis text, so
# "Children Act 1989 s47" and "children_act_1989_s47" both match.
SAFEGUARDING_WITHOUT_CONSENT_BASES: frozenset[str] = frozenset({
    "children_act_1989_s47",   # enquiry: a child suffering, or likely to suffer, significant harm
    "dpa_2018_sch8_para4",     # safeguarding children and individuals at risk (law enforcement)
    "dpa_2018_sch1_para18",    # safeguarding children and individuals at risk (special category)
})


def _normalise_basis(text: str) -> str:
    # Words and numbers become tokens, so "Sch 1 para 18", "sch1_para18" and "Sch.1 para.18"
    # read alike and "s470" never passes for "s47".
    return "_" + "_".join(re.findall(r"[a-z]+|[0-9]+", text.lower())) + "_"


def is_without_consent_basis(legal_basis: str) -> bool:
    """A recognised statutory code, or text saying both "safeguarding" and "without consent".

    Deliberately narrow: "safeguarding" alone (most agreements say it) is not enough.
    """
    norm = _normalise_basis(legal_basis or "")
    if any(_normalise_basis(code) in norm for code in SAFEGUARDING_WITHOUT_CONSENT_BASES):
        return True
    return "_safeguarding_" in norm and "_without_consent_" in norm


def consent_bound(record: Mapping[str, Any]) -> bool:
    """Whether the consent rule applies to a record: one of a consent-based service's,
    about a person (not reference data, not an assessment of a place or group)."""
    return (record.get("owner") in CONSENT_BASED_OWNERS
            and record.get("category") not in CONSENT_FREE_CATEGORIES)


def consent_recorded(record: Mapping[str, Any]) -> bool:
    """Consent that lets a record be shared: `given`, or the service's own
    `safeguarding_override` with the reason it recorded."""
    consent = record.get("consent")
    if consent == CONSENT_GIVEN:
        return True
    return consent == CONSENT_OVERRIDE and bool(str(record.get("consent_reason") or "").strip())


def consent_allows(record: Mapping[str, Any], agreement_legal_basis: str,
                   follows: Iterable[Mapping[str, Any]] = (), *,
                   follows_judged: bool = False) -> tuple[bool, str]:
    """Whether a record may be shared under an agreement's legal basis, and the reason to audit.

    The one consent rule (cypher/records.cypher applies the same, as `$consent_*`):

    1. only records of a consent-based service about a person are held back
       (`consent_bound`);
    2. any of them is shared when the agreement's legal basis allows safeguarding
       without consent (`is_without_consent_basis`), whatever the consent says;
    3. a record that follows another (support after the referral that led to it,
       `follows`) is held back with it when that one is held back for want of consent;
    4. otherwise the record is shared only with consent recorded (`consent_recorded`): its
       own, or, when it records none, that of the record it follows. No consent recorded
       is not consent: a consent-based service that cannot show consent is not overridden
       silently.

    `follows_judged`: the caller has already judged each followed record under its own
    agreements (step 3), so only their consent is inherited here.
    """
    owner = record.get("owner")
    if not owner:
        return False, "the record has no owner, so no sharing rule applies to it"
    if not consent_bound(record):
        return True, f"{owner} {record.get('category')} records are not consent-based"
    consent = record.get("consent") or "not_recorded"
    if is_without_consent_basis(agreement_legal_basis):
        return True, (
            f"consent {consent}; shared without consent under safeguarding legal basis "
            f"{agreement_legal_basis!r}"
        )
    followed = list(follows)
    held = [] if follows_judged else [
        f for f in followed if consent_bound(f) and not consent_recorded(f)]
    if held:
        return False, (f"it follows a record held back for want of consent "
                       f"(consent {held[0].get('consent') or 'not_recorded'})")
    source = record if record.get("consent") is not None else next(iter(followed), None)
    if source is not None and consent_recorded(source):
        why = "consent given" if source.get("consent") == CONSENT_GIVEN else (
            f"shared without consent by the service's safeguarding override: "
            f"{str(source.get('consent_reason')).strip()}")
        return True, why if source is record else f"{why} (on the record it follows)"
    if source is not None and source is not record:
        consent = f"{source.get('consent') or 'not_recorded'} (on the record it follows)"
    return False, (
        f"consent {consent} and legal basis {agreement_legal_basis!r} "
        "does not allow sharing without consent"
    )


def consent_check(visibility: Visibility, record: Mapping[str, Any],
                  follows: Iterable[Mapping[str, Any]] = ()) -> tuple[bool, str]:
    """`consent_allows` under any agreement the caller relies on for this record's scope.

    A caller's own agency's records and reference data need no agreement, so consent
    does not stop a service reading its own records. Each record it follows is judged
    under the agreements for its own scope.
    """
    owner = str(record.get("owner") or "")
    category = str(record.get("category") or "")
    if owner and owner == visibility.agency:
        return True, "the caller's own agency's record"
    if category == REFERENCE:
        return True, "reference data"
    followed = list(follows)
    for f in followed:
        ok, why = consent_check(visibility, f)
        if not ok:
            return False, f"it follows a record held back: {why}"
    bases = visibility.legal_bases_for(owner, category) or ("",)
    refusal = ""
    for basis in bases:
        ok, why = consent_allows(record, basis, followed, follows_judged=True)
        if ok:
            return ok, why
        refusal = why
    return False, refusal


def agreement_problems(agreement: Mapping[str, Any]) -> list[str]:
    """What is wrong with an agreement before it is saved; an empty list means well-formed.

    `compile_visibility` fails closed on a bad agreement; this says why, for the IG lead.
    """
    problems: list[str] = []
    if agreement.get("purpose") not in PURPOSES:
        problems.append(f"purpose {agreement.get('purpose')!r} is not one of {sorted(PURPOSES)}")
    if agreement.get("status") not in AGREEMENT_STATUSES:
        problems.append(f"status {agreement.get('status')!r} is not one of {AGREEMENT_STATUSES}")
    dates = {k: _as_date(agreement.get(k)) for k in ("valid_from", "valid_to", "review_date")}
    problems.extend(f"{k} is not an ISO date" for k, v in dates.items() if v is None)
    start, end = dates["valid_from"], dates["valid_to"]
    if start and end and start > end:
        problems.append("valid_from is after valid_to")
    parties = list(agreement.get("parties") or ())
    problems.extend(f"party {p!r} is not a partner agency" for p in parties
                    if p not in AGENCY_CODES)
    for n, grant in enumerate(agreement.get("grants") or (), start=1):
        where = f"grant {grant.get('id') or n}"
        for end_name in ("from_agency", "to_agency"):
            if grant.get(end_name) not in parties:
                problems.append(f"{where}: {end_name} {grant.get(end_name)!r} is not a party")
        problems.extend(f"{where}: role {r!r} is unknown" for r in grant.get("roles") or ()
                        if r not in ROLE_CODES)
        if not grant.get("roles"):
            problems.append(f"{where}: names no role, so it grants nothing")
        for key in ("categories", "existence_only"):
            problems.extend(f"{where}: {key} names unknown category {c!r}"
                            for c in grant.get(key) or () if c not in CATEGORY_CODES)
    return problems


def _given(terms: Mapping[str, Any], giver: str) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """What one party gives under some terms: (to, role, category) in full, and as existence."""
    full: set[tuple[str, ...]] = set()
    known: set[tuple[str, ...]] = set()
    for grant in terms.get("grants") or ():
        if grant.get("from_agency") != giver:
            continue
        for role in grant.get("roles") or ():
            to = str(grant.get("to_agency"))
            full.update((to, role, c) for c in grant.get("categories") or ())
            known.update((to, role, c) for c in grant.get("existence_only") or ())
    return full, known


def widened_givers(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> set[str]:
    """The parties that give more under `after` than under `before` (None: a new agreement).

    Nothing is given by terms that are not `active`. Otherwise a party gives more when a
    grant from it opens a role, category or receiving agency it did not open before (or
    opens in full what was existence only), or when terms it gives under change in a way
    that can only widen: active from not active, another purpose or legal basis, an
    earlier start, a later end or review. Such a change needs that party's approval.
    """
    if after.get("status") != "active":
        return set()
    givers = {str(g.get("from_agency")) for g in after.get("grants") or ()
              if g.get("categories") or g.get("existence_only")}
    if before is None:
        return givers
    dates_widen = (before.get("status") != "active"
                   or any(before.get(k) != after.get(k) for k in ("purpose", "legal_basis"))
                   or str(after.get("valid_from")) < str(before.get("valid_from"))
                   or str(after.get("valid_to")) > str(before.get("valid_to"))
                   or str(after.get("review_date")) > str(before.get("review_date")))
    widened = set()
    for giver in givers:
        full_after, known_after = _given(after, giver)
        full_before, known_before = _given(before, giver)
        if (dates_widen or full_after - full_before
                or known_after - full_before - known_before):
            widened.add(giver)
    return widened


def expected_matrix(
    agreements: list[dict[str, Any]],
    agencies: Iterable[str],
    roles: Iterable[str],
    categories: Iterable[str],
    purpose: str,
    today: date,
    own_agency_rules: Mapping[str, Mapping[str, Iterable[str]]] = OWN_AGENCY_ROLE_CATEGORIES,
    *,
    existence: bool = False,
) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """The test oracle: for each single-role caller, which (owner, category) pairs it sees.

    Written apart from `compile_visibility`, as a reader of the agreements would apply
    them by hand: one caller, one agreement, one grant, one category at a time, dates
    compared as ISO text. With `existence=True` it gives the existence-only pairs
    instead. Beyond skipping undated agreements, it assumes well-formed ones
    (`agreement_problems` is empty).
    """
    if purpose not in PURPOSES:
        raise PolicyError(f"unknown purpose {purpose!r}")
    agencies = list(agencies)
    roles = list(roles)
    categories = list(categories)
    day = today.isoformat()
    dated = ("valid_from", "valid_to", "review_date")
    matrix: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for agency in agencies:
        for role in roles:
            sees: set[tuple[str, str]] = set()
            knows: set[tuple[str, str]] = set()
            for category in categories:
                if category == "reference":
                    for owner in agencies:
                        sees.add((owner, category))
                if category in own_agency_rules.get(agency, {}).get(role, ()):
                    sees.add((agency, category))
            for agreement in agreements:
                if agreement["purpose"] != purpose or agreement["status"] != "active":
                    continue
                if not all(agreement.get(key) for key in dated):
                    continue  # an undated agreement is one nobody can rely on
                if not str(agreement["valid_from"])[:10] <= day <= str(agreement["valid_to"])[:10]:
                    continue
                if day > str(agreement["review_date"])[:10]:
                    continue
                if agency not in agreement["parties"]:
                    continue
                for grant in agreement["grants"]:
                    if grant["to_agency"] != agency or role not in grant["roles"]:
                        continue
                    if grant["from_agency"] not in agreement["parties"]:
                        continue
                    for category in categories:
                        if category in grant["categories"]:
                            sees.add((grant["from_agency"], category))
                        if category in grant.get("existence_only", []):
                            knows.add((grant["from_agency"], category))
            matrix[(agency, role)] = (knows - sees) if existence else sees
    return matrix


__all__ = [
    "AGENCY_CODES", "BREAK_GLASS_ROLES", "CATEGORY_CODES", "CONSENT_BASED_OWNERS",
    "CONSENT_FREE_CATEGORIES", "GOVERNANCE_ROLES", "OWN_AGENCY_ROLE_CATEGORIES",
    "PERSON_RECORD_LABELS", "PURPOSES", "ROLE_CODES", "SAFEGUARDING_WITHOUT_CONSENT_BASES",
    "PolicyError", "PrincipalLike", "Visibility", "agreement_in_force", "agreement_problems",
    "check_purpose", "compile_visibility", "consent_allows", "consent_bound", "consent_check",
    "consent_recorded", "expected_matrix", "parse_county_audit", "parse_need_to_know",
    "is_without_consent_basis", "scope", "widened_givers", "with_break_glass",
]

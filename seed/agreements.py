"""The county's information sharing agreements, written as an IG lead would read them.

Each agreement is a list of lines: who gives, to whom, which categories in full, which
only as "we hold something", and to which roles. Health shares least: its own category
goes in full only to trust practitioners and panel members, and only as existence to
everyone else. Three agreements grant nothing today on purpose (one suspended, one
expired, one past its review date), so the policy code has something to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seed.dataset import Builder

CASE_ROLES = ("analyst", "practitioner", "panel_member")
DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "police": CASE_ROLES,
    "trust": CASE_ROLES,
    "yos": ("practitioner", "panel_member", "analyst"),
    "health": ("practitioner", "panel_member"),
    "education": ("practitioner", "panel_member"),
    "eis": CASE_ROLES,
}

S47 = "Children Act 1989 s47"
PARA18 = "DPA 2018 Sch1 para18"


@dataclass(frozen=True)
class Line:
    giver: str
    receivers: tuple[str, ...]
    categories: tuple[str, ...]
    existence_only: tuple[str, ...] = ()
    roles: tuple[str, ...] | None = None  # None: the receiver's usual case roles


@dataclass(frozen=True)
class AgreementSpec:
    key: str
    name: str
    purpose: str
    owner: str
    parties: tuple[str, ...]
    legal_basis: str
    lines: tuple[Line, ...]
    valid_from: str = "2024-04-01"
    valid_to: str = "2027-03-31"
    review_date: str = "2027-01-31"
    status: str = "active"
    version: int = 1
    roles_override: dict[str, tuple[str, ...]] = field(default_factory=dict)


ALL = ("police", "trust", "yos", "health", "education", "eis")

MACE = AgreementSpec(
    "mace", "Northamptonshire MACE Information Sharing Agreement", "mace", "trust", ALL,
    f"{S47}; Children Act 2004 s10 and s11; Crime and Disorder Act 1998 s115; "
    f"UK GDPR Art 6(1)(e) and Art 9(2)(g); {PARA18}",
    (
        Line("police", ("trust", "yos", "eis"),
             ("identity", "offending", "intelligence", "missing", "domestic_abuse")),
        Line("police", ("education", "health"), ("identity", "missing"),
             ("offending", "intelligence", "domestic_abuse")),
        Line("trust", ("police", "yos", "health", "education", "eis"),
             ("identity", "safeguarding", "context", "panel")),
        Line("yos", ("police", "trust", "eis"), ("identity", "offending")),
        Line("yos", ("health", "education"), ("identity",), ("offending",)),
        Line("education", ("police", "trust", "yos", "health", "eis"),
             ("identity", "education")),
        Line("eis", ("police", "trust", "yos"),
             ("identity", "safeguarding", "missing", "context", "domestic_abuse")),
        Line("eis", ("health", "education"), ("identity", "safeguarding", "missing", "context"),
             ("domestic_abuse",)),
        Line("health", ("trust",), ("identity",)),
        Line("health", ("trust",), ("health",), (), ("practitioner", "panel_member")),
        Line("health", ("police", "yos", "education", "eis"), ("identity",), ("health",)),
    ),
    version=3,
)

DOMESTIC_ABUSE = AgreementSpec(
    "domestic_abuse", "Domestic Abuse Notifications and Support Agreement", "domestic_abuse",
    "police", ("police", "trust", "eis", "health"),
    "Crime and Disorder Act 1998 s115; Domestic Abuse Act 2021; UK GDPR Art 6(1)(e) "
    "and Art 9(2)(g); DPA 2018 Sch1 para6",
    (
        Line("police", ("trust", "eis"), ("identity", "domestic_abuse", "offending")),
        Line("police", ("health",), ("identity", "domestic_abuse"), (), ("practitioner",)),
        Line("trust", ("police", "eis", "health"), ("identity", "safeguarding")),
        Line("eis", ("police", "trust"), ("identity", "domestic_abuse", "safeguarding")),
        Line("eis", ("health",), ("identity", "domestic_abuse"), (), ("practitioner",)),
        Line("health", ("police", "trust", "eis"), ("identity",), ("health",)),
    ),
    version=2,
)

MISSING = AgreementSpec(
    "missing", "Missing Children and Return Home Interviews Agreement", "missing", "police",
    ("police", "trust", "eis", "education"),
    "Children Act 2004 s10 and s11; Statutory guidance on children who run away or go "
    "missing from home or care (2014); UK GDPR Art 6(1)(e)",
    (
        Line("police", ("trust", "eis"), ("identity", "missing"), ("intelligence",)),
        Line("police", ("education",), ("identity",), ("missing",)),
        Line("eis", ("police", "trust"), ("identity", "missing")),
        Line("eis", ("education",), ("identity",), ("missing",)),
        Line("trust", ("police", "eis"), ("identity", "safeguarding")),
        Line("trust", ("education",), ("identity",), ("safeguarding",)),
        Line("education", ("police", "trust", "eis"), ("identity", "education")),
    ),
    version=2,
)

YVIU = AgreementSpec(
    "yviu", "Youth Violence Intervention Unit Information Sharing Agreement", "yviu", "eis",
    ("police", "yos", "eis", "education", "trust"),
    "Crime and Disorder Act 1998 s17 and s115; Serious Violence Duty (Police, Crime, "
    "Sentencing and Courts Act 2022 Part 2); UK GDPR Art 6(1)(e)",
    (
        Line("police", ("yos", "eis"), ("identity", "offending", "intelligence")),
        Line("police", ("trust",), ("identity", "offending"), ("intelligence",)),
        Line("police", ("education",), ("identity",), ("offending",)),
        Line("yos", ("police", "eis", "trust"), ("identity", "offending")),
        Line("eis", ("police", "yos"), ("identity", "safeguarding")),
        Line("education", ("police", "yos", "eis"), ("identity", "education")),
        Line("trust", ("police", "yos", "eis"), ("identity",), ("safeguarding",)),
    ),
    roles_override={"education": ("practitioner",), "trust": ("practitioner",)},
)

MASH = AgreementSpec(
    "mash", "Multi-Agency Safeguarding Hub (MASH) Protocol", "mash", "trust",
    ("police", "trust", "health", "education", "eis"),
    f"Children Act 1989 s17; {S47}; Children Act 2004 s10 and s11; Working Together to "
    f"Safeguard Children 2023; {PARA18}",
    (
        Line("police", ("trust",),
             ("identity", "offending", "intelligence", "missing", "domestic_abuse")),
        Line("eis", ("trust",),
             ("identity", "safeguarding", "missing", "domestic_abuse", "context")),
        Line("education", ("trust",), ("identity", "education")),
        Line("health", ("trust",), ("identity",)),
        Line("health", ("trust",), ("health",), (), ("practitioner",)),
        Line("trust", ("police", "health", "education", "eis"), ("identity", "safeguarding")),
        Line("police", ("health", "education", "eis"), ("identity",),
             ("offending", "domestic_abuse")),
    ),
    roles_override={"police": ("practitioner",), "health": ("practitioner",),
                    "education": ("practitioner",), "eis": ("practitioner",)},
    version=4,
)

SUSPENDED = AgreementSpec(
    "suspended", "Wellingborough Violence Referral Pilot Agreement", "yviu", "yos",
    ("police", "yos", "eis"),
    "Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)",
    (Line("police", ("yos", "eis"), ("identity", "offending", "intelligence")),
     Line("yos", ("police", "eis"), ("identity", "offending"))),
    valid_from="2024-09-01", valid_to="2027-08-31", review_date="2027-03-01",
    status="suspended",
)

EXPIRED = AgreementSpec(
    "expired", "Return Home Interviews Agreement (2021)", "missing", "police",
    ("police", "trust", "eis"),
    "Children Act 2004 s11; UK GDPR Art 6(1)(e)",
    (Line("police", ("trust", "eis"), ("identity", "missing", "intelligence")),
     Line("eis", ("police", "trust"), ("identity", "missing"))),
    valid_from="2021-04-01", valid_to="2024-03-31", review_date="2023-10-01",
    status="expired",
)

REVIEW_OVERDUE = AgreementSpec(
    "review_overdue", "Children Missing Education Protocol", "missing", "education",
    ("education", "eis", "trust"),
    "Education Act 1996 s436A; Children Act 2004 s11; UK GDPR Art 6(1)(e)",
    (Line("education", ("eis", "trust"), ("identity", "education")),
     Line("eis", ("education",), ("identity", "missing"))),
    valid_from="2025-01-01", valid_to="2027-12-31", review_date="2026-05-31",
)

AGREEMENTS: tuple[AgreementSpec, ...] = (
    MACE, DOMESTIC_ABUSE, MISSING, YVIU, MASH, SUSPENDED, EXPIRED, REVIEW_OVERDUE,
)


def build(b: Builder, agencies: dict[str, str]) -> dict[str, str]:
    """Agreement and Grant nodes with PARTY_TO and GRANTS links; returns key -> Agreement id."""
    ids: dict[str, str] = {}
    for spec in AGREEMENTS:
        when = f"{spec.valid_from}T09:00:00"
        agreement_id = b.node(
            "agreement", spec.owner, "reference", when, name=spec.name, purpose=spec.purpose,
            legal_basis=spec.legal_basis, valid_from=spec.valid_from, valid_to=spec.valid_to,
            review_date=spec.review_date, status=spec.status, version=spec.version,
        )
        ids[spec.key] = agreement_id
        for party in spec.parties:
            b.rel("PARTY_TO", agencies[party], agreement_id, spec.owner, "reference", when)
        for line in spec.lines:
            for receiver in line.receivers:
                roles = line.roles or spec.roles_override.get(receiver) or DEFAULT_ROLES[receiver]
                grant_id = b.node(
                    "grant", spec.owner, "reference", when, from_agency=line.giver,
                    to_agency=receiver, categories=list(line.categories), roles=list(roles),
                    existence_only=list(line.existence_only),
                )
                b.rel("GRANTS", agreement_id, grant_id, spec.owner, "reference", when)
    return ids

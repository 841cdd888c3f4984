"""Who is asking: the verified caller, read from a token's claims into the hub's own terms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hub.auth.tokens import AuthError
from hub.domain.text import text_problem

AGENCIES: frozenset[str] = frozenset({"police", "trust", "yos", "health", "education", "eis"})
ROLES: frozenset[str] = frozenset(
    {"analyst", "practitioner", "panel_member", "ig_lead", "auditor", "administrator",
     "feed"}  # feed: a partner system sending extracts to /feeds; it reads nothing
)

# The hub's name for each claim it reads; an issuer's `claims` mapping renames the token side.
DEFAULT_CLAIMS: Mapping[str, str] = {
    "sub": "sub",
    "agency": "agency",
    "roles": "roles",
    "team": "team",
    "name": "name",
}


@dataclass(frozen=True)
class Principal:
    """The caller as every access decision sees it; frozen so no layer can widen it mid-request."""

    subject: str
    agency: str
    roles: frozenset[str]
    team: str | None
    issuer: str
    name: str | None = None

    def has_role(self, role: str) -> bool:
        return role in self.roles


def claim_names(issuer_config: Mapping[str, Any]) -> dict[str, str]:
    """Each hub claim's name in this issuer's tokens; identity providers name groups differently."""
    names = dict(DEFAULT_CLAIMS)
    renamed = issuer_config.get("claims") or {}
    for ours, theirs in renamed.items():
        if ours in names and isinstance(theirs, str) and theirs:
            names[ours] = theirs
    return names


def parse_roles(raw: Any) -> frozenset[str]:
    """Only the hub's roles survive: identity providers put many unrelated groups in this claim."""
    if isinstance(raw, str):
        items: Iterable[Any] = raw.split()
    elif isinstance(raw, list | tuple):
        items = raw
    else:
        return frozenset()
    return frozenset(
        item.strip().lower() for item in items
        if isinstance(item, str) and item.strip().lower() in ROLES
    )


def _optional_text(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if isinstance(value, str) and value.strip():
        if (problem := text_problem(value)) is not None:
            # it would be written into every audit entry and record this caller makes
            raise AuthError(f"the token's '{name}' claim {problem}", code="malformed")
        return value.strip()
    return None


def principal_from_claims(claims: Mapping[str, Any], issuer_config: Mapping[str, Any]) -> Principal:
    """Refuses callers the hub cannot place: every rule downstream needs an agency and a role."""
    names = claim_names(issuer_config)
    issuer = str(issuer_config.get("issuer") or claims.get("iss") or "")

    subject = _optional_text(claims, names["sub"])
    if subject is None:
        raise AuthError(f"the token has no subject ('{names['sub']}' claim)", code="missing_claims")

    pinned = issuer_config.get("agency")
    claimed_raw = claims.get(names["agency"])
    claimed = claimed_raw.strip().lower() if isinstance(claimed_raw, str) else None
    if pinned:
        agency = str(pinned).lower()
        if claimed and claimed != agency:
            raise AuthError(
                f"the token claims agency {claimed!r} but its issuer serves only {agency!r}",
                code="unknown_agency",
            )
    elif claimed:
        agency = claimed
    else:
        raise AuthError(
            f"the token names no agency ('{names['agency']}' claim)", code="missing_claims"
        )
    if agency not in AGENCIES:
        raise AuthError(
            f"agency {agency!r} is not a partner agency of the hub "
            f"(expected one of {', '.join(sorted(AGENCIES))})",
            code="unknown_agency",
        )
    allowed = issuer_config.get("agencies")
    if allowed and agency not in {str(a).lower() for a in allowed}:
        raise AuthError(
            f"the token's issuer is not trusted to speak for agency {agency!r}",
            code="unknown_agency",
        )

    roles = parse_roles(claims.get(names["roles"]))
    if not roles:
        raise AuthError(
            f"the token carries no hub role ('{names['roles']}' claim; expected one of "
            f"{', '.join(sorted(ROLES))})",
            code="no_role",
        )

    return Principal(
        subject=subject,
        agency=agency,
        roles=roles,
        team=_optional_text(claims, names["team"]),
        issuer=issuer,
        name=_optional_text(claims, names["name"]),
    )

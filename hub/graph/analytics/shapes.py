"""The plain dict shapes the service layer hands to the analytics.

The service projects only what the caller may see into these shapes, so the analytics
never reach back to the store: whatever is missing from a row or a list is, for the
analytics, not there at all. Extra keys are allowed everywhere and are carried along.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NotRequired, Required, TypedDict

NodeKind = Literal[
    "child", "adult", "place", "school", "phone", "line", "group", "incident", "episode"
]

# People are the nodes a peer network is made of; the rest are contexts around them.
PERSON_KINDS: frozenset[str] = frozenset({"child", "adult"})

# The kinds of link between people (and `line_role`, person/place/phone to a line).
LINK_KINDS: frozenset[str] = frozenset({
    "association", "sibling", "family", "co_offending", "missing_together", "same_school",
    "same_place", "trusted_adult", "positive_activity", "exploitation", "line_role",
})

# Links that keep a child safe, shown apart from the links that carry risk.
PROTECTIVE_KINDS: frozenset[str] = frozenset({"trusted_adult", "positive_activity"})

# Links that are in themselves a sign of harm or of being drawn into it.
RISK_KINDS: frozenset[str] = frozenset({"exploitation", "co_offending", "missing_together"})

# A time window: links are kept when their first/last seen span overlaps it; None is open.
Window = tuple[date | None, date | None]


class NodeDict(TypedDict, total=False):
    """A node as the service projects it; only `id` and `kind` must be there."""

    id: Required[str]
    kind: Required[NodeKind]
    name: str | None
    dob: str | None  # YYYY-MM-DD
    gender: str | None
    ethnicity: str | None
    town: str | None
    ward: str | None
    of_concern: bool


class LinkDict(TypedDict):
    """A link between two nodes; `context` sub-types an association, `role` a line link."""

    id: str
    source: str
    target: str
    kind: str
    strength: float | None
    first_seen: str | None  # YYYY-MM-DD
    last_seen: str | None
    context: NotRequired[str | None]
    role: NotRequired[str | None]


class ParticipationRow(TypedDict):
    """One person's part in one incident."""

    incident_id: str
    person_id: str
    role: str  # suspect, victim, witness, present
    occurred_at: str | None  # ISO date or datetime
    town: NotRequired[str | None]


class EpisodeRow(TypedDict):
    """One missing episode of one child."""

    id: str
    person_id: str
    reported_at: str  # ISO datetime
    found_at_time: str | None  # ISO datetime; None while the child is still missing
    found_place_id: str | None
    found_with: list[str]
    risk: str | None


class InterviewRow(TypedDict):
    """A return home interview offered after an episode."""

    episode_id: str
    offered_at: str | None
    completed_at: str | None
    status: str  # offered, completed, declined


class IncidentRow(TypedDict):
    """An incident a child was involved in, to test for crime while missing."""

    id: str
    person_id: str
    occurred_at: str
    role: NotRequired[str | None]  # the child's part: suspect, victim, witness, present


class PersonRow(TypedDict, total=False):
    """A person in a cohort, for the breakdown by age, gender, ethnicity and area."""

    id: Required[str]
    dob: str | None
    gender: str | None
    ethnicity: str | None
    town: str | None

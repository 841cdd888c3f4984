"""The shape of the graph: labels, relationship types and the indexes each store needs.

`docs/model.md` explains what each one means; this module is what code relies on.
"""

from __future__ import annotations

# Every node also carries the `Entity` label so that one index finds any record by id.
ENTITY = "Entity"

NODE_LABELS: tuple[str, ...] = (
    "Person", "Child", "Adult", "Family", "PeerGroup", "Place", "School", "Area",
    "Incident", "MissingEpisode", "ReturnHomeInterview", "CountyLine", "Phone",
    "Referral", "Intervention", "Outcome", "ContextAssessment", "Panel",
    "PanelDecision", "Action", "Agency", "Team", "Practitioner", "Agreement", "Grant",
    "Flag",
)

# Record linkage (hub/services/identifiers.py, matching.py, linking.py): identifiers a
# partner records for a person (records like any other: owner, category, scope), and the
# hub's own judgement that two agencies' records are one child (a SAME_PERSON link) or may
# be (a MatchReview awaiting a MASH or IG decision). Links and reviews belong to no agency
# (owner "hub", category "linkage", a scope no caller holds), so no generic read ever sees
# them: their own statements show one only to a caller who may see both records.
# Kept apart from NODE_LABELS/REL_TYPES because the seed does not write them (yet).
LINKAGE_LABELS: tuple[str, ...] = ("Identifier", "MatchReview")
LINKAGE_REL_TYPES: tuple[str, ...] = ("HAS_IDENTIFIER", "SAME_PERSON", "REVIEW_OF")
LINKAGE_OWNER = "hub"
LINKAGE_CATEGORY = "linkage"

# Nodes the hub keeps for its own bookkeeping, never records: no `Entity` label, owner,
# category or scope, so no read sees them (the change journal, hub/services/changes.py).
BOOKKEEPING_LABELS: tuple[str, ...] = ("PendingChange",)

# The kinds of record a client names by global id: every label but `Person`, whose nodes are
# always a `Child` or an `Adult` (the read API's types carry these names).
RECORD_KINDS: tuple[str, ...] = tuple(label for label in NODE_LABELS if label != "Person")


def kind_of(labels: list[str] | tuple[str, ...]) -> str | None:
    """The kind of record a node with these labels is, or None for a node that is no record."""
    if "Person" in labels:
        return "Child" if "Child" in labels else "Adult"
    for label in labels:
        if label in RECORD_KINDS:
            return label
    return None


REL_TYPES: tuple[str, ...] = (
    "ASSOCIATED_WITH", "FAMILY_OF", "MEMBER_OF_FAMILY", "MEMBER_OF", "ATTENDS",
    "LIVES_AT", "LOCATED_AT", "INVOLVED_IN", "OCCURRED_AT", "WENT_MISSING",
    "MISSING_FROM", "FOUND_AT", "FOUND_WITH", "HAS_INTERVIEW", "LINKED_TO_LINE",
    "USES_PHONE", "EXPORTS_FROM", "IMPORTS_TO", "IN_AREA", "REFERRAL_FOR", "REFERRED_BY",
    "INTERVENTION_FOR", "FOLLOWS", "OUTCOME_FOR", "OUTCOME_OF", "ASSESSES",
    "DECIDED", "CONCERNS", "HAS_ACTION", "ASSIGNED_TO", "PART_OF", "WORKS_IN", "PARTY_TO",
    "GRANTS", "HAS_FLAG", "HELD_BY",
)

# (label, property) pairs with a range index, beyond `id` on every label.
EXTRA_NODE_INDEXES: tuple[tuple[str, str], ...] = (
    ("Entity", "client_ref"),
    ("Person", "name_lc"),
    ("Person", "dob"),
    ("Place", "town"),
    ("Place", "ward"),
    ("Incident", "occurred_at"),
    ("MissingEpisode", "reported_at"),
    ("Phone", "number"),
    ("PendingChange", "id"),
    ("PendingChange", "record"),
    ("Identifier", "value"),
    ("MatchReview", "status"),
)

# (type, property) pairs with a relationship index, beyond `id` on every type: a link record
# a feed sends (a pupil on a roll) is found again by the partner's own reference.
EXTRA_REL_INDEXES: tuple[tuple[str, str], ...] = (
    ("ATTENDS", "client_ref"),
)

# (label, property) pairs with a full-text index: the people search asks it for the
# three-letter pieces of a name (hub/domain/names.py), so it never reads every name.
FULLTEXT_NODE_INDEXES: tuple[tuple[str, str], ...] = (
    ("Person", "name_grams"),
)

# Every node and relationship carries these; sharing is decided on owner and category.
PROVENANCE_FIELDS: tuple[str, ...] = ("id", "owner", "category", "source", "recorded_at")


def scope_of(owner: str, category: str) -> str:
    """The stored `scope` of a record ("owner:category"), the one property every read
    filters on: kept on the record so that a scan compares one stored value (and can use
    an index) instead of building the string on every row. Every write stamps it."""
    return f"{owner}:{category}"

AGENCIES: dict[str, str] = {
    "police": "Police",
    "trust": "Children's Trust (social care, early help, MASH)",
    "yos": "Youth Offending Service",
    "health": "Health (GP, 0-19, CAMHS, urgent care)",
    "education": "Education (schools)",
    "eis": "OPFCC Early Intervention & Youth Service",
}

CATEGORIES: dict[str, str] = {
    "identity": "who a person is: name, date of birth, gender, ethnicity, address",
    "safeguarding": "child protection, child in care, referrals, assessments, flags",
    "offending": "suspects, offences, youth justice outcomes",
    "intelligence": "association, exploitation and county lines intelligence",
    "missing": "missing episodes and return home interviews",
    "domestic_abuse": "domestic abuse incidents and referrals",
    "education": "school attendance and exclusions",
    "health": "health facts; special category, shared least",
    "context": "context assessments of places, schools and peer groups",
    "panel": "panel agendas, decisions and actions",
    "reference": "places, schools, areas, agencies and agreements: not about a person",
}

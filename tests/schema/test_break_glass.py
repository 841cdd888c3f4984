"""What break glass opens: the person and their own links, and the far ends only as existence."""

from __future__ import annotations

from typing import Any

from hub.domain.ids import encode
from tests.support import RunningHub

OPENED = """query($id: ID!) { node(id: $id) { ... on Child { name dob
    incidents(first: 100) { totalCount edges { node { role incident {
        id summary type provenance { owner category } participants { person { id } } } } } }
    peers(first: 100) { edges { node { context person { id name dob
        provenance { owner category } peers(first: 5) { totalCount } } } } }
    flags { id kind detail provenance { owner category } } } } }"""


def scope_of(row: dict[str, Any]) -> str:
    return f"{row['owner']}:{row['category']}"


def linked_child(demo: Any, skip: int = 0) -> str:
    """A child with incidents and peers, so break glass has far ends to show."""
    involved = {r["a"] for r in demo.rels("INVOLVED_IN")}
    peers = {r["a"] for r in demo.rels("ASSOCIATED_WITH")}
    found = [c["id"] for c in demo.nodes["seed_node_child"] if c["id"] in involved & peers]
    return str(found[skip])


def opened_by(hub: RunningHub, child: str, agency: str, sub: str) -> tuple[set[str], Any]:
    """Break glass on `child` as this agency's practitioner: the scopes they have anyway,
    and the child's record as they then read it."""
    gid = encode("Child", child)
    headers = hub.caller(agency, "practitioner", sub=sub, purpose="missing")
    scopes = set(hub.data("{ me { scopes } }", headers=headers)["me"]["scopes"])
    hub.data("""mutation($id: ID!) { breakGlass(personId: $id, minutes: 5,
        reason: "Child missing overnight, last seen near school") { until } }""",
             {"id": gid}, headers=headers)
    return scopes, hub.data(OPENED, {"id": gid}, headers=headers)["node"]


def test_break_glass_shows_a_far_end_the_caller_may_not_see_as_existence_only(
    hub: RunningHub, demo: Any
) -> None:
    child = linked_child(demo, 3)
    scopes, node = opened_by(hub, child, "education", "teacher-far-ends")
    assert node["name"] == demo.node(child)["name"], "the opened person is shown in full"

    incidents = [e["node"] for e in node["incidents"]["edges"]]
    assert len(incidents) == len([r for r in demo.rels("INVOLVED_IN") if r["a"] == child])
    hidden = [i for i in incidents if scope_of(i["incident"]["provenance"]) not in scopes]
    assert hidden, "the planted child must have incidents education cannot otherwise see"
    for link in hidden:
        incident = link["incident"]
        assert link["role"] is not None, "the child's own link is shown"
        assert incident["provenance"]["owner"], "who holds it is said"
        assert incident["summary"] is None and incident["type"] is None, incident
        assert incident["participants"] == [], "nothing is followed on from a far end"

    people = [e["node"]["person"] for e in node["peers"]["edges"]]
    far = [p for p in people if scope_of(p["provenance"]) not in scopes]
    for person in far:
        assert person["name"] is None and person["dob"] is None, person
        assert person["peers"]["totalCount"] == 0
    for flag in node["flags"]:
        if scope_of(flag["provenance"]) not in scopes:
            assert flag["kind"] is None and flag["detail"] is None, flag


def test_break_glass_far_ends_the_caller_may_see_are_shown_in_full(
    hub: RunningHub, demo: Any
) -> None:
    scopes, node = opened_by(hub, linked_child(demo, 4), "police", "officer-far-ends")
    shown = [e["node"]["incident"] for e in node["incidents"]["edges"]
             if scope_of(e["node"]["incident"]["provenance"]) in scopes]
    assert shown and all(i["type"] is not None for i in shown)


def test_a_break_glass_review_is_for_the_ig_leads_concerned(hub: RunningHub, demo: Any) -> None:
    child = linked_child(demo, 5)
    headers = hub.caller("education", "practitioner", sub="teacher-review", purpose="missing")
    opened = hub.data("""mutation($id: ID!) { breakGlass(personId: $id, minutes: 5,
        reason: "Child missing overnight") { auditSeq } }""", {"id": encode("Child", child)},
                      headers=headers)["breakGlass"]
    health = hub.caller("health", "ig_lead", purpose=None, justification=None)
    queue = hub.data("{ breakGlassReviews { seq } }", headers=health)["breakGlassReviews"]
    assert opened["auditSeq"] not in [e["seq"] for e in queue], \
        "neither by a health user nor about a person health holds"
    body = hub.gql("mutation($s: Int!) { reviewBreakGlass(seq: $s, outcome: \"justified\", "
                   "note: \"looked\") { seq } }", {"s": opened["auditSeq"]}, headers=health)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    owner = demo.node(child)["owner"]
    holder = hub.caller(owner, "ig_lead", purpose=None, justification=None)
    queue = hub.data("{ breakGlassReviews { seq } }", headers=holder)["breakGlassReviews"]
    assert opened["auditSeq"] in [e["seq"] for e in queue], "the agency holding the child sees it"

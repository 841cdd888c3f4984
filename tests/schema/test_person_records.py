"""A record that names or concerns a person is a disclosure of that person, however it is read.

A flag, a referral, a missing episode, an interview, support, an outcome, an incident, a
panel decision or its action needs X-Justification to be read, and the audit entry of the
read names the person it is about.
"""

from __future__ import annotations

from typing import Any

import pytest

from hub.domain.ids import encode
from tests.support import RunningHub

# GraphQL type, the seed's node table, and how the record leads to its person
# (relationship type, and whether the record is its start `a` or its end `b`).
RECORDS = [
    ("Flag", "seed_node_flag", "HAS_FLAG", "b"),
    ("Referral", "seed_node_referral", "REFERRAL_FOR", "a"),
    ("MissingEpisode", "seed_node_missing_episode", "WENT_MISSING", "b"),
    ("Intervention", "seed_node_intervention", "INTERVENTION_FOR", "a"),
    ("Outcome", "seed_node_outcome", "OUTCOME_FOR", "a"),
    ("Incident", "seed_node_incident", "INVOLVED_IN", "b"),
    ("PanelDecision", "seed_node_panel_decision", "CONCERNS", "a"),
]


def record_about_someone(demo: Any, table: str, rel: str, end: str, owner: str) -> tuple[str, str]:
    """A record of this owner with the person it concerns."""
    ours = {row["id"] for row in demo.nodes[table] if row["owner"] == owner}
    people = {p["id"] for p in demo.nodes["seed_node_child"] + demo.nodes["seed_node_adult"]}
    for r in demo.rels(rel):
        record, person = (r["a"], r["b"]) if end == "a" else (r["b"], r["a"])
        if record in ours and person in people:
            return record, person
    raise AssertionError(f"no {table} of {owner} concerns a person")


def owner_of(demo: Any, table: str) -> str:
    owners = sorted({row["owner"] for row in demo.nodes[table]})
    return "police" if "police" in owners else ("trust" if "trust" in owners else owners[0])


@pytest.mark.parametrize(("type_name", "table", "rel", "end"), RECORDS)
def test_a_record_about_a_person_needs_a_justification_and_names_them_in_the_audit(
    hub: RunningHub, demo: Any, type_name: str, table: str, rel: str, end: str
) -> None:
    agency = owner_of(demo, table)
    record, person = record_about_someone(demo, table, rel, end, agency)
    gid = encode(type_name, record)
    sub = f"reader-{type_name.lower()}"
    query = "query ReadRecord($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }"
    for role in ("practitioner", "analyst", "panel_member"):
        justified = hub.caller(agency, role, sub=sub)
        if hub.data(query, {"id": gid}, headers=justified)["node"] is not None:
            break
    else:
        pytest.skip(f"no {agency} role sees this {type_name}")
    unjustified = hub.caller(agency, role, sub=sub, justification=None)
    body = hub.gql(query, {"id": gid}, headers=unjustified)
    assert body["data"] is None or (body["data"]["node"] is None
                                    and body["data"]["nodes"] in (None, [None]))
    assert any("justification" in e["message"] for e in body["errors"]), body["errors"]
    auditor = hub.caller(agency, "auditor", purpose=None, justification=None)
    entries = hub.data("query($a: String) { auditLog(actor: $a, kind: \"disclosure\") "
                       "{ subjects operation } }", {"a": sub}, headers=auditor)["auditLog"]
    assert entries and person in entries[0]["subjects"], (type_name, entries[:1])
    assert entries[0]["operation"] == "ReadRecord"


def test_a_return_home_interview_names_the_child_who_went_missing(
    hub: RunningHub, demo: Any
) -> None:
    whose = {r["b"]: r["a"] for r in demo.rels("WENT_MISSING")}
    interview = next(r for r in demo.rels("HAS_INTERVIEW") if r["a"] in whose)
    child = whose[interview["a"]]
    query = """query ReadEpisode($id: ID!) { node(id: $id) { ... on MissingEpisode {
        interview { id status } } } }"""
    headers = hub.caller("eis", "practitioner", sub="reader-rhi", purpose="missing")
    node = hub.data(query, {"id": encode("MissingEpisode", interview["a"])}, headers=headers)
    if not node["node"] or not node["node"]["interview"]:
        pytest.skip("the eis practitioner does not see this episode")
    body = hub.gql("query($id: ID!) { node(id: $id) { id } }",
                   {"id": encode("ReturnHomeInterview", interview["b"])},
                   headers=hub.caller("eis", "practitioner", purpose="missing",
                                      justification=None))
    assert any("justification" in e["message"] for e in body.get("errors") or []), body
    auditor = hub.caller("eis", "auditor", purpose=None, justification=None)
    entries = hub.data("{ auditLog(actor: \"reader-rhi\") { subjects } }",
                       headers=auditor)["auditLog"]
    assert entries and child in entries[0]["subjects"]


def test_a_list_of_episodes_needs_a_justification_only_when_records_are_shown(
    hub: RunningHub,
) -> None:
    headers = hub.caller("police", "analyst", justification=None)
    assert hub.data("{ missingEpisodes { totalCount } }", headers=headers)
    body = hub.gql("{ missingEpisodes(first: 2) { edges { node { risk } } } }", headers=headers)
    assert any("justification" in e["message"] for e in body["errors"])

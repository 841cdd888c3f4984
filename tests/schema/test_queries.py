"""Reading the county through GraphQL over real HTTP: every answer checked against the seed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hub.domain.ids import encode
from tests.support import RunningHub


def gid(dataset: Any, raw_id: str) -> str:
    labels = dataset.labels(raw_id)
    type_name = "Child" if "Child" in labels else "Adult" if "Adult" in labels else labels[-1]
    return encode(type_name, raw_id)


class View:
    """The seed as one caller may see it: the oracle the API's answers are checked against."""

    def __init__(self, dataset: Any, scopes: set[str]) -> None:
        self.dataset = dataset
        self.scopes = scopes

    def sees(self, row: dict[str, Any]) -> bool:
        return f"{row['owner']}:{row['category']}" in self.scopes

    def node(self, node_id: str) -> bool:
        return self.sees(self.dataset.node(node_id))

    def rels_from(self, rel_type: str, node_id: str) -> list[dict[str, Any]]:
        return [r for r in self.dataset.rels(rel_type)
                if r["a"] == node_id and self.sees(r["props"]) and self.node(r["b"])]

    def rels_to(self, rel_type: str, node_id: str) -> list[dict[str, Any]]:
        return [r for r in self.dataset.rels(rel_type)
                if r["b"] == node_id and self.sees(r["props"]) and self.node(r["a"])]


@pytest.fixture(scope="module")
def view(hub: RunningHub, demo: Any) -> View:
    """What the default caller (a police analyst, purpose MACE) may see, per the hub itself."""
    return View(demo, set(hub.data("{ me { scopes } }")["me"]["scopes"]))


PROFILE = """
query Profile($id: ID!) {
  node(id: $id) {
    id
    ... on Child {
      name dob age provenance { owner category source recordedAt }
      family { kind direction person { id name } }
      peers(first: 100) { totalCount edges { node { context strength person { id } } } }
      schools { school { id name } }
      incidents(first: 100) { totalCount edges { node { role incident { id occurredAt type } } } }
      missingEpisodes(first: 100) {
        totalCount
        edges { node { id reportedAt foundAt { id } foundWith { id } interview { status } } }
      }
      referrals { id consent } flags { kind } countyLines { role line { name } }
    }
  }
}
"""


def test_a_childs_profile_follows_every_link(hub: RunningHub, demo: Any, view: View) -> None:
    child = demo.planted.missing.children[0]
    node = hub.data(PROFILE, {"id": gid(demo, child)})["node"]
    row = demo.node(child)
    assert node["name"] == row["name"] and node["dob"] == row["dob"]
    assert node["provenance"]["owner"] == row["owner"]
    peers = view.rels_from("ASSOCIATED_WITH", child) + view.rels_to("ASSOCIATED_WITH", child)
    assert node["peers"]["totalCount"] == len(peers)
    strengths = [e["node"]["strength"] or 0 for e in node["peers"]["edges"]]
    assert strengths == sorted(strengths, reverse=True)
    incidents = view.rels_from("INVOLVED_IN", child)
    assert node["incidents"]["totalCount"] == len(incidents)
    times = [e["node"]["incident"]["occurredAt"] for e in node["incidents"]["edges"]]
    assert times == sorted(times, reverse=True), "incidents come newest first"
    episodes = view.rels_from("WENT_MISSING", child)
    assert node["missingEpisodes"]["totalCount"] == len(episodes) >= 3
    found_at = {r["a"]: r["b"] for r in demo.rels("FOUND_AT")}
    for edge in node["missingEpisodes"]["edges"]:
        episode = edge["node"]
        raw = next(r["b"] for r in episodes if gid(demo, r["b"]) == episode["id"])
        expected = found_at.get(raw)
        assert (episode["foundAt"] or {}).get("id") == (gid(demo, expected) if expected else None)
    assert len(node["schools"]) == len(view.rels_from("ATTENDS", child))
    assert len(node["referrals"]) == len(view.rels_to("REFERRAL_FOR", child))
    assert len(node["flags"]) == len(view.rels_from("HAS_FLAG", child))


def test_people_search_by_name_matches_the_seed(hub: RunningHub, demo: Any, view: View) -> None:
    some_child = demo.planted.peer_groups[0].members[0]
    family_name = demo.node(some_child)["family_name"]
    needle = family_name[1:4].upper()
    expected = {row["id"] for rows in (demo.nodes["seed_node_child"], demo.nodes["seed_node_adult"])
                for row in rows if needle.lower() in row["name_lc"] and view.sees(row)}
    data = hub.data("""query($f: PeopleFilter) { people(filter: $f, first: 200) {
        totalCount edges { node { id name } } } }""", {"f": {"name": needle}})
    assert data["people"]["totalCount"] == len(expected)
    assert len(expected) <= 200, "pick a rarer needle"
    assert {e["node"]["id"] for e in data["people"]["edges"]} == {gid(demo, i) for i in expected}


def _age(dob: str, today: date) -> int:
    born = date.fromisoformat(dob)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_children_filtered_by_age_and_town(hub: RunningHub, demo: Any, view: View) -> None:
    today = date.today()
    town = demo.node(demo.planted.peer_groups[0].members[0])["town"]
    expected = [row for row in demo.nodes["seed_node_child"]
                if row.get("town") == town and 14 <= _age(row["dob"], today) <= 15
                and view.sees(row)]
    data = hub.data("""query($f: PeopleFilter) { children(filter: $f, first: 5) {
        totalCount edges { node { age town } } } }""",
                    {"f": {"town": town, "ageMin": 14, "ageMax": 15}})
    assert data["children"]["totalCount"] == len(expected)
    for edge in data["children"]["edges"]:
        assert edge["node"]["town"] == town and 14 <= edge["node"]["age"] <= 15


def test_incidents_filtered_by_type_and_period_come_newest_first(
    hub: RunningHub, demo: Any, view: View
) -> None:
    rows = demo.nodes["seed_node_incident"]
    kind = rows[0]["type"]
    since, until = "2025-01-01T00:00:00", "2026-06-30T23:59:59"
    expected = [r for r in rows if r["type"] == kind and since <= r["occurred_at"] <= until
                and view.sees(r)]
    data = hub.data("""query($f: IncidentFilter) { incidents(filter: $f, first: 50) {
        totalCount edges { node { type occurredAt } } } }""",
                    {"f": {"types": [kind], "since": since, "until": until}})
    assert data["incidents"]["totalCount"] == len(expected)
    times = [e["node"]["occurredAt"] for e in data["incidents"]["edges"]]
    assert times == sorted(times, reverse=True)
    assert all(e["node"]["type"] == kind for e in data["incidents"]["edges"])


def test_a_place_shows_its_incidents_children_and_assessments(hub: RunningHub, demo: Any, view: View) -> None:
    place = demo.planted.missing.found_places[0]
    data = hub.data("""query($id: ID!) { node(id: $id) { ... on Place {
        name town incidents(first: 100) { totalCount }
        foundHere { id child { id } } residents { id } assessments { riskLevel } } } }""",
                    {"id": gid(demo, place)})["node"]
    assert data["name"] == demo.node(place)["name"]
    assert data["incidents"]["totalCount"] == len(view.rels_to("OCCURRED_AT", place))
    assert len(data["foundHere"]) == len(view.rels_to("FOUND_AT", place))
    assert len(data["assessments"]) == len(view.rels_to("ASSESSES", place))


def test_a_county_line_shows_its_phones_people_and_places(hub: RunningHub, demo: Any) -> None:
    line = demo.planted.county_lines[0]
    data = hub.data("""query($id: ID!) { node(id: $id) { ... on CountyLine {
        name phones { phone { number } } people { role person { id } }
        children: people(childrenOnly: true) { person { id } }
        places { role place { id } } exportingAreas { id } importingAreas { id } } } }""",
                    {"id": encode("CountyLine", line.line_id)})["node"]
    assert data["name"] == line.name
    assert sorted(p["phone"]["number"] for p in data["phones"]) == sorted(line.numbers)
    people = {gid(demo, p) for p in [line.controller, *line.runners]}
    assert people <= {p["person"]["id"] for p in data["people"]}
    assert {gid(demo, c) for c in line.child_runners} <= {
        p["person"]["id"] for p in data["children"]}
    cuckooed = {p["place"]["id"] for p in data["places"] if p["role"] == "cuckooed_address"}
    assert cuckooed == {gid(demo, c) for c in line.cuckooed}
    assert len(data["importingAreas"]) == len(line.importing_areas)


def test_paging_forwards_visits_every_item_once(hub: RunningHub) -> None:
    query = """query($after: String) { places(first: 40, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = hub.data(query, {"after": after})["places"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]


def test_paging_backwards_gives_the_tail(hub: RunningHub) -> None:
    everything = hub.data("{ schools(first: 200) { edges { node { id } } } }")["schools"]["edges"]
    tail = hub.data("{ places(last: 3) { edges { node { id } } pageInfo { hasPreviousPage } } }")
    assert len(tail["places"]["edges"]) == 3 and tail["places"]["pageInfo"]["hasPreviousPage"]
    assert everything


def test_a_page_of_children_with_links_takes_a_fixed_number_of_store_trips(
    hub: RunningHub,
) -> None:
    query = """query($n: Int) { children(first: $n) { edges { node { name
        incidents(first: 5) { edges { node { role incident { type place { town } } } } }
        schools { school { name } } peers(first: 5) { edges { node { person { name } } } }
    } } } }"""
    trips = {}
    for size in (5, 50):
        body = hub.gql(query, {"n": size})
        assert "errors" not in body
        assert len(body["data"]["children"]["edges"]) == size
        trips[size] = body["extensions"]["storeCalls"]
    assert trips[5] == trips[50] <= 8


def test_a_guessed_or_wrong_typed_id_finds_nothing(hub: RunningHub, demo: Any) -> None:
    child = demo.planted.missing.children[0]
    assert hub.data("query($id: ID!) { node(id: $id) { id } }",
                    {"id": encode("Child", "per_999999")})["node"] is None
    assert hub.data("query($id: ID!) { node(id: $id) { id } }",
                    {"id": encode("Incident", child)})["node"] is None
    body = hub.gql("{ node(id: \"not-an-id\") { id } }")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


@pytest.mark.parametrize("bad, field", [
    ({"ageMin": 16, "ageMax": 12}, "filter.ageMin"),
    ({"ageMin": -1}, "filter.ageMin"),
    ({"name": "x" * 201}, "filter.name"),
])
def test_bad_filters_say_which_field_is_wrong(hub: RunningHub, bad: dict[str, Any],
                                              field: str) -> None:
    body = hub.gql("query($f: PeopleFilter) { people(filter: $f) { totalCount } }", {"f": bad})
    assert body["errors"][0]["extensions"]["field"] == field


def test_page_size_is_capped(hub: RunningHub) -> None:
    body = hub.gql("{ people(first: 5000) { totalCount } }")
    assert body["errors"][0]["extensions"]["field"] == "first"
    assert "between 0 and" in body["errors"][0]["message"]

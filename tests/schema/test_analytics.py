"""The analytics over real HTTP: each finds what the demo county planted, and none shows a
caller anything built on what they may not see.

The oracle is the demo dataset filtered by the caller's own `me { scopes }`: a network,
a route, a cluster or a count must be exactly what those visible records allow, so a
hidden link cannot carry a path, hold a group together or add to a count.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from datetime import date, datetime
from itertools import combinations
from typing import Any

import pytest

from hub.auth.policy import compile_visibility, consent_check
from hub.auth.principal import Principal
from hub.domain.ids import decode, encode
from hub.graph.analytics import (
    missing_together,
    recurring_found_places,
    repeat_missing,
    rhi_performance,
)
from hub.domain.errors import NEEDS_JUSTIFICATION
from hub.services.analytics import ROUTE_TYPES
from tests.schema.test_sharing import agreements_of
from tests.support import RunningHub

MACE_ANALYST = ("police", "analyst", "mace")
# Sees who people are and their missing episodes, but no intelligence and no offending.
MISSING_TRUST = ("trust", "practitioner", "missing")
# Sees who people are and school records only: no missing, no offending, no intelligence.
MISSING_SCHOOL = ("education", "practitioner", "missing")
# Sees offending but no intelligence and no missing episodes.
YVIU_TRUST = ("trust", "practitioner", "yviu")
SEED_NOW = "2026-11-01T00:00:00"


# ---------------------------------------------------------------- the oracle

class Seen:
    """The demo county as one caller may see it."""

    def __init__(self, demo: Any, scopes: set[str],
                 shares: Callable[[dict[str, Any]], bool] = lambda row: True) -> None:
        self.demo = demo
        self.scopes = scopes
        self.shares = shares  # the consent rule, for records of the consent-based service

    def sees(self, row: dict[str, Any]) -> bool:
        return f"{row['owner']}:{row['category']}" in self.scopes

    def node(self, node_id: str) -> bool:
        return self.sees(self.demo.node(node_id))

    def rels(self, rel_type: str) -> list[dict[str, Any]]:
        return [r for r in self.demo.rels(rel_type)
                if self.sees(r["props"]) and self.node(r["a"]) and self.node(r["b"])]

    def peer_pairs(self) -> set[frozenset[str]]:
        """Links of the default kinds: association, sibling, co-offending, missing together."""
        pairs = {frozenset((r["a"], r["b"])) for r in self.rels("ASSOCIATED_WITH")}
        pairs |= {frozenset((r["a"], r["b"])) for r in self.rels("FAMILY_OF")
                  if r["props"].get("kind") == "sibling"}
        suspects: dict[str, set[str]] = defaultdict(set)
        for r in self.rels("INVOLVED_IN"):
            if r["props"].get("role") == "suspect":
                suspects[r["b"]].add(r["a"])
        pairs |= {frozenset(p) for group in suspects.values() for p in combinations(group, 2)}
        whose = {r["b"]: r["a"] for r in self.rels("WENT_MISSING")}
        pairs |= {frozenset((whose[r["a"]], r["b"])) for r in self.rels("FOUND_WITH")
                  if r["a"] in whose and whose[r["a"]] != r["b"]}
        return pairs

    def route_adjacency(self) -> dict[str, set[str]]:
        adjacency: dict[str, set[str]] = defaultdict(set)
        for rel_type in ROUTE_TYPES:
            for r in self.rels(rel_type):
                adjacency[r["a"]].add(r["b"])
                adjacency[r["b"]].add(r["a"])
        return adjacency

    def episodes(self, since: str, until: str) -> tuple[list[Any], list[Any]]:
        """Visible episodes reported in the period, and their interviews, as the service
        shapes them for the analytics."""
        whose = {r["b"]: r["a"] for r in self.rels("WENT_MISSING")}
        found_at = {r["a"]: r["b"] for r in self.rels("FOUND_AT")}
        found_with: dict[str, list[str]] = defaultdict(list)
        for r in self.rels("FOUND_WITH"):
            found_with[r["a"]].append(r["b"])
        interviews = [{"episode_id": r["a"], "offered_at": self.demo.node(r["b"]).get(
            "offered_at"), "completed_at": self.demo.node(r["b"]).get("completed_at"),
            "status": self.demo.node(r["b"]).get("status")} for r in self.rels("HAS_INTERVIEW")
            if self.shares(self.demo.node(r["b"]))]
        rows = []
        for episode_id, child in whose.items():
            e = self.demo.node(episode_id)
            if not since <= e["reported_at"] <= until:
                continue
            rows.append({"id": episode_id, "person_id": child, "reported_at": e["reported_at"],
                         "found_at_time": e.get("found_at_time"),
                         "found_place_id": found_at.get(episode_id),
                         "found_with": found_with.get(episode_id, []), "risk": e.get("risk")})
        return rows, interviews


def distances(adjacency: dict[str, set[str]], start: str, depth: int) -> dict[str, int]:
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if seen[node] == depth:
            continue
        for other in adjacency.get(node, ()):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return seen


def adjacency_of(pairs: set[frozenset[str]]) -> dict[str, set[str]]:
    adjacency: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        a, b = sorted(pair)
        adjacency[a].add(b)
        adjacency[b].add(a)
    return adjacency


@pytest.fixture(scope="module")
def callers(hub: RunningHub, demo: Any) -> dict[tuple[str, str, str], tuple[dict[str, str], Seen]]:
    """Headers and the oracle for each caller the tests use, scopes as the hub reports them."""
    out = {}
    for agency, role, purpose in (MACE_ANALYST, MISSING_TRUST, MISSING_SCHOOL, YVIU_TRUST):
        headers = hub.caller(agency, role, purpose=purpose)
        scopes = set(hub.data("{ me { scopes } }", headers=headers)["me"]["scopes"])
        principal = Principal(subject="t", agency=agency, roles=frozenset({role}), team=None,
                              issuer="test")
        vis = compile_visibility(principal, purpose, agreements_of(demo), date.today())
        out[(agency, role, purpose)] = (headers, Seen(
            demo, scopes, lambda row, v=vis: consent_check(v, row)[0]))
    return out


def raw(global_id: str) -> str:
    return decode(global_id)[1]


def gid(demo: Any, raw_id: str) -> str:
    labels = demo.labels(raw_id)
    type_name = "Child" if "Child" in labels else "Adult" if "Adult" in labels else labels[-1]
    return encode(type_name, raw_id)


def error_of(hub: RunningHub, query: str, variables: dict[str, Any],
             headers: dict[str, str]) -> dict[str, Any]:
    body = hub.gql(query, variables, headers)
    assert body.get("errors"), body
    return body["errors"][0]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- peer networks

NETWORK = """query($id: ID!, $depth: Int!, $kinds: [NetworkLinkKind!]) {
  peerNetwork(childId: $id, depth: $depth, kinds: $kinds) {
    focus { id } people notes
    nodes { person { id isChild } hops community betweenness degree eigenvector }
    links { source target kind via }
    communities { index members }
    bridges { person { id } communities }
    adults { person { id ofConcern } hops }
    protectiveTies { source target kind }
    riskTies { kind }
  } }"""


def network(hub: RunningHub, headers: dict[str, str], person: str, depth: int,
            kinds: list[str] | None = None) -> dict[str, Any]:
    variables = {"id": person, "depth": depth, "kinds": kinds}
    return hub.data(NETWORK, variables, headers)["peerNetwork"]  # type: ignore[no-any-return]


def check_against_oracle(net: dict[str, Any], seen: Seen, focus: str, depth: int) -> None:
    """The people and links are exactly those the caller's visible records reach."""
    pairs = seen.peer_pairs()
    reach = distances(adjacency_of(pairs), focus, depth)
    assert {raw(n["person"]["id"]): n["hops"] for n in net["nodes"]} == reach
    expected = {p for p in pairs if p <= set(reach)}
    assert {frozenset((raw(link["source"]), raw(link["target"]))) for link in net["links"]} \
        == expected


def test_the_planted_groups_come_out_as_communities_with_the_bridge_between_them(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MACE_ANALYST]
    planted = demo.planted
    bridge = planted.bridge_child
    net = network(hub, headers, gid(demo, bridge), 2)
    check_against_oracle(net, seen, bridge, 2)
    community = {raw(n["person"]["id"]): n["community"] for n in net["nodes"]}
    found = []
    for index in planted.bridged_groups:
        members = [m for m in planted.peer_groups[index].members if m in community]
        assert len(members) >= 4, "the bridge reaches most of each group within two links"
        assert len({community[m] for m in members}) == 1, "a planted group is one community"
        found.append(community[members[0]])
    assert found[0] != found[1], "the two groups are told apart"
    bridges = {raw(b["person"]["id"]): set(b["communities"]) for b in net["bridges"]}
    assert bridge in bridges and set(found) <= bridges[bridge]
    assert raw(net["bridges"][0]["person"]["id"]) == bridge, "the bridge has most betweenness"


def test_the_edge_adult_stands_at_a_distance_and_protective_ties_stand_apart(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MACE_ANALYST]
    group = demo.planted.peer_groups[0]
    focus = group.members[0]
    net = network(hub, headers, gid(demo, focus), 3)
    check_against_oracle(net, seen, focus, 3)
    expected_hops = distances(adjacency_of(seen.peer_pairs()), focus, 3)[group.edge_adult]
    adults = {raw(a["person"]["id"]): a for a in net["adults"]}
    assert adults[group.edge_adult]["hops"] == expected_hops >= 1
    assert adults[group.edge_adult]["person"]["ofConcern"] is True
    assert "exploitation" in {t["kind"] for t in net["riskTies"]}
    protective = {(t["kind"], raw(t["source"]), raw(t["target"])) for t in net["protectiveTies"]}
    for tie in demo.planted.protective:
        if tie.child == focus:
            assert any(kind == tie.context and {a, b} == {tie.child, tie.adult}
                       for kind, a, b in protective)


@pytest.mark.parametrize("caller", [MISSING_TRUST, MISSING_SCHOOL, YVIU_TRUST])
def test_a_network_holds_only_links_the_caller_may_see(
    hub: RunningHub, demo: Any, callers: dict[Any, Any], caller: tuple[str, str, str]
) -> None:
    headers, seen = callers[caller]
    group = demo.planted.peer_groups[0]
    focus = group.members[0]
    net = network(hub, headers, gid(demo, focus), 3)
    check_against_oracle(net, seen, focus, 3)
    assert "police:intelligence" not in seen.scopes
    people = {raw(n["person"]["id"]) for n in net["nodes"]}
    assert group.edge_adult not in people, "the adult is reached only through intelligence"
    assert not set(group.members[1:]) <= people, "the group is held together by intelligence"


def test_a_network_through_schools_skips_the_big_ones_and_says_so(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    focus = gid(demo, demo.planted.peer_groups[0].members[0])
    net = network(hub, headers, focus, 1, ["SAME_SCHOOL", "SAME_PLACE"])
    assert {link["kind"] for link in net["links"]} <= {"same_school", "same_place"}
    assert all(link["via"] for link in net["links"])
    for note in net["notes"]:
        assert "skipped" in note and "over 60" in note


def test_network_limits_are_refused_naming_the_argument(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    focus = gid(demo, demo.planted.bridge_child)
    too_deep = error_of(hub, NETWORK, {"id": focus, "depth": 4}, headers)
    assert too_deep["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert too_deep["extensions"]["field"] == "depth" and "max_depth is 3" in too_deep["message"]
    too_shallow = error_of(hub, NETWORK, {"id": focus, "depth": 0}, headers)
    assert too_shallow["extensions"] == {**too_shallow["extensions"], "code": "INVALID_INPUT",
                                         "field": "depth"}
    too_long = error_of(hub, ROUTE, {"a": focus, "b": focus, "n": 9}, headers)
    assert too_long["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert too_long["extensions"]["field"] == "maxLength"
    assert "max_path_length is 6" in too_long["message"]
    bad = error_of(hub, NETWORK, {"id": "not-an-id", "depth": 2}, headers)
    assert bad["extensions"]["field"] == "childId"


def test_analytics_need_a_justification_and_hidden_people_are_not_found(
    hub: RunningHub, demo: Any
) -> None:
    focus = gid(demo, demo.planted.bridge_child)
    unjustified = hub.caller("police", "analyst", purpose="mace", justification=None)
    refused = error_of(hub, NETWORK, {"id": focus, "depth": 1}, unjustified)
    assert refused["message"] == NEEDS_JUSTIFICATION
    hidden = hub.caller("yos", "practitioner", purpose="missing")  # no police or trust identity
    nobody = encode("Child", "per_999999")
    messages = [error_of(hub, NETWORK, {"id": person, "depth": 1}, hidden)
                for person in (focus, nobody)]
    assert {m["extensions"]["code"] for m in messages} == {"NOT_FOUND"}
    assert messages[0]["message"] == messages[1]["message"], "hidden reads like missing"


# ---------------------------------------------------------------- routes

ROUTE = """query($a: ID!, $b: ID!, $n: Int!) { connection(fromId: $a, toId: $b, maxLength: $n) {
  source { id } target { id } notes
  routes { length steps { record { id kind name } links { kind role context } } } } }"""


def check_routes(found: dict[str, Any], seen: Seen, source: str, target: str,
                 max_length: int) -> None:
    adjacency = seen.route_adjacency()
    shortest = distances(adjacency, source, max_length).get(target)
    routes = found["routes"]
    assert (routes[0]["length"] if routes else None) == shortest
    for route in routes:
        steps = [raw(s["record"]["id"]) for s in route["steps"]]
        assert steps[0] == source and steps[-1] == target and len(steps) == route["length"] + 1
        for a, b in zip(steps, steps[1:], strict=False):
            assert b in adjacency[a], "every step is a link the caller may see"


def test_a_route_from_the_bridge_child_to_the_edge_adult_uses_visible_links_only(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    group = demo.planted.peer_groups[0]
    bridge, adult = demo.planted.bridge_child, group.edge_adult
    variables = {"a": gid(demo, bridge), "b": gid(demo, adult), "n": 4}
    for caller in (MACE_ANALYST, MISSING_TRUST, MISSING_SCHOOL):
        headers, seen = callers[caller]
        found = hub.data(ROUTE, variables, headers)["connection"]
        check_routes(found, seen, bridge, adult, 4)
        if caller == MACE_ANALYST:
            assert found["routes"] and found["routes"][0]["steps"][-1]["links"][0]["kind"] \
                == "association"


def test_a_child_is_connected_to_a_county_line_through_what_the_caller_sees(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    child = demo.planted.missing.children[0]
    line = demo.planted.county_lines[0].line_id
    variables = {"a": gid(demo, child), "b": encode("CountyLine", line), "n": 4}
    headers, seen = callers[MACE_ANALYST]
    found = hub.data(ROUTE, variables, headers)["connection"]
    check_routes(found, seen, child, line, 4)
    assert found["routes"], "the planted child is found at the line's cuckooed flat"
    assert found["routes"][0]["steps"][-1]["record"]["kind"] == "line"
    headers, _ = callers[MISSING_TRUST]
    hidden = error_of(hub, ROUTE, variables, headers)
    assert hidden["extensions"]["code"] == "NOT_FOUND" and hidden["extensions"]["field"] == "toId"


# ---------------------------------------------------------------- co-offending

CO_OFFENDING = """query($town: String, $ward: String) {
  coOffendingNetwork(town: $town, ward: $ward) {
    incidents people { person { id } incidents } links { a b incidents }
    clusters { members { id } incidentIds size } } }"""


@pytest.mark.parametrize("caller", [MACE_ANALYST, YVIU_TRUST, MISSING_TRUST])
def test_a_co_offending_cluster_is_what_the_caller_may_see(
    hub: RunningHub, demo: Any, callers: dict[Any, Any], caller: tuple[str, str, str]
) -> None:
    headers, seen = callers[caller]
    planted = demo.planted.co_offending[0]
    found = hub.data(CO_OFFENDING, {"town": planted.town, "ward": planted.ward},
                     headers)["coOffendingNetwork"]
    at = {r["a"] for r in seen.rels("OCCURRED_AT")
          if demo.node(r["b"])["town"] == planted.town
          and demo.node(r["b"])["ward"] == planted.ward}
    suspects = [r for r in seen.rels("INVOLVED_IN")
                if r["b"] in at and r["props"].get("role") == "suspect"]
    assert found["incidents"] == len({r["b"] for r in suspects})
    assert {raw(p["person"]["id"]) for p in found["people"]} == {r["a"] for r in suspects}
    clusters = [({raw(m["id"]) for m in c["members"]}, {raw(i) for i in c["incidentIds"]})
                for c in found["clusters"]]
    if suspects:
        members, incidents = next(c for c in clusters if planted.members[0] in c[0])
        assert set(planted.members) <= members
        assert set(planted.incidents) <= incidents
    else:
        assert clusters == [] and found["links"] == []


def test_co_offending_needs_an_area_or_a_period(hub: RunningHub, callers: dict[Any, Any]) -> None:
    headers, _ = callers[MACE_ANALYST]
    refused = error_of(hub, CO_OFFENDING, {}, headers)
    assert refused["extensions"]["field"] == "town"


# ---------------------------------------------------------------- missing

PROFILE = """query($id: ID!, $at: DateTime) { missingProfile(childId: $id, asOf: $at) {
  total open longestHours gapsDays triggersChecked
  episodes { id durationHours foundAt { id } foundWith { id } interviewStatus }
  foundPlaces { place { id } count } companions { person { id } count }
  crimesWhileMissing triggers { code label episodeIds } } }"""


def test_a_missing_profile_fires_the_planted_triggers(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    planted = demo.planted.missing
    child = planted.children[0]
    found = hub.data(PROFILE, {"id": gid(demo, child), "at": SEED_NOW}, headers)
    profile = found["missingProfile"]
    assert profile["total"] == len(planted.episodes[child]) and profile["open"] == 1
    assert [raw(e["id"]) for e in profile["episodes"]] == planted.episodes[child]
    fired = {t["code"]: t for t in profile["triggers"]}
    assert {"repeat_30d", "long_episode"} <= set(fired)
    # The planted child was present at a drugs incident while missing, not a suspect: it is
    # an incident while missing, but the crime-while-missing trigger counts suspects only.
    assert "crime_while_missing" not in fired and "crime_while_missing" in profile[
        "triggersChecked"]
    assert set(fired) <= set(profile["triggersChecked"])
    assert encode("MissingEpisode", planted.long_episode) in fired["long_episode"]["episodeIds"]
    assert raw(profile["crimesWhileMissing"][0]) == planted.incident_while_missing
    assert raw(profile["foundPlaces"][0]["place"]["id"]) == planted.found_places[0]
    assert {raw(c["person"]["id"]) for c in profile["companions"]} == set(planted.children[1:])


def test_a_missing_profile_counts_only_visible_episodes(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    child = demo.planted.missing.children[0]
    for caller in (MISSING_TRUST, MISSING_SCHOOL):
        headers, seen = callers[caller]
        profile = hub.data(PROFILE, {"id": gid(demo, child), "at": SEED_NOW},
                           headers)["missingProfile"]
        visible = [r for r in seen.rels("WENT_MISSING") if r["a"] == child]
        assert profile["total"] == len(visible)
        if not visible:
            assert profile["triggers"] == [] and profile["foundPlaces"] == []


SUMMARY = """query($since: Date, $until: Date) {
  missingSummary(since: $since, until: $until, minEpisodes: 3, first: 200) {
    episodes
    repeatMissing { child { id } episodes }
    missingTogether { a { id } b { id } foundTogether total }
    recurringPlaces { place { id } episodes }
    rhi { returns offered completed completedWithin72h declined notOffered } } }"""


@pytest.mark.parametrize("caller", [MACE_ANALYST, MISSING_TRUST, MISSING_SCHOOL])
def test_the_missing_summary_is_what_the_callers_episodes_allow(
    hub: RunningHub, demo: Any, callers: dict[Any, Any], caller: tuple[str, str, str]
) -> None:
    headers, seen = callers[caller]
    since, until = "2026-08-01", "2026-10-31"
    summary = hub.data(SUMMARY, {"since": since, "until": until}, headers)["missingSummary"]
    rows, interviews = seen.episodes(since, f"{until}T23:59:59")
    assert summary["episodes"] == len(rows)
    expected_repeat = repeat_missing(rows, 3, (datetime(2026, 8, 1).date(),
                                               datetime(2026, 10, 31).date()))
    assert [(raw(r["child"]["id"]), r["episodes"]) for r in summary["repeatMissing"]] == [
        (r.person_id, r.episodes) for r in expected_repeat]
    expected_places = recurring_found_places(rows, 2)
    assert [(raw(p["place"]["id"]), p["episodes"]) for p in summary["recurringPlaces"]] == [
        (p.place_id, p.episodes) for p in expected_places]
    rhi = rhi_performance(rows, interviews)
    assert summary["rhi"]["returns"] == rhi.returns
    assert (summary["rhi"]["offered"], summary["rhi"]["completed"],
            summary["rhi"]["completedWithin72h"]) == (rhi.offered, rhi.completed,
                                                      rhi.completed_within_72h)
    pairs = {frozenset((p.a, p.b)): p.found_together
             for p in missing_together(rows, datetime.now()) if p.found_together or p.total >= 2}
    assert {frozenset((raw(p["a"]["id"]), raw(p["b"]["id"]))): p["foundTogether"]
            for p in summary["missingTogether"]} == pairs
    planted = demo.planted.missing
    if rows:
        repeaters = {raw(r["child"]["id"]) for r in summary["repeatMissing"]}
        assert set(planted.children) <= repeaters
        together = {frozenset((raw(p["a"]["id"]), raw(p["b"]["id"])))
                    for p in summary["missingTogether"] if p["foundTogether"]}
        assert frozenset(planted.children[:2]) in together
        assert raw(summary["recurringPlaces"][0]["place"]["id"]) == planted.found_places[0]


# ---------------------------------------------------------------- county lines

LINE = """query($id: ID!) { countyLineProfile(lineId: $id) {
  name status phones { record { name } roles } people { person { id isChild } roles }
  children { id } cuckooedAddresses { record { id } } places { record { id } roles }
  exportingAreas { id } importingAreas { id } timeline { month active joined left } } }"""

OVERVIEW = """{ countyLinesOverview {
  lines { line { id name } people children places phones }
  children { child { id } direct lines { line { id } roles via { id } } }
  brokers { record { id kind } lines { id } roles betweenness } } }"""


def test_a_line_profile_shows_its_phones_people_and_cuckooed_addresses(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    line = demo.planted.county_lines[0]
    found = hub.data(LINE, {"id": encode("CountyLine", line.line_id)},
                     headers)["countyLineProfile"]
    assert found["name"] == line.name
    assert sorted(p["record"]["name"] for p in found["phones"]) == sorted(line.numbers)
    assert {raw(c["record"]["id"]) for c in found["cuckooedAddresses"]} == set(line.cuckooed)
    people = {raw(p["person"]["id"]): p["roles"] for p in found["people"]}
    assert "controller" in people[line.controller]
    assert set(line.child_runners) <= {raw(c["id"]) for c in found["children"]}
    assert [raw(a["id"]) for a in found["exportingAreas"]] == [line.exporting_area]
    assert {raw(a["id"]) for a in found["importingAreas"]} == set(line.importing_areas)
    months = [m["month"] for m in found["timeline"]]
    assert months == sorted(months) and found["timeline"][0]["joined"]


def test_lines_and_their_brokers_are_hidden_from_a_caller_without_intelligence(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    line = demo.planted.county_lines[0]
    headers, _ = callers[MISSING_TRUST]
    hidden = error_of(hub, LINE, {"id": encode("CountyLine", line.line_id)}, headers)
    assert hidden["extensions"]["code"] == "NOT_FOUND"
    assert hidden["extensions"]["field"] == "lineId"
    overview = hub.data(OVERVIEW, headers=headers)["countyLinesOverview"]
    assert overview == {"lines": [], "children": [], "brokers": []}


def test_the_overview_finds_the_brokers_between_lines_and_the_children_on_them(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MACE_ANALYST]
    overview = hub.data(OVERVIEW, headers=headers)["countyLinesOverview"]
    brokers = {raw(b["record"]["id"]): {raw(line["id"]) for line in b["lines"]}
               for b in overview["brokers"]}
    for broker in demo.planted.brokers:
        assert len(brokers[broker]) == 2
    on_lines: dict[str, set[str]] = defaultdict(set)
    for r in seen.rels("LINKED_TO_LINE"):
        on_lines[r["a"]].add(r["b"])
    assert set(brokers) == {n for n, lines in on_lines.items() if len(lines) >= 2}
    direct = {raw(c["child"]["id"]) for c in overview["children"] if c["direct"]}
    for line in demo.planted.county_lines:
        assert set(line.child_runners) <= direct
    assert sum(c["people"] for c in overview["lines"]) == len(
        [r for r in seen.rels("LINKED_TO_LINE") if "Person" in demo.labels(r["a"])])


# ---------------------------------------------------------------- contexts and panels

CONTEXT = """query($id: ID!) { contextProfile(id: $id) {
  kind incidents missingEpisodes
  children { person { id } ties { how count } } adults { person { id } }
  timeline { month incidents missingEpisodes }
  assessments { id version riskLevel weighting } latestAssessment { version }
  openActions { id overdue } } }"""


def test_the_flat_shows_the_children_found_there_its_assessments_and_open_actions(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MACE_ANALYST]
    planted = demo.planted
    flat = planted.missing.found_places[0]
    found = hub.data(CONTEXT, {"id": encode("Place", flat)}, headers)["contextProfile"]
    assert found["kind"] == "Place"
    ties = {raw(c["person"]["id"]): {t["how"]: t["count"] for t in c["ties"]}
            for c in found["children"]}
    for child in planted.missing.children:
        assert ties[child]["found"] == sum(1 for r in seen.rels("FOUND_AT") if r["b"] == flat
                                           and any(w["b"] == r["a"] and w["a"] == child
                                                   for w in seen.rels("WENT_MISSING")))
    assert found["missingEpisodes"] == len({r["a"] for r in seen.rels("FOUND_AT")
                                            if r["b"] == flat} | {
        r["a"] for r in seen.rels("MISSING_FROM") if r["b"] == flat})
    assert found["incidents"] == len([r for r in seen.rels("OCCURRED_AT") if r["b"] == flat])
    versions = [a["version"] for a in found["assessments"]]
    assert versions == sorted(versions, reverse=True) and found["latestAssessment"]["version"] \
        == versions[0] == 2
    assert encode("Action", planted.overdue_actions[0]) in {a["id"] for a in found["openActions"]}
    assert encode("Action", planted.done_actions[0]) not in {a["id"] for a in found["openActions"]}


def test_a_context_shows_no_ties_the_caller_may_not_see(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MISSING_SCHOOL]
    flat = demo.planted.missing.found_places[0]
    query = CONTEXT.replace("adults { person { id } }", "adults { person { id } ties { how } }")
    found = hub.data(query, {"id": encode("Place", flat)}, headers)["contextProfile"]
    assert found["missingEpisodes"] == found["incidents"] == 0
    ties = [t["how"] for c in found["children"] + found["adults"] for t in c["ties"]]
    assert ties == ["resident"] * len([r for r in seen.rels("LIVES_AT") if r["b"] == flat])
    assert len(found["assessments"]) == len([r for r in seen.rels("ASSESSES") if r["b"] == flat])


def test_a_peer_group_shows_its_members_and_its_assessments(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    group = demo.planted.peer_groups[0]
    found = hub.data(CONTEXT, {"id": encode("PeerGroup", group.group_id)},
                     headers)["contextProfile"]
    members = {raw(c["person"]["id"]) for c in found["children"]
               if any(t["how"] == "member" for t in c["ties"])}
    assert members == set(group.members)
    assert found["latestAssessment"]["version"] == 2


PANEL = """query($id: ID!, $at: Date) { panelView(panelId: $id, asOf: $at) {
  asOf panel { id } children { person { id } decisionIds } peopleOfConcern { person { id } }
  locations { subject { id kind } } decisions { id }
  actions { action { id } ownerName dueDate status overdue assignee { name } }
  overdue { action { id } } } }"""


def test_a_panel_view_lists_its_agenda_and_what_is_overdue(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, _ = callers[MACE_ANALYST]
    planted = demo.planted
    found = hub.data(PANEL, {"id": encode("Panel", planted.panel), "at": SEED_NOW[:10]},
                     headers)["panelView"]
    assert {raw(d["id"]) for d in found["decisions"]} >= set(planted.decisions)
    assert planted.missing.children[0] in {raw(c["person"]["id"]) for c in found["children"]}
    locations = {raw(x["subject"]["id"]) for x in found["locations"]}
    assert {planted.missing.found_places[0], planted.peer_groups[0].group_id} <= locations
    overdue = {raw(a["action"]["id"]) for a in found["overdue"]}
    assert planted.overdue_actions[0] in overdue and planted.done_actions[0] not in overdue
    assert all(a["overdue"] == (a["status"] == "open" and a["dueDate"] < SEED_NOW[:10])
               for a in found["actions"])
    assert all(a["ownerName"] for a in found["actions"])


COHORT = """query($ids: [ID!], $panel: ID) { cohortBreakdown(personIds: $ids, panelId: $panel) {
  total notVisible gender { rows { value count ratio populationShare } unknown }
  area { rows { value count } } ageBand { known } overRepresented { dimension value ratio } } }"""


def test_a_cohort_counts_only_visible_people_beside_the_county(
    hub: RunningHub, demo: Any, callers: dict[Any, Any]
) -> None:
    headers, seen = callers[MACE_ANALYST]
    panel = demo.planted.panel
    decisions = {r["b"] for r in seen.rels("DECIDED") if r["a"] == panel}
    people = {r["b"] for r in seen.rels("CONCERNS") if r["a"] in decisions
              and "Person" in demo.labels(r["b"])}
    found = hub.data(COHORT, {"panel": encode("Panel", panel)}, headers)["cohortBreakdown"]
    assert found["total"] == len(people)
    males = sum(1 for p in people if demo.node(p).get("gender") == "male")
    assert next(r["count"] for r in found["gender"]["rows"] if r["value"] == "male") == males
    group = demo.planted.peer_groups[0].members
    ids = [gid(demo, m) for m in group] + [encode("Child", "per_999999")]
    found = hub.data(COHORT, {"ids": ids}, headers)["cohortBreakdown"]
    assert (found["total"], found["notVisible"]) == (len(group), 1)
    both = error_of(hub, COHORT, {"ids": ids, "panel": encode("Panel", panel)}, headers)
    assert both["extensions"]["code"] == "INVALID_INPUT"


# ---------------------------------------------------------------- confirming a group

CONFIRM = """mutation($name: String!, $ids: [ID!]!) {
  confirmPeerGroup(name: $name, memberIds: $ids) { id name status } }"""


def test_confirming_a_group_checks_its_input_and_every_member_before_writing(
    hub: RunningHub, demo: Any
) -> None:
    members = [gid(demo, m) for m in demo.planted.peer_groups[2].members]
    headers = hub.caller("police", "analyst", purpose="mace")
    before = hub.data("{ peerGroups { totalCount } }", headers=headers)
    empty = error_of(hub, CONFIRM, {"name": " ", "ids": members}, headers)
    assert empty["extensions"]["field"] == "name"
    alone = error_of(hub, CONFIRM, {"name": "Nenevale group", "ids": members[:1]}, headers)
    assert alone["extensions"]["field"] == "memberIds"
    twice = error_of(hub, CONFIRM, {"name": "Nenevale group", "ids": members[:2] + members[:1]},
                     headers)
    assert twice["extensions"]["field"] == "memberIds[2]"
    nobody = members[:2] + [encode("Child", "per_999999")]
    missing = error_of(hub, CONFIRM, {"name": "Nenevale group", "ids": nobody}, headers)
    assert missing["extensions"] == {**missing["extensions"], "code": "NOT_FOUND",
                                     "field": "memberIds[2]"}
    hidden = hub.caller("yos", "practitioner", purpose="missing")
    refused = error_of(hub, CONFIRM, {"name": "Nenevale group", "ids": members}, hidden)
    assert refused["extensions"] == {**refused["extensions"], "code": "NOT_FOUND",
                                     "field": "memberIds[0]"}
    assert hub.data("{ peerGroups { totalCount } }", headers=headers) == before

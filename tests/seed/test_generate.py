"""The fictional county: deterministic, provenance on every row, plausible, at scale, and
with the planted storylines present and stronger than the noise around them."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import combinations

import networkx as nx
import pytest

from hub.auth.policy import agreement_in_force, agreement_problems
from hub.graph.cypher import Catalogue
from hub.graph.model import AGENCIES, CATEGORIES, NODE_LABELS, PROVENANCE_FIELDS, REL_TYPES
from seed import generate
from seed.clock import SEED_NOW, SEED_TODAY
from seed.dataset import NODE_KINDS, SOURCES, Dataset, labels_of_statement, type_of_statement
from seed.load import generate_quietly

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DRAMA_PHONE = re.compile(r"^07700 900\d{3}$")

# type -> (labels the start may have, labels the end may have), from docs/model.md
ENDPOINTS: dict[str, tuple[set[str], set[str]]] = {
    "ASSOCIATED_WITH": ({"Person"}, {"Person"}),
    "FAMILY_OF": ({"Person"}, {"Person"}),
    "MEMBER_OF_FAMILY": ({"Person"}, {"Family"}),
    "MEMBER_OF": ({"Person"}, {"PeerGroup"}),
    "ATTENDS": ({"Child"}, {"School"}),
    "LIVES_AT": ({"Person"}, {"Place"}),
    "LOCATED_AT": ({"School"}, {"Place"}),
    "IN_AREA": ({"Place"}, {"Area"}),
    "INVOLVED_IN": ({"Person"}, {"Incident"}),
    "OCCURRED_AT": ({"Incident"}, {"Place"}),
    "WENT_MISSING": ({"Child"}, {"MissingEpisode"}),
    "MISSING_FROM": ({"MissingEpisode"}, {"Place"}),
    "FOUND_AT": ({"MissingEpisode"}, {"Place"}),
    "FOUND_WITH": ({"MissingEpisode"}, {"Person"}),
    "HAS_INTERVIEW": ({"MissingEpisode"}, {"ReturnHomeInterview"}),
    "LINKED_TO_LINE": ({"Person", "Place", "Phone"}, {"CountyLine"}),
    "USES_PHONE": ({"CountyLine"}, {"Phone"}),
    "EXPORTS_FROM": ({"CountyLine"}, {"Area"}),
    "IMPORTS_TO": ({"CountyLine"}, {"Area"}),
    "REFERRAL_FOR": ({"Referral"}, {"Person"}),
    "REFERRED_BY": ({"Referral"}, {"Agency"}),
    "INTERVENTION_FOR": ({"Intervention"}, {"Person"}),
    "FOLLOWS": ({"Intervention"}, {"Referral"}),
    "OUTCOME_FOR": ({"Outcome"}, {"Person"}),
    "OUTCOME_OF": ({"Outcome"}, {"Incident"}),
    "ASSESSES": ({"ContextAssessment"}, {"Place", "School", "PeerGroup"}),
    "DECIDED": ({"Panel"}, {"PanelDecision"}),
    "CONCERNS": ({"PanelDecision"}, {"Person", "Place", "School", "PeerGroup"}),
    "HAS_ACTION": ({"PanelDecision"}, {"Action"}),
    "ASSIGNED_TO": ({"Action"}, {"Practitioner"}),
    "PART_OF": ({"Team"}, {"Agency"}),
    "WORKS_IN": ({"Practitioner"}, {"Team"}),
    "PARTY_TO": ({"Agency"}, {"Agreement"}),
    "GRANTS": ({"Agreement"}, {"Grant"}),
    "HAS_FLAG": ({"Person"}, {"Flag"}),
}


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return generate("demo")


@pytest.fixture(scope="module")
def county() -> Dataset:
    return generate_quietly("county", 7)


@pytest.fixture(scope="module")
def labels(demo: Dataset) -> dict[str, tuple[str, ...]]:
    return {row["id"]: labels_of_statement(name)
            for name, rows in demo.nodes.items() for row in rows}


def rows_of(data: Dataset, kind: str) -> list[dict]:
    return data.nodes.get(f"seed_node_{kind}", [])


def rel_props(data: Dataset, rel_type: str, **match: object) -> list[dict]:
    return [r for r in data.rels(rel_type)
            if all(r["props"].get(k) == v for k, v in match.items())]


def suspect_pairs(data: Dataset) -> Counter[tuple[str, str]]:
    by_incident: dict[str, set[str]] = defaultdict(set)
    for r in rel_props(data, "INVOLVED_IN", role="suspect"):
        by_incident[r["b"]].add(r["a"])
    pairs: Counter[tuple[str, str]] = Counter()
    for people in by_incident.values():
        pairs.update(combinations(sorted(people), 2))
    return pairs


# Determinism


def test_the_same_scale_and_seed_give_identical_data(demo: Dataset) -> None:
    again = generate("demo", 7)
    assert again.nodes == demo.nodes
    assert again.relationships == demo.relationships
    assert again.planted == demo.planted


def test_another_seed_gives_another_county(demo: Dataset) -> None:
    other = generate("demo", 8)
    assert other.nodes["seed_node_child"] != demo.nodes["seed_node_child"]


def test_an_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate("nation")


# Shape and provenance


def test_every_node_and_relationship_carries_provenance(demo: Dataset) -> None:
    now = SEED_NOW.isoformat()
    all_props = [row for rows in demo.nodes.values() for row in rows]
    all_props += [r["props"] for rows in demo.relationships.values() for r in rows]
    for props in all_props:
        assert set(PROVENANCE_FIELDS) <= set(props), props
        assert props["owner"] in AGENCIES, props
        assert props["category"] in CATEGORIES, props
        assert props["source"] == SOURCES[props["owner"]], props
        assert ISO_TIME.match(props["recorded_at"]), props
        assert props["recorded_at"] <= now, props


def test_nothing_has_happened_after_the_seed_today(demo: Dataset) -> None:
    past = ("occurred_at", "reported_at", "found_at_time", "offered_at", "completed_at",
            "received_at", "started_at", "ended_at", "decided_at", "assessed_at", "held_on",
            "since", "first_seen", "last_seen", "from", "to", "dob", "valid_from")
    now = SEED_NOW.isoformat()
    all_props = [row for rows in demo.nodes.values() for row in rows]
    all_props += [r["props"] for rows in demo.relationships.values() for r in rows]
    for props in all_props:
        for key in past:
            if key in props:
                assert ISO_DAY.match(props[key][:10]), (key, props)
                assert props[key] <= now, (key, props)


def test_ids_are_unique_and_carry_their_kind_prefix(demo: Dataset) -> None:
    node_ids = [row["id"] for rows in demo.nodes.values() for row in rows]
    rel_ids = [r["props"]["id"] for rows in demo.relationships.values() for r in rows]
    assert len(set(node_ids)) == len(node_ids)
    assert len(set(rel_ids)) == len(rel_ids)
    assert all(i.startswith("rel_") for i in rel_ids)
    for kind, (prefix, _) in NODE_KINDS.items():
        assert all(row["id"].startswith(prefix + "_") for row in rows_of(demo, kind)), kind


def test_property_values_are_scalars_or_lists_of_scalars(demo: Dataset) -> None:
    scalar = (str, int, float, bool)
    all_props = [row for rows in demo.nodes.values() for row in rows]
    all_props += [r["props"] for rows in demo.relationships.values() for r in rows]
    for props in all_props:
        for key, value in props.items():
            if isinstance(value, list):
                assert all(isinstance(v, scalar) for v in value), (key, props)
            else:
                assert isinstance(value, scalar), (key, props)


def test_relationships_join_the_kinds_the_model_says(
    demo: Dataset, labels: dict[str, tuple[str, ...]]
) -> None:
    for name, rows in demo.relationships.items():
        rel_type = type_of_statement(name)
        starts, ends = ENDPOINTS[rel_type]
        for r in rows:
            assert starts & set(labels[r["a"]]), (rel_type, r)
            assert ends & set(labels[r["b"]]), (rel_type, r)


def test_every_kind_of_record_in_the_model_is_present(demo: Dataset) -> None:
    assert set(demo.label_counts()) == set(NODE_LABELS)
    assert set(demo.rel_type_counts()) == set(REL_TYPES) - {"HELD_BY"}


def test_the_seed_statements_write_exactly_these_rows(demo: Dataset) -> None:
    catalogue = Catalogue.load()
    for name in demo.nodes:
        statement = catalogue[name]
        assert statement.write
        assert f"(n:Entity:{':'.join(labels_of_statement(name))})" in statement.text
    for name in demo.relationships:
        statement = catalogue[name]
        assert statement.write
        assert f"[x:{type_of_statement(name)}]" in statement.text
    assert "seed_store_is_empty" in catalogue


def test_people_carry_identity_and_the_right_age_label(demo: Dataset) -> None:
    genders = {"female", "male", "non_binary", "unknown"}
    ethnicities = {"white", "mixed", "asian", "black", "other", "not_stated"}
    for kind in ("child", "adult"):
        for p in rows_of(demo, kind):
            dob = date.fromisoformat(p["dob"])
            age = SEED_TODAY.year - dob.year - ((SEED_TODAY.month, SEED_TODAY.day) <
                                                (dob.month, dob.day))
            assert (age < 18) == (kind == "child"), p
            assert p["gender"] in genders and p["ethnicity"] in ethnicities
            assert p["name"] == f"{p['given_name']} {p['family_name']}"
            assert p["name_lc"] == p["name"].lower()
            assert p["town"] and p["district"] and p["ward"]
            assert ("of_concern" in p) == (kind == "adult")


def test_phone_numbers_are_in_the_drama_range_and_unique(county: Dataset) -> None:
    numbers = [p["number"] for p in rows_of(county, "phone")]
    assert numbers and all(DRAMA_PHONE.match(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_small_area_codes_and_postcodes_are_invented(demo: Dataset) -> None:
    for place in rows_of(demo, "place"):
        assert re.match(r"^E0109\d{4}$", place["lsoa"]), place
        assert re.match(r"^NN9\d \d[A-Z]{2}$", place["postcode"]), place


# Scale and proportions


def test_county_scale_meets_the_minimum_counts(county: Dataset) -> None:
    assert county.people() >= 100_000
    assert county.relationship_count() >= 300_000
    assert county.incidents_and_episodes() >= 150_000


def test_demo_scale_is_about_fifteen_hundred_people(demo: Dataset) -> None:
    assert 1300 <= demo.people() <= 1800


def test_young_suspects_over_represent_black_and_mixed_boys(county: Dataset) -> None:
    children = {p["id"]: p for p in rows_of(county, "child")}
    suspects = [children[r["a"]] for r in rel_props(county, "INVOLVED_IN", role="suspect")
                if r["a"] in children]
    share = Counter(p["ethnicity"] for p in children.values())
    suspect_share = Counter(p["ethnicity"] for p in suspects)
    for group in ("black", "mixed"):
        assert (suspect_share[group] / len(suspects)) > 1.4 * (share[group] / len(children))
    assert 0.7 < share["white"] / len(children) < 0.9
    assert Counter(p["gender"] for p in suspects)["male"] / len(suspects) > 0.7


def test_most_missing_episodes_are_closed_and_short(county: Dataset) -> None:
    episodes = rows_of(county, "missing_episode")
    statuses = Counter(e["status"] for e in episodes)
    assert 0 < statuses["open"] < 0.02 * len(episodes)
    long = sum(1 for e in episodes if e.get("duration_hours", 0) > 24)
    assert 0.03 < long / len(episodes) < 0.2
    for e in episodes:
        assert ("found_at_time" in e) == (e["status"] == "closed")


def test_panel_actions_are_dated_against_the_seed_today(county: Dataset) -> None:
    today = SEED_TODAY.isoformat()
    actions = rows_of(county, "action")
    overdue = [a for a in actions if a["status"] == "open" and a["due_date"] < today]
    done = [a for a in actions if a["status"] == "done"]
    assert overdue and done
    assert all(a["completed_at"] <= today for a in done)


# The planted storylines


def test_every_planted_id_exists(demo: Dataset, county: Dataset) -> None:
    for data in (demo, county):
        ids = data.planted.all_ids()
        assert len(ids) > 50
        for node_id in ids:
            data.node(node_id)


def test_peer_groups_are_dense_with_one_adult_of_concern_at_the_edge(demo: Dataset) -> None:
    groups = demo.planted.peer_groups
    assert len(groups) >= 3
    peer = {frozenset((r["a"], r["b"])) for r in rel_props(demo, "ASSOCIATED_WITH",
                                                           context="peer")}
    exploitation = rel_props(demo, "ASSOCIATED_WITH", context="exploitation")
    for group in groups:
        assert 5 <= len(group.members) <= 8
        assert all(demo.node(m)["id"] in {c["id"] for c in rows_of(demo, "child")}
                   for m in group.members)
        pairs = list(combinations(group.members, 2))
        assert sum(frozenset(p) in peer for p in pairs) / len(pairs) >= 0.7
        adult = demo.node(group.edge_adult)
        assert adult["of_concern"] is True
        linked = {r["b"] for r in exploitation if r["a"] == group.edge_adult}
        assert linked == set(group.edge_links)
        assert 1 <= len(linked) <= 2 and linked <= set(group.members)


def test_one_child_alone_bridges_two_of_the_groups(demo: Dataset) -> None:
    graph = nx.Graph()
    graph.add_edges_from((r["a"], r["b"]) for r in demo.rels("ASSOCIATED_WITH"))
    first, second = (demo.planted.peer_groups[i] for i in demo.planted.bridged_groups)
    a, z = first.members[0], second.members[0]
    assert nx.has_path(graph, a, z)
    graph.remove_node(demo.planted.bridge_child)
    assert not nx.has_path(graph, a, z)


def test_co_offending_clusters_share_more_incidents_than_any_chance_pair(
    county: Dataset
) -> None:
    pairs = suspect_pairs(county)
    planted = {m for c in county.planted.co_offending for m in c.members}
    strongest_chance = max(n for (a, b), n in pairs.items()
                           if a not in planted and b not in planted)
    for cluster in county.planted.co_offending:
        assert 4 <= len(cluster.members) <= 6
        weakest = min(pairs[tuple(sorted(p))] for p in combinations(cluster.members, 2))
        assert weakest > strongest_chance
        places = {r["b"] for r in county.rels("OCCURRED_AT") if r["a"] in cluster.incidents}
        assert {county.node(p)["ward"] for p in places} == {cluster.ward}


def test_children_go_missing_repeatedly_and_together(demo: Dataset) -> None:
    planted = demo.planted.missing
    assert planted is not None
    found_at = {r["a"]: r["b"] for r in demo.rels("FOUND_AT")}
    found_with = defaultdict(set)
    for r in demo.rels("FOUND_WITH"):
        found_with[r["a"]].add(r["b"])
    for child in planted.children:
        episodes = [demo.node(e) for e in planted.episodes[child]]
        times = sorted(datetime.fromisoformat(e["reported_at"]) for e in episodes)
        assert any((times[i + 2] - times[i]).days < 30 for i in range(len(times) - 2))
        companions = set().union(*(found_with[e] for e in planted.episodes[child]))
        assert companions & (set(planted.children) - {child})
        assert {found_at[e] for e in planted.episodes[child] if e in found_at} <= set(
            planted.found_places)
    assert demo.node(planted.long_episode)["duration_hours"] > 24
    assert demo.node(planted.open_episode)["status"] == "open"


def test_a_crime_happens_while_a_planted_child_is_missing(demo: Dataset) -> None:
    planted = demo.planted.missing
    assert planted is not None
    incident = demo.node(planted.incident_while_missing)
    involved = {r["a"] for r in demo.rels("INVOLVED_IN") if r["b"] == incident["id"]}
    assert planted.incident_child in involved
    windows = [demo.node(e) for e in planted.episodes[planted.incident_child]]
    assert any(e["reported_at"] <= incident["occurred_at"] <= e.get("found_at_time", "9999")
               for e in windows)


def test_county_lines_have_phones_people_and_cuckooed_addresses(demo: Dataset) -> None:
    lines = demo.planted.county_lines
    assert 3 <= len(lines) <= 5
    linked = defaultdict(set)
    for r in demo.rels("LINKED_TO_LINE"):
        linked[(r["b"], r["props"]["role"])].add(r["a"])
    uses = {(r["a"], r["b"]) for r in demo.rels("USES_PHONE")}
    imports = defaultdict(set)
    for r in demo.rels("IMPORTS_TO"):
        imports[r["a"]].add(demo.node(r["b"])["name"])
    children = {c["id"] for c in rows_of(demo, "child")}
    assert any(set(line.runners) & children for line in lines)
    for line in lines:
        assert 1 <= len(line.phones) <= 2
        assert all((line.line_id, p) in uses for p in line.phones)
        assert set(line.phones) <= linked[(line.line_id, "deal_line")]
        assert all(DRAMA_PHONE.match(n) for n in line.numbers)
        assert linked[(line.line_id, "controller")] == {line.controller}
        assert 2 <= len(line.runners) <= 4
        cuckooed = linked[(line.line_id, "cuckooed_address")]
        assert cuckooed == set(line.cuckooed)
        towns = {demo.node(p)["town"] for p in cuckooed}
        assert len(towns) == 2 and towns == imports[line.line_id]


def test_brokers_are_linked_to_two_lines(demo: Dataset) -> None:
    lines = defaultdict(set)
    for r in demo.rels("LINKED_TO_LINE"):
        lines[r["a"]].add(r["b"])
    assert demo.planted.brokers
    for broker in demo.planted.brokers:
        assert len(lines[broker]) == 2


def test_a_planted_child_has_a_protective_tie(demo: Dataset) -> None:
    ties = {(r["a"], r["b"], r["props"]["context"]) for r in demo.rels("ASSOCIATED_WITH")}
    assert demo.planted.protective
    for tie in demo.planted.protective:
        assert (tie.adult, tie.child, tie.context) in ties
        assert tie.context in ("trusted_adult", "positive_activity")


def test_referrals_show_consent_refused_and_overridden(demo: Dataset) -> None:
    refused = demo.node(demo.planted.consent_refused_referral)
    assert (refused["owner"], refused["consent"]) == ("eis", "refused")
    override = demo.node(demo.planted.safeguarding_override_referral)
    assert override["consent"] == "safeguarding_override" and override["consent_reason"]
    eis = [r for r in rows_of(demo, "referral") if r["owner"] == "eis"]
    assert Counter(r["consent"] for r in eis).most_common(1)[0][0] == "given"


def test_planted_panel_has_an_overdue_and_a_done_action(demo: Dataset) -> None:
    planted = demo.planted
    assert demo.node(planted.panel)["kind"] == "mace"
    for action_id in planted.overdue_actions:
        action = demo.node(action_id)
        assert action["status"] == "open" and action["due_date"] < SEED_TODAY.isoformat()
    for action_id in planted.done_actions:
        assert demo.node(action_id)["status"] == "done"


def test_context_assessments_save_their_weighting_and_version(demo: Dataset) -> None:
    for row in rows_of(demo, "context_assessment"):
        weights = json.loads(row["weighting"])
        assert weights and all(isinstance(v, float) for v in weights.values())
        assert isinstance(row["version"], int) and row["version"] >= 1
        assert row["risk_level"] in ("low", "medium", "high")


# Agreements


def agreements_as_policy_reads_them(data: Dataset) -> dict[str, dict]:
    parties = defaultdict(list)
    for r in data.rels("PARTY_TO"):
        parties[r["b"]].append(data.node(r["a"])["code"])
    grants = defaultdict(list)
    for r in data.rels("GRANTS"):
        grants[r["a"]].append(data.node(r["b"]))
    return {key: {**data.node(agreement_id), "parties": parties[agreement_id],
                  "grants": grants[agreement_id]}
            for key, agreement_id in data.planted.agreements.items()}


def test_agreements_are_well_formed_and_three_grant_nothing_today(demo: Dataset) -> None:
    agreements = agreements_as_policy_reads_them(demo)
    for key, agreement in agreements.items():
        assert agreement_problems(agreement) == [], key
        in_force, _ = agreement_in_force(agreement, SEED_TODAY)
        assert in_force == (key not in ("suspended", "expired", "review_overdue")), key
    assert sorted(agreements["mace"]["parties"]) == sorted(AGENCIES)
    assert sorted(agreements["domestic_abuse"]["parties"]) == ["eis", "health", "police",
                                                              "trust"]
    assert agreements["suspended"]["status"] == "suspended"
    assert agreements["expired"]["status"] == "expired"
    assert agreements["review_overdue"]["review_date"] < SEED_TODAY.isoformat()


def test_health_shares_its_own_category_least(demo: Dataset) -> None:
    agreements = agreements_as_policy_reads_them(demo)
    for key, agreement in agreements.items():
        for grant in agreement["grants"]:
            if grant["from_agency"] != "health":
                continue
            if "health" in grant["categories"]:
                assert grant["to_agency"] == "trust", key
                assert set(grant["roles"]) <= {"practitioner", "panel_member"}, key
    mace_health = [g for g in agreements["mace"]["grants"] if g["from_agency"] == "health"
                   and g["to_agency"] != "trust"]
    assert mace_health and all("health" in g["existence_only"] for g in mace_health)

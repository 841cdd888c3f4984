"""Linking a generated population against the truth it was generated with."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from hub.linkage.batch import link_population
from seed.identities import agency_records


def test_a_small_county_links_precisely_and_never_joins_twins() -> None:
    county = agency_records(1500, seed=5, twin_share=0.05)
    result = link_population(county.records)
    people: dict[str, list[str]] = defaultdict(list)
    for record, person in result.people.items():
        people[person].append(record)
    joined = [p for group in people.values() for p in combinations(group, 2)]
    right = sum(1 for a, b in joined if county.truth[a] == county.truth[b])
    assert joined and right / len(joined) >= 0.99
    twins = county.twin_record_pairs()
    assert twins, "the generator planted twins"
    assert not [t for t in twins if result.people[t[0]] == result.people[t[1]]]


def test_the_generator_keeps_every_identifier_to_one_child() -> None:
    county = agency_records(3000, seed=9)
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in county.records:
        for scheme, value in record["identifiers"].items():
            holders[(scheme, value)].add(county.truth[record["record_id"]])
    assert all(len(children) == 1 for children in holders.values())

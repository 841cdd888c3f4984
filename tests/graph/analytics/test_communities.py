"""Candidate groups that stay the same wherever the analyst stands in the network."""

from __future__ import annotations

from datetime import date

import networkx as nx

from hub.graph.analytics.communities import stable_groups
from hub.graph.analytics.graphs import build_graph
from hub.graph.analytics.networks import ego_network, peer_network_metrics

from .builders import child, clique, link

TODAY = date(2025, 6, 1)
EAST = [f"e{n}" for n in range(1, 7)]
WEST = [f"w{n}" for n in range(1, 7)]


def two_planted_groups() -> nx.MultiGraph:
    """Two groups of six where everyone associates, one child (xan) who knows one member
    of each, and each group's first member with two friends of their own elsewhere."""
    nodes = [child(n) for n in [*EAST, *WEST, "xan", "ea", "eb", "wa", "wb"]]
    links = clique("east", EAST) + clique("west", WEST)
    links += [link("r_xe", "xan", "e1"), link("r_xw", "xan", "w1"),
              link("r_ea", "e1", "ea"), link("r_eb", "e1", "eb"),
              link("r_wa", "w1", "wa"), link("r_wb", "w1", "wb")]
    return build_graph(nodes, links)


def groups_seen_from(focus: str, depth: int) -> list[set[str]]:
    g = ego_network(two_planted_groups(), focus, depth)
    return [set(c.members) for c in peer_network_metrics(g, focus, TODAY).communities]


def test_a_planted_group_is_one_community_from_any_member_at_any_depth() -> None:
    for focus in [*EAST, *WEST]:
        for depth in (1, 2, 3):
            found = groups_seen_from(focus, depth)
            for planted in (set(EAST), set(WEST)):
                holding = [grp for grp in found if grp & planted]
                # every member the network reaches is in the one group, never two
                assert len(holding) <= 1, (focus, depth, found)


def test_at_depth_one_a_members_own_group_is_the_only_candidate() -> None:
    # From e2 at depth 1 the network is e2's group of six: one group, not two halves.
    assert groups_seen_from("e2", 1) == [set(EAST)]


def test_from_the_bridging_child_both_groups_come_out_whole_and_apart() -> None:
    # xan -> e1, w1 (1 link) -> the rest of both groups and their friends (2 links)
    found = groups_seen_from("xan", 2)
    assert any(set(EAST) <= grp for grp in found)
    assert any(set(WEST) <= grp for grp in found)
    assert not any(set(EAST) & grp and set(WEST) & grp for grp in found)


def test_groups_under_three_are_not_candidates_and_each_group_says_how_sure() -> None:
    # Two triangles joined by one link, and a pair on its own.
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"),
                  ("d", "e"), ("e", "f"), ("f", "d"), ("p", "q")])
    found = stable_groups(g, seed=1)
    assert [grp.members for grp in found] == [("a", "b", "c"), ("d", "e", "f")]
    # every run agreed: each triangle together, the link between them apart
    assert [(grp.density, grp.confidence) for grp in found] == [(1.0, 1.0), (1.0, 1.0)]


def test_a_dense_group_cut_in_two_by_the_runs_is_joined_again() -> None:
    # Eight who nearly all associate (one pair does not), with the focus also knowing
    # four people who know no one else: a star around one member of a dense group.
    members = [f"m{n}" for n in range(8)]
    g = nx.complete_graph(members)
    g.remove_edge("m6", "m7")
    g.add_edges_from(("m0", f"x{n}") for n in range(4))
    found = stable_groups(g, seed=3)
    holding = [grp for grp in found if set(grp.members) & set(members)]
    assert len(holding) == 1 and set(members) <= set(holding[0].members)


def test_the_same_network_gives_the_same_groups_every_time() -> None:
    g = nx.Graph(two_planted_groups())
    assert stable_groups(g, seed=5) == stable_groups(g, seed=5)

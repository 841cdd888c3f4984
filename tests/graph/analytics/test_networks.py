from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from hub.graph.analytics import graphs, networks
from hub.graph.analytics.graphs import build_graph
from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.networks import ego_network, peer_network_metrics
from hub.graph.analytics.paths import shortest_routes

from .builders import adult, child, clique, link

TODAY = date(2025, 6, 1)
GROUP = ["ann", "bea", "cal", "dan"]


def peer_group_with_adult_at_edge() -> nx.MultiGraph:
    """Four children who all associate; an adult of concern tied to one of them only; a
    youth worker who is a trusted adult to the focus child."""
    nodes = [child(n, "2010-03-01") for n in GROUP]
    nodes += [adult("max", "1996-01-15", of_concern=True), adult("yw", "1988-09-09")]
    links = clique("peer", GROUP)
    links += [
        link("r_max_dan", "max", "dan", kind="exploitation", strength=0.6,
             first_seen="2025-01-10", last_seen="2025-05-01"),
        link("r_yw_ann", "yw", "ann", context="trusted_adult", strength=0.9),
    ]
    return build_graph(nodes, links)


def two_groups_one_bridge(include_bridge_link: bool = True) -> nx.MultiGraph:
    """Two tight groups of four; child `xan` associates with one member of each."""
    east, west = ["e1", "e2", "e3", "e4"], ["w1", "w2", "w3", "w4"]
    nodes = [child(n) for n in [*east, *west, "xan"]]
    links = clique("east", east) + clique("west", west) + [link("r_xan_e1", "xan", "e1")]
    if include_bridge_link:
        links.append(link("r_xan_w1", "xan", "w1"))
    return build_graph(nodes, links)


def test_the_adult_at_the_edge_is_two_hops_from_the_focus_through_the_child_they_know() -> None:
    m = peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY)

    by_id = {a.person_id: a for a in m.adults}
    assert by_id["max"].hops == 2
    assert by_id["max"].of_concern is True
    assert by_id["max"].linked_children == ("dan",)
    assert by_id["yw"].hops == 1
    assert [a.person_id for a in m.adults] == ["yw", "max"]


def test_an_adult_child_age_gap_is_flagged_but_a_trusted_adult_is_not_listed() -> None:
    m = peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY)

    assert [(g.older_id, g.younger_id) for g in m.age_gaps] == [("max", "dan")]
    gap = m.age_gaps[0]
    assert gap.adult_child is True
    assert gap.years == 14.1
    assert gap.kinds == ("exploitation",)
    assert gap.link_ids == ("r_max_dan",)


def test_age_gaps_below_the_threshold_are_not_listed_and_the_threshold_can_be_raised() -> None:
    g = peer_group_with_adult_at_edge()
    assert peer_network_metrics(g, "ann", TODAY, min_age_gap_years=15).age_gaps == ()


def test_protective_ties_are_listed_apart_from_risk_ties() -> None:
    m = peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY)

    assert [(t.link_id, t.kind) for t in m.protective_ties] == [("r_yw_ann", "trusted_adult")]
    assert [(t.link_id, t.kind) for t in m.risk_ties] == [("r_max_dan", "exploitation")]


def test_a_link_to_an_adult_of_concern_is_a_risk_tie_whatever_its_kind() -> None:
    g = build_graph([child("ann"), adult("max", of_concern=True)],
                    [link("r1", "ann", "max", context="peer")])
    m = peer_network_metrics(g, "ann", TODAY)
    assert [t.link_id for t in m.risk_ties] == ["r1"]


def test_two_groups_are_found_and_the_bridging_child_ranks_first() -> None:
    m = peer_network_metrics(two_groups_one_bridge(), "e2", TODAY)

    groups = [set(c.members) for c in m.communities]
    assert len(groups) == 2
    assert any({"e1", "e2", "e3", "e4"} <= group for group in groups)
    assert any({"w1", "w2", "w3", "w4"} <= group for group in groups)
    assert m.bridges[0].person_id == "xan"
    assert m.bridges[0].communities == (0, 1)
    assert max(m.betweenness, key=lambda n: m.betweenness[n]) == "xan"
    assert m.betweenness_samples is None


def test_when_the_bridging_link_is_hidden_the_groups_fall_apart_and_no_one_bridges() -> None:
    m = peer_network_metrics(two_groups_one_bridge(include_bridge_link=False), "e2", TODAY)

    assert m.bridges == ()
    assert m.betweenness["xan"] == 0.0
    east = m.community_of["e1"]
    assert all(m.community_of[w] != east for w in ["w1", "w2", "w3", "w4"])


def test_the_same_network_gives_the_same_communities_whatever_order_the_rows_came_in() -> None:
    nodes = [child(n) for n in ["e1", "e2", "e3", "e4", "w1", "w2", "w3", "w4", "xan"]]
    links = clique("east", ["e1", "e2", "e3", "e4"]) + clique("west", ["w1", "w2", "w3", "w4"])
    links += [link("r_xan_e1", "xan", "e1"), link("r_xan_w1", "xan", "w1")]
    first = peer_network_metrics(build_graph(nodes, links), "e1", TODAY)
    shuffled_nodes, shuffled_links = nodes[:], links[:]
    random.Random(3).shuffle(shuffled_nodes)
    random.Random(4).shuffle(shuffled_links)
    second = peer_network_metrics(build_graph(shuffled_nodes, shuffled_links), "e1", TODAY)
    assert first.as_dict() == second.as_dict()


def test_eigenvector_centrality_is_given_in_every_component_of_a_disconnected_network() -> None:
    g = build_graph([child(n) for n in ["a", "b", "c", "x", "y", "lone"]],
                    clique("one", ["a", "b", "c"]) + [link("r_xy", "x", "y")])
    m = peer_network_metrics(g, "a", TODAY)

    assert m.eigenvector["a"] > 0 and m.eigenvector["x"] > 0
    assert m.eigenvector["lone"] == 0.0
    assert m.eigenvector_fallback is False


def test_eigenvector_centrality_matches_networkx_on_a_connected_network() -> None:
    g = peer_group_with_adult_at_edge()
    m = peer_network_metrics(g, "ann", TODAY)
    simple = networks.collapse(networks.people_only(g))
    expected = nx.eigenvector_centrality(simple, max_iter=500, weight="weight")
    assert m.eigenvector == pytest.approx(expected, abs=1e-5)


def test_a_component_that_does_not_converge_falls_back_to_degree(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(networks, "EIGENVECTOR_MAX_ITER", 1)
    m = peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY)
    assert m.eigenvector_fallback is True
    assert m.eigenvector["dan"] > m.eigenvector["max"] > 0


def test_betweenness_is_sampled_with_a_fixed_seed_when_exact_would_cost_too_much(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graphs, "BETWEENNESS_WORK_BUDGET", 40)
    monkeypatch.setattr(graphs, "BETWEENNESS_MIN_SAMPLES", 4)
    g = two_groups_one_bridge()
    first = peer_network_metrics(g, "e1", TODAY)
    second = peer_network_metrics(g, "e1", TODAY)
    assert first.betweenness_samples == 4
    assert first.betweenness == second.betweenness


def test_places_and_lines_do_not_enter_the_peer_metrics() -> None:
    g = build_graph([child("ann"), child("bea"), {"id": "l1", "kind": "line", "name": "DEX"}],
                    [link("r1", "ann", "bea"),
                     link("r2", "ann", "l1", kind="line_role", role="runner")])
    m = peer_network_metrics(g, "ann", TODAY)
    assert m.people == 2
    assert "l1" not in m.degree


def test_a_focus_missing_from_the_graph_leaves_every_adult_unreached() -> None:
    m = peer_network_metrics(peer_group_with_adult_at_edge(), "not_visible", TODAY)
    assert all(a.hops is None for a in m.adults)


def test_as_dict_gives_plain_data() -> None:
    d = peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY).as_dict()
    assert d["adults"][0]["person_id"] == "yw"
    assert isinstance(d["communities"][0]["members"], list)


def test_metrics_refuse_a_graph_beyond_the_limits() -> None:
    with pytest.raises(AnalysisTooLarge, match="max_nodes is 3 but this analysis needs 6"):
        peer_network_metrics(peer_group_with_adult_at_edge(), "ann", TODAY,
                             limits=AnalysisLimits(max_nodes=3))


class TestEgoNetwork:
    def test_depth_one_holds_the_focus_and_its_direct_links_only(self) -> None:
        ego = ego_network(peer_group_with_adult_at_edge(), "ann", 1)
        assert sorted(ego.nodes) == ["ann", "bea", "cal", "dan", "yw"]
        assert ego.graph["hops"]["bea"] == 1
        assert not ego.has_edge("dan", "max")
        # links among the reached nodes are kept, so the group's shape is visible
        assert ego.has_edge("bea", "cal")

    def test_depth_two_reaches_the_adult_at_the_edge(self) -> None:
        ego = ego_network(peer_group_with_adult_at_edge(), "ann", 2)
        assert ego.graph["hops"]["max"] == 2
        assert ego.nodes["max"]["of_concern"] is True

    def test_kinds_restrict_the_links_walked(self) -> None:
        ego = ego_network(peer_group_with_adult_at_edge(), "dan", 2, kinds={"exploitation"})
        assert sorted(ego.nodes) == ["dan", "max"]

    def test_an_association_answers_to_its_context(self) -> None:
        ego = ego_network(peer_group_with_adult_at_edge(), "ann", 1, kinds={"trusted_adult"})
        assert sorted(ego.nodes) == ["ann", "yw"]

    def test_the_window_drops_links_not_seen_in_it(self) -> None:
        g = peer_group_with_adult_at_edge()
        before = ego_network(g, "dan", 1, window=(date(2024, 1, 1), date(2024, 12, 31)))
        during = ego_network(g, "dan", 1, window=(date(2025, 3, 1), None))
        assert "max" not in before
        assert "max" in during
        # peer links carry no dates and cannot be ruled out, so they stay
        assert "ann" in before

    def test_a_focus_the_caller_cannot_see_has_no_network(self) -> None:
        ego = ego_network(peer_group_with_adult_at_edge(), "hidden", 2)
        assert ego.number_of_nodes() == 0

    def test_depth_beyond_the_limit_is_refused_saying_by_how_much(self) -> None:
        with pytest.raises(AnalysisTooLarge, match=r"max_depth is 3 .* needs 4 \(1 over\)"):
            ego_network(peer_group_with_adult_at_edge(), "ann", 4)

    def test_depth_below_one_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            ego_network(peer_group_with_adult_at_edge(), "ann", 0)

    def test_a_network_that_reaches_too_many_people_is_refused(self) -> None:
        with pytest.raises(AnalysisTooLarge, match="max_nodes"):
            ego_network(two_groups_one_bridge(), "xan", 3, limits=AnalysisLimits(max_nodes=5))


def test_a_hidden_link_takes_away_the_route_through_it_and_splits_the_group_it_held() -> None:
    """Xan's link to w1 is one the caller may not see, so the service leaves it out."""
    seen_all = two_groups_one_bridge()
    seen_part = two_groups_one_bridge(include_bridge_link=False)

    assert [r.nodes for r in shortest_routes(seen_all, "e2", "w2", max_length=6, k=1)] == [
        ("e2", "e1", "xan", "w1", "w2")]
    assert shortest_routes(seen_part, "e2", "w2", max_length=6) == []
    assert nx.number_connected_components(nx.Graph(seen_all)) == 1
    assert [sorted(c) for c in nx.connected_components(nx.Graph(seen_part))] == [
        ["e1", "e2", "e3", "e4", "xan"], ["w1", "w2", "w3", "w4"]]
    groups = peer_network_metrics(seen_part, "e2", TODAY).community_of
    assert groups["xan"] == groups["e1"] != groups["w1"]

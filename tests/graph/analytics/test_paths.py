from __future__ import annotations

from collections.abc import Collection
from datetime import date

import networkx as nx
import pytest

from hub.graph.analytics.graphs import build_graph
from hub.graph.analytics.limits import AnalysisTooLarge
from hub.graph.analytics.paths import shortest_routes
from hub.graph.analytics.shapes import LinkDict

from .builders import adult, child, link, thing

NODES = [child("ann"), child("bea"), child("cal"), child("dan"),
         adult("max", of_concern=True), thing("l_dex", "line")]


def links(hidden: Collection[str] = ()) -> list[LinkDict]:
    """Ann knows Bea and Cal; both know Dan; Dan is exploited by Max, who runs a line.
    Ann and Bea are also siblings, recorded as a second link between them."""
    rows = [
        link("r_ann_bea", "ann", "bea", first_seen="2024-02-01", last_seen="2024-06-01"),
        link("r_ann_bea_sib", "ann", "bea", kind="sibling"),
        link("r_ann_cal", "ann", "cal", first_seen="2025-01-01"),
        link("r_bea_dan", "bea", "dan"),
        link("r_cal_dan", "cal", "dan"),
        link("r_dan_max", "dan", "max", kind="exploitation"),
        link("r_max_dex", "max", "l_dex", kind="line_role", role="controller"),
    ]
    return [row for row in rows if row["id"] not in hidden]


def graph(hidden: Collection[str] = ()) -> nx.MultiGraph:
    return build_graph(NODES, links(hidden))


def test_the_shortest_routes_from_a_child_to_an_adult_come_shortest_first() -> None:
    routes = shortest_routes(graph(), "ann", "max", max_length=4)

    assert [r.nodes for r in routes] == [("ann", "bea", "dan", "max"),
                                         ("ann", "cal", "dan", "max")]
    assert routes[0].length == 3
    assert routes[0].node_kinds == ("child", "child", "child", "adult")


def test_two_links_between_the_same_pair_make_one_hop_that_lists_both() -> None:
    first_hop = shortest_routes(graph(), "ann", "max", max_length=4)[0].hops[0]
    assert first_hop.link_ids == ("r_ann_bea", "r_ann_bea_sib")
    assert first_hop.kinds == ("peer", "sibling")


def test_a_route_reaches_a_county_line_through_the_adult_who_runs_it() -> None:
    route = shortest_routes(graph(), "ann", "l_dex", max_length=4, k=1)[0]
    assert route.nodes[-2:] == ("max", "l_dex")
    assert route.hops[-1].kinds == ("line_role",)
    assert route.link_ids[-1] == "r_max_dex"


def test_k_caps_the_number_of_routes() -> None:
    assert len(shortest_routes(graph(), "ann", "max", max_length=4, k=1)) == 1


def test_routes_longer_than_max_length_are_not_returned() -> None:
    assert shortest_routes(graph(), "ann", "max", max_length=2) == []


def test_a_hidden_link_carries_no_route() -> None:
    """The caller may not see the exploitation link: no route to Max exists for them."""
    assert shortest_routes(graph(hidden={"r_dan_max"}), "ann", "max", max_length=6) == []


def test_hiding_one_link_leaves_only_the_route_that_does_not_use_it() -> None:
    routes = shortest_routes(graph(hidden={"r_bea_dan"}), "ann", "max", max_length=4)
    assert [r.nodes for r in routes] == [("ann", "cal", "dan", "max")]


def test_the_window_keeps_only_links_seen_in_it() -> None:
    routes = shortest_routes(graph(), "ann", "max", max_length=4,
                             window=(date(2025, 1, 1), date(2025, 12, 31)))
    # Ann and Bea's association ended in 2024, but their sibling tie has no dates
    assert [r.nodes for r in routes] == [("ann", "bea", "dan", "max"),
                                         ("ann", "cal", "dan", "max")]
    assert routes[0].hops[0].link_ids == ("r_ann_bea_sib",)


def test_kinds_restrict_the_links_a_route_may_use() -> None:
    routes = shortest_routes(graph(), "ann", "dan", max_length=3, kinds={"sibling", "peer"})
    assert [r.nodes for r in routes] == [("ann", "bea", "dan"), ("ann", "cal", "dan")]
    assert shortest_routes(graph(), "ann", "dan", max_length=3, kinds={"sibling"}) == []


def test_an_end_the_caller_cannot_see_has_no_route() -> None:
    assert shortest_routes(graph(), "ann", "unknown", max_length=3) == []


def test_a_route_from_a_node_to_itself_is_empty() -> None:
    assert shortest_routes(graph(), "ann", "ann", max_length=3) == []


def test_a_max_length_beyond_the_limit_is_refused() -> None:
    with pytest.raises(AnalysisTooLarge, match=r"max_path_length is 6 .* needs 7 \(1 over\)"):
        shortest_routes(graph(), "ann", "max", max_length=7)


def test_a_k_below_one_is_an_error() -> None:
    with pytest.raises(ValueError, match="k must be"):
        shortest_routes(graph(), "ann", "max", max_length=3, k=0)


def test_routes_as_dict_list_each_hop() -> None:
    d = shortest_routes(graph(), "ann", "dan", max_length=2, k=1)[0].as_dict()
    assert d["nodes"] == ["ann", "bea", "dan"]
    assert d["hops"][1] == {"source": "bea", "target": "dan", "link_ids": ["r_bea_dan"],
                            "kinds": ["peer"]}

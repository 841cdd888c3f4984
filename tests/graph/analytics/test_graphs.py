from __future__ import annotations

import pytest

from hub.graph.analytics.graphs import (
    DEFAULT_STRENGTH,
    build_graph,
    collapse,
    filtered,
    link_kinds,
    people_only,
    specific_kind,
)
from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge

from .builders import adult, child, link, thing


def test_nodes_carry_their_dict_and_links_are_keyed_by_their_id() -> None:
    g = build_graph([child("ann", town="Northampton"), adult("max", of_concern=True)],
                    [link("rel_1", "ann", "max", kind="exploitation", strength=0.7)])

    assert g.nodes["ann"]["town"] == "Northampton"
    assert g.nodes["max"]["of_concern"] is True
    assert g.edges["ann", "max", "rel_1"]["kind"] == "exploitation"
    assert not g.is_directed()


def test_two_links_between_the_same_people_stay_two_edges() -> None:
    g = build_graph([child("ann"), child("bea")],
                    [link("r1", "ann", "bea"), link("r2", "bea", "ann", kind="sibling")])
    assert sorted(g.get_edge_data("ann", "bea")) == ["r1", "r2"]


def test_a_link_to_a_node_not_in_the_input_is_dropped_not_invented() -> None:
    g = build_graph([child("ann")], [link("r1", "ann", "hidden_adult")])
    assert "hidden_adult" not in g
    assert g.number_of_edges() == 0


def test_an_input_beyond_the_limits_is_refused() -> None:
    with pytest.raises(AnalysisTooLarge, match=r"max_links is 1 .* needs 2 \(1 over\)"):
        build_graph([child("ann"), child("bea")],
                    [link("r1", "ann", "bea"), link("r2", "ann", "bea")],
                    limits=AnalysisLimits(max_links=1))


def test_an_association_answers_to_its_context_and_other_links_to_their_kind() -> None:
    assert link_kinds({"kind": "association", "context": "missing_together"}) == {
        "association", "missing_together"}
    assert link_kinds({"kind": "sibling", "context": "ignored"}) == {"sibling"}
    assert specific_kind({"kind": "association", "context": None}) == "association"
    assert specific_kind({"kind": "line_role", "role": "runner"}) == "line_role"


def test_collapse_sums_strengths_per_pair_with_a_default_for_unknown_strength() -> None:
    g = build_graph([child("ann"), child("bea"), child("cal")],
                    [link("r1", "ann", "bea", strength=0.8),
                     link("r2", "bea", "ann", kind="sibling"),
                     link("r3", "cal", "bea", strength=0.25)])
    simple = collapse(g)
    assert simple["ann"]["bea"]["weight"] == pytest.approx(0.8 + DEFAULT_STRENGTH)
    assert simple["bea"]["cal"]["weight"] == 0.25
    assert list(simple.nodes) == ["ann", "bea", "cal"]


def test_people_only_leaves_out_places_and_lines() -> None:
    g = build_graph([child("ann"), thing("plc_park", "place"), thing("l1", "line")],
                    [link("r1", "ann", "plc_park", kind="same_place"),
                     link("r2", "ann", "l1", kind="line_role", role="runner")])
    assert list(people_only(g).nodes) == ["ann"]


def test_filtered_keeps_every_node_but_only_matching_links() -> None:
    g = build_graph([child("ann"), child("bea")],
                    [link("r1", "ann", "bea"), link("r2", "ann", "bea", kind="sibling")])
    only_siblings = filtered(g, kinds=frozenset({"sibling"}))
    assert sorted(only_siblings.nodes) == ["ann", "bea"]
    assert list(only_siblings.get_edge_data("ann", "bea")) == ["r2"]

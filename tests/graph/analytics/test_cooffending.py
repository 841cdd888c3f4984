from __future__ import annotations

import pytest

from hub.graph.analytics.cooffending import clusters, co_offending_network
from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.shapes import ParticipationRow


def took_part(incident: str, when: str, town: str, *suspects: str,
              victim: str | None = None) -> list[ParticipationRow]:
    rows: list[ParticipationRow] = [
        {"incident_id": incident, "person_id": p, "role": "suspect", "occurred_at": when,
         "town": town} for p in suspects]
    if victim:
        rows.append({"incident_id": incident, "person_id": victim, "role": "victim",
                     "occurred_at": when, "town": town})
    return rows


def two_crews() -> list[ParticipationRow]:
    """A crew of four in Northampton robbing together, a crew of three in Kettering, one
    knife incident where a member of each was suspected together, and a pair who
    offended together once."""
    rows: list[ParticipationRow] = []
    rows += took_part("i1", "2025-01-05", "Northampton", "n1", "n2", "n3", victim="vic1")
    rows += took_part("i2", "2025-01-19", "Northampton", "n1", "n2", "n4")
    rows += took_part("i3", "2025-02-02", "Northampton", "n2", "n3", "n4")
    rows += took_part("i4", "2025-02-20", "Northampton", "n1", "n3", "n4")
    rows += took_part("k1", "2025-01-11", "Kettering", "k1", "k2", "k3")
    rows += took_part("k2", "2025-03-01", "Kettering", "k1", "k2", "k3")
    rows += took_part("x1", "2025-03-10", "Kettering", "n4", "k1")
    rows += took_part("p1", "2025-03-12", "Towcester", "p1", "p2")
    return rows


def test_suspects_sharing_incidents_are_linked_weighted_by_how_many() -> None:
    g = co_offending_network(two_crews())

    assert g["n1"]["n2"]["weight"] == 2
    assert g["n1"]["n2"]["incidents"] == ("i1", "i2")
    assert (g["n1"]["n2"]["first"], g["n1"]["n2"]["last"]) == ("2025-01-05", "2025-01-19")
    assert g["k1"]["k2"]["weight"] == 2
    assert g["n4"]["k1"]["towns"] == ("Kettering",)
    assert g.nodes["n4"]["incidents"] == 4
    assert g.nodes["n4"]["towns"] == ("Kettering", "Northampton")


def test_a_victim_is_not_a_co_offender() -> None:
    g = co_offending_network(two_crews())
    assert "vic1" not in g


def test_roles_counted_can_be_widened() -> None:
    g = co_offending_network(two_crews(), roles=frozenset({"suspect", "victim"}))
    assert g.has_edge("vic1", "n1")


def test_someone_suspected_alone_is_a_node_without_links() -> None:
    g = co_offending_network(took_part("solo", "2025-01-01", "Northampton", "s1"))
    assert list(g.nodes) == ["s1"]
    assert g.number_of_edges() == 0


def test_the_two_crews_come_out_as_two_clusters_despite_the_joint_incident() -> None:
    found = clusters(co_offending_network(two_crews()))

    assert [c.members for c in found] == [("n1", "n2", "n3", "n4"), ("k1", "k2", "k3")]
    northampton = found[0]
    assert northampton.size == 4
    assert northampton.incident_ids == ("i1", "i2", "i3", "i4")
    assert northampton.internal_links == 6
    assert northampton.density == 1.0
    # the joint incident with the other crew is not this crew's own
    assert (northampton.first, northampton.last) == ("2025-01-05", "2025-02-20")
    assert northampton.towns == ("Northampton",)
    assert found[1].towns == ("Kettering",)
    assert found[1].central_member == "k1"


def test_a_pair_is_below_the_default_cluster_size_but_found_with_a_smaller_one() -> None:
    assert all(c.size >= 3 for c in clusters(co_offending_network(two_crews())))
    pairs = [c.members for c in clusters(co_offending_network(two_crews()), min_size=2)]
    assert ("p1", "p2") in pairs


def test_clusters_do_not_depend_on_the_order_of_the_rows() -> None:
    rows = two_crews()
    forward = clusters(co_offending_network(rows))
    backward = clusters(co_offending_network(list(reversed(rows))))
    assert [c.as_dict() for c in forward] == [c.as_dict() for c in backward]


def test_no_incidents_no_clusters() -> None:
    assert clusters(co_offending_network([])) == []


def test_too_many_participation_rows_are_refused() -> None:
    with pytest.raises(AnalysisTooLarge, match="max_links is 5"):
        co_offending_network(two_crews(), limits=AnalysisLimits(max_links=5))


def test_the_tightest_cluster_comes_first_with_the_reason_though_it_is_the_smallest() -> None:
    """Four who did eight robberies all together, against six tied only through one hub,
    each spoke once: by size the loose six would lead."""
    rows: list[ParticipationRow] = []
    for n in range(8):
        rows += took_part(f"t{n}", f"2025-01-{n + 1:02d}", "Corby", "t1", "t2", "t3", "t4")
    for n in range(1, 6):
        rows += took_part(f"s{n}", f"2025-02-{n:02d}", "Corby", "hub", f"spoke{n}")

    tight, loose = clusters(co_offending_network(rows))

    assert tight.members == ("t1", "t2", "t3", "t4") and tight.index == 0
    # 6 pairs of 6 linked (density 1.0), each pair shared all 8 incidents
    assert (tight.density, tight.shared_per_pair, tight.repeat_pairs) == (1.0, 8.0, 6)
    assert tight.cohesion == 8.0
    assert tight.why.startswith("every pair of the 4 offended together (density 1.00)")
    # the star: 5 of the 15 pairs linked, once each
    assert loose.size == 6 and loose.index == 1
    assert (loose.density, loose.shared_per_pair, loose.repeat_pairs) == (0.3333, 1.0, 0)
    assert loose.cohesion == 0.3333
    assert "5 of the 15 pairs among the 6" in loose.why
    assert tight.confidence == loose.confidence == 1.0

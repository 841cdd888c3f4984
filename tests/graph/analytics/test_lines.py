from __future__ import annotations

import pytest

from hub.graph.analytics.graphs import build_graph
from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.lines import children_linked_to_lines, cross_line_brokers, line_network
from hub.graph.analytics.shapes import LinkDict, NodeDict

from .builders import adult, child, link, thing


def on_line(id: str, member: str, line: str, role: str, first: str | None = None,
            last: str | None = None) -> LinkDict:
    return link(id, member, line, kind="line_role", role=role, first_seen=first,
                last_seen=last)


def two_lines_one_broker() -> tuple[list[NodeDict], list[LinkDict]]:
    """Two lines, DEX and BLAZE. Each has its own deal phone, a runner and an address.
    One adult holds the phone for DEX and controls BLAZE: the broker between them."""
    nodes = [
        thing("l_dex", "line", name="DEX", status="active"),
        thing("l_blaze", "line", name="BLAZE", status="disrupted"),
        thing("ph_dex", "phone", number="07700 900101"),
        thing("ph_blaze", "phone", number="07700 900202"),
        child("kid_a", "2009-04-01"), child("kid_b", "2010-08-12"), child("pal", "2009-11-30"),
        adult("boss", "1999-01-01", of_concern=True), adult("broker", "1994-05-05"),
        thing("flat_7", "place"), thing("stash_2", "place"),
    ]
    links = [
        on_line("r1", "ph_dex", "l_dex", "deal_line", "2024-11-03", "2025-02-10"),
        on_line("r2", "kid_a", "l_dex", "runner", "2024-12-20", "2025-01-31"),
        on_line("r3", "boss", "l_dex", "controller", "2024-11-01", None),
        on_line("r4", "flat_7", "l_dex", "cuckooed_address", "2025-01-15", "2025-02-02"),
        on_line("r5", "broker", "l_dex", "holder", "2025-02-01", "2025-02-28"),
        on_line("r6", "broker", "l_blaze", "controller", "2025-01-01", None),
        on_line("r7", "ph_blaze", "l_blaze", "deal_line"),
        on_line("r8", "kid_b", "l_blaze", "runner", "2025-02-01", "2025-03-01"),
        on_line("r9", "stash_2", "l_blaze", "stash_house", "2025-02-01", None),
        link("r10", "pal", "kid_a", context="peer"),
    ]
    return nodes, links


class TestLineNetwork:
    def test_phones_people_children_places_and_cuckooed_addresses(self) -> None:
        net = line_network(*two_lines_one_broker(), "l_dex")

        assert (net.name, net.status) == ("DEX", "active")
        assert [m.id for m in net.phones] == ["ph_dex"]
        assert [(m.id, m.roles) for m in net.people] == [
            ("boss", ("controller",)), ("broker", ("holder",)), ("kid_a", ("runner",))]
        assert net.children == ("kid_a",)
        assert [m.id for m in net.places] == ["flat_7"]
        assert net.cuckooed == ("flat_7",)

    def test_the_timeline_shows_who_joined_and_who_dropped_off_each_month(self) -> None:
        net = line_network(*two_lines_one_broker(), "l_dex")

        by_month = {m.month: m for m in net.timeline}
        assert list(by_month) == ["2024-11", "2024-12", "2025-01", "2025-02"]
        assert by_month["2024-11"].active == ("boss", "ph_dex")
        assert by_month["2024-12"].joined == ("kid_a",)
        assert by_month["2025-01"].joined == ("flat_7",)
        assert by_month["2025-02"].joined == ("broker",)
        assert by_month["2025-02"].left == ("kid_a",)
        # the controller has no last seen date: still on the line at the end
        assert "boss" in by_month["2025-02"].active

    def test_members_with_no_dates_are_kept_out_of_the_timeline_and_named(self) -> None:
        net = line_network(*two_lines_one_broker(), "l_blaze")
        assert net.undated == ("ph_blaze",)
        assert all("ph_blaze" not in m.active for m in net.timeline)
        assert [m.id for m in net.phones] == ["ph_blaze"]

    def test_a_member_the_caller_cannot_see_is_not_on_the_line(self) -> None:
        nodes, links = two_lines_one_broker()
        visible = [n for n in nodes if n["id"] != "kid_a"]
        net = line_network(visible, links, "l_dex")
        assert net.children == ()
        assert "kid_a" not in {m for month in net.timeline for m in month.active}

    def test_a_line_the_caller_cannot_see_has_nothing_on_it(self) -> None:
        net = line_network(*two_lines_one_broker(), "l_unknown")
        assert (net.name, net.people, net.timeline) == (None, (), ())

    def test_too_many_links_are_refused(self) -> None:
        with pytest.raises(AnalysisTooLarge, match="max_links"):
            line_network(*two_lines_one_broker(), "l_dex", limits=AnalysisLimits(max_links=3))


class TestCrossLineBrokers:
    def test_the_one_person_on_both_lines_is_the_broker(self) -> None:
        brokers = cross_line_brokers(build_graph(*two_lines_one_broker()))

        assert [b.id for b in brokers] == ["broker"]
        broker = brokers[0]
        assert broker.lines == ("l_blaze", "l_dex")
        assert broker.roles == ("controller", "holder")
        assert broker.kind == "adult"
        assert broker.betweenness > 0.5

    def test_a_shared_address_is_a_broker_too(self) -> None:
        nodes, links = two_lines_one_broker()
        links.append(on_line("r11", "flat_7", "l_blaze", "stash_house"))
        brokers = cross_line_brokers(build_graph(nodes, links))
        assert {b.id for b in brokers} == {"broker", "flat_7"}

    def test_when_the_broker_link_is_hidden_there_is_no_broker(self) -> None:
        nodes, links = two_lines_one_broker()
        visible = [row for row in links if row["id"] != "r5"]
        assert cross_line_brokers(build_graph(nodes, visible)) == []


class TestChildrenLinkedToLines:
    def test_children_directly_on_a_line(self) -> None:
        found = children_linked_to_lines(build_graph(*two_lines_one_broker()))

        assert [(c.child_id, c.direct) for c in found] == [("kid_a", True), ("kid_b", True)]
        assert [(t.line_id, t.roles, t.via) for t in found[0].lines] == [
            ("l_dex", ("runner",), None)]

    def test_children_one_link_from_someone_on_a_line_when_asked(self) -> None:
        found = children_linked_to_lines(build_graph(*two_lines_one_broker()),
                                         include_associates=True)
        pal = next(c for c in found if c.child_id == "pal")
        assert pal.direct is False
        assert [(t.line_id, t.via) for t in pal.lines] == [("l_dex", "kid_a")]
        assert [c.child_id for c in found][-1] == "pal"

"""The analytics service's projection on a small hand-made graph in a store of its own: a
link is only followed when the caller may see it AND every record it runs through, and
confirming a group writes it whole or not at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from hub.auth.policy import Visibility
from hub.auth.principal import Principal
from hub.config import Settings
from hub.domain.errors import Forbidden, InvalidInput, LimitExceeded, NotFound
from hub.domain.ids import encode
from hub.graph.analytics import AnalysisLimits
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore
from hub.services import analytics
from hub.services.context import RequestContext
from hub.services.loaders import Loaders, consent_params

ALL = {"police:identity", "police:intelligence", "police:offending", "police:missing",
       "yos:offending", "education:education", "education:reference", "police:reference"}

# ann - ben: police intelligence, peer.     ben - cal: trust sibling (trust:identity).
# ann + dan: co-suspects in inc1 (police).  cal + max: co-suspects in inc2, held by the YOS.
# ann's episode mis1: found with max.       ann, ben, cal: pupils of one school.
PEOPLE = {"ann": "Child", "ben": "Child", "cal": "Child", "dan": "Child", "max": "Adult"}


def pid(name: str) -> str:
    return f"per_t{name}"


def stamp(owner: str, category: str, node_id: str | None = None) -> dict[str, Any]:
    row = {"owner": owner, "category": category, "source": "seed",
           "recorded_at": "2026-01-01T09:00:00"}
    return {**row, "id": node_id} if node_id else row


def rel(a: str, b: str, owner: str, category: str, rel_id: str, **props: Any) -> dict[str, Any]:
    return {"a": a, "b": b, "props": {**stamp(owner, category, rel_id), **props}}


@pytest.fixture(scope="module")
async def graph(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder: Path = tmp_path_factory.mktemp("analytics-store")
    handle: OpenStore = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                            "HUB_DATA_DIR": str(folder)}))
    store = handle.store
    for name, kind in PEOPLE.items():
        await store.run(f"seed_node_{kind.lower()}", {"rows": [{
            **stamp("police", "identity", pid(name)), "name": name.title(),
            "dob": "2010-05-01" if kind == "Child" else "1990-01-01",
            "gender": "male", "town": "Corby", **({"of_concern": True} if kind == "Adult"
                                                  else {})}]})
    await store.run("seed_node_incident", {"rows": [
        {**stamp("police", "offending", "inc_t1"), "type": "robbery",
         "occurred_at": "2026-03-01T20:00:00"},
        {**stamp("yos", "offending", "inc_t2"), "type": "robbery",
         "occurred_at": "2026-04-01T20:00:00"}]})
    await store.run("seed_node_missing_episode", {"rows": [
        {**stamp("police", "missing", "mis_t1"), "reported_at": "2026-05-01T20:00:00",
         "found_at_time": "2026-05-02T02:00:00", "status": "closed"}]})
    await store.run("seed_node_school", {"rows": [
        {**stamp("education", "reference", "sch_t1"), "name": "Test Academy"}]})
    rels = {
        "associated_with": [rel(pid("ann"), pid("ben"), "police", "intelligence", "rel_t1",
                                context="peer", strength=0.9, first_seen="2026-01-01",
                                last_seen="2026-02-01")],
        "family_of": [rel(pid("ben"), pid("cal"), "trust", "identity", "rel_t2",
                          kind="sibling")],
        "involved_in": [rel(pid(p), inc, "police", "offending", f"rel_t{inc}{p}", role="suspect")
                        for inc, people in (("inc_t1", ("ann", "dan")),
                                            ("inc_t2", ("cal", "max"))) for p in people],
        "went_missing": [rel(pid("ann"), "mis_t1", "police", "missing", "rel_t3")],
        "found_with": [rel("mis_t1", pid("max"), "police", "missing", "rel_t4")],
        "attends": [rel(pid(p), "sch_t1", "education", "education", f"rel_ts{p}",
                        **{"from": "2025-09-01"}) for p in ("ann", "ben", "cal")],
    }
    for name, rows in rels.items():
        await store.run(f"seed_rel_{name}", {"rows": rows})
    yield store
    await handle.close()


def caller(store: GraphStore, scopes: set[str], agency: str = "police",
           justification: str | None = "test: projection") -> RequestContext:
    seen = frozenset(scopes)
    return RequestContext(
        settings=Settings.from_env({"HUB_ENV": "test"}), store=store,
        access=Visibility(scopes=seen, existence_scopes=frozenset(), agreements=(),
                          purpose="mace", agency=agency),
        request_id="test", loaders=Loaders(store, sorted(seen)),
        principal=Principal(subject=f"{agency}-tester", agency=agency,
                            roles=frozenset({"analyst"}), team=None, issuer="test"),
        justification=justification,
    )


def child(name: str) -> str:
    return encode(PEOPLE[name], pid(name))


def pairs(net: analytics.PeerNetwork) -> set[tuple[str, str, str]]:
    return {(link["kind"], *sorted((link["source"], link["target"]))) for link in net.links}


async def test_every_kind_of_link_is_found_when_all_of_it_is_visible(graph: GraphStore) -> None:
    ctx = caller(graph, ALL | {"trust:identity"})
    net = await analytics.peer_network(ctx, child("ann"), 2, list(analytics.PEER_KINDS))
    assert pairs(net) >= {
        ("association", pid("ann"), pid("ben")), ("sibling", pid("ben"), pid("cal")),
        ("co_offending", pid("ann"), pid("dan")), ("co_offending", pid("cal"), pid("max")),
        ("missing_together", pid("ann"), pid("max")), ("same_school", pid("ann"), pid("cal")),
    }
    assert net.hops[pid("max")] == 1 and ctx.disclosed == set(net.people)


async def test_a_derived_link_needs_the_record_it_runs_through(graph: GraphStore) -> None:
    # The YOS incident is hidden, though both of its suspects and their parts are not.
    ctx = caller(graph, ALL - {"yos:offending"} | {"trust:identity"})
    net = await analytics.peer_network(ctx, child("cal"), 1, ["co_offending", "sibling"])
    assert pairs(net) == {("sibling", pid("ben"), pid("cal"))}
    # Without the episode, max is not missing with ann; without the sibling tie, cal is
    # not reached through ben.
    ctx = caller(graph, ALL - {"police:missing"})
    net = await analytics.peer_network(ctx, child("ann"), 3)
    assert set(net.people) == {pid("ann"), pid("ben"), pid("dan")}


async def test_a_window_keeps_only_links_seen_in_it(graph: GraphStore) -> None:
    ctx = caller(graph, ALL)
    net = await analytics.peer_network(ctx, child("ann"), 1, since="2026-02-15")
    assert pid("ben") not in net.people and pid("dan") in net.people


async def test_a_crowded_school_is_skipped_with_a_note(graph: GraphStore,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analytics.networks, "CONTEXT_CAP", 2)
    net = await analytics.peer_network(caller(graph, ALL), child("ann"), 1, ["same_school"])
    assert set(net.people) == {pid("ann")}
    assert net.notes == ("Test Academy was skipped: 3 visible pupils, over 2",)


async def test_a_network_past_the_limits_stops_before_it_is_built(graph: GraphStore) -> None:
    with pytest.raises(LimitExceeded) as refused:
        await analytics.peer_network(caller(graph, ALL), child("ann"), 3,
                                     limits=AnalysisLimits(max_nodes=3))
    assert "max_nodes is 3" in refused.value.message


async def test_a_route_runs_through_an_episode_only_when_it_is_visible(
    graph: GraphStore,
) -> None:
    found = await analytics.connection(caller(graph, ALL), child("ann"), child("max"), 2)
    assert [r.nodes for r in found.routes] == [(pid("ann"), "mis_t1", pid("max"))]
    hidden = await analytics.connection(caller(graph, ALL - {"police:missing"}), child("ann"),
                                        child("max"), 4)
    assert hidden.routes == ()


async def test_analytics_without_a_justification_are_refused(graph: GraphStore) -> None:
    with pytest.raises(Forbidden):
        await analytics.peer_network(caller(graph, ALL, justification=None), child("ann"))


async def test_confirming_a_group_writes_it_with_every_member(graph: GraphStore) -> None:
    ctx = caller(graph, ALL)
    row = await analytics.confirm_peer_group(ctx, "Corby test group",
                                             [child("ann"), child("ben")], "Seen together.")
    assert row["id"].startswith("grp_") and row["status"] == "confirmed"
    assert (row["owner"], row["category"], row["source"]) == ("police", "intelligence", "hub")
    ties = await graph.run("analytics_context_ties", {
        "places": [], "school": None, "group": row["id"], "scopes": sorted(ALL)})
    assert sorted(t["person"]["id"] for t in ties) == [pid("ann"), pid("ben")]


async def groups_named(store: GraphStore, name: str) -> int:
    row = await store.run_one("peer_groups_count", {
        "name": name, "status": None, "kind": None, "risk": None, "town": None,
        "scopes": ["police:intelligence", "education:context"], **consent_params([])})
    return int(row["n"]) if row else 0


async def test_a_group_with_a_hidden_member_is_not_written(graph: GraphStore) -> None:
    ctx = caller(graph, {"education:education", "education:context"}, agency="education")
    with pytest.raises(NotFound) as refused:
        await analytics.confirm_peer_group(ctx, "Hidden members", [child("ann"), child("ben")])
    assert refused.value.field == "memberIds[0]"
    assert await groups_named(graph, "hidden members") == 0
    ctx = caller(graph, {"education:education", "education:context", "police:identity"},
                 agency="education")
    row = await analytics.confirm_peer_group(ctx, "Hidden members", [child("ann"), child("ben")])
    assert row["category"] == "context" and await groups_named(graph, "hidden members") == 1


async def test_a_route_search_that_finds_nothing_says_whether_any_route_exists_in_view(
    graph: GraphStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the episode (police:missing) ann reaches max only as
    # ann - ben - (trust sibling) cal - (YOS incident inc2) - max: four links.
    no_episode = ALL - {"police:missing"}
    sees_sibling = caller(graph, no_episode | {"trust:identity"})
    four = await analytics.connection(sees_sibling, child("ann"), child("max"), 4)
    assert [len(r.nodes) - 1 for r in four.routes] == [4] and four.connected is True

    three = await analytics.connection(sees_sibling, child("ann"), child("max"), 3)
    assert three.routes == () and three.connected is False
    assert three.notes == ("no route of at most 3 links joins these two through the records "
                           "you may see",)

    # Without the sibling tie there is none either; the note says nothing of what is hidden.
    hidden = await analytics.connection(caller(graph, no_episode), child("ann"), child("max"), 4)
    assert hidden.connected is False
    assert hidden.notes == ("no route of at most 4 links joins these two through the records "
                            "you may see",)

    # When a record was not followed, no route found proves nothing, and it says so.
    monkeypatch.setattr(analytics.routes, "ROUTE_FANOUT_CAP", 0)
    capped = await analytics.connection(sees_sibling, child("ann"), child("max"), 4)
    assert capped.routes == () and capped.connected is None
    assert capped.notes[-1].startswith("no route of at most 4 links was found through the "
                                       "records you may see, but the records above were not")


async def test_a_peer_group_lists_its_members_incidents_and_episodes_not_just_counts(
    graph: GraphStore,
) -> None:
    # Ann (suspect in inc_t1, missing in mis_t1) and Cal (suspect in the YOS's inc_t2).
    ctx = caller(graph, ALL)
    group = await analytics.confirm_peer_group(ctx, "Listing group", [child("ann"), child("cal")])
    found = await analytics.context_profile(ctx, encode("PeerGroup", group["id"]))
    assert (found.incidents, found.episodes) == (2, 1)
    assert [(e.id, e.kind, e.type, e.people) for e in found.events] == [
        ("mis_t1", "missing", None, (pid("ann"),)),
        ("inc_t2", "incident", "robbery", (pid("cal"),)),
        ("inc_t1", "incident", "robbery", (pid("ann"),)),
    ]
    # without the YOS's offending records, Cal's incident is neither counted nor listed
    hidden = await analytics.context_profile(caller(graph, ALL - {"yos:offending"}),
                                             encode("PeerGroup", group["id"]))
    assert [e.id for e in hidden.events] == ["mis_t1", "inc_t1"] and hidden.incidents == 1


async def test_a_childs_trajectory_counts_only_the_events_the_caller_may_see(
        graph: GraphStore) -> None:
    # Ann: inc_t1 in March (police offending), mis_t1 in May (police missing).
    seen = await analytics.risk_trajectory_of(caller(graph, ALL), child("ann"),
                                              since="2026-01-01", until="2026-06-30")
    assert [(m.month, m.incidents, m.missing) for m in seen.trajectory.months] == [
        ("2026-01", 0, 0), ("2026-02", 0, 0), ("2026-03", 1, 0), ("2026-04", 0, 0),
        ("2026-05", 0, 1), ("2026-06", 0, 0)]
    # sum((x - 2.5) * y) / 17.5 = (-0.5 + 1.5) / 17.5
    assert (seen.trajectory.slope, seen.trajectory.direction) == (0.057, "steady")
    hidden = await analytics.risk_trajectory_of(caller(graph, ALL - {"police:missing"}),
                                                child("ann"), since="2026-01-01",
                                                until="2026-06-30")
    assert [m.total for m in hidden.trajectory.months] == [0, 0, 1, 0, 0, 0]
    with pytest.raises(InvalidInput):
        await analytics.risk_trajectory_of(caller(graph, ALL), child("ann"), panel_id="x")

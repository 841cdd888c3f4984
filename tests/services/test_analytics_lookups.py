"""Starting from a phone number or an area's name, on a small hand-made line in a store of
its own: the lines, people and places tied to it, and nothing the caller may not see."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub.config import Settings
from hub.domain.errors import InvalidInput, NotFound
from hub.graph.runtime import open_store
from hub.graph.store import GraphStore
from hub.services import analytics
from tests.services.test_analytics_projection import caller, rel, stamp

INTEL = {"police:identity", "police:intelligence", "police:reference"}


@pytest.fixture(scope="module")
async def store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    """Line DEX runs from Liverpool into Corby on deal line 07700 900111; Ann (a child) runs
    for it, Max controls it, Flat 2 in Corby is cuckooed. Another phone is on no line."""
    folder: Path = tmp_path_factory.mktemp("lookup-store")
    handle = await open_store(Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(folder)}))
    s = handle.store
    await s.run("seed_node_area", {"rows": [
        {**stamp("police", "reference", "are_corby"), "name": "Corby", "kind": "town"},
        {**stamp("police", "reference", "are_lpool"), "name": "Liverpool", "kind": "city"}]})
    await s.run("seed_node_place", {"rows": [
        {**stamp("police", "reference", "plc_flat2"), "name": "Flat 2", "town": "Corby"}]})
    await s.run("seed_node_child", {"rows": [
        {**stamp("police", "identity", "per_lann"), "name": "Ann", "dob": "2010-05-01"}]})
    await s.run("seed_node_adult", {"rows": [
        {**stamp("police", "identity", "per_lmax"), "name": "Max", "dob": "1990-01-01",
         "of_concern": True}]})
    await s.run("seed_node_county_line", {"rows": [
        {**stamp("police", "intelligence", "cln_dex"), "name": "DEX", "status": "active"}]})
    await s.run("seed_node_phone", {"rows": [
        {**stamp("police", "intelligence", "phn_1"), "number": "07700 900111",
         "kind": "deal_line"},
        {**stamp("police", "intelligence", "phn_2"), "number": "07700 900222",
         "kind": "personal"}]})
    rels = {
        "in_area": [rel("plc_flat2", "are_corby", "police", "reference", "rel_l1")],
        "exports_from": [rel("cln_dex", "are_lpool", "police", "intelligence", "rel_l2")],
        "imports_to": [rel("cln_dex", "are_corby", "police", "intelligence", "rel_l3")],
        "uses_phone": [rel("cln_dex", "phn_1", "police", "intelligence", "rel_l4")],
        "linked_to_line": [
            rel("phn_1", "cln_dex", "police", "intelligence", "rel_l5", role="deal_line"),
            rel("per_lann", "cln_dex", "police", "intelligence", "rel_l6", role="runner"),
            rel("per_lmax", "cln_dex", "police", "intelligence", "rel_l7", role="controller"),
            rel("plc_flat2", "cln_dex", "police", "intelligence", "rel_l8",
                role="cuckooed_address")],
    }
    for name, rows in rels.items():
        await s.run(f"seed_rel_{name}", {"rows": rows})
    yield s
    await handle.close()


def names(members: tuple[analytics.Member, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.node["name"], m.roles) for m in members]


async def test_a_phone_number_finds_its_line_with_the_people_and_places_on_it(
        store: GraphStore) -> None:
    ctx = caller(store, INTEL)
    found = await analytics.phone_lookup(ctx, "07700900111")
    assert found.subject["id"] == "phn_1" and found.subject["name"] == "07700 900111"
    [line] = found.lines
    assert (line.name, line.how) == ("DEX", ("deal_line", "uses_phone"))
    assert names(line.people) == [("Ann", ("runner",)), ("Max", ("controller",))]
    assert names(line.places) == [("Flat 2", ("cuckooed_address",))]
    assert names(line.phones) == [("07700 900111", ("deal_line",))]
    assert ctx.disclosed == {"per_lann", "per_lmax"}


async def test_a_phone_on_no_line_is_found_alone_and_a_bad_number_is_refused(
        store: GraphStore) -> None:
    ctx = caller(store, INTEL)
    assert (await analytics.phone_lookup(ctx, "07700 900 222")).lines == ()
    with pytest.raises(InvalidInput) as refused:
        await analytics.phone_lookup(ctx, "call me")
    assert refused.value.field == "number"


async def test_an_area_by_name_shows_the_lines_into_and_out_of_it_and_its_line_places(
        store: GraphStore) -> None:
    corby = await analytics.area_lookup(caller(store, INTEL), "corby")
    assert [(line.name, line.how) for line in corby.lines] == [("DEX", ("imports_to",))]
    assert names(corby.places) == [("Flat 2", ("cuckooed_address",))]
    liverpool = await analytics.area_lookup(caller(store, INTEL), "Liverpool")
    assert [(line.name, line.how) for line in liverpool.lines] == [("DEX", ("exports_from",))]
    assert liverpool.places == ()


async def test_without_intelligence_the_phone_is_not_found_and_the_area_has_no_lines(
        store: GraphStore) -> None:
    ctx = caller(store, {"police:identity", "police:reference"})
    with pytest.raises(NotFound):
        await analytics.phone_lookup(ctx, "07700 900111")
    corby = await analytics.area_lookup(ctx, "Corby")
    assert corby.lines == () and corby.places == () and ctx.disclosed == set()

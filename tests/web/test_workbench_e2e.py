"""The workbench in a real headless Chromium against a real hub: sign in, find a child,
open and expand a network, find a route, read a timeline, print a panel pack, download
every export, and never see (drawn or exported) a link the caller may not see.

The oracle for what may be drawn is the API itself (`peerNetwork` with the same token)
and, for the leak, the demo county filtered by the caller's own `me { scopes }`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from hub.domain.ids import encode
from tests.support import RunningHub
from tests.web.browser import Workbench

pytestmark = pytest.mark.e2e
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
REASON = "MACE panel prep: mapping the peer group"


def graphml_edges(path: Path) -> set[frozenset[str]]:
    root = ElementTree.parse(path).getroot()
    return {frozenset((e.get("source"), e.get("target"))) for e in root.iter(f"{GRAPHML}edge")}


def graphml_nodes(path: Path) -> set[str]:
    return {n.get("id") for n in ElementTree.parse(path).getroot().iter(f"{GRAPHML}node")}


@pytest.fixture(scope="module")
def analyst(chromium: Any, hub: RunningHub) -> Any:
    bench = Workbench(chromium, hub, "e2e.analyst", "police", "analyst", "mace", REASON)
    yield bench
    assert not bench.outside, f"the page asked for outside assets: {bench.outside}"
    assert not bench.errors, bench.errors
    bench.close()


def test_sign_in_sets_a_locked_down_session_cookie(analyst: Workbench) -> None:
    cookies = {c["name"]: c for c in analyst.context.cookies()}
    session = cookies["hub_session"]
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"
    assert analyst.page.evaluate("document.cookie") == ""  # the page's script cannot read it
    assert "police" in analyst.page.inner_text("#who")
    assert analyst.page.inner_text("#purpose-shown") == "mace"


def test_find_a_child_by_name_date_of_birth_and_identifier(
        analyst: Workbench, demo: Any, shots_dir: Path | None) -> None:
    child = demo.node(demo.planted.bridge_child)
    analyst.go(f"#/search?name={child['name'].split()[0]}")
    names = analyst.page.locator("#results-table td:first-child a").all_inner_texts()
    assert child["name"] in names
    analyst.shot(shots_dir, "search")
    analyst.go(f"#/search?dob={child['dob']}")
    assert child["name"] in analyst.page.locator("#results-table td:first-child a").all_inner_texts()
    analyst.go(f"#/search?ident={demo.planted.bridge_child}")
    assert analyst.page.locator("#results-table td:first-child a").all_inner_texts() == [child["name"]]
    analyst.page.click("#results-table td:first-child a")
    analyst.ready()
    assert analyst.page.inner_text("#profile-name").startswith(child["name"])
    # every fact carries its provenance: owner, category, source, when
    assert analyst.page.locator("#view .prov").count() >= 8
    analyst.shot(shots_dir, "profile", full_page=True)


def test_existence_only_records_say_which_agency_holds_them(
        chromium: Any, hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("education", "practitioner", purpose="mace")
    query = ("query($id: ID!) { node(id: $id) { ... on Person { recordsHeldElsewhere "
             "{ agency category } } } }")
    held = None
    for child in demo.planted.peer_groups[0].members + [demo.planted.bridge_child]:
        found = hub.data(query, {"id": encode("Child", child)}, headers=headers)["node"]
        if found and found["recordsHeldElsewhere"]:
            held = (child, found["recordsHeldElsewhere"])
            break
    if held is None:
        pytest.skip("no planted child has existence-only records for education under MACE")
    bench = Workbench(chromium, hub, "e2e.school", "education", "practitioner", "mace", REASON)
    try:
        bench.go(f"#/person/{encode('Child', held[0])}")
        notes = bench.page.locator("#held-elsewhere .held").all_inner_texts()
        assert len(notes) == len(held[1])
        assert all(f"Held by agency {r['agency']}" in " ".join(notes) for r in held[1])
    finally:
        bench.close()


def test_network_chart_draws_exactly_what_the_api_gives(
        analyst: Workbench, hub: RunningHub, demo: Any, shots_dir: Path | None) -> None:
    focus = encode("Child", demo.planted.bridge_child)
    analyst.go(f"#/network/{focus}?depth=2")
    api = hub.data("query($id: ID!) { peerNetwork(childId: $id, depth: 2) { nodes { person { id } } "
                   "links { source target kind } bridges { person { id } } communities { index } } }",
                   {"id": focus}, headers=hub.caller("police", "analyst", justification=REASON))
    net = api["peerNetwork"]
    drawn = analyst.drawn()
    assert set(drawn["nodes"]) == {n["person"]["id"] for n in net["nodes"]}
    assert ({(frozenset((e["source"], e["target"])), e["kind"]) for e in drawn["edges"]}
            == {(frozenset((l["source"], l["target"])), l["kind"]) for l in net["links"]})
    classes = analyst.page.evaluate(
        "id => window.workbench.cy.getElementById(id).classes()", focus)
    assert "bridge" in classes and len(net["communities"]) >= 2
    colours = analyst.page.evaluate(
        "() => new Set(window.workbench.cy.nodes().map(n => n.data('color'))).size")
    assert colours >= 2  # sub-groups coloured apart
    edge_adult = encode("Adult", demo.planted.peer_groups[0].edge_adult)
    if edge_adult in drawn["nodes"]:
        assert "concern" in analyst.page.evaluate(
            "id => window.workbench.cy.getElementById(id).classes()", edge_adult)
    analyst.shot(shots_dir, "network")


def test_hovering_a_link_shows_its_kind_and_dates(analyst: Workbench, demo: Any) -> None:
    analyst.go(f"#/network/{encode('Child', demo.planted.bridge_child)}?depth=2")
    point = analyst.page.evaluate("""() => { const cy = window.workbench.cy;
        const far = e => { const m = e.midpoint();
          return Math.min(...cy.nodes().map(n => Math.hypot(n.position('x') - m.x, n.position('y') - m.y)),
            ...cy.edges().not(e).map(o => Math.hypot(o.midpoint().x - m.x, o.midpoint().y - m.y))); };
        const e = cy.edges().filter(e => e.data('firstSeen')).sort((a, b) => far(b) - far(a))[0];
        cy.zoom(3); cy.center(e);
        const box = document.getElementById('cy').getBoundingClientRect();
        const m = e.renderedMidpoint();
        return { x: box.x + m.x, y: box.y + m.y }; }""")
    analyst.page.mouse.move(point["x"] + 1, point["y"] + 1)
    analyst.page.mouse.move(point["x"], point["y"])
    analyst.page.wait_for_selector("#tip:not([hidden])")
    tip = analyst.page.inner_text("#tip")
    texts = analyst.page.evaluate("""() => window.workbench.cy.edges().map(e => {
        const d = e.data(), day = v => v ? String(v).slice(0, 10) : '—';
        return [d.kind, d.context, day(d.firstSeen), day(d.lastSeen)]; })""")
    # the tip names the link under the mouse: its kind, context and first and last seen
    assert any(tip.startswith(kind) and first in tip and last in tip
               for kind, _, first, last in texts), tip
    assert " → " in tip


def test_clicking_a_person_expands_the_network(
        analyst: Workbench, hub: RunningHub, demo: Any) -> None:
    analyst.go(f"#/network/{encode('Child', demo.planted.bridge_child)}?depth=2")
    drawn = analyst.drawn()
    hops = analyst.page.evaluate(
        "() => window.workbench.cy.nodes().map(n => [n.id(), n.data('hops')])")
    edge = [node for node, hop in hops if hop == max(h for _, h in hops)]
    grows = None
    query = "query($id: ID!) { peerNetwork(childId: $id, depth: 1) { nodes { person { id } } } }"
    headers = hub.caller("police", "analyst", justification=REASON)
    for candidate in edge:
        around = {n["person"]["id"] for n in hub.data(query, {"id": candidate},
                                                       headers=headers)["peerNetwork"]["nodes"]}
        if around - set(drawn["nodes"]):
            grows = (candidate, around)
            break
    assert grows is not None, "no person at the edge of the network has anyone further out"
    analyst.page.check("#mode-expand")
    analyst.click_node(grows[0])
    analyst.page.wait_for_function(
        "id => document.getElementById('network-title').dataset.expanded === id", arg=grows[0])
    after = set(analyst.drawn()["nodes"])
    assert grows[1] <= after and len(after) > len(drawn["nodes"])


def test_picking_two_people_finds_the_routes(
        analyst: Workbench, demo: Any, shots_dir: Path | None) -> None:
    focus = encode("Child", demo.planted.bridge_child)
    analyst.go(f"#/network/{focus}?depth=2")
    hops = dict(analyst.page.evaluate(
        "() => window.workbench.cy.nodes().map(n => [n.id(), n.data('hops')])"))
    far = max(hops, key=lambda n: (hops[n], n))
    analyst.page.check("#mode-pick")
    analyst.click_node(focus)
    analyst.click_node(far)
    assert analyst.page.is_enabled("#find-route")
    analyst.page.click("#find-route")
    analyst.page.wait_for_selector("#routes li")
    on_route = analyst.page.evaluate(
        "() => window.workbench.cy.nodes('.on-route').map(n => n.id())")
    assert focus in on_route and far in on_route
    first = analyst.page.inner_text("#routes li")
    assert first.startswith(f"{hops[far]} link") or "link(s)" in first
    analyst.shot(shots_dir, "route")


def test_timeline_lists_incidents_missing_referrals_and_decisions(
        analyst: Workbench, hub: RunningHub, demo: Any, shots_dir: Path | None) -> None:
    child = demo.planted.missing.children[0]
    analyst.go(f"#/timeline/{encode('Child', child)}")
    kinds = analyst.page.locator(".timeline li").evaluate_all("els => els.map(e => e.dataset.kind)")
    headers = hub.caller("police", "analyst", justification=REASON)
    counts = hub.data("query($id: ID!) { node(id: $id) { ... on Person { "
                      "incidents(first: 100) { edges { cursor } } missingEpisodes(first: 100) "
                      "{ edges { cursor } } referrals { id } panelDecisions { id } } } }",
                      {"id": encode("Child", child)}, headers=headers)["node"]
    assert kinds.count("incident") == len(counts["incidents"]["edges"])
    assert kinds.count("missing") == len(counts["missingEpisodes"]["edges"]) > 0
    assert kinds.count("referral") == len(counts["referrals"])
    assert kinds.count("decision") == len(counts["panelDecisions"])
    dates = analyst.page.locator(".timeline .when").all_inner_texts()
    assert dates == sorted(dates, key=lambda d: d.replace("—", ""))
    analyst.shot(shots_dir, "timeline", full_page=True)


def test_context_and_county_lines_views(
        analyst: Workbench, demo: Any, shots_dir: Path | None) -> None:
    place = demo.planted.missing.found_places[0]
    analyst.go(f"#/context/{encode('Place', place)}")
    assert demo.node(place)["name"] in analyst.page.inner_text("#context-title")
    analyst.shot(shots_dir, "context", full_page=True)
    analyst.go("#/lines")
    lines = analyst.page.locator("#lines-table td:first-child").all_inner_texts()
    assert {line.name for line in demo.planted.county_lines} <= set(lines)
    analyst.shot(shots_dir, "county-lines", full_page=True)


def test_panel_pack_prints_to_pdf(
        analyst: Workbench, demo: Any, tmp_path: Path, shots_dir: Path | None) -> None:
    analyst.go(f"#/panel/{encode('Panel', demo.planted.panel)}")
    analyst.page.wait_for_selector("#panel-pack[data-ready='1']", timeout=120_000)
    children = analyst.page.locator("#cohort li").count()
    assert children >= 1
    assert analyst.page.locator(".pack-child").count() == children
    assert analyst.page.locator(".pack-child img.pack-net").count() == children
    assert analyst.page.locator("#overdue tr").count() >= 1
    analyst.shot(shots_dir, "panel-pack", full_page=True)
    pdf = analyst.page.pdf(path=str(tmp_path / "pack.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= children + 1  # the cover, then each child on a page of their own
    if shots_dir is not None:
        (shots_dir / "panel-pack.pdf").write_bytes(pdf)
        analyst.page.emulate_media(media="print")
        analyst.shot(shots_dir, "panel-pack-print", full_page=True)
        analyst.page.emulate_media(media="screen")


def test_every_export_downloads_and_is_audited(
        analyst: Workbench, hub: RunningHub, demo: Any, tmp_path: Path,
        shots_dir: Path | None) -> None:
    focus = encode("Child", demo.planted.bridge_child)
    analyst.go(f"#/network/{focus}?depth=2")
    drawn = analyst.drawn()
    graphml = analyst.download("#export-graphml", tmp_path)
    assert graphml_nodes(graphml) == set(drawn["nodes"])
    assert graphml_edges(graphml) == {frozenset((e["source"], e["target"])) for e in drawn["edges"]}
    i2 = analyst.download("#export-i2", tmp_path)
    with zipfile.ZipFile(i2) as archive:
        assert set(archive.namelist()) == {"entities.csv", "links.csv",
                                           "import-specification.ximp", "README.txt"}
        entities = list(csv.DictReader(io.StringIO(archive.read("entities.csv").decode())))
        links = list(csv.DictReader(io.StringIO(archive.read("links.csv").decode())))
        ElementTree.fromstring(archive.read("import-specification.ximp"))
    assert {e["identity"] for e in entities} == set(drawn["nodes"])
    assert {frozenset((x["from_identity"], x["to_identity"])) for x in links} == graphml_edges(graphml)
    people = analyst.download("#export-csv", tmp_path)
    assert {r["id"] for r in csv.DictReader(people.open())} == set(drawn["nodes"])
    analyst.go("#/exports")
    analyst.shot(shots_dir, "exports")
    hotspots = json.loads(analyst.download("#export-hotspots", tmp_path).read_text())
    assert hotspots["type"] == "FeatureCollection"
    places = json.loads(analyst.download("#export-places", tmp_path).read_text())
    assert places["features"] and all(f["properties"]["town"] == "Corby" for f in places["features"])
    lines = analyst.download("#export-lines", tmp_path)
    assert {r["line"] for r in csv.DictReader(lines.open())} >= {
        line.name for line in demo.planted.county_lines if line.child_runners}
    auditor = hub.caller("police", "auditor", purpose=None, justification=None)  # the actor's own agency
    entries = hub.data('{ auditLog(actor: "e2e.analyst", kind: "export", first: 50) '
                       "{ operation subjects justification purpose } }", headers=auditor)["auditLog"]
    by_operation = {e["operation"]: e for e in entries}
    for name in ("network.graphml", "network-i2.zip", "network.csv", "hotspots.geojson",
                 "places.geojson", "lines.csv"):
        assert f"export {name}" in by_operation, name
    graphml_entry = by_operation["export network.graphml"]
    assert graphml_entry["justification"] == REASON and graphml_entry["purpose"] == "mace"
    named = {encode("Child" if "Child" in demo.labels(s) else "Adult", s)
             for s in graphml_entry["subjects"]}
    assert named == graphml_nodes(graphml)  # the entry names every person in the file


def test_a_link_the_caller_may_not_see_is_never_drawn_or_exported(
        chromium: Any, analyst: Workbench, hub: RunningHub, demo: Any, tmp_path: Path) -> None:
    trust = hub.caller("trust", "practitioner", purpose="missing")
    scopes = set(hub.data("{ me { scopes } }", headers=trust)["me"]["scopes"])
    sees = lambda row: f"{row['owner']}:{row['category']}" in scopes  # noqa: E731
    hidden = next((r for r in demo.rels("ASSOCIATED_WITH")
                   if not sees(r["props"]) and sees(demo.node(r["a"])) and sees(demo.node(r["b"]))
                   and "Child" in demo.labels(r["a"]) and "Child" in demo.labels(r["b"])), None)
    assert hidden is not None, "the demo county has no link hidden from the trust"
    a, b = encode("Child", hidden["a"]), encode("Child", hidden["b"])
    pair = frozenset((a, b))
    analyst.go(f"#/network/{a}?depth=1&kinds=association")
    assert pair in {frozenset((e["source"], e["target"])) for e in analyst.drawn()["edges"]}
    bench = Workbench(chromium, hub, "e2e.trust", "trust", "practitioner", "missing",
                      "missing child review: checking who she is found with")
    try:
        bench.go(f"#/network/{a}?depth=1&kinds=association")
        drawn = bench.drawn()
        assert pair not in {frozenset((e["source"], e["target"])) for e in drawn["edges"]}
        exported = bench.download("#export-graphml", tmp_path)
        assert pair not in graphml_edges(exported)
        assert b not in graphml_nodes(exported) or pair not in graphml_edges(exported)
        assert not bench.outside and not bench.errors
    finally:
        bench.close()

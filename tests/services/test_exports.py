"""Exports over real HTTP with a bearer token, as an API client would make them: only what
the caller may see, a justification needed, the analyses' limits, an audit entry naming
every person, and files the tools can read."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any
from xml.etree import ElementTree

import httpx

from hub.domain.ids import encode
from tests.support import RunningHub

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
REASON = "exports test: the peer group for panel"


def export(hub: RunningHub, name: str, headers: dict[str, str], **params: str) -> httpx.Response:
    return hub.client.post(f"/workbench/export/{name}", data=params, headers=headers)


def test_a_network_export_is_exactly_the_network_the_api_gives(hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("police", "analyst", justification=REASON)
    focus = encode("Child", demo.planted.bridge_child)
    response = export(hub, "network.graphml", headers, child=focus, depth="2")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    root = ElementTree.fromstring(response.content)
    net = hub.data("query($id: ID!) { peerNetwork(childId: $id, depth: 2) { nodes { person { id } } "
                   "links { source target } } }", {"id": focus}, headers=headers)["peerNetwork"]
    assert {n.get("id") for n in root.iter(f"{GRAPHML}node")} == {
        n["person"]["id"] for n in net["nodes"]}
    assert sorted(sorted((e.get("source"), e.get("target"))) for e in root.iter(f"{GRAPHML}edge")) \
        == sorted(sorted((link["source"], link["target"])) for link in net["links"])


def test_an_export_is_audited_naming_every_person_in_it(hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("police", "analyst", sub="exports.auditee", justification=REASON)
    focus = encode("Child", demo.planted.bridge_child)
    response = export(hub, "network.csv", headers, child=focus, depth="1")
    in_file = {row["id"] for row in csv.DictReader(io.StringIO(response.text))}
    auditor = hub.caller("police", "auditor", purpose=None, justification=None)  # the actor's own agency
    entries = hub.data('{ auditLog(actor: "exports.auditee", first: 20) { kind operation subjects '
                       "justification note } }", headers=auditor)["auditLog"]
    exported = [e for e in entries if e["kind"] == "export"]
    assert len(exported) == 1 and exported[0]["operation"] == "export network.csv"
    assert exported[0]["justification"] == REASON and '"rows": ' in exported[0]["note"]
    named = {encode("Child" if "Child" in demo.labels(s) else "Adult", s)
             for s in exported[0]["subjects"]}
    assert named == in_file
    assert not [e for e in entries if e["kind"] == "disclosure"]  # one entry, not two


def test_an_export_needs_a_justification(hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("police", "analyst", justification=None)
    response = export(hub, "network.graphml", headers,
                      child=encode("Child", demo.planted.bridge_child))
    assert response.status_code == 403 and "justification" in response.text


def test_an_export_is_bounded_by_the_analyses_limits(hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("police", "analyst", justification=REASON)
    response = export(hub, "network-i2.zip", headers,
                      child=encode("Child", demo.planted.bridge_child), depth="4")
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"


def test_bad_export_requests_say_what_is_wrong(hub: RunningHub) -> None:
    headers = hub.caller("police", "analyst", justification=REASON)
    unknown = export(hub, "network.pdf", headers)
    assert unknown.status_code == 400 and "choose one of" in unknown.text
    no_child = export(hub, "network.graphml", headers)
    assert no_child.status_code == 400 and "child" in no_child.json()["errors"][0]["message"]
    not_a_token = export(hub, "lines.csv", {"Authorization": "Bearer nonsense"})
    assert not_a_token.status_code == 401


def test_an_intelligence_link_the_trust_may_not_see_is_not_exported(hub: RunningHub, demo: Any) -> None:
    trust = hub.caller("trust", "practitioner", purpose="missing", justification=REASON)
    scopes = set(hub.data("{ me { scopes } }", headers=trust)["me"]["scopes"])
    sees = lambda row: f"{row['owner']}:{row['category']}" in scopes  # noqa: E731
    hidden = [r for r in demo.rels("ASSOCIATED_WITH") if not sees(r["props"])
              and sees(demo.node(r["a"])) and sees(demo.node(r["b"]))
              and "Child" in demo.labels(r["a"]) and "Child" in demo.labels(r["b"])][:5]
    assert hidden
    police = hub.caller("police", "analyst", justification=REASON)
    for rel in hidden:
        a, b = encode("Child", rel["a"]), encode("Child", rel["b"])
        for who, present in ((police, True), (trust, False)):
            response = export(hub, "network-i2.zip", who, child=a, depth="1", kinds="association")
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                links = csv.DictReader(io.StringIO(archive.read("links.csv").decode()))
                pairs = {frozenset((x["from_identity"], x["to_identity"])) for x in links}
            assert (frozenset((a, b)) in pairs) is present


def test_hotspots_are_points_with_counts_and_name_no_one(hub: RunningHub, demo: Any) -> None:
    headers = hub.caller("police", "analyst", justification=REASON)
    response = export(hub, "hotspots.geojson", headers, since="2020-01-01")
    features = response.json()["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)
    planted = {encode("Place", p) for p in demo.planted.missing.found_places}
    assert planted & {f["properties"]["id"] for f in features}
    assert all("children_found_here" in f["properties"] and "name" in f["properties"]
               for f in features)
    assert not any(key.startswith("child_") for f in features for key in f["properties"])

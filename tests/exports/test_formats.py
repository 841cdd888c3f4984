"""The export writers on their own: files the tools can read, whatever the data holds."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from xml.etree import ElementTree

from hub.exports.geojson import feature_collection
from hub.exports.graphml import graphml
from hub.exports.i2 import import_specification, zipped
from hub.exports.tables import cell, csv_rows

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def test_spreadsheet_formulas_in_data_are_defused() -> None:
    assert cell('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    assert cell("+44 7700 900123") == "'+44 7700 900123"
    assert cell(["a", "b"]) == "a; b" and cell(True) == "yes" and cell(None) == ""
    assert "".join(csv_rows(["a"], [{"a": "-1"}])) == "a\r\n'-1\r\n"


def test_the_zip_streams_in_chunks_and_reads_back() -> None:
    big = [f"{i},{hashlib.sha256(str(i).encode()).hexdigest()}\n" for i in range(20_000)]
    chunks = list(zipped([("a.csv", iter(big)), ("b.txt", iter(["hello"]))]))
    assert len(chunks) > 3
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        assert archive.read("a.csv").decode() == "".join(big)
        assert archive.read("b.txt") == b"hello"


def test_graphml_escapes_names_and_types_its_keys() -> None:
    text = "".join(graphml([("label", str), ("age", int), ("flag", bool)], [("kind", str)],
                           [{"id": 'a"1', "label": "O'Neil & <Sons>", "age": 14, "flag": True},
                            {"id": "b", "label": None}],
                           [{"id": "e1", "source": 'a"1', "target": "b", "kind": "peer"}]))
    root = ElementTree.fromstring(text)
    nodes = list(root.iter(f"{GRAPHML}node"))
    assert nodes[0].get("id") == 'a"1' and nodes[0][0].text == "O'Neil & <Sons>"
    assert len(nodes[1]) == 0  # a missing value is left out, not written as "None"
    keys = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")}
    assert keys == {"label": "string", "age": "int", "flag": "boolean", "kind": "string"}


def test_geojson_is_one_valid_collection_of_points() -> None:
    text = "".join(feature_collection([(-0.7, 52.5, {"name": "Café \"Corby\""}),
                                       (-0.9, 52.2, {"n": 2})], "hotspots"))
    data = json.loads(text)
    assert data["name"] == "hotspots" and len(data["features"]) == 2
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [-0.7, 52.5]}
    assert json.loads("".join(feature_collection([], "none")))["features"] == []


def test_the_i2_specification_is_xml_naming_both_files() -> None:
    root = ElementTree.fromstring(import_specification("Network of A & B"))
    assert root.get("name") == "Network of A & B"
    assert [i.get("file") for i in root.iter("Import")] == ["entities.csv", "links.csv"]

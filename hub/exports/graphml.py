"""GraphML for Gephi and yEd: typed attribute keys, one node per person, one edge per link."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

GRAPHML_TYPES = {bool: "boolean", int: "int", float: "double", str: "string"}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def graphml(node_keys: Sequence[tuple[str, type]], edge_keys: Sequence[tuple[str, type]],
            nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]],
            directed: bool = False) -> Iterator[str]:
    """Nodes need `id`, edges `id`, `source` and `target`; the keys say what else is written."""
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for where, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys:
            yield (f'  <key id="{where[0]}_{name}" for="{where}" attr.name="{name}" '
                   f'attr.type="{GRAPHML_TYPES[kind]}"/>\n')
    yield f'  <graph id="G" edgedefault="{"directed" if directed else "undirected"}">\n'
    for node in nodes:
        data = "".join(f'<data key="n_{name}">{_value(node[name])}</data>'
                       for name, _ in node_keys if node.get(name) is not None)
        yield f'    <node id={quoteattr(str(node["id"]))}>{data}</node>\n'
    for edge in edges:
        data = "".join(f'<data key="e_{name}">{_value(edge[name])}</data>'
                       for name, _ in edge_keys if edge.get(name) is not None)
        yield (f'    <edge id={quoteattr(str(edge["id"]))} source={quoteattr(str(edge["source"]))} '
               f'target={quoteattr(str(edge["target"]))}>{data}</edge>\n')
    yield "  </graph>\n</graphml>\n"

"""The generated county as rows ready for the seed statements, and the builder that makes them.

Rows are grouped by the name of the `cypher/seed.cypher` statement that writes them, so
loading is one `UNWIND` per label combination or relationship type, and the rows and
the statements cannot drift apart (the tests compare the two).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from seed.planted import Planted

Row = dict[str, Any]

# kind -> (id prefix, labels beyond `Entity`). Children and adults share the `per` ids,
# so a child who turns 18 keeps their id.
NODE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "agency": ("agy", ("Agency",)),
    "team": ("tea", ("Team",)),
    "practitioner": ("prc", ("Practitioner",)),
    "agreement": ("agr", ("Agreement",)),
    "grant": ("gra", ("Grant",)),
    "area": ("are", ("Area",)),
    "place": ("pla", ("Place",)),
    "school": ("sch", ("School",)),
    "family": ("fam", ("Family",)),
    "child": ("per", ("Person", "Child")),
    "adult": ("per", ("Person", "Adult")),
    "peer_group": ("grp", ("PeerGroup",)),
    "flag": ("flg", ("Flag",)),
    "incident": ("inc", ("Incident",)),
    "missing_episode": ("mis", ("MissingEpisode",)),
    "return_home_interview": ("rhi", ("ReturnHomeInterview",)),
    "county_line": ("lin", ("CountyLine",)),
    "phone": ("pho", ("Phone",)),
    "referral": ("ref", ("Referral",)),
    "intervention": ("itv", ("Intervention",)),
    "outcome": ("out", ("Outcome",)),
    "context_assessment": ("cas", ("ContextAssessment",)),
    "panel": ("pan", ("Panel",)),
    "panel_decision": ("dec", ("PanelDecision",)),
    "action": ("act", ("Action",)),
}

REL_PREFIX = "rel"
_REL_STATEMENTS: dict[str, str] = {}

# The system each agency records in; `source` on a row says which one it came from.
SOURCES: dict[str, str] = {
    "police": "niche",
    "trust": "liquidlogic",
    "yos": "childview",
    "health": "systmone",
    "education": "sims",
    "eis": "hub",
}

Scalar = str | int | float | bool


def node_statement(kind: str) -> str:
    return f"seed_node_{kind}"


def rel_statement(rel_type: str) -> str:
    name = _REL_STATEMENTS.get(rel_type)
    if name is None:
        name = _REL_STATEMENTS[rel_type] = f"seed_rel_{rel_type.lower()}"
    return name


def labels_of_statement(name: str) -> tuple[str, ...]:
    """The labels (beyond `Entity`) a node statement creates."""
    return NODE_KINDS[name.removeprefix("seed_node_")][1]


def type_of_statement(name: str) -> str:
    return name.removeprefix("seed_rel_").upper()


@dataclass
class Dataset:
    """One generated county: node rows and relationship rows by statement, and what was planted.

    A node row is the node's full property map. A relationship row is
    `{"a": from id, "b": to id, "props": property map}`.
    """

    scale: str
    seed: int
    nodes: dict[str, list[Row]]
    relationships: dict[str, list[Row]]
    planted: Planted
    _by_id: dict[str, Row] = field(default_factory=dict, repr=False, compare=False)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def people(self) -> int:
        return len(self.nodes.get(node_statement("child"), ())) + len(
            self.nodes.get(node_statement("adult"), ())
        )

    def incidents_and_episodes(self) -> int:
        return len(self.nodes.get(node_statement("incident"), ())) + len(
            self.nodes.get(node_statement("missing_episode"), ())
        )

    def label_counts(self) -> dict[str, int]:
        """Nodes per label, as the store's `count_by_label` reports them (no `Entity`)."""
        counts: Counter[str] = Counter()
        for name, rows in self.nodes.items():
            for label in labels_of_statement(name):
                counts[label] += len(rows)
        return dict(counts)

    def rel_type_counts(self) -> dict[str, int]:
        return {type_of_statement(name): len(rows) for name, rows in self.relationships.items()}

    def node(self, node_id: str) -> Row:
        """The row of one node by id (an index built on first use)."""
        if not self._by_id:
            self._by_id = {row["id"]: row for rows in self.nodes.values() for row in rows}
        return self._by_id[node_id]

    def labels(self, node_id: str) -> tuple[str, ...]:
        for name, rows in self.nodes.items():
            if any(row["id"] == node_id for row in rows):
                return labels_of_statement(name)
        raise KeyError(node_id)

    def rels(self, rel_type: str) -> list[Row]:
        return self.relationships.get(rel_statement(rel_type), [])


class Builder:
    """Hands out stable ids in creation order and stamps provenance on every row."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[Row]] = defaultdict(list)
        self.relationships: dict[str, list[Row]] = defaultdict(list)
        self._counters: Counter[str] = Counter()

    def next_id(self, prefix: str, width: int = 6) -> str:
        n = self._counters[prefix] + 1
        self._counters[prefix] = n
        return prefix + "_" + str(n).zfill(width)

    def node(self, kind: str, owner: str, category: str, recorded_at: str, /,
             node_id: str | None = None, **props: Any) -> str:
        """Add one node; `None` properties are left out (a store cannot hold a null)."""
        prefix = NODE_KINDS[kind][0]
        row: Row = {
            "id": node_id or self.next_id(prefix),
            "owner": owner,
            "category": category,
            "source": SOURCES[owner],
            "recorded_at": recorded_at,
        }
        for key, value in props.items():
            if value is not None:
                row[key] = value
        self.nodes[node_statement(kind)].append(row)
        return str(row["id"])

    def rel(self, rel_type: str, a: str, b: str, owner: str, category: str,
            recorded_at: str, /, **props: Any) -> str:
        rel_id = self.next_id(REL_PREFIX, 7)
        data: Row = {
            "id": rel_id,
            "owner": owner,
            "category": category,
            "source": SOURCES[owner],
            "recorded_at": recorded_at,
        }
        for key, value in props.items():
            if value is not None:
                data[key] = value
        name = _REL_STATEMENTS.get(rel_type) or rel_statement(rel_type)
        self.relationships[name].append({"a": a, "b": b, "props": data})
        return rel_id

    def count(self, kind: str) -> int:
        return len(self.nodes.get(node_statement(kind), ()))

    def finish(self, scale: str, seed: int, planted: Planted) -> Dataset:
        return Dataset(scale=scale, seed=seed, nodes=dict(self.nodes),
                       relationships=dict(self.relationships), planted=planted)

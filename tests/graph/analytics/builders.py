"""Small builders for the node and link dicts the service projects, so each test reads
like the situation it describes. Everyone here is fictional."""

from __future__ import annotations

from typing import Any

from hub.graph.analytics.shapes import LinkDict, NodeDict


def child(id: str, dob: str = "2010-06-01", **extra: Any) -> NodeDict:
    node: dict[str, Any] = {"id": id, "kind": "child", "name": id.title(), "dob": dob,
                            "gender": "male", "ethnicity": "white", "town": "Northampton",
                            "ward": None, "of_concern": False}
    node.update(extra)
    return node  # type: ignore[return-value]


def adult(id: str, dob: str = "1995-02-01", of_concern: bool = False,
          **extra: Any) -> NodeDict:
    node = child(id, dob, **extra)
    node["kind"] = "adult"
    node["of_concern"] = of_concern
    return node


def thing(id: str, kind: str, **extra: Any) -> NodeDict:
    node: dict[str, Any] = {"id": id, "kind": kind, "name": id.title()}
    node.update(extra)
    return node  # type: ignore[return-value]


def link(id: str, source: str, target: str, kind: str = "association",
         strength: float | None = None, first_seen: str | None = None,
         last_seen: str | None = None, **extra: Any) -> LinkDict:
    row: dict[str, Any] = {"id": id, "source": source, "target": target, "kind": kind,
                           "strength": strength, "first_seen": first_seen,
                           "last_seen": last_seen}
    if kind == "association":
        row.setdefault("context", "peer")
    row.update(extra)
    return row  # type: ignore[return-value]


def clique(prefix: str, names: list[str], strength: float = 0.8) -> list[LinkDict]:
    """Every pair in `names` associates: a tight peer group."""
    return [link(f"{prefix}_{a}_{b}", a, b, strength=strength)
            for i, a in enumerate(names) for b in names[i + 1:]]

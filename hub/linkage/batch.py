"""Linking a whole population at once: every agency's person records, scored and grouped.

Candidate pairs come from splink's blocking rules and from shared identifiers; each is
decided by `decide`; linked pairs are joined into people (connected components), except
where a join would put two different valid identifiers of one scheme into one person.
The review pairs are kept with their evidence for a person to confirm or reject.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from hub.linkage.decide import Decision, Thresholds, decide
from hub.linkage.model import _as_table, trained_settings
from hub.linkage.records import linkage_row, valid_identifiers
from hub.linkage.scoring import labelled, level_labels


@dataclass
class PairDecision:
    left: str
    right: str
    decision: Decision


@dataclass
class Linked:
    """What a run decided: linked and review pairs, and the people they make."""

    links: list[PairDecision] = field(default_factory=list)
    reviews: list[PairDecision] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # record id -> person key
    refused_joins: int = 0


@dataclass
class Scored:
    """Every candidate pair of a population, scored once, to be decided at any thresholds."""

    pairs: list[tuple[str, str, dict[str, Any]]]
    ids: dict[str, dict[str, str]]


def score_population(records: list[dict[str, Any]], review_floor: float,
                     trained: dict[str, Any] | None = None) -> Scored:
    """Score the blocked pairs among `records` whose match weight reaches `review_floor`."""
    from splink import DuckDBAPI, Linker

    trained = trained or trained_settings(records=len(records))
    rows = [linkage_row(r) for r in records]
    ids = {row["record_id"]: valid_identifiers(r) for row, r in zip(rows, records, strict=True)}
    db_api = DuckDBAPI()
    frame = db_api.register(_as_table(rows), table_name="records")
    linker = Linker(frame, trained, log_level=logging.WARNING)
    predicted = linker.inference.predict(threshold_match_weight=review_floor - 0.01)
    labels = level_labels(trained)
    pairs: list[tuple[str, str, dict[str, Any]]] = []
    seen: set[tuple[str, str]] = set()
    for row in predicted.as_record_list():
        left, right = sorted((str(row["record_id_l"]), str(row["record_id_r"])))
        seen.add((left, right))
        pairs.append((left, right, labelled(row, labels)))
    for left, right in sorted(_identifier_pairs(ids) - seen):
        # Blocked on the identifier but scored below review: names and dates disagree.
        pairs.append((left, right, {"match_weight": float("-inf"), "match_probability": 0.0}))
    return Scored(pairs, ids)


def decide_population(scored: Scored, thresholds: Thresholds) -> Linked:
    """Decide each scored pair and group the linked ones into people."""
    result = Linked()
    for left, right, row in scored.pairs:
        _keep(result, left, right, decide(row, scored.ids[left], scored.ids[right], thresholds))
    result.people, result.refused_joins = _people(list(scored.ids), result.links, scored.ids)
    return result


def link_population(records: list[dict[str, Any]],
                    thresholds: Thresholds | None = None,
                    trained: dict[str, Any] | None = None) -> Linked:
    """Decide every candidate pair among `records` and group the linked ones into people."""
    thresholds = thresholds or Thresholds()
    return decide_population(score_population(records, thresholds.review, trained), thresholds)


def _keep(result: Linked, left: str, right: str, decision: Decision) -> None:
    if decision.outcome == "link":
        result.links.append(PairDecision(left, right, decision))
    elif decision.outcome == "review":
        result.reviews.append(PairDecision(left, right, decision))


def _identifier_pairs(ids: dict[str, dict[str, str]]) -> set[tuple[str, str]]:
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record_id, found in ids.items():
        for scheme, value in found.items():
            holders[(scheme, value)].append(record_id)
    pairs: set[tuple[str, str]] = set()
    for group in holders.values():
        for left, right in combinations(sorted(group), 2):
            pairs.add((left, right))
    return pairs


def _people(record_ids: list[str], links: list[PairDecision],
            ids: dict[str, dict[str, str]]) -> tuple[dict[str, str], int]:
    """Union-find over the links, strongest first, refusing joins that clash on identifiers."""
    parent = {r: r for r in record_ids}
    held: dict[str, dict[str, str]] = {r: dict(ids[r]) for r in record_ids}

    def root(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    refused = 0
    ordered = sorted(links, key=lambda p: -_strength(p.decision))
    for pair in ordered:
        a, b = root(pair.left), root(pair.right)
        if a == b:
            continue
        if any(held[a].get(s, v) != v for s, v in held[b].items()):
            refused += 1
            continue
        parent[b] = a
        for scheme, value in held[b].items():
            held[a].setdefault(scheme, value)
    return {r: root(r) for r in record_ids}, refused


def _strength(decision: Decision) -> float:
    return decision.match_weight

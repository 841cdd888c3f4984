"""Matching one arriving person against the records already held, while the caller waits.

A practitioner recording a child should hear "this looks like a child the hub already
holds" before a duplicate is made. Candidates are found by the model's own blocking
keys (and by shared identifiers), then scored with splink's `compare_records` on DuckDB,
whose SQL is built once and cached, so one arrival costs a few milliseconds.

The held records come from whoever builds the matcher; in the hub that is the store's
person records the caller may see, so a candidate is never a record the caller may not
see.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hub.linkage.decide import Decision, Thresholds, decide
from hub.linkage.model import _as_table, trained_settings
from hub.linkage.records import linkage_row, valid_identifiers
from hub.linkage.scoring import labelled, level_labels

_TF_COLUMNS = ("family_name", "town")


@dataclass
class Candidate:
    record_id: str
    decision: Decision


def blocking_keys(row: dict[str, Any]) -> list[tuple[str, ...]]:
    """The keys a record is found by: the model's blocking rules, as Python values.

    >>> blocking_keys({"dob": "2011-04-03", "given_canonical": "sam", "family_name": "orr",
    ...                "postcode": None})
    ... # doctest: +NORMALIZE_WHITESPACE
    [('dob', '2011-04-03'), ('name', 'sam', 'orr'), ('family_year', 'orr', '2011'),
     ('given_year', 'sam', '2011')]
    """
    keys: list[tuple[str, ...]] = []
    if row.get("dob"):
        keys.append(("dob", row["dob"]))
    if row.get("given_canonical") and row.get("family_name"):
        keys.append(("name", row["given_canonical"], row["family_name"]))
    if row.get("postcode") and row.get("given_canonical"):
        keys.append(("postcode_name", row["postcode"], row["given_canonical"]))
    if row.get("family_name") and row.get("dob"):
        keys.append(("family_year", row["family_name"], row["dob"][:4]))
    if row.get("family_name") and row.get("postcode"):
        keys.append(("family_postcode", row["family_name"], row["postcode"]))
    if row.get("given_canonical") and row.get("dob"):
        keys.append(("given_year", row["given_canonical"], row["dob"][:4]))
    return keys


class Matcher:
    """Held records indexed by blocking key; `match` scores one arrival against them."""

    def __init__(self, held: Iterable[dict[str, Any]], thresholds: Thresholds | None = None,
                 trained: dict[str, Any] | None = None) -> None:
        from splink import DuckDBAPI

        logging.getLogger("splink").setLevel(logging.WARNING)
        held = list(held)
        self.thresholds = thresholds or Thresholds()
        self.trained = trained or trained_settings(records=max(len(held), 1))
        self._labels = level_labels(self.trained)
        self._db = DuckDBAPI()
        self._rows: dict[str, dict[str, Any]] = {}
        self._ids: dict[str, dict[str, str]] = {}
        self._by_key: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_identifier: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._tf: dict[str, Counter[str]] = {c: Counter() for c in _TF_COLUMNS}
        self._tf_total: Counter[str] = Counter()
        for record in held:
            self.add(record)

    def add(self, record: dict[str, Any]) -> None:
        """Hold one more record (after it is written), so later arrivals can find it."""
        row = linkage_row(record)
        rid = row["record_id"]
        self._rows[rid] = row
        self._ids[rid] = valid_identifiers(record)
        for key in blocking_keys(row):
            self._by_key[key].append(rid)
        for scheme, value in self._ids[rid].items():
            self._by_identifier[(scheme, value)].append(rid)
        for column in _TF_COLUMNS:
            if row.get(column):
                self._tf[column][row[column]] += 1
                self._tf_total[column] += 1

    def match(self, record: dict[str, Any], limit: int = 10) -> list[Candidate]:
        """Candidates for `record`, strongest first, each with its decision and evidence."""
        from splink.internals.realtime import compare_records

        row = linkage_row(record)
        ids = valid_identifiers(record)
        found: set[str] = set()
        for key in blocking_keys(row):
            found.update(self._by_key.get(key, ()))
        for scheme, value in ids.items():
            found.update(self._by_identifier.get((scheme, value), ()))
        found.discard(row["record_id"])
        if not found:
            return []
        left = _table([self._with_tf(row)])
        right = _table([self._with_tf(self._rows[rid]) for rid in sorted(found)])
        scored = compare_records(left, right, self.trained, self._db,
                                 sql_cache_key="hub_linkage_match").as_record_list()
        candidates = []
        for out in scored:
            other = str(out["record_id_r"])
            decision = decide(labelled(out, self._labels), ids, self._ids[other], self.thresholds)
            if decision.outcome != "apart":
                candidates.append(Candidate(other, decision))
        candidates.sort(key=lambda c: -c.decision.match_weight)
        return candidates[:limit]

    def _with_tf(self, row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        for column in _TF_COLUMNS:
            total = self._tf_total[column] or 1
            value = row.get(column)
            out[f"tf_{column}"] = (self._tf[column].get(value, 0) or 1) / total if value else None
        return out


def _table(rows: list[dict[str, Any]]) -> Any:
    """Rows with their term frequencies as a typed table (no type inference per call)."""
    import pyarrow as pa

    table = _as_table(rows)
    for column in _TF_COLUMNS:
        table = table.append_column(f"tf_{column}", pa.array([r.get(f"tf_{column}") for r in rows],
                                                               pa.float64()))
    return table

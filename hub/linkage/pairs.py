"""Scoring one arriving record against records someone else has already found.

`Matcher` holds a whole population in memory and finds candidates itself; in the hub the
store finds them (its indexes on date of birth and name serve the model's blocking keys),
so what is left is scoring the few it returns. `PairScorer` does that with splink's
`compare_records` on one DuckDB connection kept for the process, whose SQL splink builds
once and caches.

Term frequencies are left out (null), which splink reads as "no adjustment": a frequency
computed over every agency's records would let the records a caller may not see move the
weights that caller is shown.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from hub.linkage.matcher import _table
from hub.linkage.model import trained_settings
from hub.linkage.records import linkage_row
from hub.linkage.scoring import labelled, level_labels


@dataclass
class Scored:
    """One held record's comparison with the arriving one: splink's row, labels resolved."""

    record_id: str
    row: dict[str, Any]


class PairScorer:
    """The shipped model, ready to score an arrival against a handful of held records."""

    def __init__(self, population: int | None = None,
                 trained: dict[str, Any] | None = None) -> None:
        from splink import DuckDBAPI

        logging.getLogger("splink").setLevel(logging.WARNING)
        self.trained = trained or trained_settings(records=population or None)
        self._labels = level_labels(self.trained)
        self._db = DuckDBAPI()
        self._lock = threading.Lock()  # one DuckDB connection: one comparison at a time

    def score(self, record: dict[str, Any], held: list[dict[str, Any]]) -> list[Scored]:
        """Each of `held` compared with `record` (all records in the hub's linkage form:
        record_id, given_name, family_name, dob, gender, postcode, town, identifiers)."""
        from splink.internals.realtime import compare_records

        if not held:
            return []
        left = _table([linkage_row(record)])
        right = _table([linkage_row(h) for h in held])
        with self._lock:
            rows = compare_records(left, right, self.trained, self._db,
                                   sql_cache_key="hub_linkage_pairs").as_record_list()
        return [Scored(str(out["record_id_r"]), labelled(out, self._labels)) for out in rows]


def waterfall(row: dict[str, Any]) -> list[tuple[str, str, float]]:
    """Why a pair scored what it did: the prior, then each comparison's partial weight, in
    the model's order; they sum to the pair's match weight."""
    evidence = row.get("evidence") or []
    total = float(row.get("match_weight") or 0.0)
    parts = [(e.comparison, e.level, float(e.weight)) for e in evidence]
    prior = round(total - sum(w for _, _, w in parts), 2)
    return [("prior", "how likely two records picked at random are one person", prior), *parts]

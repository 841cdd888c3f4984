"""Splink's prediction rows turned into labelled evidence a reviewer can read.

Splink reports each comparison as a level number (gamma) and a partial match weight. A
reviewer needs the level's meaning and its partial match weight: "same date of birth,
+11.4", "different given names, -3.8". The waterfall of a pair is the prior followed by
these, in the model's order, summing to the pair's match weight.
"""

from __future__ import annotations

from typing import Any

from hub.linkage.decide import Evidence
from hub.linkage.model import COMPARISONS


def level_labels(trained: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison -> gamma value -> the level's label, from the trained settings."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in trained["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        by_gamma = {len(non_null) - 1 - i: lv.get("label_for_charts") or lv["sql_condition"]
                    for i, lv in enumerate(non_null)}
        by_gamma[-1] = "not recorded on one side"
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def labelled(row: dict[str, Any], labels: dict[str, dict[int, str]]) -> dict[str, Any]:
    """A prediction row with each comparison's level label and the pair's evidence."""
    out: dict[str, Any] = {"record_id_l": row["record_id_l"], "record_id_r": row["record_id_r"],
                           "match_weight": row["match_weight"],
                           "match_probability": row["match_probability"]}
    evidence: list[Evidence] = []
    for name in COMPARISONS:
        gamma = int(row.get(f"gamma_{name}", -1))
        label = labels[name].get(gamma, str(gamma))
        out[name] = label
        weight = float(row.get(f"mw_{name}") or 0.0) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
        evidence.append(Evidence(name, label, round(weight, 2)))
    out["evidence"] = evidence
    return out

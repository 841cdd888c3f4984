"""The Fellegi-Sunter model that scores whether two agencies' records are one child.

Written once as splink settings so the same model runs in-process on DuckDB here and on
Spark when a national deployment outgrows one machine: the comparisons use splink's own
levels, and the few custom conditions are written in DuckDB's dialect and marked so,
which lets splink translate them for Spark.

Match weights come from expectation maximisation on the records themselves (`train`),
so no labelled pairs are needed. Trained parameters are data, saved as JSON beside this
module (`trained_model.json`) and loaded by `trained_settings`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from hub.linkage.records import COLUMNS, IDENTIFIER_COLUMNS

TRAINED_MODEL = Path(__file__).with_name("trained_model.json")

# The comparisons' output names, in order; the evidence of a pair is reported by these.
COMPARISONS = ("forename", "surname", "dob", "gender", "postcode", "town")

_TRANSPOSED = ("given_name_l = family_name_r AND family_name_l = given_name_r")
_DOB_SWAPPED = ("substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND "
                "substr(dob_l, 6, 2) = substr(dob_r, 9, 2) AND "
                "substr(dob_l, 9, 2) = substr(dob_r, 6, 2)")
_DOB_WITHIN_A_MONTH = ("abs(date_diff('day', try_cast(dob_l AS DATE), "
                       "try_cast(dob_r AS DATE))) <= 31")


def settings() -> Any:
    """The untrained model: comparisons, blocking rules and what each level means."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    forename = cl.CustomComparison(output_column_name="forename", comparison_levels=[
        cll.NullLevel("given_name"),
        cll.ExactMatchLevel("given_name").configure(label_for_charts="same given name"),
        cll.ExactMatchLevel("given_canonical").configure(
            label_for_charts="same name by its short form (a nickname)"),
        cll.CustomLevel(_TRANSPOSED, "given and family names transposed", "duckdb"),
        cll.JaroWinklerLevel("given_name", 0.92).configure(label_for_charts="a typo apart"),
        cll.JaroWinklerLevel("given_name", 0.8).configure(label_for_charts="similar"),
        cll.ElseLevel().configure(label_for_charts="different given names"),
    ])
    surname = cl.CustomComparison(output_column_name="surname", comparison_levels=[
        cll.NullLevel("family_name"),
        cll.ExactMatchLevel("family_name").configure(
            label_for_charts="same family name", tf_adjustment_column="family_name"),
        cll.CustomLevel(_TRANSPOSED, "given and family names transposed", "duckdb"),
        cll.JaroWinklerLevel("family_name", 0.92).configure(label_for_charts="a typo apart"),
        cll.ArrayIntersectLevel("family_parts", 1).configure(
            label_for_charts="one part of a double-barrelled name"),
        cll.ElseLevel().configure(label_for_charts="different family names"),
    ])
    dob = cl.CustomComparison(output_column_name="dob", comparison_levels=[
        cll.NullLevel("dob"),
        cll.ExactMatchLevel("dob").configure(label_for_charts="same date of birth"),
        cll.CustomLevel(_DOB_SWAPPED, "day and month swapped", "duckdb"),
        cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="one digit apart"),
        cll.CustomLevel(_DOB_WITHIN_A_MONTH, "within a month", "duckdb"),
        cll.ElseLevel().configure(label_for_charts="different dates of birth"),
    ])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            forename, surname, dob,
            cl.ExactMatch("gender").configure(term_frequency_adjustments=False),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("town").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("given_canonical", "family_name"),
            block_on("postcode", "given_canonical"),
            block_on("family_name", "substr(dob, 1, 4)"),
            block_on("family_name", "postcode"),
            block_on("given_canonical", "substr(dob, 1, 4)"),
            *(block_on(scheme) for scheme in IDENTIFIER_COLUMNS),
        ],
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["agency"],
    )


def train(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Trained settings (a JSON-able dict) from unlabelled `records` in linkage form.

    λ (how likely two random records match) is estimated from pairs agreeing on name and
    date of birth, u from random pairs, m by EM in two passes blocked on different
    fields so every comparison is trained on pairs not chosen by it.
    """
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI()
    frame = db_api.register(_as_table(records), table_name="records")
    linker = Linker(frame, settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_canonical", "family_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_canonical", "family_name"))
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    return {"splink": trained, "trained_on_records": len(records)}


def save(trained: dict[str, Any], path: Path = TRAINED_MODEL) -> None:
    path.write_text(json.dumps(trained, indent=1, sort_keys=True) + "\n")


def trained_settings(records: int | None = None, path: Path = TRAINED_MODEL) -> dict[str, Any]:
    """The shipped model's splink settings, its prior scaled to a population of `records`.

    λ, the chance two records picked at random are one child, falls as the population
    grows (the same few records per child, ever more pairs), so a model trained on 44,000
    records would be 2.4 bits too sure of itself on the county's 230,000.

    >>> small, large = trained_settings(10_000), trained_settings(100_000)
    >>> round(small["probability_two_random_records_match"] /
    ...       large["probability_two_random_records_match"], 6)
    10.0
    """
    loaded: dict[str, Any] = json.loads(path.read_text())
    splink_settings: dict[str, Any] = loaded["splink"]
    if records:
        splink_settings["probability_two_random_records_match"] *= (
            loaded["trained_on_records"] / records)
    return splink_settings


def _as_table(records: list[dict[str, Any]]) -> Any:
    """A pyarrow table with a fixed schema, so an all-null column still has its type."""
    import pyarrow as pa

    schema = pa.schema([(name, pa.list_(pa.string()) if name == "family_parts" else pa.string())
                        for name in COLUMNS])
    return pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in records], schema=schema)

"""`schema.graphql` is the contract partners code against: it must match the code."""

from __future__ import annotations

from pathlib import Path

from hub.schema.build import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    printed = str(schema) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed, (
        "schema.graphql is out of date: run `hub schema -o schema.graphql` and review the diff"
    )

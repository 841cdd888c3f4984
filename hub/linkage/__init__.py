"""Record linkage: telling when several agencies' records are one child (splink on DuckDB)."""

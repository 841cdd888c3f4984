"""Benchmarks: scripts that print tables of the hub against its floors (run, never imported by the hub)."""

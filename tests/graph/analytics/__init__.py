"""Tests of the contextual safeguarding analytics, on small hand-built graphs."""

"""Bulk feeds from partner systems: mapping files, streamed readers, the importer and its report."""

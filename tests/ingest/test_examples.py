"""The example extracts shipped with each mapping load into the demo county as they are."""

from __future__ import annotations

from pathlib import Path

from hub.config import Settings
from hub.graph.runtime import OpenStore
from hub.ingest.mapping import sources
from hub.ingest.runner import run_import

EXAMPLES = Path(__file__).resolve().parents[2] / "hub" / "ingest" / "examples"


async def test_every_example_extract_loads_without_a_rejection(
        feed_store: OpenStore, feed_settings: Settings) -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir()) == sources()
    totals = {}
    for source in ("police", "socialcare", "health", "census"):  # people others name first
        report = await run_import(feed_store.store, feed_settings, source,
                                  sorted((EXAMPLES / source).iterdir()))
        assert report.totals()["rejected"] == 0, [f.rejections for f in report.files]
        totals[source] = report.totals()
    assert totals["police"]["created"] == 3 + 2 + 2
    assert totals["socialcare"] == {"rows_read": 7, "created": 5, "unchanged": 0, "corrected": 0,
                                    "rejected": 0, "held_back": 2}
    assert totals["health"]["held_back"] == 2 and totals["census"]["created"] == 1
    again = await run_import(feed_store.store, feed_settings, "police",
                             sorted((EXAMPLES / "police").iterdir()))
    assert again.totals()["unchanged"] == 7 and again.totals()["created"] == 0

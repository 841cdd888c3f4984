"""The example extracts shipped with each mapping load into the demo county as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hub.config import Settings
from hub.graph.runtime import OpenStore
from hub.graph.store import GraphStore
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
    assert totals["police"]["created"] == 3 + 3 + 2  # people, occurrences, missing reports
    assert totals["socialcare"] == {"rows_read": 7, "created": 7, "unchanged": 0, "corrected": 0,
                                    "rejected": 0, "held_back": 0}
    # The third health flag is not open to partners in the health system: never written.
    assert totals["health"] == {"rows_read": 3, "created": 2, "unchanged": 0, "corrected": 0,
                                "rejected": 0, "held_back": 1}
    assert totals["census"]["created"] == 3  # a pupil, their roll and a suspension
    again = await run_import(feed_store.store, feed_settings, "police",
                             sorted((EXAMPLES / "police").iterdir()))
    assert again.totals()["unchanged"] == 8 and again.totals()["created"] == 0


async def saved(store: GraphStore, owner: str, *refs: str, rolls: bool = False) -> dict[str, Any]:
    rows = await store.run("ingest_existing_rolls" if rolls else "ingest_existing",
                           {"refs": list(refs), "owner": owner})
    return {row["ref"]: row["n"] for row in rows}


async def test_the_examples_are_saved_as_the_partner_sent_them(
        feed_store: OpenStore, feed_settings: Settings) -> None:
    for source in ("police", "socialcare", "health", "census"):
        await run_import(feed_store.store, feed_settings, source,
                         sorted((EXAMPLES / source).iterdir()))
    store = feed_store.store
    police = await saved(store, "police", "EXOC0003")
    assert police["EXOC0003"]["type"] == "knife_crime"  # an occurrence with nobody named
    referrals = await saved(store, "trust", "EXRF0001", "EXRF0002", "EXFL0001")
    assert (referrals["EXRF0001"]["from_agency"], referrals["EXRF0002"]["from_agency"]) == (
        "trust", "police")
    assert (referrals["EXFL0001"]["kind"], referrals["EXFL0001"]["category"]) == (
        "child_in_need", "safeguarding")
    health = await saved(store, "health", "EXHF0001", "EXHF0003")
    assert health["EXHF0001"]["category"] == "health" and "EXHF0003" not in health
    school = await saved(store, "education", "EXEX0001")
    assert (school["EXEX0001"]["kind"], school["EXEX0001"]["until"]) == ("suspended", "2026-10-16")
    roll = (await saved(store, "education", "EXRL0001", rolls=True))["EXRL0001"]
    assert (roll["from"], roll["year_group"], roll["category"]) == ("2022-09-05", 10, "education")

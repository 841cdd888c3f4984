"""Import speed: a 100,000-row people extract and a 300,000-row incidents-with-participants
extract through `hub import`'s importer, next to the seed's own bulk load rate on the same store.

    .venv/bin/python bench/ingest.py [--scale county|demo] [--people N] [--incident-rows N]

Seeds the county into a fresh embedded store under a temporary folder (timing the seed's bulk
load), writes the two extracts (invented people; incidents at the county's places, three
people each), imports each, then imports the incidents again (every row unchanged), and prints
one table. Rows per second are rows of the partner's file; the seed's are nodes plus
relationships written per second by its UNWIND statements, which check nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.config import Settings  # noqa: E402
from hub.graph.runtime import open_store  # noqa: E402
from hub.ingest.runner import run_import  # noqa: E402
from seed.extracts import write_incident_extract, write_people_extract  # noqa: E402
from seed.load import seed_store  # noqa: E402


async def main(scale: str, people: int, incident_rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hub-ingest-bench-") as tmp:
        folder = Path(tmp)
        settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(folder / "data"),
                                      "HUB_LOG_LEVEL": "ERROR", "HUB_QUERY_TIMEOUT_MS": "120000"})
        handle = await open_store(settings)
        try:
            seeded = await seed_store(handle.store, scale, 7, batch_size=2000)
            await handle.store.compact()
            seed_rows = seeded.nodes + seeded.relationships
            places = [row["n"]["id"] for row in await handle.store.run(
                "ingest_compare_nodes", {"skip": 0, "limit": 100000}) if "Place" in row["n"]["_labels"]]
            people_file = folder / "people.csv"
            incidents_file = folder / "incidents.csv"
            refs = write_people_extract(people_file, people)
            incidents = write_incident_extract(incidents_file, incident_rows, refs, places)
            results = []
            for label, path in (("people", people_file), ("incidents with participants", incidents_file),
                                ("incidents again (all unchanged)", incidents_file)):
                started = time.perf_counter()
                report = await run_import(handle.store, settings, "police", [path])
                seconds = time.perf_counter() - started
                f = report.files[0]
                results.append((label, f.rows_read, f.created, f.unchanged, f.rejected, seconds))
        finally:
            await handle.close()
    print(f"\nImport benchmark: scale {scale} ({seeded.nodes:,} nodes, {seeded.relationships:,} "
          f"relationships seeded first), {incidents:,} incidents in the incidents file\n")
    print("| load | rows | created | unchanged | rejected | seconds | rows/s | vs seed bulk load |")
    print("|---|---|---|---|---|---|---|---|")
    seed_rate = seed_rows / seeded.load_seconds
    print(f"| seed bulk load (nodes + relationships, unchecked) | {seed_rows:,} | {seed_rows:,} | - "
          f"| - | {seeded.load_seconds:.1f} | {seed_rate:,.0f} | 1.00 |")
    for label, rows, created, unchanged, rejected, seconds in results:
        rate = rows / seconds
        print(f"| import: {label} | {rows:,} | {created:,} | {unchanged:,} | {rejected:,} | "
              f"{seconds:.1f} | {rate:,.0f} | {rate / seed_rate:.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["demo", "county"], default="county")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--incident-rows", type=int, default=300_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # slow-statement warnings would drown the table
    asyncio.run(main(args.scale, args.people, args.incident_rows))

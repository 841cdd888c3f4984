"""Side by side, in one run on one seeded store: the read statements of issue 12 before
and after (the previous `cypher/` folder given with --before), alternating sample by
sample so both see the same load. Prints medians and 95th percentiles in ms.

    .venv/bin/python bench/reads_ab.py --data-dir DIR --before OLD_CYPHER_DIR -n 30
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.analytics import pick_parameters as analytics_parameters  # noqa: E402
from bench.analytics_stages import _caller  # noqa: E402
from bench.api import percentile  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.domain.names import needle_grams  # noqa: E402
from hub.graph.cypher import Catalogue  # noqa: E402
from hub.graph.falkordb_store import FalkorStore  # noqa: E402
from hub.graph.runtime import open_store  # noqa: E402
from hub.services import analytics  # noqa: E402
from hub.services.access import ALL_SCOPES  # noqa: E402


async def pair(before: Callable[[], Awaitable[Any]], after: Callable[[], Awaitable[Any]],
               n: int) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(3):
        await before()
        await after()
    for _ in range(n):
        for fn, out in ((before, a), (after, b)):
            started = time.perf_counter()
            await fn()
            out.append((time.perf_counter() - started) * 1000)
    return a, b


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    from seed.county import generate

    dataset = generate("county", 7)
    handle = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                 "HUB_DATA_DIR": str(args.data_dir)}))
    new = handle.store
    assert isinstance(new, FalkorStore)
    old = FalkorStore(Catalogue.load(args.before), new.host, new.port, new.graph_name)
    old.schema_applied = old.full_text = True
    scopes = sorted(ALL_SCOPES)  # every scope: the most rows each statement can see
    ctx = _caller(new, scopes)
    rows: list[tuple[str, list[float], list[float]]] = []
    consent = ctx.loaders.consent
    child = dataset.planted.peer_groups[0].members[0]
    family = dataset.node(child)["family_name"]
    people = {"name": None, "dob_from": None, "dob_to": None, "town": None, "district": None,
              "ward": None, "agency": None, "of_concern": None, "skip": 0, "limit": 50,
              "scopes": scopes, **consent}
    rows.append(("page of 50 children (children_page)", *await pair(
        lambda: old.run("children_page", people), lambda: new.run("children_page", people),
        args.n)))
    needle = family[1:4].lower()
    named = {**people, "name": needle, "limit": 20}
    rows.append((f"people search {needle!r}: scan before, full-text after", *await pair(
        lambda: old.run("people_page", named),
        lambda: new.run("people_named_page", {**named, "grams": needle_grams(needle),
                                               "label": None}), args.n)))
    rows.append(("people search count", *await pair(
        lambda: old.run("people_count", named),
        lambda: new.run("people_named_count", {**named, "grams": needle_grams(needle),
                                                "label": None}), args.n)))
    params = analytics_parameters(dataset)
    focus = params["peer network, depth 3"]["id"]
    rows.append(("peer network, depth 3, whole service", *await pair(
        lambda: analytics.peer_network(_caller(old, scopes), focus, 3),
        lambda: analytics.peer_network(_caller(new, scopes), focus, 3), args.n)))
    window = params["missing summary, 90 days"]
    rows.append(("missing summary, 90 days, whole service", *await pair(
        lambda: analytics.missing_summary(_caller(old, scopes), window["since"], window["until"]),
        lambda: analytics.missing_summary(_caller(new, scopes), window["since"], window["until"]),
        max(5, args.n // 3))))
    await old.close()
    await handle.close()
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; all {len(scopes)} "
          f"scopes; n={args.n} pairs (missing summary n/3)")
    print("| read | before p50 | before p95 | after p50 | after p95 | after / before (p50) |")
    print("|---|---|---|---|---|---|")
    for name, a, b in rows:
        print(f"| {name} | {statistics.median(a):.1f} | {percentile(a, 0.95):.1f} | "
              f"{statistics.median(b):.1f} | {percentile(b, 0.95):.1f} | "
              f"{statistics.median(b) / statistics.median(a):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))

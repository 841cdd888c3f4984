"""The exports benchmark: each export beside the GraphQL analysis it is built from.

Run by hand: `python bench/exports.py` (county scale, about a minute to seed) or
`python bench/exports.py --scale demo`. It seeds a fresh embedded store under a temporary
folder, starts the hub, and times, as a police MACE analyst with a justification (so
every request is audited), the depth-3 peer network over GraphQL and then its GraphML,
i2 and CSV exports, the missing summary and the hotspots GeoJSON, the county lines
overview and its CSV. It prints one table of medians, 95th percentiles, file sizes and
the export/GraphQL ratio. Everything runs on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import percentile, time_sync  # noqa: E402
from tests.support import RunningHub, start_hub, stop_hub  # noqa: E402

NETWORK = """query Net($id: ID!) { peerNetwork(childId: $id, depth: 3) { people
  nodes { person { id name isChild age ofConcern } hops community betweenness }
  links { source target kind context strength firstSeen lastSeen }
  bridges { person { id } communities } protectiveTies { source target } } }"""
SUMMARY = """query S($since: Date!) { missingSummary(since: $since, first: 200) { episodes
  recurringPlaces { place { id name } episodes children { id } } } }"""
LINES = """{ countyLinesOverview { lines { line { id name } children }
  children { child { id name } direct lines { line { name } roles via { id name } } } } }"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["demo", "county"])
    parser.add_argument("-n", type=int, default=20, help="timed requests per row")
    args = parser.parse_args()
    # A time-out's SIGTERM unwinds like Ctrl-C, so the hub is stopped and the folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from hub.domain.ids import encode
    from seed.clock import SEED_TODAY
    from seed.county import generate

    planted = generate(args.scale, 7).planted
    child = encode("Child", planted.peer_groups[0].members[0])
    since = date.fromordinal(SEED_TODAY.toordinal() - 90).isoformat()
    work = Path(tempfile.mkdtemp(prefix="hub-bench-exports-"))
    data_dir = work / "data"
    data_dir.mkdir()
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir), "HUB_DEV_ISSUER": "1"}
    rows: list[tuple[str, str, list[float], str | None]] = []
    try:
        print(f"seeding {args.scale} into {data_dir} ...", flush=True)
        subprocess.run([sys.executable, "-m", "hub", "seed", "--scale", args.scale], env=env,
                       check=True, cwd=ROOT)
        hub = start_hub(data_dir, seed=None)
        try:
            headers = hub.caller("police", "analyst", purpose="mace",
                                 justification="benchmark: MACE panel preparation")
            plan: list[tuple[str, str, Any]] = [
                ("peer network, depth 3 (GraphQL)", "gql", (NETWORK, {"id": child})),
                ("  network.graphml", "export", ("network.graphml", {"child": child, "depth": "3"})),
                ("  network-i2.zip", "export", ("network-i2.zip", {"child": child, "depth": "3"})),
                ("  network.csv", "export", ("network.csv", {"child": child, "depth": "3"})),
                ("missing summary, 90 days (GraphQL)", "gql", (SUMMARY, {"since": since})),
                ("  hotspots.geojson", "export", ("hotspots.geojson", {"since": since})),
                ("county lines overview (GraphQL)", "gql", (LINES, {})),
                ("  lines.csv", "export", ("lines.csv", {})),
            ]
            for label, kind, (what, params) in plan:
                size = [0]

                def call(kind: str = kind, what: str = what, params: Any = params,
                         size: list[int] = size) -> None:
                    response = _call(hub, headers, kind, what, params)
                    size[0] = len(response)

                rows.append((label, kind, time_sync(call, args.n), f"{size[0] / 1024:.0f} KiB"))
        finally:
            stop_hub(hub)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"# Exports benchmark, {date.today().isoformat()}, scale={args.scale}, "
          f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    print(f"caller: police analyst, purpose mace, audited; n={args.n} each")
    print()
    print("| request | p50 ms | p95 ms | body | export / GraphQL (p50) |")
    print("|---|---|---|---|---|")
    base = 0.0
    for label, kind, samples, size in rows:
        p50 = statistics.median(samples)
        if kind == "gql":
            base = p50
        ratio = f"{p50 / base:.2f}" if kind == "export" and base else "-"
        print(f"| {label} | {p50:.1f} | {percentile(samples, 0.95):.1f} | {size} | {ratio} |")
    return 0


def _call(hub: RunningHub, headers: dict[str, str], kind: str, what: str,
          params: dict[str, Any]) -> bytes:
    if kind == "gql":
        response = hub.client.post("/graphql", json={"query": what, "variables": params},
                                   headers=headers)
        response.raise_for_status()
        if "errors" in response.json():
            raise SystemExit(f"{what[:40]}: {response.json()['errors']}")
        return response.content
    response = hub.client.post(f"/workbench/export/{what}", data=params, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{what}: {response.status_code} {response.text[:200]}")
    return response.content


if __name__ == "__main__":
    raise SystemExit(main())

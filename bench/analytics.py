"""The analytics benchmark: the heavier analyses over HTTP on a county-scale store.

Run by hand: `python bench/analytics.py` (county scale, about a minute to seed) or
`python bench/analytics.py --scale demo` for a quick look. It seeds the county into a
fresh embedded store under a temporary folder, starts the hub on it, and times each
analysis as a realistic caller (a police MACE analyst with a justification, audited):
a peer network three links deep with its groups and centralities, a route from a child
to an adult of concern, a county line's profile and the county-wide missing summary.
It prints one table of medians and 95th percentiles over HTTP, then, in the same run
and on the same store, the stages side by side: for the peer network, projecting it from
the store and analysing it, and the algorithms replaced (networkx's betweenness against
igraph's, one Louvain against the Leiden consensus); for the missing summary, the
statement and the pairing of overlapping episodes (every pair built, as before, against
only the pairs a summary keeps). The load average is printed with the figures, since the
machine is shared. `--data-dir` reuses a folder seeded before (`hub seed`), so the county
is not seeded again. Everything runs on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
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
from tests.support import start_hub, stop_hub  # noqa: E402

GQL: dict[str, str] = {
    "peer network, depth 3": """query Net($id: ID!) { peerNetwork(childId: $id, depth: 3) {
  people nodes { person { id name } hops degree betweenness eigenvector community }
  links { source target kind } communities { index members }
  bridges { person { id } betweenness } adults { person { id } hops }
  ageGaps { years } protectiveTies { kind } betweennessSampled } }""",
    "route, child to adult": """query Route($a: ID!, $b: ID!) {
  connection(fromId: $a, toId: $b, maxLength: 4) {
  routes { length steps { record { id kind name } links { kind role } } } exploredNodes } }""",
    "county line profile": """query Line($id: ID!) { countyLineProfile(lineId: $id) {
  name phones { record { name } } people { person { name } roles } children { id }
  cuckooedAddresses { record { name } } exportingAreas { name } importingAreas { name }
  timeline { month active } } }""",
    "missing summary, 90 days": """query Summary($since: Date!, $until: Date!) {
  missingSummary(since: $since, until: $until) { episodes
  repeatMissing { child { name } episodes } missingTogether { a { id } b { id } total }
  recurringPlaces { place { name } episodes }
  rhi { returns offered completed completedWithin72h } } }""",
}


def pick_parameters(dataset: Any) -> dict[str, dict[str, Any]]:
    """A planted group member, the bridge child and an edge adult, a planted line, and
    the 90 days before the seed's today."""
    from hub.domain.ids import encode
    from seed.clock import SEED_TODAY

    planted = dataset.planted
    group = planted.peer_groups[0]
    until = SEED_TODAY
    since = date.fromordinal(until.toordinal() - 90)
    return {
        "peer network, depth 3": {"id": encode("Child", group.members[0])},
        "route, child to adult": {"a": encode("Child", planted.bridge_child),
                                  "b": encode("Adult", group.edge_adult)},
        "county line profile": {"id": encode("CountyLine", planted.county_lines[0].line_id)},
        "missing summary, 90 days": {"since": since.isoformat(), "until": until.isoformat()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["demo", "county"])
    parser.add_argument("-n", type=int, default=30, help="timed requests per analysis")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a data folder already seeded at --scale (seed 7): not seeded again")
    args = parser.parse_args()

    from seed.county import generate

    work = Path(tempfile.mkdtemp(prefix="hub-bench-analytics-"))
    data_dir = args.data_dir or work / "data"
    data_dir.mkdir(exist_ok=True)
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir), "HUB_DEV_ISSUER": "1"}
    sizes: dict[str, str] = {}
    load_before = os.getloadavg()
    stages: list[tuple[str, list[float]]] = []
    try:
        started = time.perf_counter()
        if args.data_dir is None:
            print(f"seeding {args.scale} into {data_dir} ...", flush=True)
            subprocess.run([sys.executable, "-m", "hub", "seed", "--scale", args.scale],
                           env=env, check=True, cwd=ROOT)
        seed_seconds = time.perf_counter() - started
        params = pick_parameters(generate(args.scale, 7))

        hub = start_hub(data_dir, seed=None)
        try:
            headers = hub.caller("police", "analyst", purpose="mace",
                                 justification="benchmark: MACE panel preparation")
            timings: dict[str, list[float]] = {}
            for name, query in GQL.items():
                variables = params[name]
                body = hub.gql(query, variables, headers=headers)
                if "errors" in body:
                    raise SystemExit(f"{name}: {body['errors']}")
                sizes[name] = _size(name, body["data"])

                def post(q: str = query, v: dict[str, Any] = variables) -> None:
                    hub.client.post("/graphql", json={"query": q, "variables": v},
                                    headers=headers).raise_for_status()

                timings[name] = time_sync(post, args.n)
            scopes = hub.data("{ me { scopes } }", headers=headers)["me"]["scopes"]
        finally:
            stop_hub(hub)
        # one hub holds a data folder at a time: the stages run once it has stopped
        from bench.analytics_stages import time_stages
        stages = asyncio.run(time_stages(data_dir, scopes, params, args.n))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"# Analytics benchmark, {date.today().isoformat()}, scale={args.scale}, "
          f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    load_after = os.getloadavg()
    print(f"seed: {seed_seconds:.1f}s; caller: police analyst, purpose mace; n={args.n} each")
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.1f}' for x in load_after)}")
    print()
    print("| analysis | answer | HTTP p50 ms | HTTP p95 ms |")
    print("|---|---|---|---|")
    for name, samples in timings.items():
        print(f"| {name} | {sizes[name]} | {statistics.median(samples):.1f} | "
              f"{percentile(samples, 0.95):.1f} |")
    print()
    print("| stage, in process on the same store | p50 ms | p95 ms |")
    print("|---|---|---|")
    for name, samples in stages:
        print(f"| {name} | {statistics.median(samples):.1f} | {percentile(samples, 0.95):.1f} |")
    return 0


def _size(name: str, data: dict[str, Any]) -> str:
    """How big the answer was, so the timings can be read against it."""
    if "peerNetwork" in data:
        net = data["peerNetwork"]
        return f"{net['people']} people, {len(net['links'])} links, " \
               f"{len(net['communities'])} groups"
    if "connection" in data:
        routes = data["connection"]["routes"]
        return f"{len(routes)} routes of {routes[0]['length'] if routes else '-'}, " \
               f"{data['connection']['exploredNodes']} explored"
    if "countyLineProfile" in data:
        line = data["countyLineProfile"]
        return f"{len(line['people'])} people, {len(line['timeline'])} months"
    summary = data["missingSummary"]
    return f"{summary['episodes']} episodes, {len(summary['repeatMissing'])} repeat"


if __name__ == "__main__":
    raise SystemExit(main())

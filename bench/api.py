"""The API benchmark: county scale, each main read through HTTP against the raw Cypher.

Run with `make bench`. It seeds the county into a fresh embedded store under a
temporary folder, times the raw Cypher that answers each read (with and without the
sharing filters), then starts the hub on that store and times the same reads over
HTTP as a realistic caller (a police MACE analyst with a justification, audited),
then measures throughput with concurrent clients. It prints one table of medians and
95th percentiles, and the ratios. Everything runs on loopback and stops by itself.
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
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.config import Settings  # noqa: E402
from hub.graph.embedded import EmbeddedFalkorDB  # noqa: E402
from hub.graph.runtime import open_store  # noqa: E402
from hub.services.access import ALL_SCOPES  # noqa: E402
from tests.support import start_hub, stop_hub  # noqa: E402

SCOPE = "({v}.scope IN $scopes)"


def scoped(text: str, *variables: str) -> str:
    """Raw Cypher with the same scope filter the hub pushes down, for the enforcement cost."""
    return text.replace("/*SCOPE*/", " AND ".join(SCOPE.format(v=v) for v in variables))


RAW: dict[str, tuple[str, tuple[str, ...]]] = {
    "child profile": ("""
MATCH (p:Person {id: $id}) WHERE /*SCOPE*/
OPTIONAL MATCH (p)-[r1:FAMILY_OF]-(f:Person)
WITH p, collect({r: r1, f: f}) AS family
OPTIONAL MATCH (p)-[r2:ASSOCIATED_WITH]-(q:Person)
WITH p, family, collect({r: r2, q: q}) AS peers
OPTIONAL MATCH (p)-[r3:INVOLVED_IN]->(i:Incident)
WITH p, family, peers, collect({r: r3, i: i}) AS incidents
OPTIONAL MATCH (p)-[:WENT_MISSING]->(e:MissingEpisode)
OPTIONAL MATCH (e)-[:FOUND_AT]->(fa:Place)
RETURN p, family, peers, incidents, collect({e: e, fa: fa}) AS episodes""", ("p",)),
    "people search": ("""
MATCH (p:Person) WHERE /*SCOPE*/ AND p.name_lc CONTAINS $name AND p.town = $town
  AND p.dob >= $dob_from AND p.dob <= $dob_to
RETURN p ORDER BY p.family_name, p.given_name, p.id LIMIT 20""", ("p",)),
    "place with incidents": ("""
MATCH (pl:Place {id: $id}) WHERE /*SCOPE*/
OPTIONAL MATCH (pl)<-[:OCCURRED_AT]-(i:Incident)
OPTIONAL MATCH (i)<-[r:INVOLVED_IN]-(c:Person)
WITH pl, i, collect({r: r, c: c}) AS people
OPTIONAL MATCH (pl)<-[:LIVES_AT]-(res:Person)
RETURN pl, collect({i: i, people: people}) AS incidents, collect(res) AS residents""", ("pl",)),
    "50 children, nested": ("""
MATCH (c:Child) WHERE /*SCOPE*/
WITH c ORDER BY c.family_name, c.given_name, c.id LIMIT 50
OPTIONAL MATCH (c)-[r:INVOLVED_IN]->(i:Incident)
WITH c, collect({r: r, i: i}) AS incidents
OPTIONAL MATCH (c)-[:ATTENDS]->(s:School)
RETURN c, incidents, collect(s) AS schools""", ("c",)),
    "county line network": ("""
MATCH (l:CountyLine {id: $id}) WHERE /*SCOPE*/
OPTIONAL MATCH (l)-[:USES_PHONE]->(ph:Phone)
WITH l, collect(ph) AS phones
OPTIONAL MATCH (l)<-[r:LINKED_TO_LINE]-(x)
WITH l, phones, collect({r: r, x: x}) AS linked
OPTIONAL MATCH (l)-[:EXPORTS_FROM|IMPORTS_TO]->(a:Area)
RETURN l, phones, linked, collect(a) AS areas""", ("l",)),
}

GQL: dict[str, str] = {
    "child profile": """query Profile($id: ID!) { node(id: $id) { ... on Child {
  name dob family { kind person { name } }
  peers(first: 20) { totalCount edges { node { context strength person { name } } } }
  incidents(first: 20) { totalCount edges { node { role incident { type occurredAt } } } }
  missingEpisodes(first: 20) { edges { node { reportedAt foundAt { name } } } } } } }""",
    "people search": """query Search($f: PeopleFilter) { people(filter: $f, first: 20) {
  edges { node { name dob town } } } }""",
    "place with incidents": """query Place($id: ID!) { node(id: $id) { ... on Place {
  name incidents(first: 20) { edges { node { type participants { role person { name } } } } }
  residents { name } } } }""",
    "50 children, nested": """query Page { children(first: 50) { edges { node { name
  incidents(first: 5) { edges { node { role incident { type } } } }
  schools { school { name } } } } } }""",
    "county line network": """query Line($id: ID!) { node(id: $id) { ... on CountyLine {
  name phones { phone { number } } people { role person { name } }
  places { role place { name } } exportingAreas { name } importingAreas { name } } } }""",
}


TOTALS: dict[str, str] = {
    "incidents": "{ incidents(first: 5) { totalCount } }",
    "children": "{ children(first: 5) { totalCount } }",
    "people": "{ people(first: 5) { totalCount } }",
    "missing episodes": "{ missingEpisodes(first: 5) { totalCount } }",
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def time_async(fn: Callable[[], Awaitable[Any]], n: int) -> list[float]:
    for _ in range(min(10, n)):
        await fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_sync(fn: Callable[[], Any], n: int) -> list[float]:
    for _ in range(min(10, n)):
        fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def pick_parameters(dataset: Any) -> dict[str, dict[str, Any]]:
    """Realistic targets: a planted child, a recurring place, a planted line."""
    from hub.domain.ids import encode

    child = dataset.planted.missing.children[0]
    place = dataset.planted.missing.found_places[0]
    line = dataset.planted.county_lines[0].line_id
    row = dataset.node(child)
    return {
        "child profile": {"raw": {"id": child}, "gql": {"id": encode("Child", child)}},
        "people search": {
            "raw": {"name": row["family_name"][:3].lower(), "town": row["town"],
                    "dob_from": "2005-01-01", "dob_to": "2015-12-31"},
            "gql": {"f": {"name": row["family_name"][:3], "town": row["town"],
                          "dobFrom": "2005-01-01", "dobTo": "2015-12-31"}},
        },
        "place with incidents": {"raw": {"id": place}, "gql": {"id": encode("Place", place)}},
        "50 children, nested": {"raw": {}, "gql": {}},
        "county line network": {"raw": {"id": line}, "gql": {"id": encode("CountyLine", line)}},
    }


async def raw_phase(settings: Settings, params: dict[str, dict[str, Any]], scopes: list[str],
                    n: int) -> dict[str, dict[str, list[float]]]:
    handle = await open_store(settings)
    store: Any = handle.store
    out: dict[str, dict[str, list[float]]] = {}
    try:
        for name, (text, variables) in RAW.items():
            open_text = text.replace("/*SCOPE*/", "true")
            filtered = scoped(text, *variables)
            p = params[name]["raw"]
            out[name] = {
                "raw": await time_async(lambda t=open_text, p=p: store.raw(t, p), n),
                "raw_scoped": await time_async(
                    lambda t=filtered, p=p: store.raw(t, {**p, "scopes": scopes}), n),
            }
    finally:
        await handle.close()
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc), for CPU per request."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def family(pid: int) -> list[int]:
    """A process and its children (uvicorn's workers)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found += family(int(child))
    return found


async def throughput(url: str, path: str, headers: dict[str, str], body: dict[str, Any],
                     clients: int, seconds: float, pid: int) -> tuple[float, float]:
    """Requests a second and server CPU ms per request, `clients` at once for `seconds`."""
    done = 0
    deadline = time.perf_counter() + seconds
    pids = family(pid)

    async def worker() -> None:
        nonlocal done
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
            while time.perf_counter() < deadline:
                response = await client.post(path, json=body)
                response.raise_for_status()
                done += 1

    cpu = cpu_seconds(pids)
    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    return done / elapsed, (cpu_seconds(pids) - cpu) / max(done, 1) * 1000


def start_floor(factory: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """One floor app under uvicorn on loopback, as the hub runs (same loop and HTTP parser)."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.post(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{factory} did not start")


def side_by_side(hub: Any, headers: dict[str, str], params: dict[str, Any], scopes: list[str],
                 store_port: int, args: argparse.Namespace) -> list[tuple[str, float, float]]:
    """The hub, the raw-Cypher endpoint and the bare strawberry floor, one after another
    under the same load: (name, requests/s, CPU ms per request)."""
    from bench.floors import BARE_QUERY
    from tests.support import free_port

    env = {"BENCH_STORE_PORT": str(store_port), "BENCH_SCOPES": ",".join(scopes)}
    rows = []
    rps, cpu = asyncio.run(throughput(
        hub.url, "/graphql", headers, {"query": GQL["child profile"],
                                       "variables": params["child profile"]["gql"]},
        args.clients, args.seconds, hub.process.pid))
    rows.append(("hub (GraphQL, token, sharing, audited)", rps, cpu))
    floors = (("raw Cypher endpoint (starlette, same store client)", "bench.floors:raw_app",
               "/profile", params["child profile"]["raw"]),
              ("bare strawberry (no store)", "bench.floors:bare_app", "/graphql",
               {"query": BARE_QUERY, "variables": {"id": "x"}}))
    for name, factory, path, body in floors:
        port = free_port()
        process = start_floor(factory, port, env)
        try:
            rps, cpu = asyncio.run(throughput(f"http://127.0.0.1:{port}", path, {}, body,
                                              args.clients, args.seconds, process.pid))
        finally:
            process.terminate()
            process.wait(timeout=20)
        rows.append((name, rps, cpu))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="county", choices=["demo", "county"])
    parser.add_argument("-n", type=int, default=200, help="timed requests per read")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=1, help="hub worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a data folder already seeded at --scale (seed 7): not seeded again")
    parser.add_argument("--no-load", action="store_true",
                        help="skip the throughput phase (the reads and totals only)")
    args = parser.parse_args()

    from seed.county import generate

    work = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    data_dir = args.data_dir or work / "data"
    data_dir.mkdir(exist_ok=True)
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir), "HUB_DEV_ISSUER": "1"}
    try:
        started = time.perf_counter()
        if args.data_dir is None:
            print(f"seeding {args.scale} into {data_dir} ...", flush=True)
            subprocess.run([sys.executable, "-m", "hub", "seed", "--scale", args.scale],
                           env=env, check=True, cwd=ROOT)
        seed_seconds = time.perf_counter() - started
        dataset = generate(args.scale, 7)
        params = pick_parameters(dataset)
        server = EmbeddedFalkorDB(data_dir)
        server.start()
        uri = f"falkordb://127.0.0.1:{server.port}"
        settings = Settings.from_env({**env, "HUB_GRAPH_URI": uri})
        hub = start_hub(data_dir, seed=None, extra_env={"HUB_GRAPH_URI": uri},
                        workers=args.workers)
        try:
            headers = hub.caller("police", "analyst", purpose="mace",
                                 justification="benchmark: MACE panel preparation")
            scopes = hub.data("{ me { scopes } }", headers=headers)["me"]["scopes"]
            http: dict[str, list[float]] = {}
            for name, query in GQL.items():
                variables = params[name]["gql"]
                body = hub.gql(query, variables, headers=headers)
                if "errors" in body:
                    raise SystemExit(f"{name}: {body['errors']}")
                http[name] = time_sync(
                    lambda q=query, v=variables: hub.client.post(
                        "/graphql", json={"query": q, "variables": v}, headers=headers,
                    ).raise_for_status(), args.n)
            totals = {name: time_sync(lambda q=q: hub.client.post(
                "/graphql", json={"query": q}, headers=headers).raise_for_status(), 20)
                for name, q in TOTALS.items()}
            floors = ([] if args.no_load
                      else side_by_side(hub, headers, params, scopes, server.port, args))
        finally:
            stop_hub(hub)
        try:
            raw = asyncio.run(raw_phase(settings, params, scopes, args.n))
        finally:
            server.stop()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"# API benchmark, {date.today().isoformat()}, scale={args.scale}, "
          f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    seeded = "reused (--data-dir)" if args.data_dir else f"{seed_seconds:.1f}s"
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"seed: {seeded}; load average now {load}; caller: police analyst, purpose mace, "
          f"{len(scopes)} of {len(ALL_SCOPES)} scopes; n={args.n} per read")
    print()
    header = ("| read | HTTP p50 ms | HTTP p95 ms | raw p50 ms | raw p95 ms | HTTP/raw p50 "
              "| raw+filter p50 ms | filter cost |")
    print(header)
    print("|" + "---|" * 8)
    for name in GQL:
        h, r, rs = http[name], raw[name]["raw"], raw[name]["raw_scoped"]
        hp50, rp50, rsp50 = statistics.median(h), statistics.median(r), statistics.median(rs)
        print(f"| {name} | {hp50:.1f} | {percentile(h, 0.95):.1f} | {rp50:.1f} | "
              f"{percentile(r, 0.95):.1f} | {hp50 / rp50:.1f} | {rsp50:.1f} | "
              f"{rsp50 / rp50:.2f} |")
    print()
    print("| totalCount (n=20) | HTTP p50 ms | HTTP p95 ms |")
    print("|---|---|---|")
    for name, samples in totals.items():
        print(f"| {name} | {statistics.median(samples):.1f} | {percentile(samples, 0.95):.1f} |")
    if not floors:
        return 0
    print()
    print(f"child profile, {args.clients} concurrent clients for {args.seconds:.0f}s each, "
          f"hub workers: {args.workers}; load average at start {os.getloadavg()[0]:.1f}")
    print()
    print("| server | requests/s | CPU ms per request | CPU / raw |")
    print("|---|---|---|---|")
    raw_cpu = floors[1][2]
    for name, rps, cpu in floors:
        print(f"| {name} | {rps:.0f} | {cpu:.2f} | {cpu / raw_cpu:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

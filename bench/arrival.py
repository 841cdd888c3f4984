"""What matching a person on arrival costs `recordPerson`, against a seeded store.

Seeds the fictional county (demo or county scale) into a fresh embedded store, then
matches arriving children made from held ones with the noise agencies add (a nickname, a
typo in the family name, day and month swapped, nothing changed) and unrelated children,
through the service as `recordPerson` runs it (`hub.services.matching.match`: the store's
candidate statements, the identifiers' read, the caller's loaders, splink scoring), and
then records each through `record_person` (matching, the write, links and reviews).

    .venv/bin/python bench/arrival.py [--scale demo|county] [-n 200] [--lookalikes 150]

Prints medians and 95th percentiles in milliseconds, and the candidates per arrival; then
records `--lookalikes` children under one name with no date of birth (each like every one
before it) and times the last 25 of them: what one common name costs an arrival.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.auth.audit import AuditLog  # noqa: E402
from hub.auth.policy import CATEGORY_CODES, Visibility  # noqa: E402
from hub.auth.principal import Principal  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.graph.runtime import open_store  # noqa: E402
from hub.linkage.nicknames import VARIANTS  # noqa: E402
from hub.services import recording  # noqa: E402
from hub.services.context import RequestContext  # noqa: E402
from hub.services.loaders import Loaders  # noqa: E402
from hub.services.matching import arriving, match, record_person  # noqa: E402
from seed.load import seed_store  # noqa: E402

AGENCIES = ("police", "trust", "education", "health")


def context(store: Any, audit: AuditLog, settings: Settings) -> RequestContext:
    scopes = frozenset(f"{a}:{c}" for a in AGENCIES for c in CATEGORY_CODES)
    return RequestContext(
        settings=settings, store=store,
        access=Visibility(scopes=scopes, existence_scopes=frozenset(), agreements=(),
                          purpose="mace", agency="police"),
        request_id="bench", loaders=Loaders(store, sorted(scopes)),
        principal=Principal(subject="bench", agency="police",
                            roles=frozenset({"practitioner"}), team=None, issuer="bench"),
        hub=SimpleNamespace(sharing=SimpleNamespace(audit=audit)))


def noisy(rng: random.Random, held: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    given, family, dob = held["given_name"], held["family_name"], held.get("dob")
    kind = rng.choice(("same", "nickname", "typo", "swapped", "unrelated"))
    if kind == "nickname" and VARIANTS.get(given):
        given = rng.choice(VARIANTS[given])
    elif kind == "typo" and len(family) > 4:
        i = rng.randrange(1, len(family) - 1)
        family = family[:i] + family[i + 1] + family[i] + family[i + 2:]
    elif kind == "swapped" and dob and int(dob[8:10]) <= 12:
        dob = f"{dob[:5]}{dob[8:10]}-{dob[5:7]}"
    elif kind == "unrelated":
        family = "Zzyzx" + "".join(rng.choice("aeiou") for _ in range(5))
    return kind, {"kind": "child", "given_name": given, "family_name": family, "dob": dob,
                  "gender": held.get("gender"), "town": held.get("town")}


def pct(times: list[float]) -> str:
    times = sorted(times)
    return f"{statistics.median(times):.1f} | {times[int(len(times) * 0.95)]:.1f}"


async def main(scale: str, n: int, lookalikes: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="hub-bench-arrival-"))
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(folder)})
    handle = await open_store(settings)
    audit = AuditLog(folder / "audit.log")
    try:
        started = time.perf_counter()
        await seed_store(handle.store, scale)
        print(f"seeded {scale} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        rows = await handle.store.run("bench_children_sample", {"limit": n})
        rng = random.Random(7)
        arrivals = [noisy(rng, r["p"]) for r in rows]
        ctx = context(handle.store, audit, settings)
        await match(ctx, {"id": "warm", **arrivals[0][1]})  # DuckDB and splink warm up
        matched: list[float] = []
        recorded: list[float] = []
        found: list[int] = []
        for i, (_, person) in enumerate(arrivals):
            ctx = context(handle.store, audit, settings)
            plan = await recording.plan_person(ctx, recording.from_data(
                recording.PersonData, person))
            assert isinstance(plan, recording.Write)
            t0 = time.perf_counter()
            result = await match(ctx, arriving(plan))
            matched.append((time.perf_counter() - t0) * 1000)
            found.append(len(result.candidates))
            ctx = context(handle.store, audit, settings)
            t0 = time.perf_counter()
            await record_person(ctx, recording.from_data(recording.PersonData, person),
                                confirm_new=True)
            recorded.append((time.perf_counter() - t0) * 1000)
            if i % 50 == 49:
                print(f"{i + 1} arrivals", file=sys.stderr)
        people = (await handle.store.run_one("bench_people_count", {}) or {}).get("n")
        print(f"matching one arriving child against the seeded store ({scale}, {people} people), "
              f"n = {len(arrivals)}, milliseconds")
        print("| step | p50 | p95 |\n|---|---|---|")
        print(f"| match (candidates, identifiers, loaders, splink scoring) | {pct(matched)} |")
        print(f"| recordPerson with confirmNew (match, write, links and reviews) | "
              f"{pct(recorded)} |")
        print(f"candidates decided link or review per arrival: median "
              f"{statistics.median(found):.0f}, max {max(found)}")
        alike: list[float] = []
        for i in range(lookalikes):
            ctx = context(handle.store, audit, settings)
            person = {"kind": "child", "given_name": "Quill", "family_name": "Marrowby",
                      "town": "Corby"}
            t0 = time.perf_counter()
            await record_person(ctx, recording.from_data(recording.PersonData, person),
                                confirm_new=True)
            alike.append((time.perf_counter() - t0) * 1000)
        if lookalikes > 25:
            print(f"| recordPerson, arrivals {lookalikes - 24} to {lookalikes} of "
                  f"{lookalikes} children with one name and no date of birth | "
                  f"{pct(alike[-25:])} |")
    finally:
        audit.close()
        await handle.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="demo", choices=("demo", "county"))
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--lookalikes", type=int, default=150)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.n, args.lookalikes))

"""Profile one read in-process: where the hub's CPU goes on a request, stage by stage.

Run against a seeded data folder (the hub must not be running on it):

    .venv/bin/python bench/request_profile.py --data-dir var -n 300

It opens the hub's ASGI app in this process (lifespan included), sends the child
profile through httpx's ASGI transport as the benchmark's caller (a police MACE
analyst with a justification, so every read is audited), and prints the hottest
functions of cProfile (cumulative and own time) per request. `--pyinstrument` prints
pyinstrument's call tree instead, when it is installed; `--plain` only times.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import GQL, pick_parameters  # noqa: E402
from hub.auth.devissuer import mint_token  # noqa: E402
from hub.config import Settings  # noqa: E402


async def run(data_dir: Path, read: str, n: int, tree: bool, plain: bool) -> None:
    from hub.app import create_app
    from seed.county import generate

    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir), "HUB_DEV_ISSUER": "1",
           "HUB_LOG_LEVEL": "WARNING"}
    settings = Settings.from_env(env)
    params = pick_parameters(generate("county", 7))[read]["gql"]
    token = mint_token(settings, sub="bench-analyst", agency="police", roles=["analyst"],
                       ttl_minutes=60)
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": "mace",
               "X-Justification": "benchmark: MACE panel preparation"}
    app = create_app(settings)
    body: dict[str, Any] = {"query": GQL[read], "variables": params}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            first = (await client.post("/graphql", json=body, headers=headers)).json()
            if "errors" in first:
                raise SystemExit(f"{read}: {first['errors']}")
            for _ in range(20):
                await client.post("/graphql", json=body, headers=headers)
            started, cpu = time.perf_counter(), time.process_time()
            if plain:
                pass
            elif tree:
                from pyinstrument import Profiler

                profiler = Profiler(async_mode="enabled")
                profiler.start()
            else:
                prof = cProfile.Profile()
                prof.enable()
            for _ in range(n):
                await client.post("/graphql", json=body, headers=headers)
            if plain:
                pass
            elif tree:
                profiler.stop()
            else:
                prof.disable()
            wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"# {read}: {n} requests in-process, {wall / n * 1000:.2f} ms wall and "
          f"{used / n * 1000:.2f} ms CPU per request"
          + ("" if plain else " (under the profiler)"))
    if plain:
        return
    if tree:
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        return
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(45)
        print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--read", default="child profile", choices=sorted(GQL))
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--plain", action="store_true", help="time only, no profiler")
    args = parser.parse_args()
    asyncio.run(run(args.data_dir, args.read, args.n, args.pyinstrument, args.plain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

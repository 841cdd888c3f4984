"""What the change journal costs a write: the recording service on a fresh embedded store,
timing `commit` (the write statement with its change entry, then settling the entry into
the audit log) beside the write statement alone and the settling alone.

    .venv/bin/python bench/recording.py [-n 300]

Prints one table of medians and 95th percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.auth.audit import AuditLog  # noqa: E402
from hub.auth.policy import CATEGORY_CODES, Visibility  # noqa: E402
from hub.auth.principal import Principal  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.graph.runtime import open_store  # noqa: E402
from hub.services import recording  # noqa: E402
from hub.services.changes import settle  # noqa: E402
from hub.services.context import RequestContext  # noqa: E402
from hub.services.loaders import Loaders  # noqa: E402


def context(store: object, audit: AuditLog) -> RequestContext:
    scopes = frozenset(f"police:{c}" for c in CATEGORY_CODES)
    return RequestContext(
        settings=Settings.from_env({"HUB_ENV": "test"}), store=store,  # type: ignore[arg-type]
        access=Visibility(scopes=scopes, existence_scopes=frozenset(), agreements=(),
                          purpose="mace", agency="police"),
        request_id="bench", loaders=Loaders(store, sorted(scopes)),  # type: ignore[arg-type]
        principal=Principal(subject="bench", agency="police", roles=frozenset({"analyst"}),
                            team=None, issuer="bench"),
        hub=SimpleNamespace(sharing=SimpleNamespace(audit=audit)))


def row(name: str, times: list[float]) -> str:
    times.sort()
    return f"| {name} | {statistics.median(times):.2f} | {times[int(len(times) * 0.95)]:.2f} |"


async def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="hub-bench-recording-"))
    handle = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                 "HUB_DATA_DIR": str(folder)}))
    audit = AuditLog(folder / "audit.log")  # group fsync, as the hub runs it
    commit, statement, settling = [], [], []
    try:
        for i in range(n):
            ctx = context(handle.store, audit)
            data = recording.PersonData("child", "Bo", f"Benchmark{i}")
            plan = await recording.plan_person(ctx, data)
            start = time.perf_counter()
            await recording.commit(ctx, plan)
            commit.append((time.perf_counter() - start) * 1000)
            plan = await recording.plan_person(ctx, data)
            assert isinstance(plan, recording.Write)
            change = plan.change(ctx)
            start = time.perf_counter()
            await handle.store.run(plan.statement, {**plan.params, "scopes": ctx.scopes,
                                                    "change": change.node()})
            middle = time.perf_counter()
            await settle(handle.store, audit, [change])
            statement.append((middle - start) * 1000)
            settling.append((time.perf_counter() - middle) * 1000)
    finally:
        audit.close()
        await handle.close()
    print(f"recordPerson through the service, n = {n}, milliseconds")
    print("| step | p50 | p95 |\n|---|---|---|")
    print(row("commit: write with its change entry, then settle", commit))
    print(row("the write statement alone", statement))
    print(row("settling alone (audit append with fsync, clear the entry)", settling))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    asyncio.run(main(parser.parse_args().n))

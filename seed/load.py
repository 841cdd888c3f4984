"""Writing a generated county into a store through the named statements in `cypher/seed.cypher`.

Nodes go first (every relationship finds both of its ends by id), then relationships,
in batches of `batch_size` rows per round trip. On FalkorDB two batches are kept in
flight, so the client serialises the next batch while the store writes the last one
(FalkorDB applies writes one at a time, so they cannot conflict). Neo4j gets one at a
time: concurrent relationship writes there lock the same nodes and can deadlock.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hub.graph.store import GraphStore
from hub.ingest.progress import Progress
from seed.county import generate
from seed.dataset import Dataset, Row
from seed.planted import Planted

IN_FLIGHT: dict[str, int] = {"falkordb": 2}


class SeedMarker:
    """A file in the data folder that says a seed is under way: present from before the first
    write until the store is compacted. A seed stopped half way (Ctrl-C, a crash) leaves it,
    and the hub will not serve that half-loaded store (see `hub.app.Hub.start`)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "seed.incomplete"

    @property
    def present(self) -> bool:
        return self.path.exists()

    def __enter__(self) -> SeedMarker:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("a seed was started and has not finished\n", encoding="utf-8")
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is None:
            self.path.unlink(missing_ok=True)


class StoreNotEmpty(RuntimeError):
    """The store already holds records; seeding would duplicate every one of them."""


@dataclass
class SeedReport:
    """What was written and how long it took (`seconds` covers generating and loading)."""

    scale: str
    seed: int
    nodes: int
    relationships: int
    people: int
    incidents_and_episodes: int
    seconds: float
    planted: Planted
    generate_seconds: float = 0.0
    load_seconds: float = 0.0


async def store_is_empty(store: GraphStore) -> bool:
    row = await store.run_one("seed_store_is_empty")
    return bool(row and row["empty"])


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Building a million small dicts sets off the cycle collector again and again for
    nothing (the rows hold no cycles); pausing it makes generating a county a fifth
    faster. Nested pauses are safe: only the outermost one turns it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def generate_quietly(scale: str, seed: int) -> Dataset:
    with _no_cyclic_gc():
        return generate(scale, seed)


async def seed_store(store: GraphStore, scale: str, seed: int = 7,
                     batch_size: int = 5000, dataset: Dataset | None = None,
                     progress: bool = False) -> SeedReport:
    """Generate the county at `scale` and write it into `store`, which must be empty.

    The embedded store does not enforce unique ids, so seeding a store that already
    holds data is refused (`StoreNotEmpty`) rather than duplicating everything; clear
    the store first to reseed. Generation runs in a worker thread, so a server seeding
    itself at start keeps answering its health checks meanwhile.
    """
    if not await store_is_empty(store):
        raise StoreNotEmpty("the store already holds records; clear it before seeding")
    started = time.perf_counter()
    if dataset is None:
        dataset = await asyncio.to_thread(generate_quietly, scale, seed)
    generated = time.perf_counter()
    bar = Progress(f"seeding {scale}", dataset.node_count() + dataset.relationship_count(),
                   force=progress and sys.stderr.isatty()) if progress else None
    with _no_cyclic_gc():  # serialising the batches allocates as much again
        await write_dataset(store, dataset, batch_size, bar)
    if bar is not None:
        bar.finish()
    finished = time.perf_counter()
    return SeedReport(
        scale=scale, seed=seed, nodes=dataset.node_count(),
        relationships=dataset.relationship_count(), people=dataset.people(),
        incidents_and_episodes=dataset.incidents_and_episodes(),
        seconds=round(finished - started, 2), planted=dataset.planted,
        generate_seconds=round(generated - started, 2),
        load_seconds=round(finished - generated, 2),
    )


async def write_dataset(store: GraphStore, dataset: Dataset, batch_size: int = 5000,
                        bar: Progress | None = None) -> None:
    """All node statements, then all relationship statements, in batches."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    done = await _write_all(store, dataset.nodes, batch_size, bar)
    await _write_all(store, dataset.relationships, batch_size, bar, done)


async def _write_all(store: GraphStore, groups: dict[str, list[Row]], batch_size: int,
                     bar: Progress | None = None, done: int = 0) -> int:
    batches = [(name, rows[i:i + batch_size]) for name, rows in groups.items()
               for i in range(0, len(rows), batch_size)]
    queue = iter(batches)
    written = [done]

    async def worker() -> None:
        for name, rows in queue:
            await store.run(name, {"rows": rows})
            written[0] += len(rows)
            if bar is not None:
                bar.update(written[0], written[0])

    # A task group stops the other writer as soon as one batch fails; the caller sees
    # that batch's own error (a StoreError naming the statement), not a group of one.
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(IN_FLIGHT.get(store.kind, 1)):
                group.create_task(worker())
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return written[0]

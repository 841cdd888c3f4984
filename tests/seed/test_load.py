"""Seeding writes exactly the generated county into a fresh embedded store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from hub.config import Settings
from hub.graph.runtime import open_store
from hub.graph.store import GraphStore
from seed import Dataset, generate
from seed.load import SeedReport, StoreNotEmpty, seed_store, store_is_empty


@dataclass
class Seeded:
    store: GraphStore
    empty_before: bool
    report: SeedReport


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate("demo")


@pytest.fixture(scope="module")
async def seeded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Seeded]:
    data_dir = tmp_path_factory.mktemp("seedload")
    handle = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                 "HUB_DATA_DIR": str(data_dir)}))
    try:
        empty_before = await store_is_empty(handle.store)
        report = await seed_store(handle.store, "demo", batch_size=700)
        yield Seeded(handle.store, empty_before, report)
    finally:
        await handle.close()


async def test_a_fresh_store_is_empty_and_a_seeded_one_is_not(seeded: Seeded) -> None:
    assert seeded.empty_before
    assert not await store_is_empty(seeded.store)


async def test_the_report_describes_what_was_generated(seeded: Seeded, dataset: Dataset) -> None:
    report = seeded.report
    assert (report.scale, report.seed) == ("demo", 7)
    assert report.nodes == dataset.node_count()
    assert report.relationships == dataset.relationship_count()
    assert report.people == dataset.people()
    assert report.incidents_and_episodes == dataset.incidents_and_episodes()
    assert report.planted == dataset.planted
    assert report.seconds >= report.load_seconds > 0


async def test_nodes_by_label_in_the_store_equal_the_dataset(seeded: Seeded,
                                                            dataset: Dataset) -> None:
    rows = await seeded.store.run("count_by_label")
    assert {row["label"]: row["n"] for row in rows} == dataset.label_counts()


async def test_relationships_by_type_in_the_store_equal_the_dataset(seeded: Seeded,
                                                                   dataset: Dataset) -> None:
    rows = await seeded.store.run("count_by_rel_type")
    assert {row["type"]: row["n"] for row in rows} == dataset.rel_type_counts()


async def test_properties_read_back_with_their_types(seeded: Seeded, dataset: Dataset) -> None:
    planted = dataset.planted
    checks = [
        planted.peer_groups[0].edge_adult,  # a boolean
        planted.missing.long_episode if planted.missing else "",  # a float
        planted.agreements["mace"],  # an integer version
        planted.consent_refused_referral,  # a list of strings
    ]
    grant_id = dataset.nodes["seed_node_grant"][0]["id"]
    for node_id in [*checks, grant_id]:
        row = await seeded.store.run_one("entity_by_id", {"id": node_id})
        assert row is not None, node_id
        stored = {k: v for k, v in row["n"].items() if k != "_labels"}
        written = dataset.node(node_id)
        assert stored == {**written, "scope": f"{written['owner']}:{written['category']}"}
        assert set(row["n"]["_labels"]) == {"Entity", *dataset.labels(node_id)}


async def test_an_empty_list_survives_the_round_trip(seeded: Seeded, dataset: Dataset) -> None:
    declined = next(r for r in dataset.nodes["seed_node_return_home_interview"]
                    if r["push_factors"] == [])
    row = await seeded.store.run_one("entity_by_id", {"id": declined["id"]})
    assert row is not None
    assert row["n"]["push_factors"] == []


async def test_seeding_again_fails_instead_of_duplicating(seeded: Seeded,
                                                          dataset: Dataset) -> None:
    with pytest.raises(StoreNotEmpty):
        await seed_store(seeded.store, "demo")
    rows = await seeded.store.run("count_by_label")
    assert {row["label"]: row["n"] for row in rows} == dataset.label_counts()


async def test_every_seeded_node_stores_its_scope(seeded: Seeded) -> None:
    row = await seeded.store.run_one("unscoped_records")
    assert row == {"n": 0}

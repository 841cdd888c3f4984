"""The demo county written as the four partner extracts and loaded back through the importer
is the same graph the seed writes, record for record and link for link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hub.config import Settings
from hub.graph.runtime import open_store
from hub.ingest.runner import run_import
from seed.county import generate
from seed.extracts import compare, load_via_extracts, seed_graph, store_graph, write_extracts


def age_today(dob: str) -> int:
    born, today = date.fromisoformat(dob), date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return generate("demo", 7)


async def test_the_demo_loaded_from_its_extracts_is_the_seeded_graph(
        demo, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("roundtrip")
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(folder / "data")})
    extracts = write_extracts(demo, folder / "extracts")
    assert sorted(extracts.files) == ["census", "health", "police", "socialcare"]
    handle = await open_store(settings)
    try:
        async def run(source: str, paths: list[Path]):  # type: ignore[no-untyped-def]
            return await run_import(handle.store, settings, source, paths)

        reports = await load_via_extracts(handle.store, extracts, run)
        files = [f for r in reports for f in r.files]
        # The seed's children who have turned 18 since its fixed "today" are adults now: the
        # recording service records them so, and will not record them as missing children.
        aged = {row["id"] for row in demo.nodes["seed_node_child"] if age_today(row["dob"]) >= 18}
        aged_episodes = {rel["b"] for rel in demo.rels("WENT_MISSING") if rel["a"] in aged}
        aged_rolls = [rel for rel in demo.rels("ATTENDS") if rel["a"] in aged]
        rejected = [x["reason"] for f in files for x in f.rejections]
        assert len(rejected) == len(aged_episodes) + len(aged_rolls)
        assert all(("PERSON_REF:" in r or "UPN:" in r) and "names no Child" in r
                   for r in rejected), rejected
        assert sum(f.created for f in files) == (
            len(extracts.carried) + len(extracts.carried_links)
            - len(aged_episodes) - len(aged_rolls))
        # Every kind the partner layouts carry is imported: none is held back.
        assert sum(f.held_back for f in files) == 0
        assert {f.kind for f in files} == {"person", "incident", "missing", "referral", "flag",
                                           "school_roll", "exclusion"}

        seeded, imported = seed_graph(demo), await store_graph(handle.store, extracts)
        result = compare(seeded, imported)
        explained = aged | aged_episodes

        def about(diff: tuple) -> bool:  # type: ignore[type-arg]
            return bool({diff[0], *diff[1:3]} & explained) if len(diff) == 4 else \
                diff[0] in explained

        assert [d for d in result.only_seed if not about(d)] == []
        assert [d for d in result.only_imported if not about(d)] == []
        created = sum(f.created for f in files)

        # Sending every extract again changes nothing.
        again = [f for source, paths in extracts.files.items()
                 for f in (await run(source, paths)).files]
        assert sum(f.created + f.corrected for f in again) == 0
        assert sum(f.unchanged for f in again) == created
        assert compare(seeded, await store_graph(handle.store, extracts)).only_imported == \
            result.only_imported
    finally:
        await handle.close()

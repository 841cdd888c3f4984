"""The stored `scope` every read filters on: a node written without it is hidden until the
next start stamps it with its owner:category, and is then read as before."""

from __future__ import annotations

import uuid
from pathlib import Path

from hub.config import Settings
from hub.graph.runtime import open_store
from hub.services.loaders import consent_params


async def test_a_node_without_a_stored_scope_is_hidden_until_the_next_start_stamps_it(
    tmp_path: Path,
) -> None:
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data")})
    person = f"per_{uuid.uuid4().hex}"
    handle = await open_store(settings)
    try:
        graph = handle.store._graph  # type: ignore[attr-defined]
        # As a store written before `scope` was kept holds it: owner and category only.
        await graph.query("CREATE (:Entity:Person:Child {id: $id, owner: 'police', "
                          "category: 'identity', family_name: 'Quillfeather'})", {"id": person})
        params = {"ids": [person], "scopes": ["police:identity"], **consent_params([])}
        assert await handle.store.run("entities_by_ids", params) == []
        assert (await handle.store.run_one("unscoped_records")) == {"n": 1}
    finally:
        await handle.close()

    handle = await open_store(settings)
    try:
        rows = await handle.store.run("entities_by_ids", params)
        assert [r["n"]["scope"] for r in rows] == ["police:identity"]
        assert (await handle.store.run_one("unscoped_records")) == {"n": 0}
        hidden = {**params, "scopes": ["police:offending"]}
        assert await handle.store.run("entities_by_ids", hidden) == []
    finally:
        await handle.close()

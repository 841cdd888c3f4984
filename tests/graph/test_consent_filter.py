"""The consent rule on the Cypher side: the read statements show exactly the records the
Python rule (`hub.auth.policy.consent_allows`) shares, case for case (tests/consent_cases.py)."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.policy import consent_allows
from hub.graph.store import GraphStore
from hub.services.loaders import consent_params
from tests.consent_cases import CASES, ORDINARY_BASIS, WITHOUT_CONSENT_BASIS

STAMP = "2026-01-01T09:00:00"


def _scope(row: dict[str, Any]) -> str:
    return f"{row['owner']}:{row['category']}"


async def _write(store: GraphStore, n: int, record: dict[str, Any],
                 follows: list[dict[str, Any]]) -> tuple[str, str]:
    """The case's records in the store: a support record following its referrals, for a child."""
    person = f"cst_per_{n}"
    record_id = f"cst_itv_{n}"
    await store.run("seed_node_child", {"rows": [{"id": person, "owner": "police",
                                                   "category": "identity", "recorded_at": STAMP}]})
    await store.run("seed_node_intervention", {"rows": [{"id": record_id, "recorded_at": STAMP,
                                                          **record}]})
    await store.run("seed_rel_intervention_for", {"rows": [{
        "a": record_id, "b": person,
        "props": {"id": f"cst_rel_{n}", "owner": record["owner"],
                  "category": record["category"]}}]})
    for k, followed in enumerate(follows):
        ref = f"cst_ref_{n}_{k}"
        await store.run("seed_node_referral", {"rows": [{"id": ref, "recorded_at": STAMP,
                                                          **followed}]})
        await store.run("seed_rel_follows", {"rows": [{
            "a": record_id, "b": ref, "props": {"id": f"cst_rel_{n}_{k}",
                                                "owner": record["owner"],
                                                "category": record["category"]}}]})
    return record_id, person


def _params(scopes: list[str], free: bool) -> dict[str, Any]:
    return {"scopes": scopes, **consent_params([s for s in scopes if free])}


@pytest.mark.parametrize(("n", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
async def test_the_read_statements_apply_the_same_consent_rule(
    store: GraphStore, n: int, case: tuple[str, dict[str, Any], list[dict[str, Any]], bool, bool]
) -> None:
    name, record, follows, free, shared = case
    assert consent_allows(record, WITHOUT_CONSENT_BASIS if free else ORDINARY_BASIS,
                          follows)[0] is shared
    record_id, person = await _write(store, n, record, follows)
    scopes = sorted({_scope(record), "police:identity", *(_scope(f) for f in follows)})
    params = _params(scopes, free)
    by_id = await store.run("entities_by_ids", {**params, "ids": [record_id]})
    assert bool(by_id) is shared, name
    linked = await store.run("links_in", {**params, "ids": [person],
                                          "type": "INTERVENTION_FOR", "label": None})
    assert bool(linked) is shared, name

"""The top-level lists apply the consent rule exactly as a read by id does: a consent-based
service's record that another agency may not open without consent is neither listed nor
counted (hub.auth.policy.consent_allows; cypher/records.cypher)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hub.auth.policy import compile_visibility
from hub.auth.principal import Principal
from hub.config import Settings
from hub.domain.paging import Page
from hub.graph.store import GraphStore
from hub.services.context import RequestContext
from hub.services.lists import store_page
from hub.services.loaders import Loaders
from hub.services.sharing import consent_free_scopes
from tests.schema.test_sharing import agreements_of

STAMP = "2026-01-01T09:00:00"
TOKEN = "lscprobe"  # every probe record carries it, so the lists can be narrowed to them
TOWN = "Lscprobe Vale"
# What the early intervention service recorded about consent, and whether a partner under an
# ordinary legal basis may then see the record.
CONSENT: dict[str, tuple[dict[str, Any], bool]] = {
    "none": ({}, False),
    "refused": ({"consent": "refused"}, False),
    "override_blank": ({"consent": "safeguarding_override", "consent_reason": "  "}, False),
    "given": ({"consent": "given"}, True),
}
# (list statement base, its filter parameters narrowed to the probes)
LISTS: list[tuple[str, dict[str, Any]]] = [
    (base, {"kind": None, "name": TOKEN, "dob_from": None, "dob_to": None, "town": None,
            "district": None, "ward": None, "agency": None, "of_concern": None})
    for base in ("people", "children")
] + [
    ("incidents", {"types": [TOKEN], "since": None, "until": None, "agency": None,
                   "town": None, "district": None, "ward": None}),
    ("incidents_in_area", {"types": [TOKEN], "since": None, "until": None, "agency": None,
                           "town": TOWN, "district": None, "ward": None}),
    ("episodes", {"since": None, "until": None, "status": TOKEN, "risks": None}),
]


@pytest.fixture(scope="module")
async def probes(store: GraphStore) -> None:
    """One eis child, incident (at a place) and missing episode per consent state."""
    await store.run("seed_node_place", {"rows": [{
        "id": "lsc_place", "owner": "police", "category": "reference", "name": "Probe Yard",
        "town": TOWN, "recorded_at": STAMP}]})
    for key, (consent, _) in CONSENT.items():
        await store.run("seed_node_child", {"rows": [{
            "id": f"lsc_child_{key}", "owner": "eis", "category": "identity",
            "given_name": key, "family_name": "Probe", "name_lc": f"{key} {TOKEN}",
            "recorded_at": STAMP, **consent}]})
        await store.run("seed_node_incident", {"rows": [{
            "id": f"lsc_inc_{key}", "owner": "eis", "category": "missing", "type": TOKEN,
            "occurred_at": STAMP, "recorded_at": STAMP, **consent}]})
        await store.run("seed_rel_occurred_at", {"rows": [{
            "a": f"lsc_inc_{key}", "b": "lsc_place",
            "props": {"id": f"lsc_at_{key}", "owner": "eis", "category": "missing"}}]})
        await store.run("seed_node_missing_episode", {"rows": [{
            "id": f"lsc_ep_{key}", "owner": "eis", "category": "missing", "status": TOKEN,
            "reported_at": STAMP, "recorded_at": STAMP, **consent}]})


def request_as(store: GraphStore, settings: Settings, demo: Any, agency: str,
               role: str) -> RequestContext:
    """The request context the app builds for this caller under the missing agreement."""
    principal = Principal(subject=f"{agency}-{role}", agency=agency, roles=frozenset({role}),
                          team=None, issuer="test")
    vis = compile_visibility(principal, "missing", agreements_of(demo), date.today())
    loaders = Loaders(store, vis.scope_list(), vis.existence_list(),
                      consent_free_scopes(vis))
    return RequestContext(settings=settings, store=store, access=vis, request_id="lsc",
                          loaders=loaders, principal=principal)


@pytest.mark.parametrize(("agency", "role"), [("police", "analyst"), ("eis", "practitioner")])
@pytest.mark.parametrize(("base", "params"), LISTS, ids=[b for b, _ in LISTS])
async def test_a_list_shows_and_counts_an_eis_record_only_where_node_shows_it(
    probes: None, store: GraphStore, settings: Settings, demo: Any, agency: str, role: str,
    base: str, params: dict[str, Any],
) -> None:
    ctx = request_as(store, settings, demo, agency, role)
    if agency == "eis":  # its own records need no consent
        expected = set(CONSENT)
    else:  # a partner whose agreement opens eis scopes on an ordinary legal basis
        assert {"eis:identity", "eis:missing"} <= set(ctx.scopes)
        assert not {"eis:identity", "eis:missing"} & set(ctx.loaders.consent_free)
        expected = {key for key, (_, shared) in CONSENT.items() if shared}
    rows, _, total = await store_page(ctx, base, params, Page(offset=0, limit=50))
    assert {row["id"].split("_", 2)[2] for row in rows} == expected, base
    assert await total() == len(expected), base
    probe = {"people": "child", "children": "child", "episodes": "ep"}.get(base, "inc")
    by_id = await ctx.loaders.entity.load_many([f"lsc_{probe}_{key}" for key in CONSENT])
    assert {key for key, row in zip(CONSENT, by_id, strict=True) if row} == expected, "as node()"

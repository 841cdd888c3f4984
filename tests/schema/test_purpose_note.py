"""A request without X-Purpose sees only its own agency's records, and the response says so."""

from __future__ import annotations

from tests.support import RunningHub


def test_no_purpose_adds_a_note_and_a_purpose_does_not(hub: RunningHub) -> None:
    query = {"query": "{ children(first: 1) { totalCount } }"}
    without = hub.client.post("/graphql", json=query,
                              headers=hub.caller("police", "analyst", purpose=None)).json()
    assert "no X-Purpose header: you see only your own agency's records" in \
        without["extensions"]["note"]
    with_purpose = hub.client.post("/graphql", json=query,
                                   headers=hub.caller("police", "analyst")).json()
    assert "note" not in with_purpose["extensions"]
    assert with_purpose["data"]["children"]["totalCount"] > without["data"]["children"]["totalCount"]


"""A bounded fuzz run of the schema over real HTTP: generated queries, mutations and filter
values never get a 5xx or INTERNAL. Queries run on the shared demo hub (they read only);
mutations on a hub of their own with an empty store, since some of them write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from hub.schema.build import schema
from tests.support import RunningHub, start_hub, stop_hub

SCHEMA = str(schema)
_HUB: dict[str, RunningHub] = {}
# Characters that have broken statements, logs or encodings somewhere, mixed with any others.
AWKWARD = ["\x00", "\x01", "\x7f", "'", '"', "\\", "`", "$", "{", "}", "%", "\n", "\u202e", "\ufeff"]
_ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=15)
AWKWARD_TEXT = _ANY_TEXT | st.tuples(_ANY_TEXT, st.sampled_from(AWKWARD), _ANY_TEXT).map("".join)


DATES = st.dates().map(lambda d: nodes.String(d.isoformat())) | AWKWARD_TEXT.map(nodes.String)
SCALARS = {"Date": DATES,
           "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat(timespec="seconds")))
           | AWKWARD_TEXT.map(nodes.String)}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    running = start_hub(tmp_path_factory.mktemp("fuzz") / "data", seed=None)
    yield running
    stop_hub(running)


def answer(hub: RunningHub, query: str, variables: dict[str, Any] | None = None) -> None:
    response = hub.client.post("/graphql", json={"query": query, "variables": variables or {}},
                               headers=hub.headers)
    assert response.status_code < 500, (query, response.status_code, response.text[:500])
    assert "INTERNAL" not in response.text, (query, response.text[:500])


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(query=queries(SCHEMA, custom_scalars=SCALARS))
def fuzz_queries(query: str) -> None:
    answer(_HUB["hub"], query)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(town=AWKWARD_TEXT, first=st.integers(min_value=-2, max_value=210) | st.integers(),
       name=AWKWARD_TEXT)
def fuzz_filter_values(town: str, first: int, name: str) -> None:
    answer(_HUB["hub"], "query($f: PeopleFilter, $n: Int) { children(filter: $f, first: $n) "
           "{ totalCount edges { node { name } } } }", {"f": {"town": town, "name": name}, "n": first})


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(mutation=mutations(SCHEMA, custom_scalars=SCALARS))
def fuzz_mutations(mutation: str) -> None:
    answer(_HUB["scratch"], mutation)


def test_generated_mutations_never_get_a_5xx_or_internal(scratch: RunningHub) -> None:
    _HUB["scratch"] = scratch
    fuzz_mutations()


def test_generated_queries_never_get_a_5xx_or_internal(hub: RunningHub) -> None:
    _HUB["hub"] = hub
    fuzz_queries()


def test_generated_filter_values_never_get_a_5xx_or_internal(hub: RunningHub) -> None:
    _HUB["hub"] = hub
    fuzz_filter_values()

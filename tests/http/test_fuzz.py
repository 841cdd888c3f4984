"""A bounded fuzz run of the schema over real HTTP: generated queries never get a 5xx or INTERNAL."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from hub.schema.build import schema
from tests.support import RunningHub

SCHEMA = str(schema)
_HUB: dict[str, RunningHub] = {}


def answer(hub: RunningHub, query: str, variables: dict[str, Any] | None = None) -> None:
    response = hub.client.post("/graphql", json={"query": query, "variables": variables or {}},
                               headers=hub.headers)
    assert response.status_code < 500, (query, response.status_code, response.text[:500])
    assert "INTERNAL" not in response.text, (query, response.text[:500])


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(query=queries(SCHEMA))
def fuzz_queries(query: str) -> None:
    answer(_HUB["hub"], query)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(town=st.text(max_size=30), first=st.integers(min_value=-10**12, max_value=10**12),
       name=st.text(max_size=30))
def fuzz_filter_values(town: str, first: int, name: str) -> None:
    answer(_HUB["hub"], "query($f: PeopleFilter, $n: Int) { children(filter: $f, first: $n) "
           "{ totalCount edges { node { name } } } }", {"f": {"town": town, "name": name}, "n": first})


def test_generated_queries_never_get_a_5xx_or_internal(hub: RunningHub) -> None:
    _HUB["hub"] = hub
    fuzz_queries()


def test_generated_filter_values_never_get_a_5xx_or_internal(hub: RunningHub) -> None:
    _HUB["hub"] = hub
    fuzz_filter_values()

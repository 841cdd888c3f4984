"""Limits and hardening over real HTTP: depth, aliases, cost, size, content type, masking."""

from __future__ import annotations

from graphql import GraphQLError

from hub.domain.errors import InvalidInput
from hub.schema.app import client_error
from tests.support import RunningHub


def test_a_query_deeper_than_the_limit_is_refused(hub: RunningHub) -> None:
    nested = "{ name }"
    for _ in range(8):
        nested = "{ person { name peers(first: 1) { edges { node " + nested + " } } } }"
    body = hub.gql("{ children(first: 1) { edges { node { peers(first: 1) { edges { node "
                   + nested + " } } } } } }")
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert body["data"] is None


def test_too_many_aliases_are_refused(hub: RunningHub) -> None:
    query = "{ " + " ".join(f"a{i}: people(first: 1) {{ totalCount }}" for i in range(40)) + " }"
    body = hub.gql(query)
    assert "aliases" in body["errors"][0]["message"].lower()


def test_a_query_costlier_than_the_limit_is_refused_before_it_runs(hub: RunningHub) -> None:
    body = hub.gql("""{ people(first: 200) { edges { node {
        peers(first: 200) { edges { node { person { incidents(first: 200) {
        edges { node { role } } } } } } } } } } }""")
    assert "over the limit" in body["errors"][0]["message"]
    assert body["extensions"].get("storeCalls", 0) == 0


def test_an_oversized_body_is_refused(hub: RunningHub) -> None:
    response = hub.client.post("/graphql", content=b'{"query": "' + b"x" * 400_000 + b'"}',
                               headers={"content-type": "application/json", **hub.headers})
    assert response.status_code == 413
    assert "over the limit" in response.json()["errors"][0]["message"]


def test_posts_that_are_not_json_are_refused_against_cross_site_forms(hub: RunningHub) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded",
                         "multipart/form-data; boundary=x"):
        response = hub.client.post("/graphql", content=b'{"query": "{ __typename }"}',
                                   headers={"content-type": content_type})
        assert response.status_code == 415


def test_no_operations_over_get(hub: RunningHub) -> None:
    response = hub.client.get("/graphql", params={"query": "mutation { __typename }"},
                              headers={"accept": "application/json"})
    assert response.status_code in {400, 404, 405}
    response = hub.client.get("/graphql", params={"query": "{ people { totalCount } }"},
                              headers={"accept": "application/json"})
    assert response.status_code in {400, 404, 405}


def test_every_response_carries_a_request_id(hub: RunningHub) -> None:
    response = hub.client.post("/graphql", json={"query": "{ __typename }"}, headers=hub.headers)
    assert response.headers["x-request-id"]
    assert response.json()["extensions"]["requestId"] == response.headers["x-request-id"]


def test_internal_errors_are_masked_and_ours_are_not() -> None:
    leaky = GraphQLError("boom", original_error=RuntimeError(
        "errMsg: Invalid input at MATCH (n:Person) ... redis ResponseError"))
    masked = client_error(leaky, "req-1")
    assert "MATCH" not in masked["message"] and "redis" not in masked["message"]
    assert "req-1" in masked["message"] and masked["extensions"]["code"] == "INTERNAL"
    ours = client_error(GraphQLError("x", original_error=InvalidInput("bad date",
                                                                      field="input.at")), "r")
    assert ours["message"] == "bad date" and ours["extensions"]["field"] == "input.at"


def test_health_and_readiness(hub: RunningHub) -> None:
    assert hub.client.get("/healthz").text == "ok"
    store = "falkordb" if hub.lane == "embedded" else "neo4j"
    ready = hub.client.get("/readyz").json()
    assert ready == {"ready": True, "store": store, "statements": ready["statements"],
                     "schema": True}
    assert ready["statements"] > 100  # every statement in cypher/, not an empty catalogue


NESTED = ("a{i}: people(first: N) { edges { node { ... on Child { peers(first: N) "
          "{ edges { node { context } } } } } } }")


def seven_aliases(first: str) -> str:
    return " ".join(NESTED.replace("{i}", str(i)).replace("N", first) for i in range(7))


SEVEN_NESTED = "query($n: Int) { " + seven_aliases("$n") + " }"


def test_the_cost_limit_prices_first_with_the_variables_value(hub: RunningHub) -> None:
    literal = hub.gql("{ " + seven_aliases("200") + " }")
    assert "over the limit" in literal["errors"][0]["message"]
    with_variables = hub.gql(SEVEN_NESTED, {"n": 200})
    assert with_variables.get("data") is None
    assert "over the limit" in with_variables["errors"][0]["message"]
    assert with_variables["extensions"].get("storeCalls", 0) == 0
    small = hub.gql(SEVEN_NESTED, {"n": 1})
    assert "errors" not in small, small["errors"]


def test_a_variable_left_out_is_priced_at_its_default(hub: RunningHub) -> None:
    query = SEVEN_NESTED.replace("query($n: Int)", "query($n: Int = 200)")
    assert "over the limit" in hub.gql(query)["errors"][0]["message"]
